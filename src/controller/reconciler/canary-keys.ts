import type { KubernetesObject } from '@kubernetes/client-node';
import type { Canary } from '../../api/canary-types.ts';
import type { ResourceKindName } from '../runtime/resource-kinds.ts';

/** Finds the Canaries that refer to an object (canary-ref-index.ts). */
export interface CanaryRefs {
  targeting(namespace: string, name: string): string[];
  scaledBy(namespace: string, name: string): string[];
  inNamespace(namespace: string): string[];
}

/** The queue key of an object: `namespace/name`. */
export function keyOf(obj: KubernetesObject): string {
  return `${obj.metadata?.namespace ?? 'default'}/${obj.metadata?.name ?? ''}`;
}

/** The queue key of a Canary. */
export function canaryKey(canary: Canary): string {
  return `${canary.metadata.namespace ?? 'default'}/${canary.metadata.name}`;
}

function namespaceOf(obj: KubernetesObject): string {
  return obj.metadata?.namespace ?? 'default';
}

function ownerKeys(obj: KubernetesObject): string[] {
  const namespace = namespaceOf(obj);
  return (obj.metadata?.ownerReferences ?? []).filter((ref) => ref.kind === 'Canary').map((ref) => `${namespace}/${ref.name}`);
}

/**
 * The Canaries a cached change concerns: the Canary itself; the owner of an object Glidepath
 * created; the Canaries targeting a Deployment or referencing an HPA
 * (spec.autoscalerRef); every Canary of the namespace for a
 * MetricTemplate, ConfigMap or Secret (their references are resolved in the pass).
 */
export function canaryKeysFor(kind: ResourceKindName, obj: KubernetesObject, canaries: CanaryRefs): string[] {
  const namespace = namespaceOf(obj);
  const name = obj.metadata?.name ?? '';
  switch (kind) {
    case 'Canary':
      return [keyOf(obj)];
    case 'Deployment':
      return [...ownerKeys(obj), ...canaries.targeting(namespace, name)];
    case 'HorizontalPodAutoscaler':
      return [...ownerKeys(obj), ...canaries.scaledBy(namespace, name)];
    case 'MetricTemplate':
    case 'ConfigMap':
    case 'Secret':
      return canaries.inNamespace(namespace);
    default:
      return ownerKeys(obj);
  }
}
