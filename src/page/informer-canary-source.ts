/**
 * A CanarySource kept by two informers of the controller runtime: one on Canaries and one on
 * Events. Each is an `InformerSupervisor`, which rebuilds its informer with backoff after an
 * error while the old cache keeps answering. Page views read the in-memory copy only.
 *
 * The Event informer asks the API server for Events about Canaries only (a field selector),
 * so no other Event is ever listed, watched or cached.
 */
import type { CoreV1Event, KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import type { Canary } from '../api/canary-types.ts';
import type { BackoffPolicy } from '../controller/runtime/backoff.ts';
import { withoutManagedFields } from '../controller/runtime/cache-transforms.ts';
import type { Clock } from '../controller/runtime/clock.ts';
import { INFORMER_RESTART_BACKOFF, InformerSupervisor } from '../controller/runtime/informer-supervisor.ts';
import type { ChangeVerb } from '../controller/runtime/informer-supervisor.ts';
import type { Logger } from '../controller/runtime/logger.ts';
import { rawLister } from '../controller/runtime/raw-list.ts';
import type { ResourceKind } from '../controller/runtime/resource-kinds.ts';
import { ResourceKinds } from '../controller/runtime/resource-kinds.ts';
import type { CanaryEventRecord, CanarySource, SourceListener } from './canary-source.ts';
import { FirstListAttempt, waitUntil } from './first-list.ts';
import { MemoryCanarySource } from './memory-canary-source.ts';

/** How the source watches the cluster. */
export interface InformerSourceOptions {
  kubeConfig: KubeConfig;
  /** Watch one namespace only; all namespaces when absent. */
  namespace?: string | undefined;
  /** Watch only Canaries matching this label selector. */
  labelSelector?: string | undefined;
  logger?: Logger | undefined;
  clock?: Clock | undefined;
  /** Restart backoff after an informer error; 1 s doubling to 30 s when absent. */
  backoff?: BackoffPolicy | undefined;
}

const EVENT_KIND: ResourceKind = Object.freeze({ group: '', version: 'v1', plural: 'events', kind: 'Event' });
// A first list that neither answers nor fails within this long no longer holds up start().
const FIRST_LIST_TIMEOUT_MS = 30_000;

// Filtered by the API server: Events about other kinds never reach this process.
const CANARY_EVENTS = 'involvedObject.kind=Canary';

function timeOf(event: CoreV1Event): string {
  const time: unknown = event.lastTimestamp ?? event.eventTime ?? event.firstTimestamp ?? event.metadata.creationTimestamp;
  if (time instanceof Date) return time.toISOString();
  return typeof time === 'string' ? time : '';
}

/** Reduces an Event to what the page shows. */
export function eventRecordOf(event: CoreV1Event): CanaryEventRecord {
  return {
    type: event.type ?? 'Normal',
    reason: event.reason ?? '',
    message: event.message ?? '',
    time: timeOf(event),
    count: event.count ?? 1,
    source: event.reportingComponent ?? event.source?.component ?? '',
  };
}

/** Canaries and their Events from informers; `start()` before use, `stop()` when done. */
export class InformerCanarySource implements CanarySource {
  private readonly store = new MemoryCanarySource();
  private readonly canaries: InformerSupervisor;
  private readonly eventCache: InformerSupervisor<CoreV1Event>;
  private readonly canaryList = new FirstListAttempt();
  private readonly eventList = new FirstListAttempt();
  private readonly logger: Logger | undefined;
  private stopped = true;

  constructor(options: InformerSourceOptions) {
    const lister = rawLister(options.kubeConfig);
    const common = {
      kubeConfig: options.kubeConfig,
      namespace: options.namespace ?? null,
      restartBackoff: options.backoff ?? INFORMER_RESTART_BACKOFF,
      ...(options.clock === undefined ? {} : { clock: options.clock }),
      ...(options.logger === undefined ? {} : { logger: options.logger }),
    };
    this.logger = options.logger;
    this.canaries = new InformerSupervisor({
      ...common, kind: ResourceKinds.Canary, labelSelector: options.labelSelector ?? null, transform: withoutManagedFields, lister: this.canaryList.wrap(lister),
    });
    this.eventCache = new InformerSupervisor<CoreV1Event>({
      ...common, kind: EVENT_KIND, fieldSelector: CANARY_EVENTS, transform: withoutManagedFields, lister: this.eventList.wrap(lister),
    });
    this.canaries.onChange((verb, obj) => { this.canaryChanged(verb, obj); });
    this.eventCache.onChange((_verb, event) => { this.refreshEvents(event); });
  }

  /** Starts both informers; resolves after their first list attempts (a failed list is retried in the background). */
  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    this.canaries.start();
    this.eventCache.start();
    const settled = (): boolean => this.canaryList.settled(this.canaries) && this.eventList.settled(this.eventCache);
    const inTime = await waitUntil(settled, () => this.stopped, FIRST_LIST_TIMEOUT_MS);
    if (!inTime && !this.isStopped()) this.logger?.warn('first informer lists still pending; the page fills as they arrive', { timeoutMs: FIRST_LIST_TIMEOUT_MS });
  }

  /** Stops both informers and any pending restart. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([this.canaries.stop(), this.eventCache.stop()]);
  }

  list(): readonly Canary[] {
    return this.store.list();
  }

  get(namespace: string, name: string): Canary | undefined {
    return this.store.get(namespace, name);
  }

  events(namespace: string, name: string): readonly CanaryEventRecord[] {
    return this.store.events(namespace, name);
  }

  onChange(listener: SourceListener): () => void {
    return this.store.onChange(listener);
  }

  // A method, so a check after an await reads the current flag rather than a narrowed one.
  private isStopped(): boolean {
    return this.stopped;
  }

  private canaryChanged(verb: ChangeVerb, obj: KubernetesObject): void {
    if (verb === 'delete') this.store.remove(obj.metadata?.namespace ?? 'default', obj.metadata?.name ?? '');
    else this.store.put(obj as unknown as Canary);
  }

  private refreshEvents(changed: CoreV1Event): void {
    const namespace = changed.involvedObject.namespace ?? changed.metadata.namespace ?? 'default';
    const name = changed.involvedObject.name ?? '';
    const about = this.eventCache.list(namespace).filter((e) => e.involvedObject.name === name);
    this.store.putEvents(namespace, name, about.map(eventRecordOf));
  }
}
