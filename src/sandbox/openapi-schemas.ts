// OpenAPI v3 component schemas: CRD kinds from their openAPIV3Schema, built-in kinds as
// permissive object schemas that still declare the strategic-merge extensions kubectl reads
// (`x-kubernetes-patch-merge-key`, `x-kubernetes-patch-strategy`).
import type { PatchMetaNode } from './resource-type.ts';
import type { ResolvedResource } from './resource-registry.ts';

type Schema = Record<string, unknown>;

/** The components.schemas name of a kind, e.g. `io.k8s.api.apps.v1.Deployment`. */
export function schemaName(group: string, version: string, kind: string): string {
  if (group === '') return `io.k8s.api.core.${version}.${kind}`;
  if (group.endsWith('.k8s.io') || !group.includes('.')) {
    const short = group.replace(/\.k8s\.io$/, '').replace(/\.authorization$/, '');
    const pkg = group === 'apiextensions.k8s.io' ? 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions' : `io.k8s.api.${short}`;
    return `${pkg}.${version}.${kind}`;
  }
  return `${group.split('.').reverse().join('.')}.${version}.${kind}`;
}

/** The shared ObjectMeta schema name. */
export const objectMetaName = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

function fromMeta(meta: PatchMetaNode | undefined): Schema {
  const schema: Schema = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  if (meta?.fields !== undefined) {
    const properties: Schema = {};
    for (const [key, child] of Object.entries(meta.fields)) properties[key] = fieldSchema(child);
    schema.properties = properties;
  }
  return schema;
}

function fieldSchema(meta: PatchMetaNode): Schema {
  if (meta.strategy === undefined && meta.mergeKey === undefined) return fromMeta(meta);
  if (meta.strategy === 'retainKeys') return { ...fromMeta(meta), 'x-kubernetes-patch-strategy': 'retainKeys' };
  const items: Schema = meta.mergeKey === undefined ? { type: 'string' } : fromMeta(meta.items);
  const list: Schema = { type: 'array', items, 'x-kubernetes-patch-strategy': meta.strategy };
  if (meta.mergeKey !== undefined) list['x-kubernetes-patch-merge-key'] = meta.mergeKey;
  return list;
}

function withEnvelope(body: Schema, r: ResolvedResource): Schema {
  const properties = { ...((body.properties ?? {}) as Schema) };
  properties.apiVersion = { type: 'string', description: 'APIVersion defines the versioned schema of this representation of an object.' };
  properties.kind = { type: 'string', description: 'Kind is a string value representing the REST resource this object represents.' };
  properties.metadata = { allOf: [{ $ref: `#/components/schemas/${objectMetaName}` }], default: {} };
  return {
    ...body,
    type: 'object',
    properties,
    'x-kubernetes-group-version-kind': [{ group: r.type.group, version: r.version.name, kind: r.type.kind }],
  };
}

/** The component schema of a resource at one version. */
export function kindSchema(r: ResolvedResource): Schema {
  if (!r.type.builtin && typeof r.version.schema === 'object' && r.version.schema !== null) {
    return withEnvelope(structuredClone(r.version.schema) as Schema, r);
  }
  const body = fromMeta(r.type.patchMeta);
  if (body.properties !== undefined) delete (body.properties as Schema).metadata;
  return withEnvelope(body, r);
}

/** The ObjectMeta schema, with the merge keys of owner references and finalizers. */
export function objectMetaSchema(): Schema {
  return {
    type: 'object',
    properties: {
      name: { type: 'string' },
      generateName: { type: 'string' },
      namespace: { type: 'string' },
      uid: { type: 'string' },
      resourceVersion: { type: 'string' },
      generation: { type: 'integer', format: 'int64' },
      creationTimestamp: { type: 'string', format: 'date-time' },
      deletionTimestamp: { type: 'string', format: 'date-time' },
      deletionGracePeriodSeconds: { type: 'integer', format: 'int64' },
      labels: { type: 'object', additionalProperties: { type: 'string', default: '' } },
      annotations: { type: 'object', additionalProperties: { type: 'string', default: '' } },
      finalizers: { type: 'array', items: { type: 'string', default: '' }, 'x-kubernetes-list-type': 'set', 'x-kubernetes-patch-strategy': 'merge' },
      ownerReferences: {
        type: 'array',
        items: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { uid: { type: 'string' }, name: { type: 'string' }, kind: { type: 'string' }, apiVersion: { type: 'string' } } },
        'x-kubernetes-patch-merge-key': 'uid',
        'x-kubernetes-patch-strategy': 'merge',
      },
      managedFields: { type: 'array', items: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
    },
  };
}
