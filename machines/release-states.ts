import { releaseSetup } from './release-setup.ts';
import { Watch } from './readiness.ts';
import { Phase, ReleaseTag } from './release-types.ts';

/**
 * The states all three strategies share. A machine file adds only what its
 * strategy does differently: how a passing analysis tick advances, and how
 * promotion moves traffic.
 */

type StateConfig = Parameters<typeof releaseSetup.createStateConfig>[0];
type TickTransitions = NonNullable<NonNullable<StateConfig['on']>['TICK']>;
/** One guarded TICK transition, as machine files list them. */
export type TickTransition = Extract<TickTransitions, readonly unknown[]>[number];

const PRIMARY = { watch: Watch.Primary } as const;
const WORKLOADS = { watch: Watch.Workloads } as const;
const PROMOTION = { watch: Watch.Promotion } as const;

/** The watch parameters, for strategy files that wire their own promotion. */
export const Watching = Object.freeze({ primary: PRIMARY, workloads: WORKLOADS, promotion: PROMOTION });

const stay = { actions: 'observe' } as const;

/** Waits for the reconciler to bring up the primary; rolls back (fails) past the progress deadline. */
export const initializingState = releaseSetup.createStateConfig({
  id: 'initializing',
  meta: { phase: Phase.Initializing },
  entry: 'stampTransition',
  on: {
    TICK: [
      { guard: 'primaryBootstrapped', target: '#initialized', actions: ['observe', 'bootstrap'] },
      {
        guard: { type: 'pastDeadline', params: PRIMARY },
        target: '#failed',
        actions: ['observe', { type: 'rollBackOnDeadline', params: PRIMARY }],
      },
      { actions: ['observe', { type: 'trackUnready', params: PRIMARY }] },
    ],
  },
});

const startOnNewRevision = [
  { guard: 'revisionSkipsAnalysis', target: '#promoting', actions: ['observe', 'startRelease'] },
  { guard: 'revisionIsNew', target: '#waiting', actions: ['observe', 'startRelease'] },
] as const;

/** At rest after bootstrap: the primary serves everything, a new revision starts a release. */
export const initializedState = releaseSetup.createStateConfig({
  id: 'initialized',
  meta: { phase: Phase.Initialized },
  entry: 'stampTransition',
  on: { NEW_REVISION: [...startOnNewRevision], TICK: stay },
});

/** At rest after a promotion. */
export const succeededState = releaseSetup.createStateConfig({
  id: 'succeeded',
  meta: { phase: Phase.Succeeded },
  entry: 'stampTransition',
  on: { NEW_REVISION: [...startOnNewRevision], TICK: stay },
});

/** At rest after a rollback or abort; RETRY tries the same revision again without a spec change. */
export const failedState = releaseSetup.createStateConfig({
  id: 'failed',
  meta: { phase: Phase.Failed },
  entry: 'stampTransition',
  on: {
    NEW_REVISION: [
      { guard: 'revisionWithdrawn', target: '#initialized', actions: ['observe', 'withdraw'] },
      ...startOnNewRevision,
    ],
    RETRY: [
      { guard: 'initializationFailed', target: '#initializing', actions: 'retryInitialization' },
      { guard: 'configSkipsAnalysis', target: '#promoting', actions: 'retryRelease' },
      { target: '#waiting', actions: 'retryRelease' },
    ],
    TICK: stay,
  },
});

/** What an in-flight release (waiting, progressing, waitingPromotion) accepts besides TICK. */
export const inFlightControls = {
  NEW_REVISION: [
    { guard: 'revisionWithdrawn', target: '#initialized', actions: ['observe', 'withdraw'] },
    { guard: 'revisionSkipsAnalysis', target: '#promoting', actions: ['observe', 'supersede'] },
    // reenter: superseding inside `waiting` is a fresh start, so its entry stamps the time again.
    { guard: 'revisionIsNew', target: '#waiting', reenter: true, actions: ['observe', 'supersede'] },
  ],
  PROMOTE: { target: '#promoting', actions: 'promoteByOperator' },
  ABORT: { target: '#failed', actions: 'abort' },
} as const;

/** The confirm-rollout gate: the canary does not run until it opens. */
export const waitingState = releaseSetup.createStateConfig({
  id: 'waiting',
  meta: { phase: Phase.Waiting },
  entry: 'stampTransition',
  on: {
    ...inFlightControls,
    TICK: [
      { guard: 'rolloutGateOpen', target: '#progressing', actions: ['observe', 'openRollout'] },
      { actions: ['observe', 'holdRolloutGate'] },
    ],
  },
});

