// Strategic-merge metadata for built-in kinds: which lists merge by which key. These mirror the
// merge keys real Kubernetes declares, because kubectl computes its patches with the same keys.
import type { PatchMetaNode } from './resource-type.ts';

function keyedList(mergeKey: string, items?: PatchMetaNode): PatchMetaNode {
  return items === undefined ? { mergeKey, strategy: 'merge' } : { mergeKey, strategy: 'merge', items };
}

const primitiveSet: PatchMetaNode = Object.freeze({ strategy: 'merge' });

const conditions: PatchMetaNode = keyedList('type');
const volumesMeta: PatchMetaNode = { mergeKey: 'name', strategy: 'merge,retainKeys' };
const retainKeysMeta: PatchMetaNode = { strategy: 'retainKeys' };

/** ObjectMeta: owner references by uid, finalizers as a set. */
export const objectMetaMeta: PatchMetaNode = Object.freeze({
  fields: { ownerReferences: keyedList('uid'), finalizers: primitiveSet },
});

const containerMeta: PatchMetaNode = Object.freeze({
  fields: {
    ports: keyedList('containerPort'),
    env: keyedList('name'),
    volumeMounts: keyedList('mountPath'),
    volumeDevices: keyedList('devicePath'),
  },
});

/** PodSpec: containers, volumes and friends merge by name. */
export const podSpecMeta: PatchMetaNode = Object.freeze({
  fields: {
    containers: keyedList('name', containerMeta),
    initContainers: keyedList('name', containerMeta),
    ephemeralContainers: keyedList('name', containerMeta),
    volumes: volumesMeta,
    imagePullSecrets: keyedList('name'),
    hostAliases: keyedList('ip'),
  },
});

const podTemplateMeta: PatchMetaNode = Object.freeze({
  fields: { metadata: objectMetaMeta, spec: podSpecMeta },
});

/** Deployments and ReplicaSets: the pod template plus status conditions. */
export const workloadMeta: PatchMetaNode = Object.freeze({
  fields: {
    metadata: objectMetaMeta,
    spec: { fields: { template: podTemplateMeta, strategy: retainKeysMeta } },
    status: { fields: { conditions } },
  },
});

/** Pods: the pod spec plus status conditions and container statuses. */
export const podMeta: PatchMetaNode = Object.freeze({
  fields: {
    metadata: objectMetaMeta,
    spec: podSpecMeta,
    status: { fields: { conditions, containerStatuses: keyedList('name') } },
  },
});

/** Services: ports merge by port number. */
export const serviceMeta: PatchMetaNode = Object.freeze({
  fields: {
    metadata: objectMetaMeta,
    spec: { fields: { ports: keyedList('port') } },
    status: { fields: { conditions } },
  },
});

/** CRDs and anything else with status conditions. */
export const conditionedMeta: PatchMetaNode = Object.freeze({
  fields: { metadata: objectMetaMeta, status: { fields: { conditions } } },
});

/** Kinds with nothing special beyond object metadata. */
export const plainMeta: PatchMetaNode = Object.freeze({ fields: { metadata: objectMetaMeta } });
