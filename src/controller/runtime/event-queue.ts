/**
 * Sends Kubernetes Events off the reconcile path, as Kubernetes' own event recorders do: a
 * reconcile hands an Event over and goes on; a few senders write them in the order they came. A
 * repeat of an Event still waiting is folded into it, and a repeat of one already sent becomes a
 * PATCH of its `count` and `lastTimestamp` (event-correlation.ts). The queue is bounded: when it
 * is full the oldest waiting Event is dropped and counted, so a slow API server costs Events,
 * never memory. Transient failures (no answer, 429, 5xx) are retried a few times; `stop()` sends
 * what is still queued before the process exits.
 */
import { AsyncResource } from 'node:async_hooks';
import type { Clock } from './clock.ts';
import { systemClock } from './clock.ts';
import type { CorrelatedFields, CorrelationLimits } from './event-correlation.ts';
import { EventCorrelator, correlationKey } from './event-correlation.ts';
import type { Logger } from './logger.ts';
import { waitAtMost } from './wait-at-most.ts';

/** A core/v1 Event as the queue sends it. */
export interface QueuedEvent extends CorrelatedFields {
  metadata?: { name?: string; namespace?: string; [field: string]: unknown };
  count?: number;
  lastTimestamp?: string;
  [field: string]: unknown;
}

/** The two writes the queue makes. */
export interface EventWriter {
  create(namespace: string, event: QueuedEvent): Promise<void>;
  /** A merge patch of an existing Event's count and lastTimestamp. */
  bump(namespace: string, name: string, patch: { count: number; lastTimestamp: string }): Promise<void>;
}

/** How the queue's writes went, for metrics. */
export const EventOutcome = Object.freeze({ Created: 'created', Bumped: 'bumped', Folded: 'folded', Failed: 'failed', Dropped: 'dropped' } as const);
export type EventOutcome = (typeof EventOutcome)[keyof typeof EventOutcome];

/** What an EventQueue is built from. */
export interface EventQueueOptions {
  writer: EventWriter;
  logger: Logger;
  clock?: Clock;
  /** Events waiting at most; the oldest is dropped beyond (default 4096). */
  maxQueued?: number;
  /** Writes in flight at once (default 4). */
  concurrency?: number;
  /** Tries per Event on transient failures (default 3), the n-th retry after n × retryDelayMs. */
  maxAttempts?: number;
  retryDelayMs?: number;
  correlation?: CorrelationLimits;
  /** Called once per Event outcome (a fold is a repeat absorbed by one still queued). */
  onOutcome?: (outcome: EventOutcome) => void;
}

interface Pending {
  key: string;
  namespace: string;
  event: QueuedEvent;
  count: number;
  lastTimestamp: string | undefined;
}

/** A bounded, ordered, correlating Event sender with a fixed number of concurrent writes. */
export class EventQueue {
  // Insertion-ordered: the first entry is the oldest; keyed by repeat key so repeats fold.
  private readonly queue = new Map<string, Pending>();
  private readonly inFlight = new Set<string>();
  private readonly correlator: EventCorrelator;
  private readonly clock: Clock;
  private readonly idleWaiters: (() => void)[] = [];
  private stopped = false;
  // Sends run in the queue's own async context, not in that of the pass that recorded the Event: they are no part of it.
  private readonly pumpDetached = AsyncResource.bind(() => { this.pump(); });
  /** Events dropped because the queue was full or stopped. */
  dropped = 0;

  constructor(private readonly options: EventQueueOptions) {
    this.clock = options.clock ?? systemClock();
    this.correlator = new EventCorrelator(options.correlation);
  }

  /** Queues `event` in `namespace`; returns at once and never throws. */
  record(namespace: string, event: QueuedEvent): void {
    const key = correlationKey(event);
    const waiting = this.queue.get(key);
    if (waiting !== undefined) {
      waiting.count += event.count ?? 1;
      waiting.lastTimestamp = event.lastTimestamp ?? waiting.lastTimestamp;
      this.options.onOutcome?.(EventOutcome.Folded);
      return;
    }
    if (this.stopped) {
      this.drop(event);
      return;
    }
    if (this.queue.size >= (this.options.maxQueued ?? 4096)) this.dropOldest();
    this.queue.set(key, { key, namespace, event, count: event.count ?? 1, lastTimestamp: event.lastTimestamp });
    this.pumpDetached();
  }

