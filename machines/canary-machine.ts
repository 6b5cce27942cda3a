import { and } from 'xstate';
import { releaseContext, releaseSetup } from './release-setup.ts';
import {
  Watching,
  failedState,
  finalisingState,
  initializedState,
  initializingState,
  progressingState,
  promotingState,
  succeededState,
  waitingPromotionState,
  waitingState,
} from './release-states.ts';
import type { TickTransition } from './release-states.ts';
import { Strategy } from './release-types.ts';

/**
 * A passing analysis tick walks the weights: at maxWeight it promotes (or
 * waits for confirm-promotion), otherwise it steps up unless the
 * confirm-traffic-increase gate is closed.
 */
const onPass = [
  {
    guard: and(['atMaxWeight', 'promotionGateOpen']),
    target: '#promoting',
    actions: ['observe', 'recordPass', 'beginPromotion'],
  },
  { guard: 'atMaxWeight', target: '#waitingPromotion', actions: ['observe', 'recordPass', 'holdPromotionGate'] },
  { guard: 'trafficGateClosed', actions: ['observe', 'holdTrafficGate'] },
  { actions: ['observe', 'stepWeight'] },
] as const satisfies readonly TickTransition[];

/** Once the primary runs the new revision, traffic returns to it at once or by `stepWeightPromotion`. */
const onPromotionTick = [
  { guard: 'promotionComplete', target: '#finalising', actions: ['observe', 'finishPromotion'] },
  { guard: 'promotionStepDue', actions: ['observe', 'stepPromotionWeight'] },
  {
    guard: { type: 'unready', params: Watching.promotion },
    actions: ['observe', { type: 'trackUnready', params: Watching.promotion }],
  },
  { actions: ['observe', 'markSettled'] },
] as const satisfies readonly TickTransition[];

/** The canary strategy: traffic moves to the canary in weight steps while analysis passes. */
export const canaryMachine = releaseSetup.createMachine({
  id: Strategy.Canary,
  initial: 'initializing',
  context: releaseContext,
  states: {
    initializing: initializingState,
    initialized: initializedState,
    waiting: waitingState,
    progressing: progressingState(onPass),
    waitingPromotion: waitingPromotionState,
    promoting: promotingState(onPromotionTick),
    finalising: finalisingState,
    succeeded: succeededState,
    failed: failedState,
  },
});
