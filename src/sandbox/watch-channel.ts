// Watchers and the channels that group them. Watchers with the same filter and rendering share
// a channel: each event is filtered and serialized once per channel, the channel's lines are
// concatenated once per flush, and that one buffer is written to every member socket.
import type { KubeObject } from './resource-type.ts';
import type { ObjectPredicate } from './selectors.ts';
import { offerJson } from './json-reuse.ts';

/** Where a watcher's bytes go (an HTTP response in practice). */
export interface WatchSink {
  write(chunk: Buffer): boolean;
  end(): void;
  readonly writableLength: number;
}

/** What a watcher wants to see and how objects are rendered for it. */
export interface WatchFilter {
  resource: string;
  namespace?: string;
  predicate?: ObjectPredicate;
  /** Renders a stored object for this watcher (e.g. sets the requested apiVersion). */
  render: (obj: KubeObject) => KubeObject;
  /** Identifies the rendering, so watchers with the same one share serialized bytes. */
  renderKey: string;
  /** Identifies the whole filter (resource, namespace, selectors, rendering, bookmarks): equal keys share a channel. */
  channelKey: string;
  /** Kind and apiVersion for BOOKMARK objects. */
  kind: string;
  apiVersion: string;
  bookmarks: boolean;
}

/** Serializes one watch event line (same bytes as JSON.stringify({ type, object }) plus a newline). */
export function watchLine(type: string, object: unknown): Buffer {
  const text = JSON.stringify(object);
  if (typeof object === 'object' && object !== null) offerJson(object, text);
  return Buffer.from(`{"type":${JSON.stringify(type)},"object":${text}}\n`);
}

/** A live watch; `close()` ends its stream. */
export class Watcher {
  /** Lines for this watcher only (initial state, replay), written before its channel's lines. */
  own: Buffer[] = [];
  closed = false;
  timer: NodeJS.Timeout | undefined;
  channel: Channel | undefined;

  constructor(
    readonly sink: WatchSink,
    readonly filter: WatchFilter,
    private readonly onClose: (w: Watcher) => void,
  ) {}

  /** Ends the stream after writing what is queued for it alone. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.onClose(this);
    this.writeOwn();
    this.sink.end();
  }

  /** Writes the watcher's own queued lines. */
  writeOwn(): void {
    if (this.own.length === 0) return;
    const chunk = this.own.length === 1 ? this.own[0] : Buffer.concat(this.own);
    this.own = [];
    if (chunk !== undefined) this.sink.write(chunk);
  }
}

/** Watchers sharing one filter, and the lines queued for all of them. */
export class Channel {
  readonly members = new Set<Watcher>();
  pending: Buffer[] = [];

  constructor(readonly filter: WatchFilter) {}

  /** Writes the queued lines to every member (own lines first); drops members over `maxBuffered`. */
  flush(maxBuffered: number): void {
    const chunk = this.pending.length <= 1 ? this.pending[0] : Buffer.concat(this.pending);
    this.pending = [];
    for (const watcher of [...this.members]) {
      if (watcher.sink.writableLength > maxBuffered) {
        // A client this far behind would hold everyone's memory; it re-watches from its last version.
        watcher.own = [];
        watcher.close();
        continue;
      }
      watcher.writeOwn();
      if (chunk !== undefined) watcher.sink.write(chunk);
    }
  }
}
