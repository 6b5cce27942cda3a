/**
 * A live view of Canaries for `glidepath status --watch`: client-node's informer lists and
 * watches; every change schedules one redraw. The informer stops on any error other than a
 * 410 (it re-lists those itself), so the watch restarts it after a pause, for as long as it
 * runs.
 */
import { makeInformer } from '@kubernetes/client-node';
import type { Informer, KubernetesListObject, KubernetesObject, ObjectCache } from '@kubernetes/client-node';
import type { Canary } from '../../api/canary-types.ts';
import type { CanaryApi } from '../canary-api.ts';
import { canariesPath } from '../canary-api.ts';
import type { KubeTarget } from '../kube-target.ts';

/** What to watch and where changes go. */
export interface CanaryWatchOptions {
  target: KubeTarget;
  api: CanaryApi;
  /** null watches every namespace. */
  namespace: string | null;
  /** Called with every Canary currently known, after each batch of changes. */
  onChange: (canaries: readonly Canary[]) => void;
  /** Called with a one-line description when the watch fails (it is restarted). */
  onError: (line: string) => void;
  /** Pause before a restart (default 1000 ms). */
  restartDelayMs?: number;
}

// Canary's metadata type is stricter than client-node's, so the informer holds plain objects.
type CanaryInformer = Informer<KubernetesObject> & ObjectCache<KubernetesObject>;

/** Watches Canaries until `stop()`. */
export class CanaryWatch {
  private readonly informer: CanaryInformer;
  private stopped = false;
  private redrawPending = false;
  private restartTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: CanaryWatchOptions) {
    const { api, namespace } = options;
    const list = async (): Promise<KubernetesListObject<KubernetesObject>> => (namespace === null
      ? api.customObjects.listClusterCustomObject({ group: 'glidepath.dev', version: 'v1alpha1', plural: 'canaries' })
      : api.customObjects.listNamespacedCustomObject({ group: 'glidepath.dev', version: 'v1alpha1', plural: 'canaries', namespace })) as Promise<KubernetesListObject<KubernetesObject>>;
    this.informer = makeInformer<KubernetesObject>(options.target.kubeConfig, canariesPath(namespace), list);
    for (const verb of ['add', 'update', 'delete'] as const) this.informer.on(verb, () => { this.scheduleRedraw(); });
    this.informer.on('error', (err: unknown) => { this.onFailure(err); });
  }

  /** Starts listing and watching; resolves after the first list. */
  async start(): Promise<void> {
    await this.informer.start();
    this.scheduleRedraw();
  }

  /** Stops the watch; no callback runs afterwards. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    await this.informer.stop();
  }

  private scheduleRedraw(): void {
    if (this.redrawPending || this.stopped) return;
    this.redrawPending = true;
    // Changes arriving together (a list, a burst of updates) make one redraw.
    setImmediate(() => {
      this.redrawPending = false;
      if (!this.stopped) this.options.onChange(this.informer.list() as unknown as readonly Canary[]);
    });
  }

  private onFailure(err: unknown): void {
    if (this.stopped) return;
    const delayMs = this.options.restartDelayMs ?? 1000;
    const message = err instanceof Error ? err.message.split('\n')[0] ?? '' : String(err);
    this.options.onError(`watch failed (${message}); restarting in ${delayMs} ms`);
    this.restartTimer = setTimeout(() => {
      if (this.stopped) return;
      this.informer.start().catch((again: unknown) => { this.onFailure(again); });
    }, delayMs);
  }
}
