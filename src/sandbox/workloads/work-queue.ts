/**
 * A keyed work queue in the controller-runtime mould: a key queued many times
 * runs once, a key never runs twice at the same time (a request that arrives
 * while it runs makes it run again afterwards), a bounded number of keys run
 * at once, and a failing key is retried with per-key exponential backoff.
 */
import type { Clock } from './clock.ts';
import { DueQueue } from './due-queue.ts';

/** What a handler asks for after a successful pass. */
export interface HandlerResult {
  /** Run this key again after this many milliseconds (level-based re-checks of time-driven state). */
  requeueAfterMs?: number;
}

/** Processes one key; a rejection means "retry with backoff". */
export type KeyHandler = (key: string) => Promise<HandlerResult | undefined>;

/** Tuning for a work queue. */
export interface WorkQueueOptions {
  concurrency: number;
  baseBackoffMs: number;
  maxBackoffMs: number;
  onError?: (key: string, err: unknown) => void;
  /** A shared scheduler for delayed keys (epoch-ms due time); without one the queue keeps its own. */
  scheduleAt?: (key: string, due: number) => void;
}

const DEFAULTS: WorkQueueOptions = Object.freeze({ concurrency: 16, baseBackoffMs: 5, maxBackoffMs: 30_000 });

/** Runs a handler per key with de-duplication, bounded concurrency and retry backoff. */
export class WorkQueue {
  private readonly pending = new Set<string>();
  private readonly order: string[] = [];
  private readonly running = new Set<string>();
  private readonly dirty = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly ownScheduler: DueQueue | undefined;
  private readonly scheduleAt: (key: string, due: number) => void;
  private readonly options: WorkQueueOptions;
  private readonly idleWaiters: (() => void)[] = [];
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly handler: KeyHandler,
    options: Partial<WorkQueueOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
    if (options.scheduleAt === undefined) {
      const own = new DueQueue(clock, (key) => { this.add(key); });
      this.ownScheduler = own;
      this.scheduleAt = (key, due) => { own.schedule(key, due); };
    } else {
      this.ownScheduler = undefined;
      this.scheduleAt = options.scheduleAt;
    }
  }

  /** Queues `key` to run as soon as a slot is free. */
  add(key: string): void {
    if (this.stopped) return;
    if (this.running.has(key)) {
      this.dirty.add(key);
      return;
    }
    if (this.pending.has(key)) return;
    this.pending.add(key);
    this.order.push(key);
    this.pump();
  }

  /** Queues `key` to run after `delayMs`. */
  addAfter(key: string, delayMs: number): void {
    if (this.stopped) return;
    this.scheduleAt(key, this.clock.now() + delayMs);
  }

  /** Keys queued or running right now (delayed keys not included). */
  get activeCount(): number {
    return this.pending.size + this.running.size;
  }

  /** Resolves once nothing is queued or running. */
  async idle(): Promise<void> {
    if (this.activeCount === 0) return;
    await new Promise<void>((resolve) => { this.idleWaiters.push(resolve); });
  }

  /** Stops taking work and resolves once running handlers have finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.ownScheduler?.stop();
    this.pending.clear();
    this.order.length = 0;
    await this.idle();
  }

  private pump(): void {
    while (this.running.size < this.options.concurrency && this.order.length > 0) {
      const key = this.order.shift();
      if (key === undefined || !this.pending.delete(key)) continue;
      this.running.add(key);
      void this.runOne(key);
    }
    this.notifyIdle();
  }

  private async runOne(key: string): Promise<void> {
    try {
      const result = await this.handler(key);
      this.failures.delete(key);
      if (result?.requeueAfterMs !== undefined) this.addAfter(key, result.requeueAfterMs);
    } catch (err) {
      this.retryLater(key, err);
    } finally {
      this.running.delete(key);
      if (this.dirty.delete(key)) this.add(key);
      this.pump();
    }
  }

  private retryLater(key: string, err: unknown): void {
    const attempt = (this.failures.get(key) ?? 0) + 1;
    this.failures.set(key, attempt);
    this.options.onError?.(key, err);
    const delay = Math.min(this.options.maxBackoffMs, this.options.baseBackoffMs * 2 ** (attempt - 1));
    this.addAfter(key, delay);
  }

  private notifyIdle(): void {
    if (this.activeCount !== 0) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
