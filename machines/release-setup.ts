import { assign, setup } from 'xstate';
import * as analysis from './analysis-actions.ts';
import { switchTraffic } from './blue-green-switch.ts';
import * as canary from './canary-steps.ts';
import { initialContext } from './release-context.ts';
import type { ContextUpdate } from './release-context.ts';
import * as guards from './release-guards.ts';
import type { WatchParams } from './release-guards.ts';
import * as iterations from './iteration-count.ts';
import * as lifecycle from './release-actions.ts';
import type {
  ReleaseContext,
  ReleaseEvent,
  ReleaseInput,
  ReleaseStateMeta,
  ReleaseTag,
} from './release-types.ts';

type Updater = (context: ReleaseContext, event: ReleaseEvent) => ContextUpdate;
type WatchUpdater = (context: ReleaseContext, event: ReleaseEvent, watch: WatchParams['watch']) => ContextUpdate;

/** Wraps a pure context updater as an XState assign action. */
function update(updater: Updater) {
  return assign<ReleaseContext, ReleaseEvent, undefined, ReleaseEvent, never>(({ context, event }) =>
    updater(context, event),
  );
}

/** Wraps a pure context updater that depends on what the state watches. */
function updateWatching(updater: WatchUpdater) {
  return assign<ReleaseContext, ReleaseEvent, WatchParams, ReleaseEvent, never>(({ context, event }, params) =>
    updater(context, event, params.watch),
  );
}

interface ReleaseTypes {
  context: ReleaseContext;
  events: ReleaseEvent;
  input: ReleaseInput;
  tags: ReleaseTag;
  meta: ReleaseStateMeta;
}

// XState reads only the type of `types`; the value is never used.
const releaseTypes = {} as ReleaseTypes;

/**
 * The one setup all release machines share: the same context, events and
 * named guards and actions. The machines differ only in how their states
 * wire these names together.
 */
export const releaseSetup = setup({
  types: releaseTypes,
  guards: {
    primaryBootstrapped: guards.primaryBootstrapped,
    rollbackRequested: guards.rollbackRequested,
    pastDeadline: guards.pastDeadline,
    unready: guards.unready,
    analysisNotDue: guards.analysisNotDue,
    checksReachThreshold: guards.checksReachThreshold,
    checksFailed: guards.checksFailed,
    checksInconclusive: guards.checksInconclusive,
    rolloutGateOpen: guards.rolloutGateOpen,
    promotionGateOpen: guards.promotionGateOpen,
    primaryPromoted: guards.primaryPromoted,
    revisionWithdrawn: guards.revisionWithdrawn,
    revisionIsNew: guards.revisionIsNew,
    revisionSkipsAnalysis: guards.revisionSkipsAnalysis,
    initializationFailed: guards.initializationFailed,
    configSkipsAnalysis: guards.configSkipsAnalysis,
    trafficGateClosed: canary.trafficGateClosed,
    atMaxWeight: canary.atMaxWeight,
    promotionComplete: canary.promotionComplete,
    promotionStepDue: canary.promotionStepDue,
    lastIteration: iterations.lastIteration,
  },
  actions: {
    stampTransition: update(lifecycle.stampTransition),
    observe: update(analysis.observe),
    trackUnready: updateWatching(analysis.trackUnready),
    markSettled: update(analysis.markSettled),
    rollBackOnDeadline: updateWatching(analysis.rollBackOnDeadline),
    rollBackOnWebhook: update(analysis.rollBackOnWebhook),
    countFailedCheck: update(analysis.countFailedCheck),
    rollBackOnChecks: update(analysis.rollBackOnChecks),
    holdInconclusive: update(analysis.holdInconclusive),
    recordPass: update(analysis.recordPass),
    holdRolloutGate: update(analysis.holdRolloutGate),
    holdPromotionGate: update(analysis.holdPromotionGate),
    bootstrap: update(lifecycle.bootstrap),
    startRelease: update(lifecycle.startRelease),
    supersede: update(lifecycle.supersede),
    withdraw: update(lifecycle.withdraw),
    retryRelease: update(lifecycle.retryRelease),
    retryInitialization: update(lifecycle.retryInitialization),
    openRollout: update(lifecycle.openRollout),
    pause: update(lifecycle.pause),
    resume: update(lifecycle.resume),
    abort: update(lifecycle.abort),
    promoteByOperator: update(lifecycle.promoteByOperator),
    beginPromotion: update(lifecycle.beginPromotion),
    finishPromotion: update(lifecycle.finishPromotion),
    complete: update(lifecycle.complete),
    stepWeight: update(canary.stepWeight),
    holdTrafficGate: update(canary.holdTrafficGate),
    stepPromotionWeight: update(canary.stepPromotionWeight),
    countIteration: update(iterations.countIteration),
    switchTraffic: update(switchTraffic),
  },
});

/** The context a machine starts from, given its input. */
export const releaseContext = ({ input }: { input: ReleaseInput }): ReleaseContext => initialContext(input);
