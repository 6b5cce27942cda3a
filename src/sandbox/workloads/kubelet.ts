/**
 * The simulated kubelet: every Pod it hears about is started `readyDelayMs`
 * after it was first seen (Running and Ready, or Running and never Ready when
 * its template asked for that), and Pods marked for deletion are finished off.
 * Time-driven work goes through the shared scheduler, never a timer per Pod.
 */
import type { CoreV1Api } from '@kubernetes/client-node';
import type { PodLike } from './api-shapes.ts';
import { isNotFound } from './api-errors.ts';
import type { Clock } from './clock.ts';
import type { InformerLike } from './informer-supervisor.ts';
import { runningStatus } from './kubelet-status.ts';
import { createdMs, isNeverReady, isReady, isRunning, isTerminating } from './pod-state.ts';
import type { RequestOptions } from './request-options.ts';
import type { HandlerResult } from './work-queue.ts';

/** What the kubelet needs from its surroundings. */
export interface KubeletDeps {
  core: Pick<CoreV1Api, 'patchNamespacedPodStatus' | 'deleteNamespacedPod'>;
  pods: InformerLike<PodLike>;
  clock: Clock;
  readyDelayMs: number;
  requests: RequestOptions;
}

/** Starts Pods after a delay by writing their status through the API. */
export class Kubelet {
  private readonly firstSeen = new Map<string, number>();

  constructor(private readonly deps: KubeletDeps) {}

  /** Remembers when a Pod was first seen; returns true if the Pod has work pending (start or finish). */
  observe(pod: PodLike): boolean {
    const key = keyOf(pod);
    if (!this.firstSeen.has(key)) {
      const created = createdMs(pod);
      const now = this.deps.clock.now();
      // A restarted simulator meets old Pods: count from their creation, not from now. The
      // timestamp has second precision, so take the end of that second to never start early.
      this.firstSeen.set(key, created > 0 ? Math.min(created + 1000, now) : now);
    }
    return isTerminating(pod) || !settled(pod);
  }

  /** Forgets a deleted Pod. */
  forget(pod: PodLike): void {
    this.firstSeen.delete(keyOf(pod));
  }

  /** Brings one Pod (`namespace/name`) to its due state; asks to be run again if it is not due yet. */
  async sync(key: string): Promise<HandlerResult | undefined> {
    const [namespace = '', name = ''] = key.split('/');
    const pod = this.deps.pods.get(name, namespace);
    if (pod === undefined) return undefined;
    if (isTerminating(pod)) return this.finish(pod, namespace, name);
    if (settled(pod)) return undefined;
    const now = this.deps.clock.now();
    const due = (this.firstSeen.get(key) ?? now) + this.deps.readyDelayMs;
    if (due > now) return { requeueAfterMs: due - now };
    const status = runningStatus(pod, !isNeverReady(pod), now);
    try {
      await this.deps.core.patchNamespacedPodStatus({ name, namespace, body: { status } }, this.deps.requests.mergePatch);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    return undefined;
  }

  /** A Pod with a deletion mark and no finalizers is removed at once, as a kubelet does after its grace period. */
  private async finish(pod: PodLike, namespace: string, name: string): Promise<undefined> {
    if ((pod.metadata?.finalizers ?? []).length > 0) return undefined;
    try {
      await this.deps.core.deleteNamespacedPod({ name, namespace, gracePeriodSeconds: 0 }, this.deps.requests.plain);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    return undefined;
  }
}

/** A Pod needs nothing more once it runs and its readiness matches what its template asked for. */
function settled(pod: PodLike): boolean {
  return isRunning(pod) && isReady(pod) !== isNeverReady(pod);
}

function keyOf(pod: PodLike): string {
  return `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
}
