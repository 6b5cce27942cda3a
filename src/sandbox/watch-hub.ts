// Fans committed store changes out to watchers. Recent events are retained in a ring buffer so
// a watch can resume from a resourceVersion. Watchers are grouped into channels by filter; each
// event is serialized once per (type, rendering) and queued once per channel. Flushes are
// coalesced: at most one per `flushIntervalMs`, so a burst of writes costs one socket write per
// watcher instead of one per event.
import type { KubeObject } from './resource-type.ts';
import type { ObjectStore, StoreEvent } from './object-store.ts';
import { ChangeType, metaOf } from './object-store.ts';
import type { ObjectPredicate } from './selectors.ts';
import { expired } from './status-errors.ts';
import { Channel, Watcher, watchLine } from './watch-channel.ts';
import type { WatchFilter, WatchSink } from './watch-channel.ts';

export { Watcher, watchLine };
export type { WatchFilter, WatchSink };

// The ring holds thousands of these, so the usual single rendering is kept inline and a Map is
// only made for a second one (e.g. a Table watch next to plain ones).
interface RetainedEvent {
  event: StoreEvent;
  key: string | undefined;
  line: Buffer | undefined;
  more: Map<string, Buffer> | undefined;
}

function cachedLine(retained: RetainedEvent, key: string): Buffer | undefined {
  return retained.key === key ? retained.line : retained.more?.get(key);
}

function cacheLine(retained: RetainedEvent, key: string, line: Buffer): void {
  if (retained.key === undefined) {
    retained.key = key;
    retained.line = line;
    return;
  }
  retained.more ??= new Map();
  retained.more.set(key, line);
}

/** Tunables of the hub. */
export interface WatchHubOptions {
  window: number;
  bookmarkIntervalMs: number;
  /** Bytes a watcher may have queued in its socket before it is dropped as too slow. */
  maxBufferedBytes: number;
  /**
   * Minimum time between two flushes to the sockets (default 10 ms). Each flush costs one socket
   * write per watcher, which dominates fan-out CPU; 10 ms halves that against 5 ms for a few ms of latency.
   */
  flushIntervalMs?: number;
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

function lineFor(retained: RetainedEvent, filter: WatchFilter): Buffer | undefined {
  const type = eventType(filter, retained.event);
  if (type === undefined) return undefined;
  const key = `${type}|${filter.renderKey}`;
  let line = cachedLine(retained, key);
  if (line === undefined) {
    line = watchLine(type, filter.render(retained.event.object));
    cacheLine(retained, key, line);
  }
  return line;
}

/** The watch fan-out hub attached to one store. */
export class WatchHub {
  private readonly ring: (RetainedEvent | undefined)[];
  private head = 0;
  private size = 0;
  private evictedThrough: number;
  private readonly channels = new Map<string, Map<string, Channel>>();
  private readonly dirty = new Set<Channel>();
  private flushTimer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  private lastFlush = 0;
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
    for (const byKey of this.channels.values()) for (const ch of byKey.values()) n += ch.members.size;
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
    const channel = this.channelFor(filter);
    // Lines already queued on the channel predate this watcher; send them before it joins.
    if (channel.pending.length > 0) channel.flush(this.options.maxBufferedBytes);
    const watcher = new Watcher(sink, filter, (w) => {
      this.leave(w);
    });
    if (fromRv === undefined) {
      for (const obj of initial) watcher.own.push(watchLine(ChangeType.Added, filter.render(obj)));
    } else {
      this.replay(watcher, fromRv);
    }
    watcher.channel = channel;
    channel.members.add(watcher);
    this.markDirty(channel);
    return watcher;
  }

  /** Queues a BOOKMARK for one watcher at the current resourceVersion, with annotations. */
  bookmark(watcher: Watcher, annotations: Record<string, string>): void {
    watcher.own.push(this.bookmarkLine(watcher.filter, annotations));
    if (watcher.channel !== undefined) this.markDirty(watcher.channel);
  }

  /** Ends every watcher of a resource (used when a CRD goes away, and by tests). */
  closeResource(resource: string): void {
    for (const ch of [...(this.channels.get(resource)?.values() ?? [])]) {
      ch.flush(this.options.maxBufferedBytes);
      for (const w of [...ch.members]) w.close();
    }
  }

  /** Ends every watcher and stops the timers. */
  closeAll(): void {
    clearInterval(this.bookmarkTimer);
    for (const resource of [...this.channels.keys()]) this.closeResource(resource);
  }

  private channelFor(filter: WatchFilter): Channel {
    let byKey = this.channels.get(filter.resource);
    if (byKey === undefined) {
      byKey = new Map();
      this.channels.set(filter.resource, byKey);
    }
    let channel = byKey.get(filter.channelKey);
    if (channel === undefined) {
      channel = new Channel(filter);
      byKey.set(filter.channelKey, channel);
    }
    return channel;
  }

  private leave(watcher: Watcher): void {
    const channel = watcher.channel;
    if (channel === undefined) return;
    channel.members.delete(watcher);
    if (channel.members.size > 0) return;
    this.channels.get(channel.filter.resource)?.delete(channel.filter.channelKey);
    this.dirty.delete(channel);
  }

  private bookmarkLine(filter: WatchFilter, annotations?: Record<string, string>): Buffer {
    const metadata: Record<string, unknown> = { resourceVersion: String(this.store.resourceVersion) };
    if (annotations !== undefined) metadata.annotations = annotations;
    return watchLine('BOOKMARK', { kind: filter.kind, apiVersion: filter.apiVersion, metadata });
  }

  private replay(watcher: Watcher, fromRv: number): void {
    const start = (this.head - this.size + this.ring.length) % this.ring.length;
    for (let i = 0; i < this.size; i++) {
      const retained = this.ring[(start + i) % this.ring.length];
      if (retained === undefined || retained.event.rv <= fromRv || retained.event.resource !== watcher.filter.resource) continue;
      const line = lineFor(retained, watcher.filter);
      if (line !== undefined) watcher.own.push(line);
    }
  }

  private publish(event: StoreEvent): void {
    const retained: RetainedEvent = { event, key: undefined, line: undefined, more: undefined };
    const evicted = this.size === this.ring.length ? this.ring[this.head] : undefined;
    if (evicted !== undefined) this.evictedThrough = evicted.event.rv;
    this.ring[this.head] = retained;
    this.head = (this.head + 1) % this.ring.length;
    this.size = Math.min(this.size + 1, this.ring.length);
    for (const channel of this.channels.get(event.resource)?.values() ?? []) {
      const line = lineFor(retained, channel.filter);
      if (line === undefined) continue;
      channel.pending.push(line);
      this.markDirty(channel);
    }
  }

  private markDirty(channel: Channel): void {
    this.dirty.add(channel);
    if (this.flushTimer !== undefined) return;
    const wait = (this.options.flushIntervalMs ?? 10) - (Date.now() - this.lastFlush);
    const run = (): void => {
      this.flushDirty();
    };
    this.flushTimer = wait > 0 ? setTimeout(run, wait) : setImmediate(run);
  }

  private flushDirty(): void {
    this.flushTimer = undefined;
    this.lastFlush = Date.now();
    const channels = [...this.dirty];
    this.dirty.clear();
    for (const channel of channels) channel.flush(this.options.maxBufferedBytes);
  }

  private sendBookmarks(): void {
    for (const byKey of this.channels.values()) {
      for (const channel of byKey.values()) {
        if (!channel.filter.bookmarks) continue;
        channel.pending.push(this.bookmarkLine(channel.filter));
        this.markDirty(channel);
      }
    }
  }
}
