import type { ReleaseConfig, ReleaseContext, ReleaseEvent, ReleaseInput, TickEvent } from './release-types.ts';

/** A partial context: what one action changes. */
export type ContextUpdate = Partial<ReleaseContext>;

/** The context a machine starts with: nothing released yet, waiting for the primary. */
export function initialContext(input: ReleaseInput): ReleaseContext {
  return {
    ...freshAttempt(null),
    config: input.config,
    promotedRevision: null,
    lastTransitionAt: input.now,
    message: 'waiting for the primary to become ready',
  };
}

/** The context fields every new attempt starts from. */
export type AttemptFields = Pick<ReleaseContext,
  'revision' | 'canaryWeight' | 'failedChecks' | 'iterations' | 'stepIndex' | 'lastAnalysisAt' | 'unreadySince' | 'preRolloutDone' | 'canaryReady' | 'canaryQuietSince'>;

/**
 * Counters and traffic of a fresh attempt at `revision`: nothing analysed, all traffic on the
 * primary. `quietSince` is when the canary workload last served traffic before it (see
 * `ReleaseContext.canaryQuietSince`).
 */
export function freshAttempt(revision: string | null, quietSince: number | null = null): AttemptFields {
  return {
    revision,
    canaryWeight: 0,
    failedChecks: 0,
    iterations: 0,
    stepIndex: -1,
    lastAnalysisAt: null,
    unreadySince: null,
    preRolloutDone: false,
    canaryReady: false,
    canaryQuietSince: quietSince,
  };
}

/** The event's time; the init event has none, so the context's own time stands in. */
export function eventTime(context: ReleaseContext, event: { type: string; now?: number }): number {
  return event.now ?? context.lastTransitionAt;
}

/** Narrows an event to a TICK, or null for any other event. */
export function tickOf(event: ReleaseEvent): TickEvent | null {
  return event.type === 'TICK' ? event : null;
}

/**
 * When the next interval is up: an interval after the last analysis; before an attempt's first,
 * `firstAnalysisDelayMs` after the last transition (at once without a delay).
 */
export function intervalDueTime(context: ReleaseContext, config: ReleaseConfig): number {
  if (context.lastAnalysisAt !== null) return context.lastAnalysisAt + config.intervalMs;
  const delay = config.firstAnalysisDelayMs ?? 0;
  return delay > 0 ? context.lastTransitionAt + delay : Number.NEGATIVE_INFINITY;
}

/**
 * The first moment metric windows hold only this attempt's requests. Before pre-rollout passes
 * no metric is judged, so nothing waits.
 */
export function metricWindowClearTime(context: ReleaseContext, config: ReleaseConfig): number {
  const quietSince = context.canaryQuietSince;
  // typeof, not === null: a snapshot restored without the field must not make analysis never due.
  if (!context.preRolloutDone || typeof quietSince !== 'number') return Number.NEGATIVE_INFINITY;
  return quietSince + (config.metricWindowMs ?? 0);
}

/** When the next analysis tick is due: the interval is up and metric windows are clear. */
export function analysisDueTime(context: ReleaseContext, config: ReleaseConfig): number {
  return Math.max(intervalDueTime(context, config), metricWindowClearTime(context, config));
}

/** True when this tick may carry analysis. */
export function isAnalysisDue(context: ReleaseContext, tick: TickEvent): boolean {
  return tick.now >= analysisDueTime(context, tick.config);
}

/** True when an interval has passed since the last analysis (promotion steps walk by interval). */
export function isIntervalDue(context: ReleaseContext, tick: TickEvent): boolean {
  return tick.now >= intervalDueTime(context, tick.config);
}

/** `lastAnalysisAt` after this tick: moved to now only when the tick was an analysis tick. */
export function analysedAt(context: ReleaseContext, tick: TickEvent): number | null {
  return isAnalysisDue(context, tick) ? tick.now : context.lastAnalysisAt;
}

/** Who asked for an operator action, for messages. */
export function actorOf(event: ReleaseEvent): string {
  return 'actor' in event && event.actor !== undefined && event.actor !== '' ? event.actor : 'an operator';
}
