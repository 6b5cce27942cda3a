/**
 * Watches the resources the mesh routes by (VirtualServices, Services,
 * Deployments, Pods) through client-node informers, like any controller.
 * client-node's informer re-lists by itself after a 410 but stops on any other
 * error, so each one is restarted here with exponential backoff (1 s doubling
 * to 30 s, reset by the next successful event).
 */
import { AppsV1Api, CoreV1Api, CustomObjectsApi, makeInformer } from '@kubernetes/client-node';
import type { Informer, KubeConfig, KubernetesListObject, KubernetesObject, ObjectCache } from '@kubernetes/client-node';
import type { ClusterSnapshot } from './world-model.ts';

export const WatchBackoff = Object.freeze({ initialMs: 1000, maxMs: 30_000 });

/** The API path and group-version the mesh reads VirtualServices from. */
export const VIRTUAL_SERVICE_API = Object.freeze({ group: 'networking.istio.io', version: 'v1', plural: 'virtualservices' });

type Lister = () => Promise<KubernetesListObject<KubernetesObject>>;

/** A running set of informers and the current view of the cluster. */
export interface ClusterWatch {
  /** The cached objects right now (plain reads, no I/O). */
  snapshot(): ClusterSnapshot;
  /** Whether every informer has completed its first list. */
  synced(): boolean;
  stop(): Promise<void>;
}

export interface ClusterWatchOptions {
  /** Called after any add, update or delete, and after each completed list. */
  onChange: () => void;
  /** Told about informer failures; never throws. */
  onError: (resource: string, error: unknown, retryInMs: number) => void;
}

interface InformerSpec {
  resource: string;
  path: string;
  list: Lister;
}

class SupervisedInformer {
  readonly informer: Informer<KubernetesObject> & ObjectCache<KubernetesObject>;
  private delayMs: number = WatchBackoff.initialMs;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  listed = false;

  readonly resource: string;

  constructor(kc: KubeConfig, spec: InformerSpec, private readonly opts: ClusterWatchOptions) {
    this.resource = spec.resource;
    const list: Lister = async () => {
      const result = await spec.list();
      this.listed = true;
      this.delayMs = WatchBackoff.initialMs;
      // The informer fills its cache after this promise settles; report the change after that.
      setImmediate(opts.onChange);
      return result;
    };
    this.informer = makeInformer(kc, spec.path, list);
    const changed = (): void => {
      this.delayMs = WatchBackoff.initialMs;
      opts.onChange();
    };
    for (const verb of ['add', 'update', 'delete'] as const) this.informer.on(verb, changed);
    this.informer.on('error', (err) => { this.restartLater(err); });
  }

  start(): void {
    this.informer.start().catch((err: unknown) => { this.restartLater(err); });
  }

  private restartLater(err: unknown): void {
    if (this.stopped || this.timer !== undefined) return;
    const delay = this.delayMs;
    this.delayMs = Math.min(WatchBackoff.maxMs, delay * 2);
    this.opts.onError(this.resource, err, delay);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.stopped) this.start();
    }, delay);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.informer.stop();
  }
}

/** Starts the four informers; returns at once (objects arrive as the lists complete). */
export function watchCluster(kc: KubeConfig, opts: ClusterWatchOptions): ClusterWatch {
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const custom = kc.makeApiClient(CustomObjectsApi);
  const { group, version, plural } = VIRTUAL_SERVICE_API;
  const listVirtualServices: Lister = async () => (await custom.listClusterCustomObject({ group, version, plural })) as KubernetesListObject<KubernetesObject>;
  const informers = {
    virtualServices: new SupervisedInformer(kc, { resource: 'virtualservices', path: `/apis/${group}/${version}/${plural}`, list: listVirtualServices }, opts),
    services: new SupervisedInformer(kc, { resource: 'services', path: '/api/v1/services', list: () => core.listServiceForAllNamespaces() }, opts),
    deployments: new SupervisedInformer(kc, { resource: 'deployments', path: '/apis/apps/v1/deployments', list: () => apps.listDeploymentForAllNamespaces() }, opts),
    pods: new SupervisedInformer(kc, { resource: 'pods', path: '/api/v1/pods', list: () => core.listPodForAllNamespaces() }, opts),
  };
  const all = Object.values(informers);
  for (const informer of all) informer.start();
  return {
    snapshot: () => ({
      virtualServices: informers.virtualServices.informer.list(),
      services: informers.services.informer.list(),
      deployments: informers.deployments.informer.list(),
      pods: informers.pods.informer.list(),
    }),
    synced: () => all.every((i) => i.listed),
    stop: async () => {
      await Promise.all(all.map((i) => i.stop()));
    },
  };
}
