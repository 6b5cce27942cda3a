/**
 * The contract between the release machines and everything around them.
 *
 * Machines are pure: events come in (each carrying `now`, epoch milliseconds),
 * and the machine's context yields the desired state that the reconciler
 * converges the cluster to. Nothing in here performs I/O or reads a clock.
 */

/** The three release strategies; the same names appear in `spec.strategy`. */
export const Strategy = Object.freeze({
  Canary: 'canary',
  BlueGreen: 'blueGreen',
  ABTesting: 'abTesting',
} as const);
export type Strategy = (typeof Strategy)[keyof typeof Strategy];

/** Flagger's phase names, reported in `status.phase`. */
export const Phase = Object.freeze({
  Initializing: 'Initializing',
  Initialized: 'Initialized',
  Waiting: 'Waiting',
  Progressing: 'Progressing',
  WaitingPromotion: 'WaitingPromotion',
  Promoting: 'Promoting',
  Finalising: 'Finalising',
  Succeeded: 'Succeeded',
  Failed: 'Failed',
  Terminating: 'Terminating',
  Terminated: 'Terminated',
} as const);
export type Phase = (typeof Phase)[keyof typeof Phase];

/**
 * The analysis settings a machine needs, already defaulted and validated.
 * Derived from a Canary spec by `src/api`; durations are milliseconds.
 */
export interface ReleaseConfig {
  strategy: Strategy;
  /** Analysis tick period. */
  intervalMs: number;
  /** Failed checks (cumulative) that trigger rollback. */
  threshold: number;
  /** Canary strategy: the weights to walk through, in order; the last one is maxWeight. */
  stepWeights: number[];
  /** Canary strategy: after promotion, move traffic back to the primary in steps of this size (0 = at once). */
  stepWeightPromotion: number;
  /** Blue/green and A/B: the number of successful analysis iterations before promotion. */
  iterations: number;
  /** Mirror traffic to the canary during analysis (blue/green, or canary with mirrorWeight). */
  mirror: boolean;
  /** Percentage of traffic mirrored when `mirror` is on. */
  mirrorWeight: number;
  /** Time the canary (or primary) may stay not-ready before the release is rolled back. */
  progressDeadlineMs: number;
  /** Promote without analysis. */
  skipAnalysis: boolean;
  /**
   * How long after the state that analyses is entered an attempt's first analysis waits, in
   * [0, intervalMs). Canaries released together then tick spread over the interval instead of all
   * in the same instant, each one still every intervalMs. Absent or 0: the first analysis is at once.
   */
  firstAnalysisDelayMs?: number;
  /**
   * The longest window a metric check reads (each metric's `interval`). Metrics are read per
   * workload, and the canary workload keeps its name across revisions, so a window that reaches
   * back to requests it served before this attempt would judge another revision: checks wait
   * until the window starts after `canaryQuietSince`. Absent or 0: no wait.
   */
  metricWindowMs?: number;
}

/** The verdict of one measurement, following Argo Rollouts' measurement phases. */
export const Verdict = Object.freeze({
  Successful: 'Successful',
  Failed: 'Failed',
  Inconclusive: 'Inconclusive',
  Error: 'Error',
} as const);
export type Verdict = (typeof Verdict)[keyof typeof Verdict];

/** One check's result for one tick: a metric, or a webhook acting as a check. */
export interface CheckResult {
  name: string;
  /** `metric` for builtin or templated metrics, or a webhook type such as `pre-rollout` or `rollout`. */
  kind: string;
  verdict: Verdict;
  value?: number | null;
  message?: string;
}

/**
 * Gates: each is true when it is open (no gate webhook configured, or the
 * webhook answered success this tick).
 */
export interface Gates {
  confirmRollout: boolean;
  confirmTrafficIncrease: boolean;
  confirmPromotion: boolean;
}