  /** The number of Events waiting for a sender. */
  get depth(): number {
    return this.queue.size;
  }

  /** Resolves when nothing is queued or in flight. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => { this.idleWaiters.push(resolve); });
  }

  /** Takes no new Events and waits up to `timeoutMs` for the queued ones to be sent; the rest are dropped. */
  async stop(timeoutMs = 5000): Promise<void> {
    this.stopped = true;
    await waitAtMost(this.idle(), timeoutMs);
    for (const pending of this.queue.values()) this.drop(pending.event);
    this.queue.clear();
  }

  private dropOldest(): void {
    const oldest = this.queue.values().next();
    if (oldest.done === true) return;
    this.queue.delete(oldest.value.key);
    this.drop(oldest.value.event);
  }

  private drop(event: QueuedEvent): void {
    this.dropped += 1;
    this.options.onOutcome?.(EventOutcome.Dropped);
    // A flood of drops must not become a flood of log lines: the first, then every 100th.
    if (this.dropped === 1 || this.dropped % 100 === 0) {
      this.options.logger.warn('event dropped: queue full or stopping', { reason: event.reason, object: event.involvedObject?.name, droppedSoFar: this.dropped });
    }
  }

  private pump(): void {
    while (this.inFlight.size < (this.options.concurrency ?? 4)) {
      const next = this.takeReady();
      if (next === undefined) return;
      this.inFlight.add(next.key);
      void this.deliver(next).finally(() => { this.finished(next.key); });
    }
  }

  /** The oldest waiting Event whose repeat key has no write in flight (repeats are written one at a time, so counts add up). */
  private takeReady(): Pending | undefined {
    for (const pending of this.queue.values()) {
      if (this.inFlight.has(pending.key)) continue;
      this.queue.delete(pending.key);
      return pending;
    }
    return undefined;
  }

  private finished(key: string): void {
    this.inFlight.delete(key);
    this.pump();
    if (this.isIdle()) this.idleWaiters.splice(0).forEach((resolve) => { resolve(); });
  }

  private isIdle(): boolean {
    return this.inFlight.size === 0 && this.queue.size === 0;
  }

  private async deliver(pending: Pending): Promise<void> {
    const maxAttempts = this.options.maxAttempts ?? 3;
    for (let attempt = 1; ; attempt += 1) {
      try {
        // Written in two steps: an optional call skips evaluating its arguments when onOutcome is absent.
        const outcome = await this.write(pending);
        this.options.onOutcome?.(outcome);
        return;
      } catch (err: unknown) {
        if (attempt >= maxAttempts || !isTransient(err)) {
          this.options.onOutcome?.(EventOutcome.Failed);
          this.options.logger.warn('could not record event', { reason: pending.event.reason, object: pending.event.involvedObject?.name, attempts: attempt, err });
          return;
        }
        await this.sleep((this.options.retryDelayMs ?? 200) * attempt);
      }
    }
  }

  /** Bumps the Event this one repeats, or creates it (also when the repeated one is gone). */
  private async write(pending: Pending): Promise<EventOutcome> {
    const now = this.clock.now();
    const lastTimestamp = pending.lastTimestamp ?? new Date(now).toISOString();
    const repeat = this.correlator.repeatOf(pending.key, now);
    if (repeat !== undefined) {
      const count = repeat.count + pending.count;
      try {
        await this.options.writer.bump(pending.namespace, repeat.name, { count, lastTimestamp });
        this.correlator.remember(pending.key, { name: repeat.name, count, at: now });
        return EventOutcome.Bumped;
      } catch (err: unknown) {
        if (statusCode(err) !== 404) throw err;
        this.correlator.forget(pending.key);
      }
    }
    await this.options.writer.create(pending.namespace, { ...pending.event, count: pending.count, lastTimestamp });
    const name = pending.event.metadata?.name;
    if (name !== undefined) this.correlator.remember(pending.key, { name, count: pending.count, at: now });
    return EventOutcome.Created;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => { this.clock.setTimer(resolve, ms); });
  }
}

function statusCode(err: unknown): number | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** No HTTP answer (a connection error), too many requests, or a server error: worth another try. */
function isTransient(err: unknown): boolean {
  const code = statusCode(err);
  return code === undefined || code === 429 || code >= 500;
}
