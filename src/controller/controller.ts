import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import type { Canary } from '../api/canary-types.ts';
import { PrometheusClient } from '../telemetry/index.ts';
import type { QueryClient } from '../telemetry/index.ts';
import type { Clock } from './runtime/clock.ts';
import { systemClock } from './runtime/clock.ts';
import { ControllerMetrics } from './runtime/controller-metrics.ts';
import type { HealthServer } from './runtime/health-server.ts';
import { startHealthServer } from './runtime/health-server.ts';
import type { LeaderElectionTimings } from './runtime/leader-election.ts';
import { DEFAULT_LEADER_ELECTION_TIMINGS, LeaderElector } from './runtime/leader-election.ts';
import type { LeaderGate } from './runtime/leader-gate.ts';
import { alwaysLeader } from './runtime/leader-gate.ts';
import { kubeLeaseStore } from './runtime/lease-store.ts';
import type { Logger } from './runtime/logger.ts';
import { createLogger } from './runtime/logger.ts';
import { WorkQueue } from './runtime/work-queue.ts';
import type { ReconcileResult } from './runtime/work-queue.ts';
import { CacheSet } from './runtime/cache-set.ts';
import type { ChangeVerb } from './runtime/informer-supervisor.ts';
import { cacheSyncCheck } from './runtime/readiness-checks.ts';
import type { ResourceKindName } from './runtime/resource-kinds.ts';
import { canaryKey, canaryKeysFor, keyOf } from './reconciler/canary-keys.ts';
import { RequestCounter, kubeClusterApi, kubeSecretReader } from './reconciler/cluster-api.ts';
import { clusterEventWriter } from './reconciler/canary-events.ts';
import { EventQueue } from './runtime/event-queue.ts';
import { CanaryRefIndex } from './reconciler/canary-ref-index.ts';
import { OwnWriteEchoes, recordingOwnWrites } from './reconciler/own-write-echoes.ts';
import { CanaryReconciler } from './reconciler/reconcile-canary.ts';
import type { AlertDispatcher } from './alerts/alert-dispatcher.ts';
import { controllerAlertDispatcher } from './alerts/controller-alerts.ts';
import type { HookRunner } from './reconciler/webhook-calls.ts';

// No ConfigMap or Secret value stays in the caches, only sha256 digests of them.
const DIGESTED_KINDS: ReadonlySet<'ConfigMap' | 'Secret'> = new Set(['ConfigMap', 'Secret']);
// A first list that neither answers nor fails within this long no longer holds up start().
const FIRST_LIST_TIMEOUT_MS = 30_000;
// How often a reconcile that arrived before the caches synced looks again.
const SYNC_POLL_MS = 25;

/** Leader election settings; timings default to 15 s / 10 s / 2 s. */
export interface LeaderElectionOptions {
  identity: string;
  leaseNamespace: string;
  leaseName?: string;
  timings?: LeaderElectionTimings;
}

/** How to start a controller. */
export interface ControllerOptions {
  kubeConfig: KubeConfig;
  prometheusUrl: string;
  /** Watch one namespace only (sharding). */
  namespace?: string;
  /** Watch only Canaries matching this label selector (sharding). */
  labelSelector?: string;
  /** Port of /metrics, /healthz and /readyz; 0 (default) picks a free one. */
  metricsPort?: number;
  /** Listen address of /metrics, /healthz and /readyz (default 127.0.0.1; 0.0.0.0 in a pod so kubelet probes reach it). */
  metricsHost?: string;
  /** Compete for a Lease before reconciling; off when absent. */
  leaderElection?: LeaderElectionOptions;
  logger?: Logger;
  clock?: Clock;
  /** Reconciles at once (default 8). */
  workers?: number;
  /** Delay between passes while waiting for readiness or gates (default 1000 ms). */
  pollMs?: number;
  queryTimeoutMs?: number;
  hooks?: HookRunner;
  /** Measurement hooks for benchmarks: wrap the Prometheus client and each reconcile. */
  instrument?: Instrumentation;
}

