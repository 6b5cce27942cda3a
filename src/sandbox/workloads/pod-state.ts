/**
 * Pure readings of a Pod's state. Objects reach the simulator both from
 * client-node lists (timestamps as `Date`) and from watch events (timestamps
 * as RFC 3339 strings), so every time read goes through `timeMs`.
 */
import type { PodLike } from './api-shapes.ts';

/** The label that ties a Pod to its Deployment revision. */
export const TEMPLATE_HASH_LABEL = 'pod-template-hash';

/** The pod-template annotation that keeps a revision Running but never Ready. */
export const NEVER_READY_ANNOTATION = 'sandbox.glidepath.dev/never-ready';

/** Converts a Kubernetes timestamp (Date or RFC 3339 string) to epoch ms; undefined when absent or unparsable. */
export function timeMs(value: Date | string | undefined | null): number | undefined {
  if (value === undefined || value === null) return undefined;
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Renders epoch ms as an RFC 3339 timestamp with second precision, as Kubernetes writes them. */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** True once the API server has marked the Pod for deletion. */
export function isTerminating(pod: PodLike): boolean {
  // timeMs also covers the JSON null a watch event may carry.
  return timeMs(pod.metadata?.deletionTimestamp) !== undefined;
}

/** When the Pod's Ready condition turned True, or undefined if it is not Ready. */
export function readySinceMs(pod: PodLike): number | undefined {
  const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
  if (ready?.status !== 'True') return undefined;
  return timeMs(ready.lastTransitionTime) ?? 0;
}

/** True when the Pod is Ready. */
export function isReady(pod: PodLike): boolean {
  return readySinceMs(pod) !== undefined;
}

/** True when the Pod has been Ready for at least `minReadySeconds`. */
export function isAvailable(pod: PodLike, minReadySeconds: number, now: number): boolean {
  const since = readySinceMs(pod);
  return since !== undefined && since + minReadySeconds * 1000 <= now;
}

/** True when the Pod (through its template) asked never to become Ready. */
export function isNeverReady(pod: PodLike): boolean {
  return pod.metadata?.annotations?.[NEVER_READY_ANNOTATION] === 'true';
}

/** True once the simulated kubelet has started the Pod's containers. */
export function isRunning(pod: PodLike): boolean {
  return pod.status?.phase === 'Running';
}

/** The Pod's revision hash label, if any. */
export function templateHashOf(pod: PodLike): string | undefined {
  return pod.metadata?.labels?.[TEMPLATE_HASH_LABEL];
}

/** The creation time in ms, or 0 when unknown (so unknown ages sort as oldest). */
export function createdMs(pod: PodLike): number {
  return timeMs(pod.metadata?.creationTimestamp) ?? 0;
}

/** The `namespace/name` key of any object. */
export function objectKey(obj: { metadata?: { namespace?: string; name?: string } }): string {
  return `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`;
}
