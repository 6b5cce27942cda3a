/**
 * One scheduler for every delayed action of the simulator: a min-heap of
 * (due time, key) with a single timer armed for the earliest entry. Thousands
 * of pods waiting to become ready therefore cost one timer, not thousands.
 */
import type { Clock, TimerHandle } from './clock.ts';

interface Entry {
  due: number;
  key: string;
}

/** A keyed, de-duplicated queue that fires each key once its due time has come. */
export class DueQueue {
  private readonly heap: Entry[] = [];
  private readonly dueByKey = new Map<string, number>();
  private timer: TimerHandle | undefined;
  private armedFor = Number.POSITIVE_INFINITY;
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly fire: (key: string) => void,
  ) {}

  /** Schedules `key` at `due` (epoch ms); if it is already scheduled, the earlier time wins. */
  schedule(key: string, due: number): void {
    if (this.stopped) return;
    const existing = this.dueByKey.get(key);
    if (existing !== undefined && existing <= due) return;
    this.dueByKey.set(key, due);
    this.push({ due, key });
    this.arm();
  }

  /** Forgets `key`, so it will not fire (a later `schedule` re-adds it). */
  cancel(key: string): void {
    this.dueByKey.delete(key);
  }

  /** The number of keys waiting to fire. */
  get size(): number {
    return this.dueByKey.size;
  }

  /** Cancels the timer and drops every entry; nothing fires afterwards. */
  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = undefined;
    this.heap.length = 0;
    this.dueByKey.clear();
  }

  private arm(): void {
    const head = this.peekLive();
    if (head === undefined || head.due >= this.armedFor) return;
    this.timer?.cancel();
    this.armedFor = head.due;
    this.timer = this.clock.setTimer(head.due - this.clock.now(), () => { this.onTimer(); });
  }

  private onTimer(): void {
    this.timer = undefined;
    this.armedFor = Number.POSITIVE_INFINITY;
    const now = this.clock.now();
    const ready: string[] = [];
    for (let head = this.peekLive(); head !== undefined && head.due <= now; head = this.peekLive()) {
      this.pop();
      this.dueByKey.delete(head.key);
      ready.push(head.key);
    }
    this.arm();
    for (const key of ready) {
      if (this.stopped) return;
      this.fire(key);
    }
  }

  /** The earliest entry that is still current, discarding superseded ones on the way. */
  private peekLive(): Entry | undefined {
    for (let head = this.heap[0]; head !== undefined; head = this.heap[0]) {
      if (this.dueByKey.get(head.key) === head.due) return head;
      this.pop();
    }
    return undefined;
  }

  private push(entry: Entry): void {
    const heap = this.heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heapAt(heap, parent).due <= entry.due) break;
      heap[i] = heapAt(heap, parent);
      i = parent;
    }
    heap[i] = entry;
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop();
    if (last === undefined || heap.length === 0) return;
    let i = 0;
    for (;;) {
      const child = smallerChild(heap, i);
      if (child === undefined || heapAt(heap, child).due >= last.due) break;
      heap[i] = heapAt(heap, child);
      i = child;
    }
    heap[i] = last;
  }
}

function heapAt(heap: Entry[], i: number): Entry {
  const entry = heap[i];
  if (entry === undefined) throw new Error(`due-queue heap index ${i} out of range`);
  return entry;
}

function smallerChild(heap: Entry[], i: number): number | undefined {
  const left = 2 * i + 1;
  const right = left + 1;
  if (left >= heap.length) return undefined;
  if (right >= heap.length) return left;
  return heapAt(heap, right).due < heapAt(heap, left).due ? right : left;
}
