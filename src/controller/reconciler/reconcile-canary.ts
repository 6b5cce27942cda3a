import type { V1Secret } from '@kubernetes/client-node';
import type { Canary, CanaryStatus } from '../../api/canary-types.ts';
import type { MetricTemplate } from '../../api/metric-template-types.ts';
import { desiredStateOf } from '../../../machines/desired-state.ts';
import type { ReleaseSnapshot } from '../../../machines/registry.ts';
import type { DesiredState } from '../../../machines/release-types.ts';
import type { Clock } from '../runtime/clock.ts';
import { systemClock } from '../runtime/clock.ts';
import type { AlertSink } from '../alerts/alert-dispatcher.ts';
import type { ControllerMetrics } from '../runtime/controller-metrics.ts';
import type { LeaderGate } from '../runtime/leader-gate.ts';
import type { Logger } from '../runtime/logger.ts';
import { createLogger, reconcileLogger } from '../runtime/logger.ts';
import type { ReconcileResult } from '../runtime/work-queue.ts';
import type { QueryClient } from '../../telemetry/index.ts';
import { canaryObjectNames } from '../k8s-objects/object-names.ts';
import type { Deployment } from '../k8s-objects/object-shapes.ts';
import { EventRecorder, EventType, clusterEventWriter } from './canary-events.ts';
import { EventQueue } from '../runtime/event-queue.ts';
import { statusFor, statusWithReady } from './canary-status.ts';
import { autoscaledPrimaryReplicas, autoscalerLookup, canaryScaleFor, convergeAutoscaler } from './autoscaler-sync.ts';
import type { ClusterApi } from './cluster-api.ts';
import { apiErrorCode } from './cluster-api.ts';
import type { ReadyState } from './conditions.ts';
import type { ResourceKindName } from '../runtime/resource-kinds.ts';
import { MachineRun } from './machine-run.ts';
import { mergePatchBetween } from './merge-patch.ts';
import type { PendingAction } from './operator-actions.ts';
import { alreadyActedOn, pendingAction, removalPatch } from './operator-actions.ts';
import type { ConvergeDeps } from './owned-objects.ts';
import { ConvergeError, canaryReplicas, convergeCanaryScale, convergeRouting } from './owned-objects.ts';
import { NetworkingConvergence } from './networking-convergence.ts';
import { restoreDeletedCopies } from './config-copies.ts';
import type { Repair, RepairSink } from './drift-repairs.ts';
import { convergesAppliedState, restoredEvent } from './drift-repairs.ts';
import { convergePrimary } from './primary-convergence.ts';
import { PrimaryRecords } from './primary-records.ts';
import { publishPass } from './pass-effects.ts';
import type { PreparedPass } from './pass-preparation.ts';
import { preparePass } from './pass-preparation.ts';
import { nextPassIn, wantsFollowUp } from './pass-timing.ts';
import { ProviderSecrets, providerSecretRefs } from './provider-secrets.ts';
import type { SecretReader } from './provider-secrets.ts';
import { SpecChecker } from './spec-check.ts';
import { CanaryLifecycle } from './canary-lifecycle.ts';
import { isSuspended } from './suspension.ts';
import { StaleGuard } from './stale-guard.ts';
import { gatherTickInputs } from './tick-inputs.ts';
import type { MetricLookups } from './metric-specs.ts';
import type { HookRunner } from './webhook-calls.ts';
import { httpHookRunner } from './webhook-calls.ts';
import { deploymentReadiness, primaryRevisionOf } from './workload-readiness.ts';

/** Cache reads the reconciler makes; nothing is read through the API. */
export interface CacheReader {
  get(kind: ResourceKindName, namespace: string, name: string): unknown;
}

/** What a CanaryReconciler is built from. */
export interface ReconcilerOptions {
  api: ClusterApi;
  caches: CacheReader;
  gate: LeaderGate;
  prometheus: QueryClient;
  hooks?: HookRunner;
  clock?: Clock;
  logger?: Logger;
  metrics?: ControllerMetrics;
  /** Deadline per Prometheus query (default 5000 ms). */
  queryTimeoutMs?: number;
  /** Delay between passes while waiting for readiness, a gate or a promotion (default 1000 ms). */
  pollMs?: number;
  /** Delay before re-reading a cache that has not seen our last write (default 200 ms). */
  staleRequeueMs?: number;
  /** Re-check Canaries at rest this often (default 5 minutes). */
  restResyncMs?: number;
  /**
   * Reads provider Secrets from the API. Set it when the Secret cache holds digests only (the
   * controller does); without it provider credentials are read from the cached Secret.
   */
  readSecret?: SecretReader;
  /** Release alerts (analysis.alerts); handed each committed pass's transitions. */
  alerts?: AlertSink;
  /** Where Events go (sent off the reconcile path); by default a queue of its own over `api`. */
  events?: EventQueue;
}

