import { tickOf } from './release-context.ts';
import type { ContextUpdate } from './release-context.ts';
import type { GuardArgs } from './release-guards.ts';
import type { ReleaseContext, ReleaseEvent } from './release-types.ts';

/**
 * Blue/green and A/B testing count successful analysis iterations instead of
 * walking weights. The pre-rollout tick counts as no iteration: nothing was
 * measured on it.
 */

/** This passing tick is the last iteration the spec asks for. */
export function lastIteration({ context, event }: GuardArgs): boolean {
  const tick = tickOf(event);
  return tick !== null && context.preRolloutDone && context.iterations + 1 >= tick.config.iterations;
}

/** Counts a passing analysis tick (or marks pre-rollout done on the first one). */
export function countIteration(context: ReleaseContext, event: ReleaseEvent): ContextUpdate {
  const tick = tickOf(event);
  if (tick === null) return {};
  const iterations = context.preRolloutDone ? context.iterations + 1 : context.iterations;
  const what = context.preRolloutDone
    ? `iteration ${iterations} of ${tick.config.iterations} passed`
    : 'pre-rollout webhooks passed';
  return {
    iterations,
    lastAnalysisAt: tick.now,
    preRolloutDone: true,
    unreadySince: null,
    message: `analysis: ${what}`,
  };
}
