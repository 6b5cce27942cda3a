import type { Clock, TimerHandle } from './clock.ts';

interface PendingTimer {
  readonly handle: TimerHandle;
  readonly dueAt: number;
  readonly seq: number;
  readonly fn: () => void;
}

/**
 * A manual clock for tests: time moves only when `advance` is called, and due timers
 * fire in due-time order (ties in creation order).
 */
export class FakeClock implements Clock {
  private current: number;
  private seq = 0;
  private readonly timers = new Map<TimerHandle, PendingTimer>();

  constructor(startMs = 1_700_000_000_000) {
    this.current = startMs;
  }

  /** Returns the simulated time. */
  now(): number {
    return this.current;
  }

  /** Registers a timer due `ms` from the simulated now. */
  setTimer(fn: () => void, ms: number): TimerHandle {
    const handle = {};
    this.seq += 1;
    this.timers.set(handle, { handle, dueAt: this.current + Math.max(0, ms), seq: this.seq, fn });
    return handle;
  }

  /** Cancels a pending timer. */
  clearTimer(handle: TimerHandle): void {
    this.timers.delete(handle);
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way, each at its own due time. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (let next = this.nextDue(target); next; next = this.nextDue(target)) {
      this.timers.delete(next.handle);
      this.current = Math.max(this.current, next.dueAt);
      next.fn();
    }
    this.current = target;
  }

  /** Returns how many timers are pending (tests use it to prove there is one timer, not one per key). */
  pendingTimers(): number {
    return this.timers.size;
  }

  /** Returns the due time of the earliest pending timer, or null. */
  nextTimerAt(): number | null {
    return this.nextDue(Number.POSITIVE_INFINITY)?.dueAt ?? null;
  }

  private nextDue(limit: number): PendingTimer | undefined {
    let best: PendingTimer | undefined;
    for (const timer of this.timers.values()) {
      if (timer.dueAt > limit) continue;
      if (!best || timer.dueAt < best.dueAt || (timer.dueAt === best.dueAt && timer.seq < best.seq)) best = timer;
    }
    return best;
  }
}
