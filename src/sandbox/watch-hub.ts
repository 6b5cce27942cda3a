// Fans committed store changes out to watchers. Recent events are retained in a ring buffer so
// a watch can resume from a resourceVersion; each event is serialized once per (type, version)
// and the same bytes are queued for every watcher, which are flushed together once per tick.
import type { KubeObject } from './resource-type.ts';
import type { ObjectStore, StoreEvent } from './object-store.ts';
import { ChangeType, metaOf } from './object-store.ts';
import type { ObjectPredicate } from './selectors.ts';
import { expired } from './status-errors.ts';

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
  /** Kind and apiVersion for BOOKMARK objects. */
  kind: string;
  apiVersion: string;
  bookmarks: boolean;
}

interface RetainedEvent {
  event: StoreEvent;
  lines: Map<string, Buffer>;
}

/** Tunables of the hub. */
export interface WatchHubOptions {
  window: number;
  bookmarkIntervalMs: number;
  /** Bytes a watcher may have queued in its socket before it is dropped as too slow. */
  maxBufferedBytes: number;
}

/** A live watch; `close()` ends its stream. */
export class Watcher {
  pending: Buffer[] = [];
  closed = false;
  timer: NodeJS.Timeout | undefined;

  constructor(
    readonly sink: WatchSink,
    readonly filter: WatchFilter,
    private readonly onClose: (w: Watcher) => void,
  ) {}

  /** Ends the stream after flushing what is queued. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.onClose(this);
    this.flush();
    this.sink.end();
  }

  /** Writes queued bytes in one chunk. */
  flush(): void {
    if (this.pending.length === 0) return;
    const chunk = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending);
    this.pending = [];
    if (chunk !== undefined) this.sink.write(chunk);
  }
}

// A modification seen through a selector: entering it is ADDED, leaving it is DELETED.
function modifiedType(predicate: ObjectPredicate, event: StoreEvent): ChangeType | undefined {
  const was = event.previous !== undefined && predicate(event.previous);
  const now = predicate(event.object);
  if (was === now) return now ? ChangeType.Modified : undefined;
  return now ? ChangeType.Added : ChangeType.Deleted;
}

function eventType(filter: WatchFilter, event: StoreEvent): ChangeType | undefined {
  if (filter.namespace !== undefined && metaOf(event.object).namespace !== filter.namespace) return undefined;
  const predicate = filter.predicate;
  if (predicate === undefined) return event.type;
  if (event.type === ChangeType.Modified) return modifiedType(predicate, event);
  const subject = event.type === ChangeType.Deleted ? (event.previous ?? event.object) : event.object;
  return predicate(subject) ? event.type : undefined;
}

/** Serializes one watch event line. */
export function watchLine(type: string, object: unknown): Buffer {
  return Buffer.from(`${JSON.stringify({ type, object })}\n`);
}

/** The watch fan-out hub attached to one store. */
export class WatchHub {
  private readonly ring: (RetainedEvent | undefined)[];
  private head = 0;
  private size = 0;
  private evictedThrough: number;
  private readonly byResource = new Map<string, Set<Watcher>>();
  private readonly dirty = new Set<Watcher>();
  private flushScheduled = false;
  private readonly bookmarkTimer: NodeJS.Timeout;

  constructor(
    private readonly store: ObjectStore,
    private readonly options: WatchHubOptions,
  ) {
    this.ring = new Array<RetainedEvent | undefined>(Math.max(1, options.window));
    this.evictedThrough = store.resourceVersion;
    store.onChange((event) => {
      this.publish(event);
    });
    this.bookmarkTimer = setInterval(() => {
      this.sendBookmarks();
    }, options.bookmarkIntervalMs);
    this.bookmarkTimer.unref();
  }

  /** Number of open watchers. */
  get watcherCount(): number {
    let n = 0;
    for (const set of this.byResource.values()) n += set.size;
    return n;
  }

  /** Forgets history: versions up to the store's current one are no longer replayable (after a restore). */
  resetHorizon(): void {
    this.ring.fill(undefined);
    this.size = 0;
    this.head = 0;
    this.evictedThrough = this.store.resourceVersion;
  }

