import type { Canary, CheckStatus, WebhookType } from '../../api/canary-types.ts';
import { WebhookType as Hook } from '../../api/canary-types.ts';
import { desiredStateOf, phaseOf } from '../../../machines/desired-state.ts';
import type { ReleaseSnapshot } from '../../../machines/registry.ts';
import { strategyOf } from '../../../machines/registry.ts';
import { analysisDueAt } from '../../../machines/run.ts';
import { ReleaseTag, Strategy } from '../../../machines/release-types.ts';
import type { CheckResult, Gates } from '../../../machines/release-types.ts';
import type { AnalysisMetric, Measurement, QueryClient } from '../../telemetry/index.ts';
import { runAnalysis } from '../../telemetry/index.ts';
import { analysisTarget } from './metric-specs.ts';
import type { HookRunner } from './webhook-calls.ts';

/** What a TICK carries besides readiness. */
export interface TickInputs {
  checks: CheckResult[];
  /** Measurements for status.checks; undefined when nothing was measured this pass. */
  measurements: CheckStatus[] | undefined;
  gates: Gates;
  rollbackRequested: boolean;
  /** Whether this pass carried analysis. */
  analysed: boolean;
}

/** What gathering tick inputs needs. */
export interface TickDeps {
  prometheus: QueryClient;
  hooks: HookRunner;
  metrics: readonly AnalysisMetric[];
  /** Deadline per query. */
  queryTimeoutMs: number;
  /** Whether the canary and the primary are ready on this pass (default true). */
  workloadsReady?: boolean;
}

function toCheckStatus(m: Measurement): CheckStatus {
  const status: CheckStatus = { name: m.metric, kind: m.kind, value: m.value, verdict: m.phase, message: m.message, query: m.query, time: m.time };
  if (m.thresholdMin !== undefined) status.thresholdMin = m.thresholdMin;
  if (m.thresholdMax !== undefined) status.thresholdMax = m.thresholdMax;
  return status;
}

function hookStatus(result: CheckResult, now: number): CheckStatus {
  return { name: result.name, kind: result.kind, verdict: result.verdict, message: result.message ?? '', time: new Date(now).toISOString() };
}

function allPass(results: readonly CheckResult[]): boolean {
  return results.every((r) => r.verdict === 'Successful');
}

function isAnalysing(snapshot: ReleaseSnapshot): boolean {
  return snapshot.hasTag(ReleaseTag.Analysing);
}

/**
 * A canary at 0% without a mirror gets no requests (its first step was held by
 * confirm-traffic-increase, or a retry starts over), so its metrics could only fail or stay
 * inconclusive forever; such a tick runs the rollout hooks alone and may take the first step.
 * Blue/green and A/B canaries are measured at weight 0 by design (mirror, matches, load tests).
 */
function receivesNoTraffic(snapshot: ReleaseSnapshot): boolean {
  const desired = desiredStateOf(snapshot);
  return strategyOf(snapshot) === Strategy.Canary && desired.canaryWeight === 0 && desired.mirrorWeight === 0;
}

class TickGatherer {
  constructor(private readonly canary: Canary, private readonly snapshot: ReleaseSnapshot, private readonly now: number, private readonly deps: TickDeps) {}

  private hooks(type: WebhookType): Promise<CheckResult[]> {
    const checksum = this.snapshot.context.revision ?? '';
    return this.deps.hooks({ canary: this.canary, type, phase: phaseOf(this.snapshot), checksum });
  }

  private async gate(type: WebhookType, waitingHere: boolean): Promise<boolean> {
    return waitingHere ? allPass(await this.hooks(type)) : true;
  }

  async gates(due: boolean): Promise<Gates> {
    const analysing = isAnalysing(this.snapshot) && due;
    const [confirmRollout, confirmTrafficIncrease, confirmPromotion] = await Promise.all([
      this.gate(Hook.ConfirmRollout, this.snapshot.matches('waiting')),
      this.gate(Hook.ConfirmTrafficIncrease, analysing && this.snapshot.matches('progressing')),
      this.gate(Hook.ConfirmPromotion, analysing || this.snapshot.matches('waitingPromotion')),
    ]);
    return { confirmRollout, confirmTrafficIncrease, confirmPromotion };
  }

  async checks(): Promise<{ checks: CheckResult[]; measurements: CheckStatus[] }> {
    if (!this.snapshot.context.preRolloutDone) {
      const pre = await this.hooks(Hook.PreRollout);
      return { checks: pre, measurements: pre.map((r) => hookStatus(r, this.now)) };
    }
    const [rollout, measured] = await Promise.all([
      this.hooks(Hook.Rollout),
      receivesNoTraffic(this.snapshot) ? Promise.resolve([]) : runAnalysis({
        metrics: this.deps.metrics,
        canary: analysisTarget(this.canary),
        client: this.deps.prometheus,
        minRequests: this.canary.spec.analysis.minRequests,
        timeoutMs: this.deps.queryTimeoutMs,
        now: new Date(this.now),
      }),
    ]);
    const metricChecks: CheckResult[] = measured.map((m) => ({ name: m.metric, kind: 'metric', verdict: m.phase, value: m.value, message: m.message }));
    return { checks: [...rollout, ...metricChecks], measurements: [...rollout.map((r) => hookStatus(r, this.now)), ...measured.map(toCheckStatus)] };
  }
}

/** True when the snapshot analyses and its next analysis is due at `now`. */
export function isDue(snapshot: ReleaseSnapshot, now: number): boolean {
  const due = analysisDueAt(snapshot);
  return due !== null && now >= due;
}

/**
 * Gathers one TICK's analysis: checks only when analysis is due and the workloads are ready
 * (pre-rollout hooks on a revision's first analysis, then rollout hooks and metrics, concurrently), gate webhooks only
 * when the machine waits at that gate, rollback webhooks on due analysis ticks.
 */
export async function gatherTickInputs(canary: Canary, snapshot: ReleaseSnapshot, now: number, deps: TickDeps): Promise<TickInputs> {
  const gatherer = new TickGatherer(canary, snapshot, now, deps);
  const due = isDue(snapshot, now);
  const gates = await gatherer.gates(due);
  if (!due) return { checks: [], measurements: undefined, gates, rollbackRequested: false, analysed: false };
  const rollbackHooks = deps.hooks({ canary, type: Hook.Rollback, phase: phaseOf(snapshot), checksum: snapshot.context.revision ?? '' });
  // The machine holds an unready tick without reading its checks, and the tick stays due: checking
  // anyway would call pre-rollout and rollout hooks on every poll until the workloads are ready.
  if (deps.workloadsReady === false) {
    const rollbackRequested = (await rollbackHooks).some((r) => r.verdict === 'Successful');
    return { checks: [], measurements: undefined, gates, rollbackRequested, analysed: false };
  }
  const [measured, rollback] = await Promise.all([gatherer.checks(), rollbackHooks]);
  const rollbackRequested = rollback.some((r) => r.verdict === 'Successful');
  return { checks: measured.checks, measurements: measured.measurements, gates, rollbackRequested, analysed: true };
}
