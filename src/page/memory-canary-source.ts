/**
 * A CanarySource held in plain maps and fed by calls: used by tests and demos, and the
 * store the informer-backed source writes into.
 */
import type { Canary } from '../api/canary-types.ts';
import type { CanaryEventRecord, CanarySource, SourceChange, SourceListener } from './canary-source.ts';

/** Events kept per Canary; older ones are dropped first. */
export const MAX_EVENTS_PER_CANARY = 100;

function keyOf(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

/** A source whose contents are set by `put`, `remove` and `putEvents`. */
export class MemoryCanarySource implements CanarySource {
  private readonly canaries = new Map<string, Canary>();
  private readonly eventsByCanary = new Map<string, CanaryEventRecord[]>();
  private readonly listeners = new Set<SourceListener>();

  /** Every Canary, sorted by namespace then name. */
  list(): readonly Canary[] {
    return [...this.canaries.values()].sort((a, b) => keyOf(a.metadata.namespace ?? '', a.metadata.name).localeCompare(keyOf(b.metadata.namespace ?? '', b.metadata.name)));
  }

  /** The Canary, or undefined. */
  get(namespace: string, name: string): Canary | undefined {
    return this.canaries.get(keyOf(namespace, name));
  }

  /** Events about the Canary, oldest first. */
  events(namespace: string, name: string): readonly CanaryEventRecord[] {
    return this.eventsByCanary.get(keyOf(namespace, name)) ?? [];
  }

  /** Adds a listener; returns its removal. */
  onChange(listener: SourceListener): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  /** Stores (adds or replaces) a Canary and tells listeners. */
  put(canary: Canary): void {
    const namespace = canary.metadata.namespace ?? 'default';
    const key = keyOf(namespace, canary.metadata.name);
    const verb = this.canaries.has(key) ? 'update' : 'add';
    this.canaries.set(key, canary);
    this.emit({ kind: 'canary', verb, namespace, name: canary.metadata.name });
  }

  /** Forgets a Canary and its Events and tells listeners. */
  remove(namespace: string, name: string): void {
    const key = keyOf(namespace, name);
    if (!this.canaries.delete(key)) return;
    this.eventsByCanary.delete(key);
    this.emit({ kind: 'canary', verb: 'delete', namespace, name });
  }

  /** Replaces the Events about one Canary (sorted by time, newest MAX_EVENTS_PER_CANARY kept). */
  putEvents(namespace: string, name: string, events: readonly CanaryEventRecord[]): void {
    const sorted = [...events].sort((a, b) => a.time.localeCompare(b.time)).slice(-MAX_EVENTS_PER_CANARY);
    if (sorted.length === 0) this.eventsByCanary.delete(keyOf(namespace, name));
    else this.eventsByCanary.set(keyOf(namespace, name), sorted);
    this.emit({ kind: 'event', verb: 'update', namespace, name });
  }

  private emit(change: SourceChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch {
        // A listener's failure must not stop the others or the writer.
      }
    }
  }
}
