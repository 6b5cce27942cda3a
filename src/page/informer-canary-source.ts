/**
 * A CanarySource kept by two informers: one on Canaries and one on the Events whose
 * involvedObject is a Canary (a field selector, so other Events are never cached). Each
 * informer is kept alive by the informer supervisor, which restarts it with backoff
 * after an error. Page views read the in-memory copy only.
 */
import { CoreV1Api, CustomObjectsApi, ListWatch, Watch, makeInformer } from '@kubernetes/client-node';
import type { CoreV1Event, KubeConfig, KubernetesListObject, KubernetesObject } from '@kubernetes/client-node';
import type { Canary } from '../api/canary-types.ts';
import type { Logger } from '../controller/runtime/logger.ts';
import type { Clock } from '../sandbox/workloads/clock.ts';
import { systemClock } from '../sandbox/workloads/clock.ts';
import { DEFAULT_RESTART_BACKOFF, SupervisedInformer } from '../sandbox/workloads/informer-supervisor.ts';
import type { RestartBackoff } from '../sandbox/workloads/informer-supervisor.ts';
import type { CanaryEventRecord, CanarySource, SourceListener } from './canary-source.ts';
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
  backoff?: RestartBackoff | undefined;
}

const CANARY_API = Object.freeze({ group: 'glidepath.dev', version: 'v1alpha1', plural: 'canaries' });
const CANARY_EVENTS = 'involvedObject.kind=Canary';

type Lister = () => Promise<KubernetesListObject<KubernetesObject>>;

// Typed list calls return model classes with Date fields; watch events are plain JSON. Keep one form.
function plain(value: unknown): KubernetesListObject<KubernetesObject> {
  return JSON.parse(JSON.stringify(value)) as KubernetesListObject<KubernetesObject>;
}

function canaryLister(kc: KubeConfig, namespace: string | undefined, labelSelector: string | undefined): Lister {
  const api = kc.makeApiClient(CustomObjectsApi);
  const ref = { ...CANARY_API, labelSelector };
  return async () => plain(namespace === undefined
    ? await api.listClusterCustomObject(ref)
    : await api.listNamespacedCustomObject({ ...ref, namespace }));
}

function eventLister(kc: KubeConfig, namespace: string | undefined): Lister {
  const api = kc.makeApiClient(CoreV1Api);
  return async () => plain(namespace === undefined
    ? await api.listEventForAllNamespaces({ fieldSelector: CANARY_EVENTS })
    : await api.listNamespacedEvent({ namespace, fieldSelector: CANARY_EVENTS }));
}

function collection(path: string, namespace: string | undefined): string {
  const [root, plural] = path.split('|') as [string, string];
  return namespace === undefined ? `${root}/${plural}` : `${root}/namespaces/${namespace}/${plural}`;
}

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
  private readonly canaries: SupervisedInformer<KubernetesObject>;
  private readonly eventWatch: SupervisedInformer<CoreV1Event>;
  private readonly eventInformer: ListWatch<CoreV1Event>;

  constructor(options: InformerSourceOptions) {
    const kc = options.kubeConfig;
    const clock = options.clock ?? systemClock();
    const backoff = options.backoff ?? DEFAULT_RESTART_BACKOFF;
    const canaryInformer = makeInformer(kc, collection('/apis/glidepath.dev/v1alpha1|canaries', options.namespace), canaryLister(kc, options.namespace, options.labelSelector), options.labelSelector);
    this.eventInformer = new ListWatch<CoreV1Event>(collection('/api/v1|events', options.namespace), new Watch(kc), eventLister(kc, options.namespace) as () => Promise<KubernetesListObject<CoreV1Event>>, false, undefined, CANARY_EVENTS);
    this.canaries = new SupervisedInformer(canaryInformer, clock, backoff);
    this.eventWatch = new SupervisedInformer(this.eventInformer, clock, backoff);
    for (const verb of ['add', 'update'] as const) canaryInformer.on(verb, (obj) => { this.store.put(obj as unknown as Canary); });
    canaryInformer.on('delete', (obj) => { this.store.remove(obj.metadata?.namespace ?? 'default', obj.metadata?.name ?? ''); });
    for (const verb of ['add', 'update', 'delete'] as const) this.eventInformer.on(verb, (event) => { this.refreshEvents(event); });
    const log = options.logger;
    if (log !== undefined) {
      this.canaries.onRestart((err, delayMs) => { log.warn('canary informer failed; restarting', { err, delayMs }); });
      this.eventWatch.onRestart((err, delayMs) => { log.warn('event informer failed; restarting', { err, delayMs }); });
    }
  }

  /** Starts both informers; resolves after their first list attempts. */
  async start(): Promise<void> {
    await Promise.all([this.canaries.start(), this.eventWatch.start()]);
  }

  /** Stops both informers and any pending restart. */
  async stop(): Promise<void> {
    await Promise.all([this.canaries.stop(), this.eventWatch.stop()]);
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

  private refreshEvents(changed: CoreV1Event): void {
    const namespace = changed.involvedObject.namespace ?? changed.metadata.namespace ?? 'default';
    const name = changed.involvedObject.name ?? '';
    const about = this.eventInformer.list(namespace).filter((e) => e.involvedObject.kind === 'Canary' && e.involvedObject.name === name);
    this.store.putEvents(namespace, name, about.map(eventRecordOf));
  }
}
