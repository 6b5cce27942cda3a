/**
 * The status a real kubelet would report for a started Pod: phase Running,
 * the four standard conditions, a running state per container and a fake
 * 10.x address. `ready` decides the Ready and ContainersReady conditions.
 */
import { createHash } from 'node:crypto';
import type { PodLike, PodStatusBody } from './api-shapes.ts';
import { rfc3339 } from './pod-state.ts';

/** A stable fake pod IP in 10.0.0.0/8 derived from the Pod's identity (data only; nothing listens there). */
export function fakePodIp(pod: PodLike): string {
  const seed = pod.metadata?.uid ?? `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
  const digest = createHash('sha256').update(seed).digest();
  return `10.${digest[0] ?? 0}.${digest[1] ?? 0}.${Math.max(1, digest[2] ?? 1)}`;
}

/** Returns the full status of a Pod whose containers run now, Ready or not as asked. */
export function runningStatus(pod: PodLike, ready: boolean, now: number): PodStatusBody {
  const at = rfc3339(now);
  const flag = ready ? 'True' : 'False';
  const condition = (type: string, status: string): Record<string, unknown> => ({
    type, status, lastProbeTime: null, lastTransitionTime: at,
  });
  const ip = fakePodIp(pod);
  return {
    phase: 'Running',
    conditions: [
      condition('PodScheduled', 'True'),
      condition('Initialized', 'True'),
      condition('ContainersReady', flag),
      condition('Ready', flag),
    ],
    hostIP: '10.255.0.1',
    podIP: ip,
    podIPs: [{ ip }],
    startTime: at,
    qosClass: 'BestEffort',
    containerStatuses: (pod.spec?.containers ?? []).map((c) => ({
      name: c.name,
      image: c.image ?? '',
      imageID: '',
      ready,
      started: true,
      restartCount: 0,
      state: { running: { startedAt: at } },
    })),
  };
}
