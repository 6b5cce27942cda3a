import { Outcome, judgeChecks } from './analysis-verdict.ts';
import { isAnalysisDue, tickOf } from './release-context.ts';
import type { ReleaseContext, ReleaseEvent, TickEvent } from './release-types.ts';
import { Watch, isPastDeadline, isSettled } from './readiness.ts';

/** What every guard receives from XState. */
export interface GuardArgs {
  context: ReleaseContext;
  event: ReleaseEvent;
}

/** The parameters of guards that depend on what a state waits for. */
export interface WatchParams {
  watch: Watch;
}

function onTick(event: ReleaseEvent, test: (tick: TickEvent) => boolean): boolean {
  const tick = tickOf(event);
  return tick !== null && test(tick);
}

function dueOutcome(context: ReleaseContext, tick: TickEvent): Outcome | null {
  if (!isAnalysisDue(context, tick)) return null;
  return judgeChecks(tick.checks, context.preRolloutDone).outcome;
}

/** The primary is ready and its revision is known: initialization is done. */
export function primaryBootstrapped({ context, event }: GuardArgs): boolean {
  return onTick(event, (tick) => isSettled(context, tick, Watch.Primary));
}

/** A `rollback` webhook answered success on this tick. */
export function rollbackRequested({ event }: GuardArgs): boolean {
  return onTick(event, (tick) => tick.rollbackRequested);
}

/** The watched workloads have been unready for longer than the progress deadline. */
export function pastDeadline({ context, event }: GuardArgs, params: WatchParams): boolean {
  return onTick(event, (tick) => isPastDeadline(context, tick, params.watch));
}

/** The watched workloads are not ready on this tick (but still within the deadline). */
export function unready({ context, event }: GuardArgs, params: WatchParams): boolean {
  return onTick(event, (tick) => !isSettled(context, tick, params.watch));
}

/** This tick comes before the next analysis is due, so its checks do not count. */
export function analysisNotDue({ context, event }: GuardArgs): boolean {
  return onTick(event, (tick) => !isAnalysisDue(context, tick));
}

/** A due analysis tick failed and its failure reaches the rollback threshold. */
export function checksReachThreshold({ context, event }: GuardArgs): boolean {
  return onTick(
    event,
    (tick) => dueOutcome(context, tick) === Outcome.Failed && context.failedChecks + 1 >= tick.config.threshold,
  );
}

/** A due analysis tick has a Failed or Error check. */
export function checksFailed({ context, event }: GuardArgs): boolean {
  return onTick(event, (tick) => dueOutcome(context, tick) === Outcome.Failed);
}

/** A due analysis tick has an Inconclusive check and no failed one. */
export function checksInconclusive({ context, event }: GuardArgs): boolean {
  return onTick(event, (tick) => dueOutcome(context, tick) === Outcome.Inconclusive);
}

/** The confirm-rollout gate is open on this tick. */
export function rolloutGateOpen({ event }: GuardArgs): boolean {
  return onTick(event, (tick) => tick.gates.confirmRollout);
}

/** The confirm-promotion gate is open on this tick. */
export function promotionGateOpen({ event }: GuardArgs): boolean {
  return onTick(event, (tick) => tick.gates.confirmPromotion);
}

/** The primary is ready and runs the released revision: the promotion has landed. */
export function primaryPromoted({ context, event }: GuardArgs): boolean {
  return onTick(event, (tick) => isSettled(context, tick, Watch.Promotion));
}

/** The target went back to the promoted revision while another one was in flight or had failed. */
export function revisionWithdrawn({ context, event }: GuardArgs): boolean {
  return (
    event.type === 'NEW_REVISION' && event.revision === context.promotedRevision && event.revision !== context.revision
  );
}

/** The revision is neither the current one nor the promoted one, and there is a primary to compare with. */
export function revisionIsNew({ context, event }: GuardArgs): boolean {
  return (
    event.type === 'NEW_REVISION' &&
    context.promotedRevision !== null &&
    event.revision !== context.revision &&
    event.revision !== context.promotedRevision
  );
}

/** A new revision whose spec asks to promote without analysis. */
export function revisionSkipsAnalysis(args: GuardArgs): boolean {
  return revisionIsNew(args) && args.event.type === 'NEW_REVISION' && args.event.config.skipAnalysis;
}

/** Nothing was ever promoted: the failure happened while initializing. */
export function initializationFailed({ context }: GuardArgs): boolean {
  return context.promotedRevision === null;
}

/** The spec in force asks to promote without analysis. */
export function configSkipsAnalysis({ context }: GuardArgs): boolean {
  return context.config.skipAnalysis;
}
