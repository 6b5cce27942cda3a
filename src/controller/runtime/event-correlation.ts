/**
 * Remembers recently sent Events so a repeat becomes a count bump on the existing Event instead of
 * a new object, as Kubernetes' own event recorders do: the same involved object, type, reason,
 * message and source within the window is one Event with `count` and `lastTimestamp` moving.
 */

/** The fields of a core/v1 Event that decide whether two Events are repeats of each other. */
export interface CorrelatedFields {
  involvedObject?: { apiVersion?: string; kind?: string; namespace?: string; name?: string; uid?: string | undefined };
  type?: string;
  reason?: string;
  message?: string;
  source?: { component?: string };
}

/** The Event a repeat should update. */
export interface SentEvent {
  name: string;
  count: number;
  /** When it was last created or bumped (ms). */
  at: number;
}

/** How long a sent Event absorbs repeats, and how many are remembered. */
export interface CorrelationLimits {
  windowMs: number;
  maxRemembered: number;
}

/** Ten minutes, as client-go's aggregation interval; 4,096 entries, as its LRU cache. */
export const DEFAULT_CORRELATION_LIMITS: CorrelationLimits = Object.freeze({ windowMs: 600_000, maxRemembered: 4096 });

/** The repeat key of an Event: involved object (not its resourceVersion), type, reason, message and source. */
export function correlationKey(event: CorrelatedFields): string {
  const about = event.involvedObject ?? {};
  return JSON.stringify([about.apiVersion, about.kind, about.namespace, about.name, about.uid, event.type, event.reason, event.message, event.source?.component]);
}

/** A bounded, least-recently-used memory of sent Events by repeat key. */
export class EventCorrelator {
  private readonly sent = new Map<string, SentEvent>();

  constructor(private readonly limits: CorrelationLimits = DEFAULT_CORRELATION_LIMITS) {}

  /** The Event a repeat of `key` at `now` should bump, or undefined when it should be created. */
  repeatOf(key: string, now: number): SentEvent | undefined {
    const found = this.sent.get(key);
    if (found === undefined) return undefined;
    if (now - found.at > this.limits.windowMs) {
      this.sent.delete(key);
      return undefined;
    }
    return found;
  }

  /** Records that the Event for `key` now exists under `name` with `count`. */
  remember(key: string, sent: SentEvent): void {
    // Re-inserting moves the key to the young end, so the oldest entry is the first one.
    this.sent.delete(key);
    this.sent.set(key, sent);
    if (this.sent.size <= this.limits.maxRemembered) return;
    const oldest = this.sent.keys().next();
    if (oldest.done !== true) this.sent.delete(oldest.value);
  }

  /** Forgets `key` (its Event is gone; the next repeat creates a new one). */
  forget(key: string): void {
    this.sent.delete(key);
  }

  /** The number of Events remembered. */
  get size(): number {
    return this.sent.size;
  }
}
