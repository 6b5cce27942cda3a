// The built-in kinds the sandbox serves from the start; CRDs add the rest.
import type { KubeObject, PatchMetaNode, ResourceType, ScaleSpec } from './resource-type.ts';
import { conditionedMeta, plainMeta, podMeta, serviceMeta, workloadMeta } from './builtin-patch-meta.ts';
import { defaultNamespace, defaultPod, defaultService, defaultWorkload } from './builtin-defaults.ts';
import { defaultHpa } from './hpa-defaults.ts';
import { normalizeSecret } from './secret-data.ts';

interface BuiltinSpec {
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  status?: boolean;
  scale?: ScaleSpec;
  tracksGeneration?: boolean;
  patchMeta?: PatchMetaNode;
  defaults?: (obj: KubeObject, old: KubeObject | undefined) => void;
  initialStatus?: (obj: KubeObject) => unknown;
}

const replicaScale: ScaleSpec = Object.freeze({
  specReplicasPath: '.spec.replicas',
  statusReplicasPath: '.status.replicas',
  labelSelectorPath: '.status.selector',
});

function builtin(spec: BuiltinSpec): ResourceType {
  const type: ResourceType = {
    group: spec.group,
    kind: spec.kind,
    listKind: `${spec.kind}List`,
    plural: spec.plural,
    singular: spec.kind.toLowerCase(),
    shortNames: spec.shortNames ?? [],
    categories: spec.categories ?? [],
    namespaced: spec.namespaced,
    versions: [{ name: spec.version, served: true, storage: true, printerColumns: [], status: spec.status ?? false, ...(spec.scale ? { scale: spec.scale } : {}) }],
    builtin: true,
    tracksGeneration: spec.tracksGeneration ?? false,
    patchMeta: spec.patchMeta ?? plainMeta,
  };
  if (spec.defaults !== undefined) type.defaults = spec.defaults;
  if (spec.initialStatus !== undefined) type.initialStatus = spec.initialStatus;
  return type;
}

const rbac = 'rbac.authorization.k8s.io';

/** Fresh copies of every built-in resource type. */
export function builtinKinds(): ResourceType[] {
  return [
    builtin({ group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false, shortNames: ['ns'], status: true, defaults: defaultNamespace, initialStatus: () => ({ phase: 'Active' }) }),
    builtin({ group: '', version: 'v1', kind: 'Service', plural: 'services', namespaced: true, shortNames: ['svc'], categories: ['all'], status: true, patchMeta: serviceMeta, defaults: defaultService, initialStatus: () => ({ loadBalancer: {} }) }),
    builtin({ group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true, shortNames: ['cm'] }),
    builtin({ group: '', version: 'v1', kind: 'Secret', plural: 'secrets', namespaced: true, defaults: normalizeSecret }),
    builtin({ group: '', version: 'v1', kind: 'Event', plural: 'events', namespaced: true, shortNames: ['ev'] }),
    builtin({ group: '', version: 'v1', kind: 'Pod', plural: 'pods', namespaced: true, shortNames: ['po'], categories: ['all'], status: true, patchMeta: podMeta, defaults: defaultPod, initialStatus: () => ({ phase: 'Pending', qosClass: 'BestEffort' }) }),
    builtin({ group: '', version: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts', namespaced: true, shortNames: ['sa'] }),
    builtin({ group: '', version: 'v1', kind: 'Endpoints', plural: 'endpoints', namespaced: true, shortNames: ['ep'] }),
    builtin({ group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', namespaced: true, shortNames: ['deploy'], categories: ['all'], status: true, scale: replicaScale, tracksGeneration: true, patchMeta: workloadMeta, defaults: defaultWorkload }),
    builtin({ group: 'apps', version: 'v1', kind: 'ReplicaSet', plural: 'replicasets', namespaced: true, shortNames: ['rs'], categories: ['all'], status: true, scale: replicaScale, tracksGeneration: true, patchMeta: workloadMeta, defaults: defaultWorkload }),
    builtin({ group: 'autoscaling', version: 'v2', kind: 'HorizontalPodAutoscaler', plural: 'horizontalpodautoscalers', namespaced: true, shortNames: ['hpa'], categories: ['all'], status: true, tracksGeneration: true, patchMeta: conditionedMeta, defaults: defaultHpa }),
    builtin({ group: 'coordination.k8s.io', version: 'v1', kind: 'Lease', plural: 'leases', namespaced: true }),
    builtin({ group: 'events.k8s.io', version: 'v1', kind: 'Event', plural: 'events', namespaced: true, shortNames: ['ev'] }),
    builtin({ group: rbac, version: 'v1', kind: 'Role', plural: 'roles', namespaced: true }),
    builtin({ group: rbac, version: 'v1', kind: 'ClusterRole', plural: 'clusterroles', namespaced: false }),
    builtin({ group: rbac, version: 'v1', kind: 'RoleBinding', plural: 'rolebindings', namespaced: true }),
    builtin({ group: rbac, version: 'v1', kind: 'ClusterRoleBinding', plural: 'clusterrolebindings', namespaced: false }),
    builtin({ group: 'apiextensions.k8s.io', version: 'v1', kind: 'CustomResourceDefinition', plural: 'customresourcedefinitions', namespaced: false, shortNames: ['crd', 'crds'], categories: ['api-extensions'], status: true, tracksGeneration: true, patchMeta: conditionedMeta }),
  ];
}
