import type { Canary, CanaryStatus, CheckStatus, HistoryStatus } from '../../api/canary-types.ts';
import { MAX_HISTORY_ENTRIES } from '../../api/canary-types.ts';
import { desiredStateOf, phaseOf } from '../../../machines/desired-state.ts';
import { persist } from '../../../machines/persistence.ts';
import type { ReleaseSnapshot } from '../../../machines/registry.ts';
import { ReleaseTag } from '../../../machines/release-types.ts';
import type { ReadyState } from './conditions.ts';
import { conditionsFor, readyForPhase } from './conditions.ts';

/** What a status write is built from. */
export interface StatusInput {
  canary: Canary;
  snapshot: ReleaseSnapshot;
  now: number;
  /** This pass's measurements; undefined keeps the last ones. */
  checks?: CheckStatus[] | undefined;
  /** History entries to append (oldest first). */
  history: readonly HistoryStatus[];
  /** Overrides the Ready condition derived from the phase. */
  ready?: ReadyState | undefined;
  /** Digests of the tracked ConfigMaps/Secrets; undefined keeps the last ones. */
  trackedConfigs?: Record<string, string> | undefined;
}

/** Appends entries, keeping only the newest MAX_HISTORY_ENTRIES. */
export function appendHistory(old: readonly HistoryStatus[] | undefined, entries: readonly HistoryStatus[]): HistoryStatus[] {
  return [...(old ?? []), ...entries].slice(-MAX_HISTORY_ENTRIES);
}

/** The full status for a snapshot: Flagger's fields derived from it, conditions, checks, history and the persisted machine. */
export function statusFor(input: StatusInput): CanaryStatus {
  const { canary, snapshot } = input;
  const old = canary.status ?? {};
  const context = snapshot.context;
  const phase = phaseOf(snapshot);
  const nowIso = new Date(input.now).toISOString();
  const status: CanaryStatus = {
    observedGeneration: canary.metadata.generation ?? 0,
    phase,
    canaryWeight: desiredStateOf(snapshot).canaryWeight,
    failedChecks: context.failedChecks,
    iterations: context.iterations,
    lastTransitionTime: new Date(context.lastTransitionAt).toISOString(),
    paused: snapshot.hasTag(ReleaseTag.Paused),
    message: context.message,
    conditions: conditionsFor(old.conditions, phase, input.ready ?? readyForPhase(phase, context.message), nowIso),
    machine: persist(snapshot.machine.id, snapshot) as unknown as CanaryStatus['machine'],
    history: appendHistory(old.history, input.history),
  };
  if (context.revision !== null) {
    status.lastAppliedSpec = context.revision;
    status.revision = context.revision;
  }
  if (context.promotedRevision !== null) status.lastPromotedSpec = context.promotedRevision;
  const checks = input.checks ?? old.checks;
  if (checks !== undefined) status.checks = checks;
  const tracked = input.trackedConfigs ?? old.trackedConfigs;
  if (tracked !== undefined) status.trackedConfigs = tracked;
  return status;
}

/** The status after an error that stops the machine: the old status with the Ready condition replaced. */
export function statusWithReady(canary: Canary, ready: ReadyState, now: number): CanaryStatus {
  const old = canary.status ?? {};
  return {
    ...old,
    observedGeneration: canary.metadata.generation ?? 0,
    conditions: conditionsFor(old.conditions, null, ready, new Date(now).toISOString()),
  };
}
