import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Phase } from '../../../machines/release-types.ts';
import type { EventOutcome } from './event-queue.ts';
import type { ReconcileOutcome, WorkQueueHooks } from './work-queue.ts';

/** Flagger's encoding of `*_canary_status`. */
export const CanaryStatusValue = Object.freeze({ Progressing: 0, Ok: 1, Failed: 2 } as const);
export type CanaryStatusValue = (typeof CanaryStatusValue)[keyof typeof CanaryStatusValue];

const PROGRESSING_PHASES: ReadonlySet<string> = new Set(['Progressing', 'WaitingPromotion', 'Promoting', 'Finalising']);

/** Maps a phase to Flagger's status encoding: a release under way is 0, a failed one 2, anything else 1. */
export function canaryStatusValue(phase: Phase): CanaryStatusValue {
  if (phase === 'Failed') return CanaryStatusValue.Failed;
  return PROGRESSING_PHASES.has(phase) ? CanaryStatusValue.Progressing : CanaryStatusValue.Ok;
}

const RECONCILE_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const RELEASE_BUCKETS = [10, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 14_400];

/**
 * The controller's Prometheus metrics on a private registry (never prom-client's global one),
 * so several controllers in one process (tests, the demo) keep separate numbers.
 */
export class ControllerMetrics {
  readonly registry = new Registry();
  private readonly canaryStatus: Gauge<'name' | 'namespace'>;
  private readonly canaryWeight: Gauge<'workload' | 'namespace'>;
  private readonly canaryDuration: Histogram<'name' | 'namespace'>;
  private readonly canaryTotal: Gauge<'namespace'>;
  private readonly metricAnalysis: Gauge<'name' | 'namespace' | 'metric'>;
  private readonly reconcileTotal: Counter<'result'>;
  private readonly reconcileErrors: Counter;
  private readonly reconcileDuration: Histogram;
  private readonly queueDepth: Gauge;
  private readonly leader: Gauge;
  private readonly events: Counter<'outcome'>;
  private readonly analysedMetrics = new Map<string, Set<string>>();

  constructor(options: { defaultMetrics?: boolean } = {}) {
    const registers = [this.registry];
    this.canaryStatus = new Gauge({ name: 'glidepath_canary_status', help: 'Release status per Canary: 0 progressing, 1 ok, 2 failed', labelNames: ['name', 'namespace'], registers });
    this.canaryWeight = new Gauge({ name: 'glidepath_canary_weight', help: 'Percent of traffic routed to the canary workload', labelNames: ['workload', 'namespace'], registers });
    this.canaryDuration = new Histogram({ name: 'glidepath_canary_duration_seconds', help: 'Seconds a release took from its start to its final phase', labelNames: ['name', 'namespace'], buckets: RELEASE_BUCKETS, registers });
    this.canaryTotal = new Gauge({ name: 'glidepath_canary_total', help: 'Number of Canaries per namespace', labelNames: ['namespace'], registers });
    this.metricAnalysis = new Gauge({ name: 'glidepath_canary_metric_analysis', help: 'Last value of each analysis metric per Canary', labelNames: ['name', 'namespace', 'metric'], registers });
    this.reconcileTotal = new Counter({ name: 'glidepath_reconcile_total', help: 'Reconciles by result', labelNames: ['result'], registers });
    this.reconcileErrors = new Counter({ name: 'glidepath_reconcile_errors_total', help: 'Reconciles that failed (retried or terminal)', registers });
    this.reconcileDuration = new Histogram({ name: 'glidepath_reconcile_duration_seconds', help: 'Seconds per reconcile', buckets: RECONCILE_BUCKETS, registers });
    this.queueDepth = new Gauge({ name: 'glidepath_workqueue_depth', help: 'Keys waiting for a worker', registers });
    this.leader = new Gauge({ name: 'glidepath_leader', help: '1 while this instance holds the leader lease (or runs without leader election), else 0', registers });
    this.events = new Counter({ name: 'glidepath_events_total', help: 'Kubernetes Events by outcome: created, bumped (a repeat), folded (into one still queued), failed, dropped (queue full or stopping)', labelNames: ['outcome'], registers });
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  /** Records a Canary's phase in Flagger's status encoding. */
  setCanaryStatus(namespace: string, name: string, phase: Phase): void {
    this.canaryStatus.set({ namespace, name }, canaryStatusValue(phase));
  }

  /** Records the canary workload's traffic weight. */
  setCanaryWeight(namespace: string, workload: string, weight: number): void {
    this.canaryWeight.set({ namespace, workload }, weight);
  }

  /** Records how long a finished release took. */
  observeReleaseDuration(namespace: string, name: string, seconds: number): void {
    this.canaryDuration.observe({ namespace, name }, seconds);
  }

  /** Replaces the per-namespace Canary counts. */
  setCanaryTotals(countsByNamespace: ReadonlyMap<string, number>): void {
    this.canaryTotal.reset();
    for (const [namespace, count] of countsByNamespace) this.canaryTotal.set({ namespace }, count);
  }

  /** Records the last value of one analysis metric; null/NaN (no data) removes the series rather than exporting a fake number. */
  setMetricAnalysis(namespace: string, name: string, metric: string, value: number | null): void {
    if (value === null || !Number.isFinite(value)) {
      this.metricAnalysis.remove({ namespace, name, metric });
      return;
    }
    this.metricAnalysis.set({ namespace, name, metric }, value);
    const key = `${namespace}/${name}`;
    const metrics = this.analysedMetrics.get(key) ?? new Set<string>();
    metrics.add(metric);
    this.analysedMetrics.set(key, metrics);
  }

  /** Drops every series of a deleted Canary, so label sets do not pile up. */
  forgetCanary(namespace: string, name: string, workload: string): void {
    this.canaryStatus.remove({ namespace, name });
    this.canaryWeight.remove({ namespace, workload });
    this.canaryDuration.remove({ namespace, name });
    const key = `${namespace}/${name}`;
    for (const metric of this.analysedMetrics.get(key) ?? []) this.metricAnalysis.remove({ namespace, name, metric });
    this.analysedMetrics.delete(key);
  }

  /** Counts one reconcile and its duration. */
  recordReconcile(outcome: ReconcileOutcome, seconds: number): void {
    this.reconcileTotal.inc({ result: outcome });
    if (outcome === 'error' || outcome === 'terminal_error') this.reconcileErrors.inc();
    this.reconcileDuration.observe(seconds);
  }

  /** Records the work queue depth. */
  setQueueDepth(depth: number): void {
    this.queueDepth.set(depth);
  }

  /** Records whether this instance may write. */
  setLeader(isLeader: boolean): void {
    this.leader.set(isLeader ? 1 : 0);
  }

  /** Counts one Event outcome of the event queue. */
  countEvent(outcome: EventOutcome): void {
    this.events.inc({ outcome });
  }

  /** Returns work queue hooks that feed the reconcile and depth metrics. */
  workQueueHooks(): WorkQueueHooks {
    return {
      onDepth: (depth) => { this.setQueueDepth(depth); },
      onReconciled: (_key, outcome, durationMs) => { this.recordReconcile(outcome, durationMs / 1000); },
    };
  }

  /** Returns the exposition text for a scrape. */
  async exposition(): Promise<string> {
    return this.registry.metrics();
  }

  /** Returns the Content-Type of the exposition text. */
  get contentType(): string {
    return this.registry.contentType;
  }
}