/** Why a status write did not land. */
const CONFLICT = 'conflict';

/**
 * Runs one Canary pass as a flat sequence: read from the cache, check, restore, converge to
 * the persisted snapshot, feed the operator action, new revision and one TICK, persist the
 * status, and only then converge the cluster to the new snapshot.
 */
export class CanaryReconciler {
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly stale = new StaleGuard();
  private readonly specs = new SpecChecker();
  private readonly events: EventRecorder;
  private readonly hooks: HookRunner;
  private readonly secrets: ProviderSecrets | null;
  private readonly lifecycle: CanaryLifecycle;
  private readonly records = new PrimaryRecords();
  private readonly networking = new NetworkingConvergence();

  constructor(private readonly options: ReconcilerOptions) {
    this.clock = options.clock ?? systemClock();
    const read = options.readSecret;
    this.secrets = read === undefined ? null : new ProviderSecrets({
      read, clock: this.clock,
      cachedVersion: (ns, n) => (options.caches.get('Secret', ns, n) as V1Secret | undefined)?.metadata?.resourceVersion,
    });
    this.logger = options.logger ?? createLogger({ level: 'warn' });
    this.events = new EventRecorder(options.events ?? new EventQueue({ writer: clusterEventWriter(options.api), logger: this.logger, clock: this.clock }));
    this.hooks = options.hooks ?? httpHookRunner();
    this.lifecycle = new CanaryLifecycle({
      converge: this.convergeDeps(), events: this.events, logger: this.logger, stale: this.stale,
      writeStatus: (key, canary, status) => this.writeStatus(key, canary, status),
      pollMs: this.timing().pollMs, staleRequeueMs: options.staleRequeueMs ?? 200, now: () => this.clock.now(),
    });
  }

  /** Reconciles the Canary `namespace/name`; throws only for errors worth a retry with backoff. */
  async reconcile(key: string): Promise<ReconcileResult> {
    const [namespace = '', name = ''] = key.split('/');
    const canary = this.options.caches.get('Canary', namespace, name) as Canary | undefined;
    if (canary === undefined) {
      this.forget(key);
      return {};
    }
    if (this.stale.isStale(key, canary.metadata.resourceVersion)) return this.waitForCache(key);
    this.stale.caughtUp(key);
    const now = this.clock.now();
    const aside = await this.beforeRelease(key, canary, now);
    if (aside !== null) return aside;
    const log = reconcileLogger(this.logger, key);
    await this.loadProviderSecrets(canary);
    const prepared = preparePass({ specs: this.specs, cached: (k, ns, n) => this.options.caches.get(k, ns, n), lookups: this.lookups() }, key, canary, now);
    if (!prepared.ok) return this.reportBlocked(key, canary, prepared.ready, now);
    try {
      return await this.run(prepared, log);
    } catch (err: unknown) {
      if (err instanceof ConvergeError) return this.reportBlocked(key, canary, { status: 'False', reason: err.reason, message: err.message }, now);
      // AlreadyExists: an object an earlier pass created is not in the cache yet; not an error worth a backoff.
      if (apiErrorCode(err) === 409) return this.waitForCache(key);
      throw err;
    }
  }

  /** Deletion, the finalizer and suspension, which come before any release work; null when the release pass should run. */
  private async beforeRelease(key: string, canary: Canary, now: number): Promise<ReconcileResult | null> {
    if (canary.metadata.deletionTimestamp !== undefined) return this.lifecycle.finalize(key, canary, now);
    if (await this.lifecycle.syncFinalizer(key, canary)) return this.waitForCache(key);
    this.lifecycle.remember(key, canary);
    return isSuspended(canary) ? this.lifecycle.reportSuspended(key, canary, now) : null;
  }

  /** True while `key`'s next pass waits for the cache to hold this process's writes: their echo must queue it. */
  awaitsCatchUp(key: string): boolean {
    return this.stale.awaitsCatchUp(key);
  }

  /** The next pass as soon as the cache has our write (its echo queues it), at the latest after staleRequeueMs. */
  private waitForCache(key: string): ReconcileResult {
    this.stale.passOnCatchUp(key);
    return { requeueAfterMs: this.options.staleRequeueMs ?? 200 };
  }

  /** Drops what is remembered about a deleted Canary (warning when its target is left at 0 replicas). */
  forget(key: string): void {
    this.lifecycle.forget(key);
    this.stale.forget(key);
    this.specs.forget(key);
    this.records.forget(key);
    this.networking.forget(key);
  }

