/**
 * The Available and Progressing conditions of a Deployment, with the reasons
 * and messages `kubectl rollout status` and `kubectl wait` look for. Pure:
 * the previous conditions and `now` come in, the next conditions go out.
 */
import type { ConditionBody, ConditionLike } from './api-shapes.ts';
import { rfc3339, timeMs } from './pod-state.ts';

/** Condition reasons the Kubernetes deployment controller uses. */
export const ConditionReason = Object.freeze({
  MinimumReplicasAvailable: 'MinimumReplicasAvailable',
  MinimumReplicasUnavailable: 'MinimumReplicasUnavailable',
  NewReplicaSetAvailable: 'NewReplicaSetAvailable',
  ReplicaSetUpdated: 'ReplicaSetUpdated',
  ProgressDeadlineExceeded: 'ProgressDeadlineExceeded',
} as const);
export type ConditionReason = (typeof ConditionReason)[keyof typeof ConditionReason];

/** A condition with times as epoch ms, so comparisons ignore Date-vs-string representation. */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastUpdateMs: number;
  lastTransitionMs: number;
}

/** How the rollout stands this pass, as the condition logic needs it. */
export interface ProgressFacts {
  /** Name of the (virtual) ReplicaSet of the current revision, used in messages. */
  replicaSetName: string;
  complete: boolean;
  progressed: boolean;
  minimumAvailable: boolean;
  progressDeadlineSeconds: number;
  now: number;
}

/** Reads API conditions into `Condition`s, dropping entries without a type. */
export function readConditions(conditions: readonly ConditionLike[] | undefined): Condition[] {
  return (conditions ?? []).flatMap((c) => {
    if (typeof c.type !== 'string') return [];
    const transition = timeMs(c.lastTransitionTime) ?? 0;
    return [{
      type: c.type,
      status: c.status === 'True' || c.status === 'False' ? c.status : 'Unknown',
      reason: c.reason ?? '',
      message: c.message ?? '',
      lastUpdateMs: timeMs(c.lastUpdateTime) ?? transition,
      lastTransitionMs: transition,
    }];
  });
}

/** Renders conditions for the API with RFC 3339 second-precision timestamps. */
export function writeConditions(conditions: Condition[]): ConditionBody[] {
  return conditions.map((c) => ({
    type: c.type,
    status: c.status,
    reason: c.reason,
    message: c.message,
    lastUpdateTime: rfc3339(c.lastUpdateMs),
    lastTransitionTime: rfc3339(c.lastTransitionMs),
  }));
}

/** Condition types this controller owns; a valid spec clears ReplicaFailure (only ever set for an invalid spec). */
const OWNED_TYPES: ReadonlySet<string> = new Set(['Available', 'Progressing', 'ReplicaFailure']);

/** Computes the next Available and Progressing conditions, keeping condition types written by others. */
export function nextConditions(previous: Condition[], facts: ProgressFacts): Condition[] {
  const byType = new Map(previous.map((c) => [c.type, c]));
  const available = availableCondition(byType.get('Available'), facts);
  const progressing = progressingCondition(byType.get('Progressing'), facts);
  const others = previous.filter((c) => !OWNED_TYPES.has(c.type));
  return [available, progressing, ...others];
}

/** The time at which a still-progressing rollout will exceed its deadline, if it can. */
export function deadlineAt(conditions: Condition[], progressDeadlineSeconds: number): number | undefined {
  const progressing = conditions.find((c) => c.type === 'Progressing');
  if (progressing?.reason !== ConditionReason.ReplicaSetUpdated) return undefined;
  return expiry(progressing, progressDeadlineSeconds);
}

/**
 * Condition times are stored with second precision (rounded down), so the
 * last progress may have happened up to a second after the stored time;
 * counting from the end of that second means the deadline is never early.
 */
function expiry(progressing: Condition, progressDeadlineSeconds: number): number {
  return progressing.lastUpdateMs + 1000 + progressDeadlineSeconds * 1000;
}

function availableCondition(prev: Condition | undefined, facts: ProgressFacts): Condition {
  const next = facts.minimumAvailable
    ? { status: 'True' as const, reason: ConditionReason.MinimumReplicasAvailable, message: 'Deployment has minimum availability.' }
    : { status: 'False' as const, reason: ConditionReason.MinimumReplicasUnavailable, message: 'Deployment does not have minimum availability.' };
  return settle(prev, { type: 'Available', ...next }, facts.now, false);
}

function progressingCondition(prev: Condition | undefined, facts: ProgressFacts): Condition {
  const rs = `ReplicaSet "${facts.replicaSetName}"`;
  const updated = { type: 'Progressing', status: 'True' as const, reason: ConditionReason.ReplicaSetUpdated, message: `${rs} is progressing.` };
  if (facts.complete) {
    const done = { ...updated, reason: ConditionReason.NewReplicaSetAvailable, message: `${rs} has successfully progressed.` };
    return settle(prev, done, facts.now, false);
  }
  const sameRevision = prev?.message.includes(rs) === true;
  if (prev === undefined || !sameRevision || facts.progressed) return settle(prev, updated, facts.now, true);
  if (prev.reason !== ConditionReason.ReplicaSetUpdated) return prev;
  if (expiry(prev, facts.progressDeadlineSeconds) > facts.now) return prev;
  const timedOut = { type: 'Progressing', status: 'False' as const, reason: ConditionReason.ProgressDeadlineExceeded, message: `${rs} has timed out progressing.` };
  return settle(prev, timedOut, facts.now, false);
}

/** Builds the next condition: transition time moves only when status flips; update time when anything changes or `touch`. */
function settle(prev: Condition | undefined, next: Omit<Condition, 'lastUpdateMs' | 'lastTransitionMs'>, nowMs: number, touch: boolean): Condition {
  // Stored timestamps have second precision; rounding here keeps re-reads equal to what was computed.
  const now = Math.floor(nowMs / 1000) * 1000;
  if (prev === undefined) return { ...next, lastUpdateMs: now, lastTransitionMs: now };
  const changed = prev.status !== next.status || prev.reason !== next.reason || prev.message !== next.message;
  if (!changed && !touch) return prev;
  return { ...next, lastUpdateMs: now, lastTransitionMs: prev.status === next.status ? prev.lastTransitionMs : now };
}
