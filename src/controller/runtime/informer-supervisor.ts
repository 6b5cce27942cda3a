import type { KubeConfig, KubernetesListObject, KubernetesObject } from '@kubernetes/client-node';
import { ListWatch, Watch } from '@kubernetes/client-node';
import type { BackoffPolicy } from './backoff.ts';
import { backoffDelay } from './backoff.ts';
import type { Clock, TimerHandle } from './clock.ts';
import { systemClock } from './clock.ts';
import type { Logger } from './logger.ts';
import type { RawLister } from './raw-list.ts';
import { rawLister } from './raw-list.ts';
import type { ResourceKind } from './resource-kinds.ts';
import { collectionPath } from './resource-kinds.ts';

/** What happened to a cached object. */
export type ChangeVerb = 'add' | 'update' | 'delete';
export type ChangeHandler<T> = (verb: ChangeVerb, obj: T) => void;
/** Rewrites an object before it is cached (for example to drop managedFields). */
export type CacheTransform = (obj: KubernetesObject) => KubernetesObject;

/** Restart backoff after an informer error: 1 s doubling to 30 s, reset by any successful event. */
export const INFORMER_RESTART_BACKOFF: BackoffPolicy = Object.freeze({ initialMs: 1000, maxMs: 30_000 });

export interface InformerSupervisorOptions {
  kubeConfig: KubeConfig;
  kind: ResourceKind;
  /** Watch one namespace; all namespaces when absent or null. */
  namespace?: string | null;
  labelSelector?: string | null;
  /** Server-side field filter for the list and the watch (e.g. `involvedObject.kind=Canary`). */
  fieldSelector?: string | null;
  clock?: Clock;
  restartBackoff?: BackoffPolicy;
  transform?: CacheTransform;
  logger?: Logger;
  /** Replaces the raw list call (tests). */
  lister?: RawLister;
}

/** A Watch that rewrites objects before the informer caches them and asks for bookmarks. */
class TransformingWatch extends Watch {
  constructor(config: KubeConfig, private readonly transform: CacheTransform) {
    super(config);
  }

  override watch(...[path, query, callback, done]: Parameters<Watch['watch']>): Promise<AbortController> {
    // Bookmarks keep the resourceVersion fresh, so a reconnect rarely needs a full re-list.
    return super.watch(path, { ...query, allowWatchBookmarks: true }, (phase, obj, raw) => {
      callback(phase, isObject(obj) && phase !== 'ERROR' && phase !== 'BOOKMARK' ? this.transform(obj) : obj, raw);
    }, done);
  }
}

/**
 * Keeps one resource's client-node informer alive. client-node's informer re-lists after a 410
 * but stops for good on any other error, so on `error` this builds a fresh informer after a
 * backoff (1 s → 30 s, reset by any successful event). Until the fresh one has listed, the old
 * cache keeps serving reads; when it has, objects missing from the new list are reported deleted
 * and the new cache takes over. Handlers must be level-based: a re-sync reports objects again.
 */
export class InformerSupervisor<T extends KubernetesObject = KubernetesObject> {
  private current: ListWatch<T> | null = null;
  private pending: ListWatch<T> | null = null;
  private synced = false;
  private attempted = false;
  private stopped = true;
  private failures = 0;
  private restartTimer: TimerHandle | null = null;
  private readonly handlers = new Set<ChangeHandler<T>>();
  private readonly clock: Clock;
  private readonly path: string;
  private readonly lister: RawLister;
  private readonly watcher: Watch;
  private restartCount = 0;
  private listCount = 0;

  constructor(private readonly options: InformerSupervisorOptions) {
    this.clock = options.clock ?? systemClock();
    this.path = collectionPath(options.kind, options.namespace);
    this.lister = options.lister ?? rawLister(options.kubeConfig);
    this.watcher = new TransformingWatch(options.kubeConfig, options.transform ?? ((o) => o));
  }

  /** Starts listing and watching; errors are handled by restarting, never thrown. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.current = this.spawn();
  }

  /** Stops the informer and any pending restart; the cache stays readable. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.restartTimer) this.clock.clearTimer(this.restartTimer);
    this.restartTimer = null;
    await Promise.all([this.current?.stop(), this.pending?.stop()]);
    this.pending = null;
  }

  /** True once a list has completed; stays true while a restart is under way (the old cache still answers). */
  hasSynced(): boolean {
    return this.synced;
  }

  /** True once a list has completed or the informer has failed at least once (it then retries on its own). */
  hasAttemptedList(): boolean {
    return this.attempted;
  }

