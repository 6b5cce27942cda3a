/**
 * The time source every runtime piece takes, so tests can drive time without sleeping
 * (the same idea as client-node's ListWatch taking a delay function).
 */

/** An opaque handle returned by `setTimer`, only meaningful to the clock that made it. */
export type TimerHandle = object;

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `fn` once after `ms` milliseconds. */
  setTimer(fn: () => void, ms: number): TimerHandle;
  /** Cancels a timer; cancelling one that already fired or was cancelled is harmless. */
  clearTimer(handle: TimerHandle): void;
}

// Node's setTimeout overflows (fires at once) above 2^31-1 ms; longer waits are clamped.
const MAX_TIMER_MS = 2_147_483_647;

/** Returns the wall clock backed by `Date.now` and unref'd Node timers (a pending timer never keeps the process alive). */
export function systemClock(): Clock {
  return {
    now: () => Date.now(),
    setTimer: (fn, ms) => {
      const timer = setTimeout(fn, Math.min(Math.max(0, ms), MAX_TIMER_MS));
      timer.unref();
      return timer;
    },
    clearTimer: (handle) => {
      clearTimeout(handle as NodeJS.Timeout);
    },
  };
}
