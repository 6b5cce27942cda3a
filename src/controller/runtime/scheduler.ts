import type { Clock, TimerHandle } from './clock.ts';
import { MinHeap } from './min-heap.ts';

interface Entry {
  readonly key: string;
  readonly dueAt: number;
}

export interface SchedulerOptions {
  clock: Clock;
  /** Called once per key when its due time arrives. */
  onDue: (key: string) => void;
}

/**
 * One scheduler for every key: a min-heap of due times and a single timer armed for the
 * earliest one. There is no timer per key and no polling loop.
 *
 * A key holds at most one due time. Scheduling an earlier time replaces a later one; a later
 * time for a key that is already due sooner is ignored, because the earlier pass reschedules.
 */
export class Scheduler {
  private readonly heap = new MinHeap<Entry>((a, b) => a.dueAt < b.dueAt);
  private readonly dueByKey = new Map<string, number>();
  private timer: TimerHandle | null = null;
  private timerAt = Number.POSITIVE_INFINITY;
  private stopped = false;

  constructor(private readonly options: SchedulerOptions) {}

  /** Ensures `key` becomes due no later than `dueAt` (epoch ms); returns whether the due time changed. */
  schedule(key: string, dueAt: number): boolean {
    if (this.stopped) return false;
    const current = this.dueByKey.get(key);
    if (current !== undefined && current <= dueAt) return false;
    this.dueByKey.set(key, dueAt);
    this.heap.push({ key, dueAt });
    this.compactIfStale();
    this.arm();
    return true;
  }

  /** Ensures `key` becomes due no later than `delayMs` from now. */
  scheduleIn(key: string, delayMs: number): boolean {
    return this.schedule(key, this.options.clock.now() + Math.max(0, delayMs));
  }

  /** Forgets the due time of `key`, if any. */
  cancel(key: string): void {
    // The heap entry stays until popped or compacted; it is recognised as stale then.
    this.dueByKey.delete(key);
    this.compactIfStale();
  }

  /** Returns the due time of `key`, or undefined when it has none. */
  dueAt(key: string): number | undefined {
    return this.dueByKey.get(key);
  }

  /** Returns how many keys have a due time. */
  get size(): number {
    return this.dueByKey.size;
  }

  /** Cancels the timer and every due time; later `schedule` calls are ignored. */
  stop(): void {
    this.stopped = true;
    this.disarm();
    this.dueByKey.clear();
    this.heap.retain(() => false);
  }

  private fire(): void {
    this.timer = null;
    this.timerAt = Number.POSITIVE_INFINITY;
    const now = this.options.clock.now();
    const due: string[] = [];
    for (let top = this.liveTop(); top && top.dueAt <= now; top = this.liveTop()) {
      this.heap.pop();
      this.dueByKey.delete(top.key);
      due.push(top.key);
    }
    this.arm();
    // Keys are handed out after the heap is consistent, so a callback may reschedule freely.
    for (const key of due) this.options.onDue(key);
  }

  /** Drops stale entries from the top and returns the earliest live one. */
  private liveTop(): Entry | undefined {
    for (let top = this.heap.peek(); top; top = this.heap.peek()) {
      if (this.dueByKey.get(top.key) === top.dueAt) return top;
      this.heap.pop();
    }
    return undefined;
  }

  private arm(): void {
    const top = this.liveTop();
    if (!top) {
      this.disarm();
      return;
    }
    if (this.timer && this.timerAt <= top.dueAt) return;
    this.disarm();
    this.timerAt = top.dueAt;
    this.timer = this.options.clock.setTimer(() => {
      this.fire();
    }, top.dueAt - this.options.clock.now());
  }

  private disarm(): void {
    if (this.timer) this.options.clock.clearTimer(this.timer);
    this.timer = null;
    this.timerAt = Number.POSITIVE_INFINITY;
  }

  /** Rebuilds the heap when replaced or cancelled entries outnumber live ones, bounding memory. */
  private compactIfStale(): void {
    if (this.heap.size <= 2 * this.dueByKey.size + 64) return;
    this.heap.retain((entry) => this.dueByKey.get(entry.key) === entry.dueAt);
  }
}
