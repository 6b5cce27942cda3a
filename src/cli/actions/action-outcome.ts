/**
 * What the controller did with an action annotation, read from the Canary once the
 * annotation is gone: a history entry ending in the annotation's marker means it acted; an
 * `ActionRefused` Warning Event for the annotation, recorded since the request, means it
 * refused (the machine's reason is the Event's message).
 */
import type { CoreV1Event } from '@kubernetes/client-node';
import type { Canary, HistoryStatus } from '../../api/canary-types.ts';

/** The operator actions, each set as the annotation `glidepath.dev/<action>`. */
export const OperatorAction = Object.freeze({
  Promote: 'promote',
  Abort: 'abort',
  Pause: 'pause',
  Resume: 'resume',
  Retry: 'retry',
} as const);
export type OperatorAction = (typeof OperatorAction)[keyof typeof OperatorAction];

/** The annotation that requests `action`. */
export function annotationOf(action: OperatorAction): string {
  return `glidepath.dev/${action}`;
}

/** The text the controller appends to the history entry of an action it took (see the reconciler's actionMarker). */
export function markerOf(action: OperatorAction, value: string): string {
  return `(annotation ${annotationOf(action)}=${JSON.stringify(value)})`;
}

/** The outcome of one request. */
export type ActionOutcome =
  | { kind: 'pending' }
  | { kind: 'acted'; entry: HistoryStatus; phase: string | undefined }
  | { kind: 'refused'; reason: string }
  | { kind: 'superseded'; value: string }
  | { kind: 'unrecorded' };

/** One request: which action, the annotation value the CLI set, and when (ms since the epoch). */
export interface ActionRequestRecord {
  action: OperatorAction;
  value: string;
  requestedAt: number;
}

// Events carry second-resolution timestamps, so an Event from the request's own second counts.
const EVENT_TIME_SLACK_MS = 1000;

function eventTime(event: CoreV1Event): number {
  const stamp = event.lastTimestamp ?? event.eventTime ?? event.firstTimestamp ?? event.metadata.creationTimestamp;
  return stamp === undefined ? Number.NaN : new Date(stamp).getTime();
}

function refusalOf(events: readonly CoreV1Event[], request: ActionRequestRecord): string | undefined {
  const prefix = `${annotationOf(request.action)}: `;
  const matching = events.filter((e) => e.type === 'Warning' && e.reason === 'ActionRefused' && (e.message ?? '').startsWith(prefix)
    && eventTime(e) >= request.requestedAt - EVENT_TIME_SLACK_MS);
  return matching.at(-1)?.message?.slice(prefix.length);
}

/** True while the annotation still holds the requested value (the controller has not handled it yet). */
export function stillPending(canary: Canary, request: ActionRequestRecord): boolean {
  return canary.metadata.annotations?.[annotationOf(request.action)] === request.value;
}

/** Classifies a Canary whose annotation no longer holds the requested value; `events` are the Canary's Events. */
export function outcomeOf(canary: Canary, events: readonly CoreV1Event[], request: ActionRequestRecord): ActionOutcome {
  if (stillPending(canary, request)) return { kind: 'pending' };
  const marker = markerOf(request.action, request.value);
  const entry = (canary.status?.history ?? []).findLast((e) => (e.message ?? '').endsWith(marker));
  if (entry !== undefined) return { kind: 'acted', entry, phase: canary.status?.phase };
  const reason = refusalOf(events, request);
  if (reason !== undefined) return { kind: 'refused', reason };
  const current = canary.metadata.annotations?.[annotationOf(request.action)];
  if (current !== undefined) return { kind: 'superseded', value: current };
  return { kind: 'unrecorded' };
}
