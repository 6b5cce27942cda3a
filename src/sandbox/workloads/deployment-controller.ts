/**
 * The simulated deployment controller. One pass per Deployment key, always
 * converging the whole object from the informer caches (never branching on
 * create vs update): plan Pods, write them, then write `.status` through the
 * status subresource only when it changed, guarded by resourceVersion so a
 * stale cache gets 409 and the pass is retried.
 */
import type { AppsV1Api, CoreV1Api, V1Deployment } from '@kubernetes/client-node';
import { asApiPod } from './api-shapes.ts';
import type { DeploymentStatusBody, PodLike, PodManifest } from './api-shapes.ts';
import { isConflict, isNotFound } from './api-errors.ts';
import type { Clock } from './clock.ts';
import { readConditions, writeConditions } from './deployment-conditions.ts';
import { computeStatus, statusUnchanged } from './deployment-status.ts';
import type { InformerLike } from './informer-supervisor.ts';
import { OwnWrites } from './own-writes.ts';
import { buildPod } from './pod-builder.ts';
import type { PodIndex } from './pod-index.ts';
import { planRollout } from './rollout-plan.ts';
import type { RequestOptions } from './request-options.ts';
import { WorkloadSpecError, rolloutBounds } from './rollout-strategy.ts';
import { podTemplateHash } from './template-hash.ts';
import type { HandlerResult } from './work-queue.ts';

/** What the controller needs from its surroundings. */
export interface DeploymentControllerDeps {
  apps: AppsV1Api;
  core: CoreV1Api;
  deployments: InformerLike<V1Deployment>;
  index: PodIndex;
  clock: Clock;
  requests: RequestOptions;
}

/** At most this many Pod writes per pass; a bigger change continues on the next pass. */
export const MAX_POD_WRITES_PER_PASS = 100;

/** Reconciles Deployments into Pods and status. */
export class DeploymentController {
  private readonly ownWrites = new OwnWrites<V1Deployment>();

  constructor(private readonly deps: DeploymentControllerDeps) {}

  /** Converges one Deployment (`namespace/name`); rejects to ask for a retry with backoff. */
  async sync(key: string): Promise<HandlerResult | undefined> {
    const [namespace = '', name = ''] = key.split('/');
    const cached = this.deps.deployments.get(name, namespace);
    if (cached === undefined) {
      this.deps.index.forget(key);
      this.ownWrites.forget(key);
      return undefined;
    }
    const deployment = this.ownWrites.freshest(key, cached);
    if (deployment.metadata?.deletionTimestamp) return undefined;
    try {
      return await this.converge(key, deployment);
    } catch (err) {
      if (!(err instanceof WorkloadSpecError)) throw err;
      await this.reportInvalidSpec(deployment, err);
      return undefined;
    }
  }

  private async converge(key: string, deployment: V1Deployment): Promise<HandlerResult | undefined> {
    const bounds = rolloutBounds(deployment);
    const hash = podTemplateHash(deployment.spec?.template);
    const now = this.deps.clock.now();
    const owned = this.ownedPods(key, deployment, now);
    const minReadySeconds = deployment.spec?.minReadySeconds ?? 0;
    const plan = planRollout({ bounds, hash, pods: owned.live, terminating: owned.terminating, minReadySeconds, now });
    const creates = Math.min(plan.create, MAX_POD_WRITES_PER_PASS);
    const removes = plan.remove.slice(0, MAX_POD_WRITES_PER_PASS);
    await this.writePods(key, deployment, { hash, creates, removes });

    const after = this.ownedPods(key, deployment, this.deps.clock.now());
    const result = computeStatus({ deployment, bounds, hash, pods: after.live, now: this.deps.clock.now() });
    if (!statusUnchanged(deployment.status, result)) await this.writeStatus(deployment, result.status);
    const unfinished = plan.create > creates || plan.remove.length > removes.length;
    if (unfinished) return { requeueAfterMs: 0 };
    return result.recheckAt === undefined ? undefined : { requeueAfterMs: Math.max(0, result.recheckAt - this.deps.clock.now()) };
  }

  /** Pods controlled by this incarnation of the Deployment (a re-created namesake's leftovers excluded). */
  private ownedPods(key: string, deployment: V1Deployment, now: number): { live: PodLike[]; terminating: number } {
    const uid = deployment.metadata?.uid;
    const view = this.deps.index.podsOf(key, now);
    const mine = (pod: PodLike): boolean => pod.metadata?.ownerReferences?.some((ref) => ref.uid === uid) === true;
    return { live: view.live.filter(mine), terminating: view.terminating };
  }

  private async writePods(key: string, deployment: V1Deployment, work: { hash: string; creates: number; removes: PodLike[] }): Promise<void> {
    const namespace = deployment.metadata?.namespace ?? '';
    const writes: Promise<void>[] = [];
    for (let i = 0; i < work.creates; i++) writes.push(this.createPod(key, namespace, buildPod(deployment, work.hash)));
    for (const pod of work.removes) writes.push(this.deletePod(key, namespace, pod));
    const failures = (await Promise.allSettled(writes)).filter((r) => r.status === 'rejected');
    if (failures[0] !== undefined) throw failures[0].reason;
  }

  private async createPod(key: string, namespace: string, pod: PodManifest): Promise<void> {
    try {
      const created = await this.deps.core.createNamespacedPod({ namespace, body: asApiPod(pod) }, this.deps.requests.plain);
      this.deps.index.expectCreated(key, created, this.deps.clock.now());
    } catch (err) {
      // A random-suffix collision: the next pass sees one Pod short and tries another name.
      if (!isConflict(err)) throw err;
    }
  }

  private async deletePod(key: string, namespace: string, pod: PodLike): Promise<void> {
    const name = pod.metadata?.name ?? '';
    try {
      await this.deps.core.deleteNamespacedPod({ name, namespace }, this.deps.requests.plain);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    this.deps.index.expectDeleted(key, pod, this.deps.clock.now());
  }

  private async writeStatus(deployment: V1Deployment, status: DeploymentStatusBody): Promise<void> {
    const meta = deployment.metadata;
    const body = { metadata: { resourceVersion: meta?.resourceVersion }, status };
    const name = meta?.name ?? '';
    const namespace = meta?.namespace ?? '';
    try {
      const updated = await this.deps.apps.patchNamespacedDeploymentStatus({ name, namespace, body }, this.deps.requests.mergePatch);
      this.ownWrites.remember(`${namespace}/${name}`, updated);
    } catch (err) {
      // 404: deleted meanwhile, nothing to report. 409: our cache is stale; rethrow so the pass is retried.
      if (!isNotFound(err)) throw err;
    }
  }

  /** Surfaces an unusable spec as a ReplicaFailure condition instead of retrying forever. */
  private async reportInvalidSpec(deployment: V1Deployment, err: WorkloadSpecError): Promise<void> {
    const existing = readConditions(deployment.status?.conditions);
    if (existing.some((c) => c.type === 'ReplicaFailure' && c.message === err.message)) return;
    const now = this.deps.clock.now();
    const failure = { type: 'ReplicaFailure', status: 'True' as const, reason: 'InvalidSpec', message: err.message, lastUpdateMs: now, lastTransitionMs: now };
    const conditions = writeConditions([...existing.filter((c) => c.type !== 'ReplicaFailure'), failure]);
    await this.writeStatus(deployment, { observedGeneration: deployment.metadata?.generation ?? 0, conditions });
  }
}
