/**
 * Computes a Deployment's `.status` from the Pods it owns, the way the
 * Kubernetes deployment controller reports it, and says when time alone
 * (minReadySeconds, the progress deadline) could change it next.
 */
import type { DeploymentLike, DeploymentStatusBody, PodLike } from './api-shapes.ts';
import { deadlineAt, nextConditions, readConditions, writeConditions } from './deployment-conditions.ts';
import type { Condition } from './deployment-conditions.ts';
import { isAvailable, readySinceMs, templateHashOf } from './pod-state.ts';
import { toleratedUnavailable } from './rollout-strategy.ts';
import type { RolloutBounds } from './rollout-strategy.ts';

/** Kubernetes' default for `spec.progressDeadlineSeconds`. */
export const DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;

/** The inputs of one status computation. */
export interface StatusInput {
  deployment: DeploymentLike;
  bounds: RolloutBounds;
  hash: string;
  /** Live (not terminating) Pods owned by the Deployment. */
  pods: PodLike[];
  now: number;
}

/** The status to write, and the earliest time a re-check could change it. */
export interface StatusResult {
  status: DeploymentStatusBody;
  conditions: Condition[];
  recheckAt: number | undefined;
}

type PreviousCounts = NonNullable<DeploymentLike['status']>;

interface Counts {
  replicas: number;
  updatedReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
}

/** Returns the status the Deployment should report now. */
export function computeStatus(input: StatusInput): StatusResult {
  const { deployment, bounds, now } = input;
  const minReadySeconds = deployment.spec?.minReadySeconds ?? 0;
  const counts = countPods(input.pods, input.hash, minReadySeconds, now);
  const generation = deployment.metadata?.generation ?? 0;
  const previous: PreviousCounts = deployment.status ?? {};
  const deadlineSeconds = deployment.spec?.progressDeadlineSeconds ?? DEFAULT_PROGRESS_DEADLINE_SECONDS;
  const conditions = nextConditions(readConditions(previous.conditions), {
    replicaSetName: `${deployment.metadata?.name ?? ''}-${input.hash}`,
    complete: isComplete(counts, bounds.desired),
    progressed: hasProgressed(previous, counts),
    minimumAvailable: counts.availableReplicas >= bounds.desired - toleratedUnavailable(bounds),
    progressDeadlineSeconds: deadlineSeconds,
    now,
  });
  const status: DeploymentStatusBody = {
    observedGeneration: generation,
    ...counts,
    unavailableReplicas: Math.max(0, Math.max(bounds.desired, counts.replicas) - counts.availableReplicas),
    conditions: writeConditions(conditions),
  };
  const recheckAt = earliest(deadlineAt(conditions, deadlineSeconds), availabilityAt(input.pods, minReadySeconds, now));
  return { status, conditions, recheckAt };
}

/** True when the written status already says everything `next` says (timestamps compared as instants). */
export function statusUnchanged(current: (PreviousCounts & { observedGeneration?: number; unavailableReplicas?: number }) | undefined, next: StatusResult): boolean {
  if (current === undefined) return false;
  const fields = ['observedGeneration', 'replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas'] as const;
  if (fields.some((f) => (current[f] ?? 0) !== (next.status[f] ?? 0))) return false;
  const have = readConditions(current.conditions);
  return have.length === next.conditions.length && next.conditions.every((c, i) => sameCondition(have[i], c));
}

function sameCondition(a: Condition | undefined, b: Condition): boolean {
  return a !== undefined && a.type === b.type && a.status === b.status && a.reason === b.reason
    && a.message === b.message && a.lastUpdateMs === b.lastUpdateMs && a.lastTransitionMs === b.lastTransitionMs;
}

function countPods(pods: PodLike[], hash: string, minReadySeconds: number, now: number): Counts {
  return {
    replicas: pods.length,
    updatedReplicas: pods.filter((p) => templateHashOf(p) === hash).length,
    readyReplicas: pods.filter((p) => readySinceMs(p) !== undefined).length,
    availableReplicas: pods.filter((p) => isAvailable(p, minReadySeconds, now)).length,
  };
}

function isComplete(counts: Counts, desired: number): boolean {
  return counts.updatedReplicas === desired && counts.replicas === desired && counts.availableReplicas === desired;
}

/** Kubernetes counts any step forward as progress: more updated, ready or available pods, or fewer old ones. */
function hasProgressed(previous: PreviousCounts, counts: Counts): boolean {
  const oldBefore = (previous.replicas ?? 0) - (previous.updatedReplicas ?? 0);
  const oldNow = counts.replicas - counts.updatedReplicas;
  return counts.updatedReplicas > (previous.updatedReplicas ?? 0) || oldNow < oldBefore
    || counts.readyReplicas > (previous.readyReplicas ?? 0) || counts.availableReplicas > (previous.availableReplicas ?? 0);
}

/** The earliest moment a Ready-but-not-yet-available Pod becomes available. */
function availabilityAt(pods: PodLike[], minReadySeconds: number, now: number): number | undefined {
  if (minReadySeconds <= 0) return undefined;
  let soonest: number | undefined;
  for (const pod of pods) {
    const since = readySinceMs(pod);
    if (since === undefined) continue;
    const at = since + minReadySeconds * 1000;
    if (at > now) soonest = earliest(soonest, at);
  }
  return soonest;
}

function earliest(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}
