import type { Deployment } from '../k8s-objects/object-shapes.ts';
import { REVISION_ANNOTATION } from '../k8s-objects/primary-deployment.ts';

/** How a Deployment stands, as the machine's TICK needs it. */
export interface WorkloadReadiness {
  ready: boolean;
  /** What is missing, for status messages; empty when ready. */
  detail: string;
}

function numberAt(status: Record<string, unknown> | undefined, field: string): number {
  const value = status?.[field];
  return typeof value === 'number' ? value : 0;
}

function rolloutDetail(deployment: Deployment): string | null {
  const generation = deployment.metadata.generation;
  const observed = numberAt(deployment.status, 'observedGeneration');
  if (typeof generation === 'number' && observed < generation) return `generation ${generation} not yet observed`;
  const replicas = deployment.spec?.replicas ?? 1;
  if (replicas <= 0) return 'scaled to 0';
  const updated = numberAt(deployment.status, 'updatedReplicas');
  return updated < replicas ? `${updated} of ${replicas} pods updated` : null;
}

/**
 * Whether a Deployment has finished rolling out and at least `thresholdPercent` of its
 * desired pods are available (Flagger's primary/canaryReadyThreshold).
 */
export function deploymentReadiness(deployment: Deployment | undefined, thresholdPercent: number): WorkloadReadiness {
  if (deployment === undefined) return { ready: false, detail: 'does not exist' };
  const pending = rolloutDetail(deployment);
  if (pending !== null) return { ready: false, detail: pending };
  const replicas = deployment.spec?.replicas ?? 1;
  const available = numberAt(deployment.status, 'availableReplicas');
  const percent = (available * 100) / replicas;
  if (percent < thresholdPercent) {
    return { ready: false, detail: `${available} of ${replicas} pods available (${Math.floor(percent)}% < ${thresholdPercent}%)` };
  }
  return { ready: true, detail: '' };
}

/** The revision the primary was last given (the annotation written when its template was copied), or null. */
export function primaryRevisionOf(primary: Deployment | undefined): string | null {
  return primary?.metadata.annotations?.[REVISION_ANNOTATION] ?? null;
}