/** Ways to observe a controller from outside without changing what it does. */
export interface Instrumentation {
  queryClient?: (client: QueryClient) => QueryClient;
  reconcile?: (key: string, run: () => Promise<ReconcileResult>) => Promise<ReconcileResult>;
}

/** A running controller. */
export interface RunningController {
  metricsUrl: string;
  metrics: ControllerMetrics;
  /** API requests made by reconciles (writes; reads come from caches). */
  requests: RequestCounter;
  caches: CacheSet;
  isLeader(): boolean;
  /** Stops reconciling, releases the lease, stops informers and the health server. */
  stop(): Promise<void>;
}

function gateFor(options: ControllerOptions, logger: Logger, onChange: (leading: boolean) => void): { gate: LeaderGate; elector: LeaderElector | null } {
  const election = options.leaderElection;
  if (election === undefined) return { gate: alwaysLeader(), elector: null };
  const elector = new LeaderElector({
    identity: election.identity,
    store: kubeLeaseStore(options.kubeConfig, election.leaseNamespace, election.leaseName ?? 'glidepath-controller-leader'),
    timings: election.timings ?? DEFAULT_LEADER_ELECTION_TIMINGS,
    logger,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    callbacks: { onStartedLeading: () => { onChange(true); }, onStoppedLeading: () => { onChange(false); } },
  });
  return { gate: elector, elector };
}

class Controller {
  readonly metrics = new ControllerMetrics();
  readonly requests = new RequestCounter();
  readonly caches: CacheSet;
  readonly queue: WorkQueue;
  readonly gate: LeaderGate;
  readonly elector: LeaderElector | null;
  private readonly reconciler: CanaryReconciler;
  private readonly alerts: AlertDispatcher;
  private readonly events: EventQueue;
  private readonly echoes = new OwnWriteEchoes();
  private readonly refs = new CanaryRefIndex();
  health: HealthServer | null = null;

  constructor(private readonly options: ControllerOptions, private readonly logger: Logger) {
    const clock = options.clock ?? systemClock();
    ({ gate: this.gate, elector: this.elector } = gateFor(options, logger, (leading) => {
      this.metrics.setLeader(leading);
      if (leading) this.enqueueAll();
    }));
    this.caches = new CacheSet({
      kubeConfig: options.kubeConfig, namespace: options.namespace ?? null, labelSelector: options.labelSelector ?? null, clock, logger,
      // Revision tracking only needs to notice changes; provider credentials are read with a GET when needed.
      digestData: DIGESTED_KINDS,
    });
    this.caches.onChange((kind, verb, obj) => { this.onCacheChange(kind, verb, obj); });
    const api = recordingOwnWrites(kubeClusterApi(options.kubeConfig, this.requests), this.echoes);
    this.events = new EventQueue({ writer: clusterEventWriter(api), logger, clock, onOutcome: (outcome) => { this.metrics.countEvent(outcome); } });
    this.alerts = controllerAlertDispatcher(options.kubeConfig, this.events, logger, clock);
    this.reconciler = new CanaryReconciler({
      api, events: this.events, readSecret: kubeSecretReader(options.kubeConfig), caches: this.caches, gate: this.gate,
      prometheus: this.queryClient(), clock, logger, metrics: this.metrics, alerts: this.alerts,
      ...(options.hooks === undefined ? {} : { hooks: options.hooks }),
      ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
      ...(options.queryTimeoutMs === undefined ? {} : { queryTimeoutMs: options.queryTimeoutMs }),
    });
    this.queue = new WorkQueue({
      handler: async (key) => this.handle(key),
      workers: options.workers ?? 8, clock, logger, hooks: this.metrics.workQueueHooks(),
    });
  }

  private queryClient(): QueryClient {
    const client = new PrometheusClient({ address: this.options.prometheusUrl });
    return this.options.instrument?.queryClient?.(client) ?? client;
  }

