/**
 * The pure core of the deployment controller: given a Deployment's bounds,
 * its current revision and the Pods it has now, decide which Pods to create
 * and which to delete. Every pass recomputes this from scratch (level-based).
 *
 * RollingUpdate follows Kubernetes' arithmetic with one ReplicaSet per
 * revision collapsed into "new" and "old" pods: create new pods up to
 * replicas + maxSurge in total, drop unready old pods first, and remove ready
 * old pods only while at least replicas - maxUnavailable stay available.
 * Recreate deletes every old pod and creates the new ones only after the old
 * ones are gone.
 */
import type { PodLike } from './api-shapes.ts';
import { createdMs, isAvailable, templateHashOf } from './pod-state.ts';
import { StrategyType } from './rollout-strategy.ts';
import type { RolloutBounds } from './rollout-strategy.ts';

/** Everything the planner needs to know about one Deployment right now. */
export interface PlanInput {
  bounds: RolloutBounds;
  /** The current revision's template hash. */
  hash: string;
  /** Live (not terminating) Pods owned by the Deployment. */
  pods: PodLike[];
  /** Owned Pods already marked for deletion but not gone yet. */
  terminating: number;
  minReadySeconds: number;
  now: number;
}

/** What to do this pass. */
export interface RolloutPlan {
  create: number;
  remove: PodLike[];
}

/** Orders Pods for removal: unavailable before available, then newest first (mirrors Kubernetes' ranking). */
export function removalOrder(pods: PodLike[], minReadySeconds: number, now: number): PodLike[] {
  const rank = (pod: PodLike): number => (isAvailable(pod, minReadySeconds, now) ? 1 : 0);
  return [...pods].sort((a, b) => rank(a) - rank(b) || createdMs(b) - createdMs(a)
    || (b.metadata?.name ?? '').localeCompare(a.metadata?.name ?? ''));
}

/** Decides the creations and deletions that move the Deployment toward its desired state. */
export function planRollout(input: PlanInput): RolloutPlan {
  const newPods = input.pods.filter((p) => templateHashOf(p) === input.hash);
  const oldPods = input.pods.filter((p) => templateHashOf(p) !== input.hash);
  if (oldPods.length === 0) return scaleCurrent(input, newPods);
  if (input.bounds.type === StrategyType.Recreate) return { create: 0, remove: oldPods };
  return rollForward(input, newPods, oldPods);
}

function scaleCurrent(input: PlanInput, newPods: PodLike[]): RolloutPlan {
  const { desired, type } = input.bounds;
  if (type === StrategyType.Recreate && input.terminating > 0) return { create: 0, remove: [] };
  if (newPods.length < desired) return { create: desired - newPods.length, remove: [] };
  const excess = newPods.length - desired;
  return { create: 0, remove: removalOrder(newPods, input.minReadySeconds, input.now).slice(0, excess) };
}

function rollForward(input: PlanInput, newPods: PodLike[], oldPods: PodLike[]): RolloutPlan {
  const { desired, maxSurge, maxUnavailable } = input.bounds;
  const available = (p: PodLike): boolean => isAvailable(p, input.minReadySeconds, input.now);
  const total = newPods.length + oldPods.length;
  const create = Math.max(0, Math.min(desired - newPods.length, desired + maxSurge - total));
  const excessNew = removalOrder(newPods, input.minReadySeconds, input.now).slice(0, Math.max(0, newPods.length - desired));

  const minAvailable = desired - maxUnavailable;
  const newUnavailable = newPods.filter((p) => !available(p)).length;
  const unhealthyBudget = Math.max(0, total - minAvailable - newUnavailable);
  const oldUnhealthy = oldPods.filter((p) => !available(p)).slice(0, unhealthyBudget);

  const availableKept = input.pods.filter(available).length - excessNew.filter(available).length;
  const healthyBudget = Math.max(0, availableKept - minAvailable);
  const oldHealthy = removalOrder(oldPods.filter(available), input.minReadySeconds, input.now).slice(0, healthyBudget);
  return { create, remove: [...excessNew, ...oldUnhealthy, ...oldHealthy] };
}
