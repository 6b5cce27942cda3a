import type { KubernetesObject } from '@kubernetes/client-node';
import type { Canary } from '../../api/canary-types.ts';
import type { ResourceKindName } from '../runtime/resource-kinds.ts';

/** Reads the cached Canaries of a namespace. */
export type CanaryLister = (namespace: string) => readonly Canary[];

/** The queue key of an object: `namespace/name`. */
export function keyOf(obj: KubernetesObject): string {
  return `${obj.metadata?.namespace ?? 'default'}/${obj.metadata?.name ?? ''}`;
}

/** The queue key of a Canary. */
export function canaryKey(canary: Canary): string {
  return `${canary.metadata.namespace ?? 'default'}/${canary.metadata.name}`;
}

function ownerKeys(obj: KubernetesObject): string[] {
  const namespace = obj.metadata?.namespace ?? 'default';
  return (obj.metadata?.ownerReferences ?? []).filter((ref) => ref.kind === 'Canary').map((ref) => `${namespace}/${ref.name}`);
}

function targetKeys(obj: KubernetesObject, canaries: CanaryLister): string[] {
  const namespace = obj.metadata?.namespace ?? 'default';
  return canaries(namespace).filter((c) => c.spec.targetRef.name === obj.metadata?.name).map(canaryKey);
}

function autoscalerKeys(obj: KubernetesObject, canaries: CanaryLister): string[] {
  const namespace = obj.metadata?.namespace ?? 'default';
  return canaries(namespace).filter((c) => c.spec.autoscalerRef?.name === obj.metadata?.name).map(canaryKey);
}

/**
 * The Canaries a cached change concerns: the Canary itself; the owner of an object Glidepath
 * created; the Canaries targeting a Deployment or referencing an HPA
 * (spec.autoscalerRef); every Canary of the namespace for a
 * MetricTemplate, ConfigMap or Secret (their references are resolved in the pass).
 */
export function canaryKeysFor(kind: ResourceKindName, obj: KubernetesObject, canaries: CanaryLister): string[] {
  switch (kind) {
    case 'Canary':
      return [keyOf(obj)];
    case 'Deployment':
      return [...ownerKeys(obj), ...targetKeys(obj, canaries)];
    case 'HorizontalPodAutoscaler':
      return [...ownerKeys(obj), ...autoscalerKeys(obj, canaries)];
    case 'MetricTemplate':
    case 'ConfigMap':
    case 'Secret':
      return canaries(obj.metadata?.namespace ?? 'default').map(canaryKey);
    default:
      return ownerKeys(obj);
  }
}