  private async loadProviderSecrets(canary: Canary): Promise<void> {
    if (this.secrets === null) return;
    const template = (ns: string, n: string): MetricTemplate | undefined => this.options.caches.get('MetricTemplate', ns, n) as MetricTemplate | undefined;
    await this.secrets.load(providerSecretRefs(canary, template));
  }

  private lookups(): MetricLookups {
    return {
      template: (ns, n) => this.options.caches.get('MetricTemplate', ns, n) as MetricTemplate | undefined,
      secret: (ns, n) => (this.secrets === null ? this.options.caches.get('Secret', ns, n) as V1Secret | undefined : this.secrets.get(ns, n)),
    };
  }

  private convergeDeps(): ConvergeDeps {
    return { api: this.options.api, cached: (k, ns, n) => this.options.caches.get(k, ns, n), fence: () => { this.options.gate.leaderFence(); } };
  }

  private primaryOf(pass: PreparedPass): Deployment | undefined {
    return this.options.caches.get('Deployment', pass.namespace, canaryObjectNames(pass.canary).primaryDeployment) as Deployment | undefined;
  }

  private async run(pass: PreparedPass, log: Logger): Promise<ReconcileResult> {
    const repairs: Repair[] = [];
    await this.converge(pass, pass.snapshot, 'persisted', (repair) => { repairs.push(repair); });
    this.reportRepairs(pass, repairs, log);
    const machine = new MachineRun(pass.snapshot);
    const action = pendingAction(pass.canary);
    const refusal = action === null ? null : this.feedAction(machine, pass, action);
    machine.newRevision(pass.revision, pass.config, pass.now);
    const measurements = await this.feedTick(machine, pass);
    const status = statusFor({ canary: pass.canary, snapshot: machine.snapshot, now: pass.now, checks: measurements, history: machine.history, trackedConfigs: pass.configs.digests });
    const written = await this.writeStatus(pass.key, pass.canary, status);
    if (written === CONFLICT) return { requeueAfterMs: this.options.staleRequeueMs ?? 200 };
    await this.converge(pass, machine.snapshot, 'new');
    if (action !== null) await this.afterAction(pass, action, refusal);
    publishPass({ events: this.events, hooks: this.hooks, metrics: this.options.metrics, alerts: this.options.alerts }, {
      canary: pass.canary, snapshot: machine.snapshot, newEntries: machine.history, fullHistory: status.history ?? [], measurements, now: pass.now,
    });
    log.debug('reconciled', { state: machine.snapshot.value, weight: machine.snapshot.context.canaryWeight, transitions: machine.history.length });
    if (written === 'written' && machine.history.length > 0 && wantsFollowUp(machine.snapshot, pass.now)) this.stale.passOnCatchUp(pass.key);
    return { requeueAfterMs: nextPassIn(machine.snapshot, pass.now, this.timing()) };
  }

  private timing(): { pollMs: number; restResyncMs: number } {
    return { pollMs: this.options.pollMs ?? 1000, restResyncMs: this.options.restResyncMs ?? 300_000 };
  }

  /** Returns the refusal reason, or null when the action was fed or was already acted on. */
  private feedAction(machine: MachineRun, pass: PreparedPass, action: PendingAction): string | null {
    if (alreadyActedOn(pass.canary.status?.history, action)) return null;
    const outcome = machine.action(action, pass.now);
    return outcome.accepted ? null : outcome.reason;
  }

  /** Feeds the pass's one TICK; returns this pass's measurements (undefined when nothing was due). */
  private async feedTick(machine: MachineRun, pass: PreparedPass): Promise<CanaryStatus['checks']> {
    const primary = this.primaryOf(pass);
    const analysis = pass.canary.spec.analysis;
    const canaryReady = deploymentReadiness(pass.target, analysis.canaryReadyThreshold ?? 100).ready;
    const primaryReady = deploymentReadiness(primary, analysis.primaryReadyThreshold ?? 100).ready;
    const inputs = await gatherTickInputs(pass.canary, machine.snapshot, pass.now, {
      prometheus: this.options.prometheus, hooks: this.hooks, metrics: pass.metrics, queryTimeoutMs: this.options.queryTimeoutMs ?? 5000,
      workloadsReady: canaryReady && primaryReady,
    });
    machine.tick({
      type: 'TICK', now: pass.now, config: pass.config, canaryReady, primaryReady, primaryRevision: primaryRevisionOf(primary),
      checks: inputs.checks, gates: inputs.gates, rollbackRequested: inputs.rollbackRequested,
    });
    return inputs.measurements;
  }

