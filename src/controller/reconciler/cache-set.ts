import { CoreV1Api, CustomObjectsApi, makeInformer } from '@kubernetes/client-node';
import type { Informer, KubeConfig, KubernetesListObject, KubernetesObject, ObjectCache } from '@kubernetes/client-node';
import type { Clock, TimerHandle } from '../runtime/clock.ts';
import { systemClock } from '../runtime/clock.ts';
import type { KindName, KindRef } from './kinds.ts';
import { Kinds, collectionPath } from './kinds.ts';

/** What changed in a cache. */
export type CacheVerb = 'add' | 'update' | 'delete';
/** Told about every cached change; must not throw. */
export type CacheListener = (kind: KindName, verb: CacheVerb, obj: KubernetesObject) => void;

export interface CacheSetOptions {
  /** Cache only this namespace; all namespaces when absent. */
  namespace?: string | undefined;
  /** Cache only Canaries matching this label selector. */
  labelSelector?: string | undefined;
  onChange: CacheListener;
  onError?: (kind: KindName, err: unknown, retryInMs: number) => void;
  clock?: Clock;
}

/** Restart backoff of a failed informer: 1 s doubling to 30 s, reset by the next event. */
export const INFORMER_BACKOFF = Object.freeze({ initialMs: 1000, maxMs: 30_000 });

type Lister = () => Promise<KubernetesListObject<KubernetesObject>>;
type CachedInformer = Informer<KubernetesObject> & ObjectCache<KubernetesObject>;

const CACHED_KINDS: readonly KindName[] = Object.freeze([
  'Canary', 'MetricTemplate', 'Deployment', 'Service', 'ConfigMap', 'Secret', 'VirtualService', 'DestinationRule',
]);

function plainList(list: unknown): KubernetesListObject<KubernetesObject> {
  // Typed list calls return model classes with Date fields; watch events are plain JSON. Keep one form.
  return JSON.parse(JSON.stringify(list)) as KubernetesListObject<KubernetesObject>;
}

/** One informer kept alive: client-node's stops on any error but 410, so it is restarted with backoff. */
class KeptInformer {
  readonly informer: CachedInformer;
  listed = false;
  lists = 0;
  private delayMs: number = INFORMER_BACKOFF.initialMs;
  private timer: TimerHandle | null = null;
  private stopped = false;

  constructor(kc: KubeConfig, private readonly name: KindName, list: Lister, private readonly options: CacheSetOptions & { clock: Clock }) {
    const counted: Lister = async () => {
      this.lists += 1;
      const result = plainList(await list());
      this.listed = true;
      this.delayMs = INFORMER_BACKOFF.initialMs;
      return result;
    };
    const selector = name === 'Canary' ? options.labelSelector : undefined;
    this.informer = makeInformer(kc, collectionPath(Kinds[name], options.namespace), counted, selector);
    for (const verb of ['add', 'update', 'delete'] as const) {
      this.informer.on(verb, (obj) => {
        this.delayMs = INFORMER_BACKOFF.initialMs;
        options.onChange(name, verb, obj);
      });
    }
    this.informer.on('error', (err: unknown) => { this.restartLater(err); });
  }

  async start(): Promise<void> {
    try {
      await this.informer.start();
    } catch (err: unknown) {
      this.restartLater(err);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) this.options.clock.clearTimer(this.timer);
    this.timer = null;
    await this.informer.stop();
  }

  private restartLater(err: unknown): void {
    if (this.stopped || this.timer !== null) return;
    const delay = this.delayMs;
    this.delayMs = Math.min(INFORMER_BACKOFF.maxMs, delay * 2);
    this.options.onError?.(this.name, err, delay);
    this.timer = this.options.clock.setTimer(() => {
      this.timer = null;
      if (!this.stopped) void this.start();
    }, delay);
  }
}

function listerFor(kc: KubeConfig, kind: KindRef, namespace: string | undefined, labelSelector: string | undefined): Lister {
  if (kind.group !== '') {
    const custom = kc.makeApiClient(CustomObjectsApi);
    const ref = { group: kind.group, version: kind.version, plural: kind.plural, labelSelector };
    return async () => (namespace === undefined
      ? await custom.listClusterCustomObject(ref)
      : await custom.listNamespacedCustomObject({ ...ref, namespace })) as KubernetesListObject<KubernetesObject>;
  }
  const core = kc.makeApiClient(CoreV1Api);
  const listers: Record<string, Lister> = namespace === undefined
    ? { services: () => core.listServiceForAllNamespaces(), configmaps: () => core.listConfigMapForAllNamespaces(), secrets: () => core.listSecretForAllNamespaces() }
    : { services: () => core.listNamespacedService({ namespace }), configmaps: () => core.listNamespacedConfigMap({ namespace }), secrets: () => core.listNamespacedSecret({ namespace }) };
  const lister = listers[kind.plural];
  if (lister === undefined) throw new Error(`no lister for core ${kind.plural}`);
  return lister;
}

/**
 * The informer caches the reconciler reads from: Canaries, MetricTemplates, Deployments,
 * Services, ConfigMaps, Secrets, VirtualServices and DestinationRules. Reads are plain
 * JSON from memory; no reconcile reads through the API.
 */
export class CacheSet {
  private readonly informers = new Map<KindName, KeptInformer>();

  constructor(kc: KubeConfig, options: CacheSetOptions) {
    const opts = { ...options, clock: options.clock ?? systemClock() };
    for (const name of CACHED_KINDS) {
      const selector = name === 'Canary' ? options.labelSelector : undefined;
      this.informers.set(name, new KeptInformer(kc, name, listerFor(kc, Kinds[name], options.namespace, selector), opts));
    }
  }

  /** Starts every informer; resolves once each has made its first list attempt. */
  async start(): Promise<void> {
    await Promise.all([...this.informers.values()].map((i) => i.start()));
  }

  /** Stops every informer and pending restart. */
  async stop(): Promise<void> {
    await Promise.all([...this.informers.values()].map((i) => i.stop()));
  }

  /** True once every informer has listed at least once. */
  synced(): boolean {
    return [...this.informers.values()].every((i) => i.listed);
  }

  /** Total list calls made by all informers (initial lists, re-lists after 410, restarts). */
  get lists(): number {
    let sum = 0;
    for (const i of this.informers.values()) sum += i.lists;
    return sum;
  }

  /** The cached object, or undefined. */
  get(kind: KindName, namespace: string, name: string): unknown {
    return this.informers.get(kind)?.informer.get(name, namespace);
  }

  /** The cached objects of a kind (in one namespace when given). */
  list(kind: KindName, namespace?: string): readonly unknown[] {
    return this.informers.get(kind)?.informer.list(namespace) ?? [];
  }
}
