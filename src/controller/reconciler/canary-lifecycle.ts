/**
 * What happens around a Canary's release passes: the revert finalizer (added and removed with
 * `spec.revertOnDeletion`), handing the workload back on deletion, `spec.suspend`, and a warning
 * when a deleted Canary leaves its target at 0 replicas.
 */
import type { Canary, CanaryStatus } from '../../api/canary-types.ts';
import type { Deployment } from '../k8s-objects/object-shapes.ts';
import type { Logger } from '../runtime/logger.ts';
import type { ReconcileResult } from '../runtime/work-queue.ts';
import type { EventRecorder } from './canary-events.ts';
import { EventType, deploymentEvent } from './canary-events.ts';
import { statusWithReady } from './canary-status.ts';
import type { JsonPatchOp } from './cluster-api.ts';
import { apiErrorCode } from './cluster-api.ts';
import { finalizerPatch, hasRevertFinalizer, removeFinalizerPatch } from './deletion-finalizer.ts';
import type { ConvergeDeps } from './owned-objects.ts';
import { revertStep } from './revert-on-deletion.ts';
import type { StaleGuard } from './stale-guard.ts';
import { suspendedReady } from './suspension.ts';

/** The outcome of a status write, as the reconciler reports it. */
export type WriteOutcome = 'written' | 'unchanged' | 'conflict';

/** What the lifecycle steps use. */
export interface LifecycleDeps {
  converge: ConvergeDeps;
  events: EventRecorder;
  logger: Logger;
  stale: StaleGuard;
  writeStatus(key: string, canary: Canary, status: CanaryStatus): Promise<WriteOutcome>;
  pollMs: number;
  staleRequeueMs: number;
  now(): number;
}

interface TargetRef {
  namespace: string;
  name: string;
}

/** Finalizer, deletion, suspension and orphaned-target handling for the reconciler. */
export class CanaryLifecycle {
  private readonly targets = new Map<string, TargetRef>();

  constructor(private readonly deps: LifecycleDeps) {}

  /** Remembers the Canary's target, so its deletion can be checked for a target left at 0 replicas. */
  remember(key: string, canary: Canary): void {
    this.targets.set(key, { namespace: canary.metadata.namespace ?? 'default', name: canary.spec.targetRef.name });
  }

  /**
   * Forgets a deleted Canary; when its target is left at 0 replicas (deleted without
   * revertOnDeletion between releases) says so in a Warning Event on the Deployment and the log.
   */
  forget(key: string): void {
    const target = this.targets.get(key);
    this.targets.delete(key);
    if (target === undefined) return;
    const deployment = this.deps.converge.cached('Deployment', target.namespace, target.name) as Deployment | undefined;
    if (deployment?.spec?.replicas !== 0) return;
    const message = `Canary ${key} was deleted without spec.revertOnDeletion and left Deployment ${target.namespace}/${target.name} at 0 replicas; ` +
      `its -primary copy is being garbage-collected. Scale it up: kubectl -n ${target.namespace} scale deployment/${target.name} --replicas=N`;
    this.deps.logger.warn('target left at 0 replicas', { canary: key, target: `${target.namespace}/${target.name}` });
    const event = deploymentEvent({ ...target, uid: deployment.metadata.uid }, { type: EventType.Warning, reason: 'TargetScaledToZero', message }, this.deps.now());
    this.deps.events.send(target.namespace, event);
  }

  /** Adds or removes the revert finalizer to match spec.revertOnDeletion; true when it wrote (the pass should wait for the cache). */
  async syncFinalizer(key: string, canary: Canary): Promise<boolean> {
    return this.patchCanary(key, canary, finalizerPatch(canary));
  }

  /** A deleted Canary: hands the workload back while the finalizer holds it, then lets it go. */
  async finalize(key: string, canary: Canary, now: number): Promise<ReconcileResult> {
    if (!hasRevertFinalizer(canary)) {
      this.forget(key);
      return {};
    }
    const outcome = await revertStep(this.deps.converge, canary, now);
    if (outcome.state === 'waiting') {
      this.deps.logger.info('handing workload back', { canary: key, waiting: outcome.detail });
      return { requeueAfterMs: this.deps.pollMs };
    }
    const type = outcome.warning ? EventType.Warning : EventType.Normal;
    this.deps.events.record(canary, { type, reason: 'Reverted', message: outcome.message }, now);
    await this.patchCanary(key, canary, removeFinalizerPatch(canary));
    this.targets.delete(key);
    return {};
  }

  /** A suspended Canary: only the Ready condition says so (written once); nothing is converged or analysed. */
  async reportSuspended(key: string, canary: Canary, now: number): Promise<ReconcileResult> {
    const ready = suspendedReady(canary);
    const written = await this.deps.writeStatus(key, canary, statusWithReady(canary, ready, now));
    if (written === 'conflict') return { requeueAfterMs: this.deps.staleRequeueMs };
    if (written === 'written') this.deps.events.record(canary, { type: EventType.Normal, reason: ready.reason, message: ready.message }, now);
    return {};
  }

  private async patchCanary(key: string, canary: Canary, ops: JsonPatchOp[] | null): Promise<boolean> {
    if (ops === null) return false;
    this.deps.converge.fence();
    try {
      const updated = await this.deps.converge.api.jsonPatchCanary(canary.metadata.namespace ?? 'default', canary.metadata.name, ops);
      this.deps.stale.wrote(key, updated.metadata?.resourceVersion);
    } catch (err: unknown) {
      // A failed test (someone changed the finalizers) or a Canary already gone: the next pass sees the new state.
      const code = apiErrorCode(err);
      if (code !== 409 && code !== 422 && code !== 404) throw err;
    }
    return true;
  }
}
