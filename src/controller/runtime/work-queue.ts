import type { Clock } from './clock.ts';
import { systemClock } from './clock.ts';
import type { BackoffPolicy } from './backoff.ts';
import { KeyedBackoff } from './backoff.ts';
import type { Logger } from './logger.ts';
import { isTerminalError } from './reconcile-errors.ts';
import { Scheduler } from './scheduler.ts';

/** What a reconcile asks of the queue when it succeeds. */
export interface ReconcileResult {
  /** Reconcile the key again after this many milliseconds (for example the next analysis tick). */
  requeueAfterMs?: number;
}

/** Reconciles one key; throwing retries it with backoff, unless the error is a TerminalError. */
export type ReconcileHandler = (key: string) => Promise<ReconcileResult | undefined>;

/** How one reconcile ended, as reported to metrics. */
export const ReconcileOutcome = Object.freeze({
  Success: 'success',
  RequeueAfter: 'requeue_after',
  Error: 'error',
  TerminalError: 'terminal_error',
} as const);
export type ReconcileOutcome = (typeof ReconcileOutcome)[keyof typeof ReconcileOutcome];

export interface WorkQueueHooks {
  /** Called whenever the number of keys waiting for a worker changes. */
  onDepth?: (depth: number) => void;
  /** Called after every reconcile. */
  onReconciled?: (key: string, outcome: ReconcileOutcome, durationMs: number) => void;
}

export interface WorkQueueOptions {
  handler: ReconcileHandler;
  /** At most this many keys are reconciled at once. */
  workers: number;
  clock?: Clock;
  /** Per-key retry backoff after errors; defaults to 5 ms doubling up to 5 minutes. */
  backoff?: BackoffPolicy;
  logger?: Logger;
  hooks?: WorkQueueHooks;
}

/** The default per-key error backoff: 5 ms, doubling, capped at 5 minutes. */
export const DEFAULT_RECONCILE_BACKOFF: BackoffPolicy = Object.freeze({ initialMs: 5, maxMs: 5 * 60_000 });

/**
 * A keyed work queue in the manner of client-go's: a key queued several times is reconciled
 * once; a key is never reconciled by two workers at once (one added while it is being
 * reconciled runs again right after); at most `workers` reconciles run at a time; failures
 * back off per key; delayed requeues go through one shared Scheduler.
 */
export class WorkQueue {
  private readonly queue: string[] = [];
  private readonly dirty = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly backoff: KeyedBackoff;
  private readonly scheduler: Scheduler;
  private readonly clock: Clock;
  private readonly idleWaiters: (() => void)[] = [];
  private head = 0;
  private shuttingDown = false;

  constructor(private readonly options: WorkQueueOptions) {
    if (!Number.isInteger(options.workers) || options.workers < 1) {
      throw new RangeError(`work queue: workers must be a positive integer, got ${String(options.workers)}`);
    }
    this.clock = options.clock ?? systemClock();
    this.backoff = new KeyedBackoff(options.backoff ?? DEFAULT_RECONCILE_BACKOFF);
    this.scheduler = new Scheduler({ clock: this.clock, onDue: (key) => { this.add(key); } });
  }

  /** Queues `key` for a reconcile unless it is already queued. */
  add(key: string): void {
    if (this.shuttingDown || this.dirty.has(key)) return;
    this.dirty.add(key);
    // A key being reconciled is re-queued when its reconcile ends, never run twice at once.
    if (this.processing.has(key)) return;
    this.queue.push(key);
    this.reportDepth();
    this.pump();
  }

  /** Queues `key` after `ms` milliseconds (an earlier pending due time for the key wins). */
  requeueAfter(key: string, ms: number): void {
    if (this.shuttingDown) return;
    this.scheduler.scheduleIn(key, ms);
  }

  /** Forgets a key's backoff and pending requeue (for example once its object is deleted). */
  forget(key: string): void {
    this.backoff.reset(key);
    this.scheduler.cancel(key);
  }

  /** Returns the number of keys waiting for a worker. */
  get depth(): number {
    return this.queue.length - this.head;
  }

  /** Returns the number of reconciles running now. */
  get active(): number {
    return this.processing.size;
  }

  /** Returns when `key` is next due from a delayed requeue or backoff, if it is. */
  dueAt(key: string): number | undefined {
    return this.scheduler.dueAt(key);
  }

  /** Returns the consecutive failures of `key` so far. */
  failuresOf(key: string): number {
    return this.backoff.failuresOf(key);
  }

  /** Resolves once nothing is queued or running (delayed requeues do not count). */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops taking keys, drops queued and delayed ones, and resolves when running reconciles finish. */
  async shutdown(): Promise<void> {
    this.shuttingDown = true;
    this.scheduler.stop();
    this.queue.length = 0;
    this.head = 0;
    this.dirty.clear();
    this.reportDepth();
    await this.whenIdle();
  }

  private pump(): void {
    while (this.processing.size < this.options.workers && this.depth > 0) {
      const key = this.takeNext();
      this.dirty.delete(key);
      this.processing.add(key);
      void this.run(key);
    }
  }

  private takeNext(): string {
    const key = this.queue[this.head] as string;
    this.head += 1;
    // Compact the array lazily so dequeue stays O(1) amortised.
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    this.reportDepth();
    return key;
  }

  private async run(key: string): Promise<void> {
    const started = this.clock.now();
    let outcome: ReconcileOutcome;
    try {
      const result = await this.options.handler(key);
      outcome = this.succeeded(key, result);
    } catch (err: unknown) {
      outcome = this.failed(key, err);
    }
    this.options.hooks?.onReconciled?.(key, outcome, this.clock.now() - started);
    this.finish(key);
  }

  private succeeded(key: string, result: ReconcileResult | undefined): ReconcileOutcome {
    this.backoff.reset(key);
    const after = result?.requeueAfterMs;
    if (after === undefined || !Number.isFinite(after) || after < 0) return ReconcileOutcome.Success;
    this.requeueAfter(key, after);
    return ReconcileOutcome.RequeueAfter;
  }

  private failed(key: string, err: unknown): ReconcileOutcome {
    if (isTerminalError(err)) {
      this.backoff.reset(key);
      this.options.logger?.error('reconcile failed permanently; not retrying', { key, err });
      return ReconcileOutcome.TerminalError;
    }
    const delayMs = this.backoff.failure(key);
    this.options.logger?.warn('reconcile failed; retrying with backoff', {
      key, err, delayMs, failures: this.backoff.failuresOf(key),
    });
    this.requeueAfter(key, delayMs);
    return ReconcileOutcome.Error;
  }

  private finish(key: string): void {
    this.processing.delete(key);
    if (this.dirty.has(key) && !this.shuttingDown) {
      this.queue.push(key);
      this.reportDepth();
    }
    this.pump();
    if (this.isIdle()) this.idleWaiters.splice(0).forEach((resolve) => { resolve(); });
  }

  private isIdle(): boolean {
    return this.processing.size === 0 && this.depth === 0;
  }

  private reportDepth(): void {
    this.options.hooks?.onDepth?.(this.depth);
  }
}
