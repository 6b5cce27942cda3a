/**
 * Turns a Deployment's strategy into concrete pod counts: how many extra pods
 * a rolling update may create (surge) and how many may be missing
 * (unavailable), following the rounding rules Kubernetes documents.
 */
import type { DeploymentLike } from './api-shapes.ts';

/** The two rollout strategies Kubernetes knows. */
export const StrategyType = Object.freeze({ RollingUpdate: 'RollingUpdate', Recreate: 'Recreate' } as const);
export type StrategyType = (typeof StrategyType)[keyof typeof StrategyType];

/** A Deployment spec value the simulator cannot act on; the message names the field. */
export class WorkloadSpecError extends Error {
  override readonly name = 'WorkloadSpecError';
}

/** Concrete bounds for one Deployment at its current replica count. */
export interface RolloutBounds {
  type: StrategyType;
  desired: number;
  maxSurge: number;
  maxUnavailable: number;
}

const DEFAULT_PERCENT = '25%';

/** Resolves an int-or-percent against `total`; percentages round up or down as asked. */
export function resolveIntOrPercent(value: unknown, total: number, roundUp: boolean, field: string): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  if (typeof value === 'string') {
    const match = /^(\d+)%$/.exec(value);
    if (match?.[1] !== undefined) {
      const scaled = (Number(match[1]) * total) / 100;
      return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
    }
    if (/^\d+$/.test(value)) return Number(value);
  }
  throw new WorkloadSpecError(`${field}: must be a non-negative integer or a percentage like "25%", got ${JSON.stringify(value)}`);
}

/** Reads `spec.replicas`, defaulting to 1 as the API server does. */
export function desiredReplicas(deployment: DeploymentLike): number {
  const replicas = deployment.spec?.replicas ?? 1;
  if (!Number.isInteger(replicas) || replicas < 0) {
    throw new WorkloadSpecError(`spec.replicas: must be a non-negative integer, got ${JSON.stringify(replicas)}`);
  }
  return replicas;
}

/** Computes the surge and unavailability bounds; both zero is lifted to one unavailable, as Kubernetes does. */
export function rolloutBounds(deployment: DeploymentLike): RolloutBounds {
  const desired = desiredReplicas(deployment);
  const type = deployment.spec?.strategy?.type ?? StrategyType.RollingUpdate;
  if (type === StrategyType.Recreate) return { type, desired, maxSurge: 0, maxUnavailable: desired };
  if (type !== StrategyType.RollingUpdate) {
    throw new WorkloadSpecError(`spec.strategy.type: must be "RollingUpdate" or "Recreate", got ${JSON.stringify(type)}`);
  }
  return { type, desired, ...rollingBounds(deployment, desired) };
}

function rollingBounds(deployment: DeploymentLike, desired: number): { maxSurge: number; maxUnavailable: number } {
  const rolling = deployment.spec?.strategy?.rollingUpdate;
  const maxSurge = resolveIntOrPercent(rolling?.maxSurge ?? DEFAULT_PERCENT, desired, true, 'spec.strategy.rollingUpdate.maxSurge');
  const maxUnavailable = resolveIntOrPercent(
    rolling?.maxUnavailable ?? DEFAULT_PERCENT, desired, false, 'spec.strategy.rollingUpdate.maxUnavailable');
  if (maxSurge === 0 && maxUnavailable === 0) return { maxSurge, maxUnavailable: Math.min(1, desired) };
  return { maxSurge, maxUnavailable: Math.min(maxUnavailable, desired) };
}

/** The unavailability the Available condition tolerates: zero for Recreate, as Kubernetes reports it. */
export function toleratedUnavailable(bounds: RolloutBounds): number {
  return bounds.type === StrategyType.RollingUpdate ? bounds.maxUnavailable : 0;
}
