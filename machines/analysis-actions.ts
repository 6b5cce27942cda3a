import { describeChecks, judgeChecks } from './analysis-verdict.ts';
import { analysedAt, isAnalysisDue, tickOf } from './release-context.ts';
import type { ContextUpdate } from './release-context.ts';
import type { ReleaseContext, ReleaseEvent, TickEvent } from './release-types.ts';
import { describeUnready, unreadyFor } from './readiness.ts';
import type { Watch } from './readiness.ts';

function seconds(ms: number): string {
  return `${Math.round(ms / 1000)}s`;
}

function onTick(event: ReleaseEvent, update: (tick: TickEvent) => ContextUpdate): ContextUpdate {
  const tick = tickOf(event);
  return tick === null ? {} : update(tick);
}

/** Adopts what the reconciler observed: the spec in force and the canary's readiness. */
export function observe(_context: ReleaseContext, event: ReleaseEvent): ContextUpdate {
  if (event.type === 'NEW_REVISION') return { config: event.config };
  return onTick(event, (tick) => ({ config: tick.config, canaryReady: tick.canaryReady }));
}

/** Starts (or continues) the unready clock and says what is being waited for. */
export function trackUnready(context: ReleaseContext, event: ReleaseEvent, watch: Watch): ContextUpdate {
  return onTick(event, (tick) => {
    const waited = unreadyFor(context, tick, watch);
    const what = describeUnready(context, tick, watch);
    return {
      unreadySince: context.unreadySince ?? tick.now,
      message: `waiting: ${what} for ${seconds(waited)} (progress deadline ${seconds(tick.config.progressDeadlineMs)})`,
    };
  });
}

/** Everything watched is ready again: the unready clock stops. */
export function markSettled(context: ReleaseContext): ContextUpdate {
  if (context.unreadySince === null) return {};
  return { unreadySince: null, message: `workloads ready again at weight ${context.canaryWeight}%` };
}

/** Rolls back because the watched workloads stayed unready past the progress deadline. */
export function rollBackOnDeadline(context: ReleaseContext, event: ReleaseEvent, watch: Watch): ContextUpdate {
  return onTick(event, (tick) => ({
    canaryWeight: 0,
    message:
      `${describeUnready(context, tick, watch)} for ${seconds(unreadyFor(context, tick, watch))}, ` +
      `past the progress deadline of ${seconds(tick.config.progressDeadlineMs)}: rolled back`,
  }));
}

/** Rolls back because a rollback webhook asked for it. */
export function rollBackOnWebhook(): ContextUpdate {
  return { canaryWeight: 0, message: 'a rollback webhook asked for rollback: rolled back' };
}

/** Counts a failed analysis tick; the caller's guard decides whether it also rolls back. */
export function countFailedCheck(context: ReleaseContext, event: ReleaseEvent): ContextUpdate {
  return onTick(event, (tick) => {
    const verdict = judgeChecks(tick.checks, context.preRolloutDone);
    const failedChecks = context.failedChecks + 1;
    return {
      failedChecks,
      lastAnalysisAt: tick.now,
      unreadySince: null,
      message: `${verdict.stage} check ${describeChecks(verdict.failed)} failed: ${failedChecks} of ${tick.config.threshold} failed checks`,
    };
  });
}

/** Turns the failed tick just counted into a rollback. */
export function rollBackOnChecks(context: ReleaseContext): ContextUpdate {
  return { canaryWeight: 0, message: `${context.message}: rolled back` };
}

/** Holds traffic where it is because a check could not decide. */
export function holdInconclusive(context: ReleaseContext, event: ReleaseEvent): ContextUpdate {
  return onTick(event, (tick) => {
    const verdict = judgeChecks(tick.checks, context.preRolloutDone);
    return {
      lastAnalysisAt: tick.now,
      unreadySince: null,
      message: `holding at weight ${context.canaryWeight}%: ${verdict.stage} check ${describeChecks(verdict.inconclusive)} inconclusive`,
    };
  });
}

/** Records a passing analysis tick (if it was due) that does not move traffic. */
export function recordPass(context: ReleaseContext, event: ReleaseEvent): ContextUpdate {
  return onTick(event, (tick) => ({
    lastAnalysisAt: analysedAt(context, tick),
    preRolloutDone: context.preRolloutDone || isAnalysisDue(context, tick),
    unreadySince: null,
  }));
}

/** Says that the confirm-rollout gate is still closed. */
export function holdRolloutGate(context: ReleaseContext): ContextUpdate {
  return { message: `revision ${context.revision ?? '?'} waiting for confirm-rollout` };
}

/** Says that the confirm-promotion gate is still closed. */
export function holdPromotionGate(context: ReleaseContext): ContextUpdate {
  return { message: `analysis complete at weight ${context.canaryWeight}%: waiting for confirm-promotion` };
}
