import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import type { Canary } from '../../api/canary-types.ts';
import type { MetricTemplate } from '../../api/metric-template-types.ts';
import type { BackoffPolicy } from './backoff.ts';
import { canaryCacheForm, withDigestedData, withoutManagedFields } from './cache-transforms.ts';
import type { Clock } from './clock.ts';
import type { CacheTransform, ChangeVerb } from './informer-supervisor.ts';
import { InformerSupervisor } from './informer-supervisor.ts';
import type { Logger } from './logger.ts';
import type { RawLister } from './raw-list.ts';
import type { ResourceKindName } from './resource-kinds.ts';
import { ResourceKinds } from './resource-kinds.ts';

/** Every kind the controller caches. */
export const CONTROLLER_KINDS: readonly ResourceKindName[] = Object.freeze([
  'Canary', 'MetricTemplate', 'Deployment', 'Service', 'ConfigMap', 'Secret', 'VirtualService', 'DestinationRule', 'HorizontalPodAutoscaler',
]);

/** Told about every change in any cache; must not throw (a throw is logged and ignored). */
export type CacheSetListener = (kind: ResourceKindName, verb: ChangeVerb, obj: KubernetesObject) => void;

export interface CacheSetOptions {
  kubeConfig: KubeConfig;
  /** Cache one namespace only (sharding); all namespaces when absent or null. */
  namespace?: string | null;
  /** Cache only the Canaries that match (sharding); the other kinds are not filtered. */
  labelSelector?: string | null;
  /** The kinds to cache; defaults to CONTROLLER_KINDS. */
  kinds?: readonly ResourceKindName[];
  clock?: Clock;
  logger?: Logger;
  restartBackoff?: BackoffPolicy;
  lister?: RawLister;
  /**
   * Kinds whose data values are cached as sha256 digests (enough to notice changes for revision
   * hashes). Defaults to ConfigMaps only: Secrets stay whole because MetricTemplate providers read
   * credentials from them.
   */
  digestData?: ReadonlySet<'ConfigMap' | 'Secret'>;
}

/** The cached object type of each kind: Glidepath's own kinds typed, the rest plain JSON objects. */
export interface CachedObjects {
  Canary: Canary;
  MetricTemplate: MetricTemplate;
  Deployment: KubernetesObject;
  Service: KubernetesObject;
  ConfigMap: KubernetesObject;
  Secret: KubernetesObject;
  VirtualService: KubernetesObject;
  DestinationRule: KubernetesObject;
  HorizontalPodAutoscaler: KubernetesObject;
}

const DEFAULT_DIGESTED: ReadonlySet<string> = new Set(['ConfigMap']);

/** Sync state of one kind, for readiness messages. */
export interface KindSync {
  kind: ResourceKindName;
  synced: boolean;
  restarts: number;
}

/**
 * The informer caches the reconciler reads from. Each kind is one InformerSupervisor; reads are
 * plain JSON from memory and never reach the API server.
 */
export class CacheSet {
  private readonly supervisors = new Map<ResourceKindName, InformerSupervisor>();

  constructor(options: CacheSetOptions) {
    for (const name of options.kinds ?? CONTROLLER_KINDS) this.supervisors.set(name, supervisorFor(name, options));
  }

  /** Starts every informer. */
  start(): void {
    for (const supervisor of this.supervisors.values()) supervisor.start();
  }

  /** Stops every informer and pending restart. */
  async stop(): Promise<void> {
    await Promise.all([...this.supervisors.values()].map((s) => s.stop()));
  }

  /** True once every kind has listed at least once. */
  hasSynced(): boolean {
    return [...this.supervisors.values()].every((s) => s.hasSynced());
  }

  /** Returns each kind's sync state. */
  syncStatus(): KindSync[] {
    return [...this.supervisors].map(([kind, s]) => ({ kind, synced: s.hasSynced(), restarts: s.restarts }));
  }

  /** Resolves once every kind has synced, or rejects naming the kinds still missing after `timeoutMs`. */
  async waitForSync(timeoutMs: number, pollMs = 10): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.hasSynced()) {
      if (Date.now() > deadline) {
        const missing = this.syncStatus().filter((s) => !s.synced).map((s) => s.kind).join(', ');
        throw new Error(`caches not synced within ${timeoutMs} ms: ${missing}`);
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }

  /**
   * Resolves true once every kind has listed or failed its first try (failed ones keep retrying
   * in the background), or false after `timeoutMs`. Lets a start report what the cluster holds.
   */
  async waitForFirstLists(timeoutMs: number, pollMs = 5): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    const attempted = (): boolean => [...this.supervisors.values()].every((s) => s.hasAttemptedList());
    while (!attempted()) {
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
    return true;
  }

  /** Returns the cached object, or undefined. */
  get<K extends ResourceKindName>(kind: K, namespace: string, name: string): CachedObjects[K] | undefined {
    return this.supervisor(kind).get(namespace, name) as CachedObjects[K] | undefined;
  }

  /** Returns the cached objects of a kind, in one namespace when given. */
  list<K extends ResourceKindName>(kind: K, namespace?: string): readonly CachedObjects[K][] {
    return this.supervisor(kind).list(namespace) as readonly CachedObjects[K][];
  }

  /** Registers a listener for every kind; returns a function that unregisters it. */
  onChange(listener: CacheSetListener): () => void {
    const offs = [...this.supervisors].map(([kind, s]) => s.onChange((verb, obj) => { listener(kind, verb, obj); }));
    return () => { offs.forEach((off) => { off(); }); };
  }

  /** Total list calls across kinds (a measure of API reads beyond the watches). */
  get lists(): number {
    return [...this.supervisors.values()].reduce((sum, s) => sum + s.lists, 0);
  }

  private supervisor(kind: ResourceKindName): InformerSupervisor {
    const found = this.supervisors.get(kind);
    if (!found) throw new Error(`kind ${kind} is not cached; cached kinds: ${[...this.supervisors.keys()].join(', ')}`);
    return found;
  }
}

function transformFor(name: ResourceKindName, digested: ReadonlySet<string>): CacheTransform {
  if (digested.has(name)) return withDigestedData;
  // The reconciler names who asked for an operator action from the Canary's managedFields.
  return name === 'Canary' ? canaryCacheForm : withoutManagedFields;
}

function supervisorFor(name: ResourceKindName, options: CacheSetOptions): InformerSupervisor {
  const digested = options.digestData ?? DEFAULT_DIGESTED;
  return new InformerSupervisor({
    kubeConfig: options.kubeConfig,
    kind: ResourceKinds[name],
    namespace: options.namespace ?? null,
    labelSelector: name === 'Canary' ? options.labelSelector ?? null : null,
    transform: transformFor(name, digested),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.restartBackoff ? { restartBackoff: options.restartBackoff } : {}),
    ...(options.lister ? { lister: options.lister } : {}),
  });
}
