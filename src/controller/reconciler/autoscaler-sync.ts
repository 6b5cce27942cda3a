// Keeps `<hpa>-primary` a copy of the user's HPA on every pass (level-based: a change to the
// user's HPA reaches the copy on the next pass, not only at promotion), and decides replica counts
// so that the controller never fights an autoscaler over a Deployment's replicas.
import type { Canary } from '../../api/canary-types.ts';
import { checkAutoscalerRef } from '../k8s-objects/autoscaler-reference.ts';
import type { AutoscalerLookup } from '../k8s-objects/autoscaler-reference.ts';
import type { Deployment } from '../k8s-objects/object-shapes.ts';
import type { HorizontalPodAutoscaler, HorizontalPodAutoscalerManifest, ReplicaBounds } from '../k8s-objects/primary-autoscaler.ts';
import { clampToBounds, primaryAutoscaler, primaryBounds } from '../k8s-objects/primary-autoscaler.ts';
import { apiErrorCode, apiErrorMessage } from './cluster-api.ts';
import type { KubeObject } from './cluster-api.ts';
import { coveredBy, mergePatchBetween } from './merge-patch.ts';
import { objectRepair } from './drift-repairs.ts';
import type { ConvergeDeps } from './owned-objects.ts';
import { ConvergeError } from './owned-objects.ts';
import { ResourceKinds } from '../runtime/resource-kinds.ts';

/** The HPA lookup over a converge step's cache reads. */
export function autoscalerLookup(deps: Pick<ConvergeDeps, 'cached'>): AutoscalerLookup {
  return (namespace, name) => deps.cached('HorizontalPodAutoscaler', namespace, name) as HorizontalPodAutoscaler | undefined;
}

/** The merge patch that makes `current` the desired copy (its spec exactly; labels, annotations and owner added), or null when it already is. */
export function autoscalerPatch(current: HorizontalPodAutoscaler, desired: HorizontalPodAutoscalerManifest): Record<string, unknown> | null {
  const { labels, annotations, ownerReferences } = desired.metadata;
  const metadata = { labels, ownerReferences, ...(annotations === undefined ? {} : { annotations }) };
  const spec = mergePatchBetween(current.spec, desired.spec);
  const metadataCovered = coveredBy(current.metadata, metadata);
  if (spec === null && metadataCovered) return null;
  return { ...(metadataCovered ? {} : { metadata }), ...(spec === null ? {} : { spec }) };
}

function rejected(err: unknown, key: string): unknown {
  const code = apiErrorCode(err);
  if (code === 404) return new ConvergeError('ObjectsInvalid', `cannot write HorizontalPodAutoscaler ${key}: the API does not serve autoscaling/v2 horizontalpodautoscalers`);
  if (code === 422 || code === 400) return new ConvergeError('ObjectsInvalid', `the API rejected HorizontalPodAutoscaler ${key}: ${apiErrorMessage(err)}`);
  return err;
}

/**
 * Creates `<hpa>-primary` when missing and patches it when it differs from the user's HPA;
 * returns the number of writes (0 without spec.autoscalerRef). Throws ConvergeError when the
 * reference is unusable or the API rejects the copy.
 */
export async function convergeAutoscaler(deps: ConvergeDeps, canary: Canary): Promise<number> {
  const check = checkAutoscalerRef(canary, autoscalerLookup(deps));
  if (check === null) return 0;
  if (!check.ok) throw new ConvergeError('ObjectsInvalid', check.message);
  const desired = primaryAutoscaler(check.hpa, canary);
  const { name, namespace } = desired.metadata;
  const current = deps.cached('HorizontalPodAutoscaler', namespace, name) as HorizontalPodAutoscaler | undefined;
  const patch = current === undefined ? null : autoscalerPatch(current, desired);
  if (current !== undefined && patch === null) return 0;
  deps.fence();
  try {
    if (patch === null) await deps.api.create(ResourceKinds.HorizontalPodAutoscaler, namespace, desired as unknown as KubeObject);
    else await deps.api.mergePatch(ResourceKinds.HorizontalPodAutoscaler, namespace, name, patch);
  } catch (err: unknown) {
    throw rejected(err, `${namespace}/${name}`);
  }
  deps.repaired?.(objectRepair('HorizontalPodAutoscaler', name, patch === null));
  return 1;
}

/**
 * Replicas for a primary about to be created: `lastKnown` (the count a deleted primary had) or else
 * the target's (at least 1), moved into the primary HPA's bounds so the HPA has nothing to correct;
 * empty without a usable autoscalerRef and without `lastKnown` (the builder then uses the target's).
 */
export function autoscaledPrimaryReplicas(canary: Canary, target: Deployment, lookup: AutoscalerLookup, lastKnown?: number): { replicas?: number } {
  const check = checkAutoscalerRef(canary, lookup);
  if (check?.ok !== true) return lastKnown === undefined ? {} : { replicas: Math.max(1, lastKnown) };
  const preferred = lastKnown ?? target.spec?.replicas ?? 1;
  return { replicas: clampToBounds(Math.max(1, preferred), primaryBounds(canary, check.hpa)) };
}

/**
 * The replicas to set on the target (the canary), or null to leave the count to the user's HPA:
 * with an autoscalerRef the controller only scales the canary to 0 between releases (an HPA does
 * not scale a target up from 0) and up from 0 when a release starts, within the user's HPA bounds.
 */
export function canaryScaleFor(canary: Canary, target: Deployment, wanted: number, lookup: AutoscalerLookup): number | null {
  const ref = canary.spec.autoscalerRef;
  if (ref === undefined || wanted === 0) return wanted;
  if ((target.spec?.replicas ?? 1) > 0) return null;
  return clampToBounds(wanted, userBounds(lookup(canary.metadata.namespace ?? 'default', ref.name), wanted));
}

function userBounds(hpa: HorizontalPodAutoscaler | undefined, fallback: number): ReplicaBounds {
  const min = hpa?.spec?.minReplicas ?? 1;
  return { min, max: Math.max(min, hpa?.spec?.maxReplicas ?? fallback) };
}
