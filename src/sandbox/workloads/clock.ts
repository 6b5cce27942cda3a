/**
 * Time as an injectable dependency, so the scheduler and backoff can be driven
 * by a fake clock in tests instead of by real sleeps.
 */

/** A cancellable one-shot timer handle. */
export interface TimerHandle {
  cancel(): void;
}

/** The clock the simulator reads and the way it waits. */
export interface Clock {
  now(): number;
  setTimer(delayMs: number, fire: () => void): TimerHandle;
}

/** Returns the wall clock backed by `Date.now` and `setTimeout` (timers never keep the process alive). */
export function systemClock(): Clock {
  return {
    now: () => Date.now(),
    setTimer(delayMs, fire) {
      const timer = setTimeout(fire, Math.max(0, delayMs));
      timer.unref();
      return { cancel: () => { clearTimeout(timer); } };
    },
  };
}
