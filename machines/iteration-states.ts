import { and } from 'xstate';
import { Watching } from './release-states.ts';
import type { TickTransition } from './release-states.ts';

/**
 * Blue/green and A/B testing share their analysis: traffic does not move while
 * they analyse; each passing tick is one iteration, and the last one promotes
 * (or waits for confirm-promotion).
 */
export const iterationPass = [
  {
    guard: and(['lastIteration', 'promotionGateOpen']),
    target: '#promoting',
    actions: ['observe', 'countIteration', 'beginPromotion'],
  },
  { guard: 'lastIteration', target: '#waitingPromotion', actions: ['observe', 'countIteration', 'holdPromotionGate'] },
  { actions: ['observe', 'countIteration'] },
] as const satisfies readonly TickTransition[];

/** Promotion ends once the primary runs the new revision; until then `extra` runs on every tick. */
export function promotionUntilPrimaryRuns(extra: readonly 'switchTraffic'[] = []) {
  return [
    { guard: 'primaryPromoted', target: '#finalising', actions: ['observe', 'finishPromotion'] },
    { actions: ['observe', { type: 'trackUnready', params: Watching.promotion }, ...extra] },
  ] as const satisfies readonly TickTransition[];
}
