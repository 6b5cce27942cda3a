import { iterationPass, promotionUntilPrimaryRuns } from './iteration-states.ts';
import { releaseContext, releaseSetup } from './release-setup.ts';
import {
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
import { Strategy } from './release-types.ts';

/**
 * Blue/green: the canary is analysed without user traffic (optionally with
 * mirrored traffic) for `iterations` ticks; promotion then switches all
 * traffic to the ready canary until the primary runs the new revision.
 */
export const blueGreenMachine = releaseSetup.createMachine({
  id: Strategy.BlueGreen,
  initial: 'initializing',
  context: releaseContext,
  states: {
    initializing: initializingState,
    initialized: initializedState,
    waiting: waitingState,
    progressing: progressingState(iterationPass),
    waitingPromotion: waitingPromotionState,
    promoting: promotingState(promotionUntilPrimaryRuns(['switchTraffic']), ['switchTraffic']),
    finalising: finalisingState,
    succeeded: succeededState,
    failed: failedState,
  },
});