  /**
   * Converges owned objects to a persisted snapshot's desired state: the primary (and its config
   * copies), routing, canary scale; and, against the `persisted` snapshot only, the autoscaler
   * copy, Services and DestinationRules, which do not depend on the snapshot. `repaired` hears of
   * every object put back.
   */
  private async converge(pass: PreparedPass, snapshot: ReleaseSnapshot, which: 'persisted' | 'new', repaired?: RepairSink): Promise<void> {
    const record = this.records.of(pass.key);
    const deps: ConvergeDeps = { ...this.convergeDeps(), repaired, writes: record.writes };
    const desired: DesiredState = desiredStateOf(snapshot);
    const scalers = autoscalerLookup(deps);
    const replicas = autoscaledPrimaryReplicas(pass.canary, pass.target, scalers, record.replicas);
    const { revision: releasing, promotedRevision } = snapshot.context;
    const refs = pass.configs.refs;
    const primaryWrites = await convergePrimary(deps, pass.canary, pass.target, { desired, targetRevision: pass.revision, releasing, promotedRevision, trackedConfigs: refs, record, ...replicas });
    // Copies the primary step just wrote are not cached yet; they are checked next pass.
    const sourcesArePromoted = promotedRevision === null || promotedRevision === pass.revision;
    if (primaryWrites === 0) await restoreDeletedCopies(deps, pass.canary, refs, { record, repaired, sourcesArePromoted });
    if (which === 'persisted') {
      await convergeAutoscaler(deps, pass.canary);
      await this.networking.converge(deps, pass.key, pass.canary, pass.target);
    }
    await convergeRouting(deps, pass.canary, desired);
    const primary = this.primaryOf(pass);
    // Flagger's order: the target keeps serving until the primary is up. A primary just recreated
    // is not cached yet; its count decides the canary's, so the canary waits for it.
    const holdTarget = (snapshot.matches('initializing') && !deploymentReadiness(primary, 100).ready) || (primary === undefined && desired.canaryRunning);
    const canaryScale = canaryScaleFor(pass.canary, pass.target, canaryReplicas(desired, primary), scalers);
    if (!holdTarget && canaryScale !== null) await convergeCanaryScale(deps, pass.target, canaryScale);
  }

  /** Records a `Restored` Event and a log line per repair, when the pass only converged to an already applied state. */
  private reportRepairs(pass: PreparedPass, repairs: readonly Repair[], log: Logger): void {
    if (repairs.length === 0 || !convergesAppliedState(pass.canary)) return;
    for (const repair of repairs) {
      this.events.record(pass.canary, restoredEvent(repair), pass.now);
      const fields = { kind: repair.kind, name: repair.name, detail: repair.what };
      if (repair.failed === true) log.warn('owned object cannot be restored', fields);
      else log.info('owned object restored', fields);
    }
  }

  private async writeStatus(key: string, canary: Canary, status: CanaryStatus): Promise<'written' | 'unchanged' | typeof CONFLICT> {
    const patch = mergePatchBetween(canary.status, status);
    if (patch === null) return 'unchanged';
    this.options.gate.leaderFence();
    try {
      const body = { metadata: { resourceVersion: canary.metadata.resourceVersion }, status: patch };
      const updated = await this.options.api.patchCanaryStatus(canary.metadata.namespace ?? 'default', canary.metadata.name, body);
      this.stale.wrote(key, updated.metadata?.resourceVersion);
      return 'written';
    } catch (err: unknown) {
      if (apiErrorCode(err) === 409) return CONFLICT;
      throw err;
    }
  }

  private async afterAction(pass: PreparedPass, action: PendingAction, refusal: string | null): Promise<void> {
    const { canary } = pass;
    if (refusal !== null) {
      this.events.record(canary, { type: EventType.Warning, reason: 'ActionRefused', message: `${action.annotation}: ${refusal}` }, pass.now);
    }
    this.options.gate.leaderFence();
    try {
      const updated = await this.options.api.jsonPatchCanary(pass.namespace, canary.metadata.name, removalPatch(action));
      this.stale.wrote(pass.key, updated.metadata?.resourceVersion);
    } catch (err: unknown) {
      // A failed test means the annotation changed meanwhile: the new value is handled next pass.
      const code = apiErrorCode(err);
      if (code !== 409 && code !== 422 && code !== 404) throw err;
    }
  }

  private async reportBlocked(key: string, canary: Canary, ready: ReadyState, now: number): Promise<ReconcileResult> {
    const status = statusWithReady(canary, ready, now);
    const written = await this.writeStatus(key, canary, status);
    if (written === 'written') {
      this.events.record(canary, { type: EventType.Warning, reason: ready.reason, message: ready.message }, now);
      this.logger.warn('canary cannot run', { canary: key, reason: ready.reason, message: ready.message });
    }
    return written === CONFLICT ? { requeueAfterMs: this.options.staleRequeueMs ?? 200 } : {};
  }
}