  /** Returns the cached objects, in one namespace when given. */
  list(namespace?: string): readonly T[] {
    return this.current?.list(namespace) ?? [];
  }

  /** Returns one cached object. */
  get(namespace: string, name: string): T | undefined {
    return this.current?.get(name, namespace);
  }

  /** Registers a handler for adds, updates and deletes; returns a function that unregisters it. */
  onChange(handler: ChangeHandler<T>): () => void {
    this.handlers.add(handler);
    return () => { this.handlers.delete(handler); };
  }

  /** How many times the informer was rebuilt after an error. */
  get restarts(): number {
    return this.restartCount;
  }

  /** How many list calls were made (initial lists, re-lists after 410, restarts). */
  get lists(): number {
    return this.listCount;
  }

  /** The collection path this supervisor watches. */
  get resourcePath(): string {
    return this.path;
  }

  private spawn(): ListWatch<T> {
    const { labelSelector, fieldSelector } = this.options;
    const informer: ListWatch<T> = new ListWatch<T>(this.path, this.watcher, () => this.listFor(informer), false, labelSelector ?? undefined, fieldSelector ?? undefined);
    informer.on('add', (obj) => { this.event(informer, 'add', obj); });
    informer.on('update', (obj) => { this.event(informer, 'update', obj); });
    informer.on('delete', (obj) => { this.event(informer, 'delete', obj); });
    informer.on('error', (err: unknown) => { this.failed(informer, err); });
    informer.start().catch((err: unknown) => { this.failed(informer, err); });
    return informer;
  }

  private async listFor(informer: ListWatch<T>): Promise<KubernetesListObject<T>> {
    this.listCount += 1;
    const list = await this.lister(this.path, this.options.labelSelector ?? undefined, this.options.fieldSelector ?? undefined);
    const transform = this.options.transform;
    if (transform) list.items = list.items.map(transform);
    // The informer fills its cache in the microtasks after this resolves; act once that is done.
    setImmediate(() => { this.listed(informer); });
    return list as KubernetesListObject<T>;
  }

  private listed(informer: ListWatch<T>): void {
    if (this.stopped) return;
    if (informer === this.pending) this.promote(informer);
    if (informer !== this.current) return;
    this.failures = 0;
    this.synced = true;
    this.attempted = true;
  }

  /** Swaps in a freshly listed informer and reports what vanished while disconnected. */
  private promote(next: ListWatch<T>): void {
    const previous = this.current;
    this.current = next;
    this.pending = null;
    if (!previous) return;
    for (const obj of previous.list()) {
      if (!next.get(nameOf(obj), obj.metadata?.namespace)) this.emit('delete', obj);
    }
    void previous.stop();
  }

  private event(informer: ListWatch<T>, verb: ChangeVerb, obj: T): void {
    if (this.stopped || (informer !== this.current && informer !== this.pending)) return;
    this.failures = 0;
    if (informer === this.pending && verb === 'add') {
      this.refill(obj);
      return;
    }
    this.emit(verb, obj);
  }

  /** While a fresh informer fills up, compares with the old cache so unchanged objects stay quiet. */
  private refill(obj: T): void {
    const old = this.current?.get(nameOf(obj), obj.metadata?.namespace);
    if (!old) this.emit('add', obj);
    else if (old.metadata?.resourceVersion !== obj.metadata?.resourceVersion) this.emit('update', obj);
  }

  private failed(informer: ListWatch<T>, err: unknown): void {
    if (this.stopped || (informer !== this.current && informer !== this.pending) || this.restartTimer) return;
    this.attempted = true;
    this.failures += 1;
    const delayMs = backoffDelay(this.options.restartBackoff ?? INFORMER_RESTART_BACKOFF, this.failures);
    this.options.logger?.warn('informer failed; restarting', { resource: this.path, err, delayMs, failures: this.failures });
    this.restartTimer = this.clock.setTimer(() => { this.restart(); }, delayMs);
  }

  private restart(): void {
    this.restartTimer = null;
    if (this.stopped) return;
    this.restartCount += 1;
    void this.pending?.stop();
    this.pending = null;
    if (this.current && this.synced) {
      this.pending = this.spawn();
      return;
    }
    void this.current?.stop();
    this.current = this.spawn();
  }

  private emit(verb: ChangeVerb, obj: T): void {
    for (const handler of this.handlers) {
      try {
        handler(verb, obj);
      } catch (err: unknown) {
        this.options.logger?.error('cache change handler threw', { resource: this.path, verb, err });
      }
    }
  }
}

function nameOf(obj: KubernetesObject): string {
  return obj.metadata?.name ?? '';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