/** Checked first on every tick that may analyse: an explicit rollback, the deadline, readiness. */
export const rollbackGuardrails = [
  { guard: 'rollbackRequested', target: '#failed', actions: ['observe', 'rollBackOnWebhook'] },
  {
    guard: { type: 'pastDeadline', params: WORKLOADS },
    target: '#failed',
    actions: ['observe', { type: 'rollBackOnDeadline', params: WORKLOADS }],
  },
  { guard: { type: 'unready', params: WORKLOADS }, actions: ['observe', { type: 'trackUnready', params: WORKLOADS }] },
] as const satisfies readonly TickTransition[];

/** A due tick's failing and inconclusive checks; what is left is a passing tick. */
export const checkGuardrails = [
  { guard: 'checksReachThreshold', target: '#failed', actions: ['observe', 'countFailedCheck', 'rollBackOnChecks'] },
  { guard: 'checksFailed', actions: ['observe', 'countFailedCheck'] },
  { guard: 'checksInconclusive', actions: ['observe', 'holdInconclusive'] },
] as const satisfies readonly TickTransition[];

/** Progressing, with the strategy's handling of passing analysis ticks. Paused holds traffic. */
export function progressingState(onPass: readonly TickTransition[]) {
  return releaseSetup.createStateConfig({
    id: 'progressing',
    meta: { phase: Phase.Progressing },
    tags: [ReleaseTag.CanaryRunning],
    entry: 'stampTransition',
    initial: 'analysing',
    on: { ...inFlightControls },
    states: {
      analysing: {
        id: 'analysing',
        meta: { phase: Phase.Progressing },
        tags: [ReleaseTag.Analysing],
        entry: 'stampTransition',
        on: { PAUSE: { target: 'paused', actions: 'pause' }, TICK: [
            ...rollbackGuardrails,
            { guard: 'analysisNotDue', actions: ['observe', 'markSettled'] },
            ...checkGuardrails,
            ...onPass,
          ], },
      },
      paused: {
        id: 'paused',
        meta: { phase: Phase.Progressing },
        tags: [ReleaseTag.Paused],
        entry: 'stampTransition',
        on: {
          RESUME: { target: 'analysing', actions: 'resume' },
          TICK: [{ guard: 'rollbackRequested', target: '#failed', actions: ['observe', 'rollBackOnWebhook'] }, stay],
        },
      },
    },
  });
}

/** The confirm-promotion gate; analysis goes on, so failures can still roll back. */
export const waitingPromotionState = releaseSetup.createStateConfig({
  id: 'waitingPromotion',
  meta: { phase: Phase.WaitingPromotion },
  tags: [ReleaseTag.CanaryRunning, ReleaseTag.Analysing],
  entry: 'stampTransition',
  on: {
    ...inFlightControls,
    TICK: [
      ...rollbackGuardrails,
      ...checkGuardrails,
      { guard: 'promotionGateOpen', target: '#promoting', actions: ['observe', 'recordPass', 'beginPromotion'] },
      { actions: ['observe', 'recordPass', 'holdPromotionGate'] },
    ],
  },
});

/** Traffic is back on the primary; the canary scales down, and the next tick completes the release. */
export const finalisingState = releaseSetup.createStateConfig({
  id: 'finalising',
  meta: { phase: Phase.Finalising },
  entry: 'stampTransition',
  on: { TICK: { target: '#succeeded', actions: ['observe', 'complete'] } },
});

/**
 * Promotion states share this shell: the primary takes the canary's template and
 * must be ready at the new revision within the progress deadline. Strategies pass
 * the TICK transitions that move traffic, and extra entry actions.
 */
export function promotingState(onTick: readonly TickTransition[], entry: readonly 'switchTraffic'[] = []) {
  return releaseSetup.createStateConfig({
    id: 'promoting',
    meta: { phase: Phase.Promoting },
    tags: [ReleaseTag.CanaryRunning, ReleaseTag.PromoteTemplate],
    entry: ['stampTransition', ...entry],
    on: {
      TICK: [
        {
          guard: { type: 'pastDeadline', params: PROMOTION },
          target: '#failed',
          actions: ['observe', { type: 'rollBackOnDeadline', params: PROMOTION }],
        },
        ...onTick,
      ],
    },
  });
}
