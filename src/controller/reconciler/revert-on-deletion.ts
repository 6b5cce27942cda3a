/**
 * `spec.revertOnDeletion`: before a deleted Canary goes, the workload is handed back to the user,
 * as Flagger documents it: the target is scaled to the primary's replica count and must be
 * ready, all traffic is routed to it, and the apex Service selects its pods again and is released
 * from the Canary's ownership, so it outlives the Canary. Everything else Glidepath created (the
 * primary, the -primary/-canary Services, DestinationRules, the VirtualService, config copies) is
 * then removed by the garbage collector.
 */
import type { Canary } from '../../api/canary-types.ts';
import type { DesiredState } from '../../../machines/release-types.ts';
import { canaryObjectNames } from '../k8s-objects/object-names.ts';
import type { Deployment, Metadata } from '../k8s-objects/object-shapes.ts';
import { MANAGED_BY_LABEL } from '../k8s-objects/ownership.ts';
import { selectorLabel } from '../k8s-objects/selector-label.ts';
import { ResourceKinds } from '../runtime/resource-kinds.ts';
import type { ConvergeDeps } from './owned-objects.ts';
import { convergeCanaryScale, convergeRouting } from './owned-objects.ts';
import { deploymentReadiness } from './workload-readiness.ts';

/** Where handing the workload back stands. */
export type RevertOutcome =
  | { state: 'waiting'; detail: string }
  | { state: 'done'; warning: boolean; message: string };

/** All traffic to the target (the `-canary` destination), no mirror, no A/B route. */
const ALL_TO_TARGET: DesiredState = Object.freeze({ canaryWeight: 100, mirrorWeight: 0, routeMatchedToCanary: false, canaryRunning: true, promoteTemplate: false });

/** The replicas the target gets back: the primary's count (what served users), at least 1. */
export function handBackReplicas(target: Deployment, primary: Deployment | undefined): number {
  const replicas = primary?.spec?.replicas ?? target.spec?.replicas ?? 1;
  return Math.max(1, replicas);
}

/** True when the hand-back has waited longer than the Canary's progress deadline since deletion was asked. */
export function revertDeadlinePassed(canary: Canary, now: number): boolean {
  const since = Date.parse(canary.metadata.deletionTimestamp ?? '');
  if (Number.isNaN(since)) return false;
  return now - since > (canary.spec.progressDeadlineSeconds ?? 600) * 1000;
}

interface ServiceLike {
  metadata: Metadata;
  spec?: { selector?: Record<string, string> };
}

/** The merge patch that points the apex Service at the target's pods and drops this Canary as owner; null when already so. */
export function apexHandBackPatch(service: ServiceLike, canary: Canary, target: Deployment): object | null {
  const label = selectorLabel(target);
  const owners = service.metadata.ownerReferences ?? [];
  const others = owners.filter((ref) => ref.uid !== canary.metadata.uid);
  const selects = service.spec?.selector?.[label.key] === label.value;
  if (selects && others.length === owners.length) return null;
  return {
    metadata: { ownerReferences: others.length > 0 ? others : null, labels: { [MANAGED_BY_LABEL.key]: null } },
    spec: { selector: { [label.key]: label.value } },
  };
}

async function handBackTraffic(deps: ConvergeDeps, canary: Canary, target: Deployment): Promise<void> {
  const names = canaryObjectNames(canary);
  const namespace = canary.metadata.namespace ?? 'default';
  if (deps.cached('VirtualService', namespace, names.virtualService) !== undefined) await convergeRouting(deps, canary, ALL_TO_TARGET);
  const apex = deps.cached('Service', namespace, names.service) as ServiceLike | undefined;
  const patch = apex === undefined ? null : apexHandBackPatch(apex, canary, target);
  if (patch === null) return;
  deps.fence();
  await deps.api.mergePatch(ResourceKinds.Service, namespace, names.service, patch);
}

/**
 * One pass of handing the workload back; idempotent, so it is simply repeated until done. Gives up
 * waiting for the target after the progress deadline (a Warning says so) rather than holding the
 * Canary forever.
 */
export async function revertStep(deps: ConvergeDeps, canary: Canary, now: number): Promise<RevertOutcome> {
  const names = canaryObjectNames(canary);
  const namespace = canary.metadata.namespace ?? 'default';
  const target = deps.cached('Deployment', namespace, names.target) as Deployment | undefined;
  if (target === undefined) return { state: 'done', warning: true, message: `target Deployment ${namespace}/${names.target} no longer exists; nothing to hand back` };
  const primary = deps.cached('Deployment', namespace, names.primaryDeployment) as Deployment | undefined;
  const replicas = handBackReplicas(target, primary);
  await convergeCanaryScale(deps, target, replicas);
  const readiness = deploymentReadiness(target, 100);
  if (!readiness.ready || target.spec?.replicas !== replicas) {
    if (!revertDeadlinePassed(canary, now)) return { state: 'waiting', detail: readiness.detail || `scaling to ${replicas}` };
    return { state: 'done', warning: true, message: `Deployment ${namespace}/${names.target} was not ready within progressDeadlineSeconds (${readiness.detail}); handed back anyway` };
  }
  await handBackTraffic(deps, canary, target);
  return { state: 'done', warning: false, message: `Deployment ${namespace}/${names.target} runs ${replicas} ready replicas and receives all traffic; Service ${names.service} selects it` };
}
