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
 * A/B testing: requests matching `analysis.match` go to the canary (see
 * `desiredStateOf`) for `iterations` passing ticks, then the primary takes
 * the canary's template.
 */
export const abTestingMachine = releaseSetup.createMachine({
  id: Strategy.ABTesting,
  initial: 'initializing',
  context: releaseContext,
  states: {
    initializing: initializingState,
    initialized: initializedState,
    waiting: waitingState,
    progressing: progressingState(iterationPass),
    waitingPromotion: waitingPromotionState,
    promoting: promotingState(promotionUntilPrimaryRuns()),
    finalising: finalisingState,
    succeeded: succeededState,
    failed: failedState,
  },
});