  /** Throws 410 Expired when events after `rv` are no longer retained. */
  assertReplayable(rv: number): void {
    if (rv < this.evictedThrough) {
      throw expired(`too old resource version: ${rv} (${this.evictedThrough})`);
    }
  }

  /**
   * Starts a watcher. With `fromRv` it replays retained events after that version (410 if too old);
   * without it, it first sends ADDED for each current object in `initial`.
   */
  watch(sink: WatchSink, filter: WatchFilter, fromRv: number | undefined, initial: KubeObject[]): Watcher {
    if (fromRv !== undefined) this.assertReplayable(fromRv);
    const watcher = new Watcher(sink, filter, (w) => {
      this.remove(w);
    });
    if (fromRv === undefined) {
      for (const obj of initial) watcher.pending.push(watchLine(ChangeType.Added, filter.render(obj)));
    } else {
      this.replay(watcher, fromRv);
    }
    let set = this.byResource.get(filter.resource);
    if (set === undefined) {
      set = new Set();
      this.byResource.set(filter.resource, set);
    }
    set.add(watcher);
    this.markDirty(watcher);
    return watcher;
  }

  /** Queues a BOOKMARK at the current resourceVersion, optionally with annotations. */
  bookmark(watcher: Watcher, annotations?: Record<string, string>): void {
    const metadata: Record<string, unknown> = { resourceVersion: String(this.store.resourceVersion) };
    if (annotations !== undefined) metadata.annotations = annotations;
    const { kind, apiVersion } = watcher.filter;
    watcher.pending.push(watchLine('BOOKMARK', { kind, apiVersion, metadata }));
    this.markDirty(watcher);
  }

  /** Ends every watcher of a resource (used when a CRD goes away). */
  closeResource(resource: string): void {
    for (const w of [...(this.byResource.get(resource) ?? [])]) w.close();
  }

  /** Ends every watcher and stops the bookmark timer. */
  closeAll(): void {
    clearInterval(this.bookmarkTimer);
    for (const set of [...this.byResource.values()]) for (const w of [...set]) w.close();
  }

  private replay(watcher: Watcher, fromRv: number): void {
    const start = (this.head - this.size + this.ring.length) % this.ring.length;
    for (let i = 0; i < this.size; i++) {
      const retained = this.ring[(start + i) % this.ring.length];
      if (retained === undefined || retained.event.rv <= fromRv) continue;
      if (retained.event.resource !== watcher.filter.resource) continue;
      this.enqueue(watcher, retained);
    }
  }

  private publish(event: StoreEvent): void {
    const retained: RetainedEvent = { event, lines: new Map() };
    const evicted = this.size === this.ring.length ? this.ring[this.head] : undefined;
    if (evicted !== undefined) this.evictedThrough = evicted.event.rv;
    this.ring[this.head] = retained;
    this.head = (this.head + 1) % this.ring.length;
    this.size = Math.min(this.size + 1, this.ring.length);
    for (const watcher of this.byResource.get(event.resource) ?? []) this.enqueue(watcher, retained);
  }

  private enqueue(watcher: Watcher, retained: RetainedEvent): void {
    const type = eventType(watcher.filter, retained.event);
    if (type === undefined) return;
    const key = `${type}|${watcher.filter.renderKey}`;
    let line = retained.lines.get(key);
    if (line === undefined) {
      line = watchLine(type, watcher.filter.render(retained.event.object));
      retained.lines.set(key, line);
    }
    watcher.pending.push(line);
    this.markDirty(watcher);
  }

  private markDirty(watcher: Watcher): void {
    this.dirty.add(watcher);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushDirty();
    });
  }

  private flushDirty(): void {
    this.flushScheduled = false;
    for (const watcher of this.dirty) {
      if (watcher.closed) continue;
      if (watcher.sink.writableLength > this.options.maxBufferedBytes) {
        // A client this far behind would stall everyone's memory; it re-watches from its last version.
        watcher.pending = [];
        watcher.close();
        continue;
      }
      watcher.flush();
    }
    this.dirty.clear();
  }

  private sendBookmarks(): void {
    for (const set of this.byResource.values()) {
      for (const w of set) if (w.filter.bookmarks) this.bookmark(w);
    }
  }

  private remove(watcher: Watcher): void {
    this.byResource.get(watcher.filter.resource)?.delete(watcher);
    this.dirty.delete(watcher);
  }
}