  private async handle(key: string): Promise<ReconcileResult> {
    if (!this.gate.isLeader()) return {};
    // A partly filled cache would look like missing objects (and invite creates that conflict); wait for every kind.
    if (!this.caches.hasSynced()) return { requeueAfterMs: SYNC_POLL_MS };
    const run = (): Promise<ReconcileResult> => this.reconciler.reconcile(key);
    const wrap = this.options.instrument?.reconcile;
    return wrap === undefined ? run() : wrap(key, run);
  }

  private canaries(namespace?: string): readonly Canary[] {
    return this.caches.list('Canary', namespace);
  }

  enqueueAll(): void {
    for (const canary of this.canaries()) this.queue.add(canaryKey(canary));
  }

  private onCacheChange(kind: ResourceKindName, verb: ChangeVerb, obj: KubernetesObject): void {
    if (kind === 'Canary') this.onCanaryChange(verb, obj);
    // Our own write coming back needs no pass unless the pass that wrote it asked for one: it scheduled the next.
    const echo = verb === 'update' && this.echoes.isEcho(kind, obj);
    for (const key of canaryKeysFor(kind, obj, this.refs)) {
      if (!echo || this.reconciler.awaitsCatchUp(key)) this.queue.add(key);
    }
  }

  private onCanaryChange(verb: ChangeVerb, obj: KubernetesObject): void {
    this.refs.apply(verb, keyOf(obj), obj as unknown as Canary);
    // Totals move only on adds and deletes; recounting on every status update costs O(Canaries) per event.
    if (verb !== 'update') this.recountCanaries();
    if (verb !== 'delete') return;
    const key = keyOf(obj);
    this.reconciler.forget(key);
    this.queue.forget(key);
    const canary = obj as unknown as Canary;
    this.metrics.forgetCanary(canary.metadata.namespace ?? 'default', canary.metadata.name, canary.spec.targetRef.name);
  }

  private recountCanaries(): void {
    const counts = new Map<string, number>();
    for (const canary of this.canaries()) counts.set(canary.metadata.namespace ?? 'default', (counts.get(canary.metadata.namespace ?? 'default') ?? 0) + 1);
    this.metrics.setCanaryTotals(counts);
  }

  async start(): Promise<void> {
    this.health = await startHealthServer({
      host: this.options.metricsHost ?? '127.0.0.1', port: this.options.metricsPort ?? 0, metrics: this.metrics,
      readiness: [
        cacheSyncCheck(this.caches),
        { name: 'leader', check: () => ({ ok: true, message: this.elector?.status().message ?? 'leader election off' }) },
      ],
    });
    this.caches.start();
    // Report started with what the cluster holds, as restarts resume from it at once; an
    // unreachable API server does not hold the start up (its informers retry in the background).
    if (!await this.caches.waitForFirstLists(FIRST_LIST_TIMEOUT_MS)) this.logger.warn('first informer lists still pending; reconciles wait for them', { timeoutMs: FIRST_LIST_TIMEOUT_MS });
    this.elector?.start();
    this.metrics.setLeader(this.gate.isLeader());
    this.enqueueAll();
  }

  async stop(): Promise<void> {
    await this.elector?.stop({ release: true });
    await this.queue.shutdown();
    await this.alerts.stop();
    // After the reconciles and alerts that record Events, before the process may exit.
    await this.events.stop();
    await this.caches.stop();
    await this.health?.close();
    this.logger.info('controller stopped', {});
  }
}

/** Starts a controller: informer caches feed a keyed work queue that runs Canary reconciles (only while leading). */
export async function startController(options: ControllerOptions): Promise<RunningController> {
  const logger = options.logger ?? createLogger();
  const controller = new Controller(options, logger);
  try {
    await controller.start();
  } catch (err: unknown) {
    await controller.stop();
    throw err;
  }
  const health = controller.health;
  if (health === null) throw new Error('health server did not start');
  return {
    metricsUrl: `${health.url}/metrics`,
    metrics: controller.metrics,
    requests: controller.requests,
    caches: controller.caches,
    isLeader: () => controller.gate.isLeader(),
    stop: () => controller.stop(),
  };
}
