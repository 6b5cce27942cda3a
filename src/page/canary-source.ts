/**
 * What the status page reads: Canaries and the Kubernetes Events about them, from
 * memory. Implementations are fed by informers (or by a test), so a page view never
 * turns into an API request.
 */
import type { Canary } from '../api/canary-types.ts';

/** One Kubernetes Event about a Canary, reduced to what the page shows. */
export interface CanaryEventRecord {
  /** `Normal` or `Warning`. */
  type: string;
  reason: string;
  message: string;
  /** When it last happened (ISO 8601), or '' when the Event carries no time. */
  time: string;
  count: number;
  source: string;
}

/** Which kind of object changed. */
export type SourceChangeKind = 'canary' | 'event';

/** What changed in a source. */
export interface SourceChange {
  kind: SourceChangeKind;
  verb: 'add' | 'update' | 'delete';
  namespace: string;
  /** The Canary's name (for an Event: the Canary it is about). */
  name: string;
}

/** Told about every change; must not throw. */
export type SourceListener = (change: SourceChange) => void;

/** Canaries and their Events as held in memory. */
export interface CanarySource {
  /** Every known Canary. */
  list(): readonly Canary[];
  /** The Canary `namespace/name`, or undefined. */
  get(namespace: string, name: string): Canary | undefined;
  /** Recent Events about the Canary, oldest first. */
  events(namespace: string, name: string): readonly CanaryEventRecord[];
  /** Registers a listener and returns the function that removes it. */
  onChange(listener: SourceListener): () => void;
}