/** Everything the reconciler observed this pass, fed to the machine as one event. */
export interface TickEvent {
  type: 'TICK';
  now: number;
  config: ReleaseConfig;
  /** The canary Deployment has at least `canaryReadyThreshold` percent of pods available. */
  canaryReady: boolean;
  /** The primary Deployment has at least `primaryReadyThreshold` percent of pods available. */
  primaryReady: boolean;
  /** The revision the primary currently runs (hash of its pod template, as the target's hash). */
  primaryRevision: string | null;
  /** Results of this tick's analysis; empty when the reconciler did not analyse on this pass. */
  checks: CheckResult[];
  gates: Gates;
  /** A `rollback` webhook answered success. */
  rollbackRequested: boolean;
}

/** The target's pod template changed to a revision that has not been promoted. */
export interface NewRevisionEvent {
  type: 'NEW_REVISION';
  now: number;
  revision: string;
  config: ReleaseConfig;
}

/** Operator actions, from annotations or the status page. */
export interface OperatorEvent {
  type: 'PROMOTE' | 'ABORT' | 'PAUSE' | 'RESUME' | 'RETRY';
  now: number;
  /** Who asked, when known (recorded in history). */
  actor?: string;
}

export type ReleaseEvent = TickEvent | NewRevisionEvent | OperatorEvent;
export type ReleaseEventType = ReleaseEvent['type'];

/**
 * What the cluster should look like. The reconciler converges to this and
 * never decides traffic itself.
 */
export interface DesiredState {
  /** Percent of the default route's traffic sent to the canary (0..100). */
  canaryWeight: number;
  /** Percent of traffic mirrored to the canary; 0 means no mirror. */
  mirrorWeight: number;
  /** A/B testing: requests matching `analysis.match` are routed to the canary. */
  routeMatchedToCanary: boolean;
  /** The canary Deployment should run (scaled up) rather than sit at 0 replicas. */
  canaryRunning: boolean;
  /** The primary should take the canary's pod template (promotion). */
  promoteTemplate: boolean;
}

/** One entry of `status.history`. */
export interface HistoryEntry {
  time: string;
  from: string;
  to: string;
  event: string;
  weight: number;
  message: string;
}

/** The context every release machine carries. */
export interface ReleaseContext {
  config: ReleaseConfig;
  /** The revision being released (or last released), as the hash of the target's pod template. */
  revision: string | null;
  /** The revision the primary was last promoted to. */
  promotedRevision: string | null;
  canaryWeight: number;
  failedChecks: number;
  /** Successful analysis iterations (blue/green, A/B) or steps taken (canary). */
  iterations: number;
  /** Index into `config.stepWeights` of the current weight; -1 before the first step. */
  stepIndex: number;
  /** When analysis last ran; analysis is due again at lastAnalysisAt + intervalMs. */
  lastAnalysisAt: number | null;
  /** When the canary or primary was first seen not ready in the current wait, or null. */
  unreadySince: number | null;
  /** The pre-rollout webhooks have passed for this revision. */
  preRolloutDone: boolean;
  /** When the machine last changed state (epoch ms). */
  lastTransitionAt: number;
  /** Human-readable reason for the current state. */
  message: string;
  /** The canary was ready on the last TICK (blue/green only switches traffic to a ready canary). */
  canaryReady: boolean;
  /**
   * When the canary workload last stopped serving before this attempt: the end of the previous
   * attempt (rollback, promotion, supersede) or the bootstrap that moved traffic to the primary.
   * Null when nothing is in flight. Absent in snapshots written before it existed (read as null).
   */
  canaryQuietSince: number | null;
}

/** What a machine is started with (`initialTransition(machine, input)`). */
export interface ReleaseInput {
  config: ReleaseConfig;
  now: number;
}

/** Each state's `meta`: the Flagger phase it reports, so pages and status can show it. */
export interface ReleaseStateMeta {
  phase: Phase;
}

/**
 * State tags: what a state means for the cluster. `desiredStateOf` and
 * `analysisDueAt` read these instead of listing state names.
 */
export const ReleaseTag = Object.freeze({
  /** The canary Deployment runs (scaled up). */
  CanaryRunning: 'canary-running',
  /** Analysis ticks are judged here. */
  Analysing: 'analysing',
  /** The primary takes the canary's pod template. */
  PromoteTemplate: 'promote-template',
  /** An operator paused the release. */
  Paused: 'paused',
} as const);
export type ReleaseTag = (typeof ReleaseTag)[keyof typeof ReleaseTag];
