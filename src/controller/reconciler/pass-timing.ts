import type { ReleaseSnapshot } from '../../../machines/registry.ts';
import { analysisDueAt } from '../../../machines/run.ts';

/** How often passes come when nothing is due. */
export interface PassTiming {
  /** While waiting for readiness, a gate or a promotion. */
  pollMs: number;
  /** At rest (initialized, succeeded, failed): informers bring changes, this is a safety net. */
  restResyncMs: number;
}

const AT_REST = ['initialized', 'succeeded', 'failed'] as const;
// Never spin: a due time in the past still waits a little for the write to reach the cache.
const MIN_DELAY_MS = 10;

/** Milliseconds until the snapshot's next pass: its next analysis, or a poll while it waits, or a resync at rest. */
export function nextPassIn(snapshot: ReleaseSnapshot, now: number, timing: PassTiming): number {
  if (AT_REST.some((state) => snapshot.matches(state))) return timing.restResyncMs;
  const due = analysisDueAt(snapshot);
  const waiting = snapshot.context.unreadySince !== null;
  if (due === null || waiting) return Math.max(MIN_DELAY_MS, Math.min(timing.pollMs, due === null ? timing.pollMs : due - now));
  return Math.max(MIN_DELAY_MS, due - now);
}

/**
 * True when a pass that moved the machine should be followed by another as soon as the cache
 * holds its writes: the new state is not at rest and has no analysis due later (it polls a gate,
 * readiness or a promotion step, which the next TICK may already pass).
 */
export function wantsFollowUp(snapshot: ReleaseSnapshot, now: number): boolean {
  if (AT_REST.some((state) => snapshot.matches(state))) return false;
  const due = analysisDueAt(snapshot);
  return due === null || due <= now || snapshot.context.unreadySince !== null;
}
