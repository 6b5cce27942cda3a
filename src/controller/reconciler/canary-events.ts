import type { Canary } from '../../api/canary-types.ts';
import { GLIDEPATH_API_VERSION } from '../../api/canary-types.ts';
import type { EventQueue, EventWriter } from '../runtime/event-queue.ts';
import { randomHex } from '../runtime/random-hex.ts';
import type { ClusterApi, KubeObject } from './cluster-api.ts';

/** Kubernetes Event types. */
export const EventType = Object.freeze({ Normal: 'Normal', Warning: 'Warning' } as const);
export type EventType = (typeof EventType)[keyof typeof EventType];

/** One Event about a Canary. */
export interface CanaryEventInput {
  type: EventType;
  reason: string;
  message: string;
}

const COMPONENT = 'glidepath-controller';
// Event messages are capped at 1 KiB by the API server's validation.
const MAX_MESSAGE = 1024;

/** The object an Event is about, as `involvedObject` names it. */
interface InvolvedObject {
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string;
  uid?: string | undefined;
  resourceVersion?: string | undefined;
}

/** A core/v1 Event about `about` at `now`, named after it with a unique suffix. */
function coreEvent(about: InvolvedObject, input: CanaryEventInput, now: number): KubeObject {
  const time = new Date(now).toISOString();
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${about.name}.${now.toString(16)}${randomHex(3)}`, namespace: about.namespace },
    involvedObject: about,
    type: input.type,
    reason: input.reason,
    message: input.message.slice(0, MAX_MESSAGE),
    firstTimestamp: time,
    lastTimestamp: time,
    count: 1,
    source: { component: COMPONENT },
    reportingComponent: COMPONENT,
  };
}

/** The core/v1 Event object for an event about `canary` at `now`. */
export function canaryEvent(canary: Canary, input: CanaryEventInput, now: number): KubeObject {
  const { name, uid, resourceVersion } = canary.metadata;
  return coreEvent({ apiVersion: GLIDEPATH_API_VERSION, kind: 'Canary', name, namespace: canary.metadata.namespace ?? 'default', uid, resourceVersion }, input, now);
}

/** The core/v1 Event object for an event about a Deployment (used once its Canary is gone). */
export function deploymentEvent(deployment: { namespace: string; name: string; uid?: string | undefined }, input: CanaryEventInput, now: number): KubeObject {
  return coreEvent({ apiVersion: 'apps/v1', kind: 'Deployment', name: deployment.name, namespace: deployment.namespace, uid: deployment.uid }, input, now);
}

/** Records Events through an EventQueue: the caller never waits for the API, and a failed Event never fails a reconcile. */
export class EventRecorder {
  constructor(private readonly queue: EventQueue) {}

  /** Queues an Event about `canary`; returns at once. */
  record(canary: Canary, input: CanaryEventInput, now: number): void {
    this.send(canary.metadata.namespace ?? 'default', canaryEvent(canary, input, now));
  }

  /** Queues a ready-made Event object (for example one about a Deployment); returns at once. */
  send(namespace: string, event: KubeObject): void {
    this.queue.record(namespace, event);
  }
}

/** The EventWriter over the ClusterApi: a POST per new Event, a merge patch per repeat. */
export function clusterEventWriter(api: ClusterApi): EventWriter {
  return {
    create: (namespace, event) => api.createEvent(namespace, event),
    bump: (namespace, name, patch) => api.patchEvent(namespace, name, patch),
  };
}
