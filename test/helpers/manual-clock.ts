/**
 * A hand-driven clock for the sandbox workload simulator's `Clock`: time only
 * moves when a test calls `advance`, and due timers fire in time order.
 *
 * ```ts
 * const clock = new ManualClock(1_000_000);
 * queue.schedule('a', clock.now() + 100);
 * clock.advance(100); // fires 'a'
 * ```
 */
import type { Clock, TimerHandle } from '../../src/sandbox/workloads/clock.ts';

interface PendingTimer {
  at: number;
  seq: number;
  fire: () => void;
  cancelled: boolean;
}

/** A Clock whose time is set by the test. */
export class ManualClock implements Clock {
  private current: number;
  private seq = 0;
  private timers: PendingTimer[] = [];

  constructor(start = 1_700_000_000_000) {
    this.current = start;
  }

  /** The current fake time. */
  now(): number {
    return this.current;
  }

  /** Registers a timer that fires when `advance` passes its due time. */
  setTimer(delayMs: number, fire: () => void): TimerHandle {
    const timer: PendingTimer = { at: this.current + Math.max(0, delayMs), seq: this.seq++, fire, cancelled: false };
    this.timers.push(timer);
    return { cancel: () => { timer.cancelled = true; } };
  }

  /** Timers armed and not yet fired or cancelled. */
  get pendingTimers(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }

  /** Moves time forward by `ms`, firing due timers in order (including timers they set that fall due). */
  advance(ms: number): void {
    const target = this.current + ms;
    for (let next = this.nextDue(target); next !== undefined; next = this.nextDue(target)) {
      this.timers = this.timers.filter((t) => t !== next);
      this.current = Math.max(this.current, next.at);
      next.fire();
    }
    this.current = target;
  }

  private nextDue(limit: number): PendingTimer | undefined {
    this.timers = this.timers.filter((t) => !t.cancelled);
    let best: PendingTimer | undefined;
    for (const t of this.timers) {
      if (t.at > limit) continue;
      if (best === undefined || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t;
    }
    return best;
  }
}
