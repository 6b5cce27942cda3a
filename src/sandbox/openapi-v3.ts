// OpenAPI v3 documents: an index of group-versions and, per group-version, paths and schemas.
// kubectl reads these to decide whether the server validates fields itself (a `patch` operation
// tagged with the kind's group-version-kind and carrying a `fieldValidation` query parameter),
// and to find strategic-merge keys for built-in kinds.
import type { ResourceRegistry, ResolvedResource } from './resource-registry.ts';
import { kindSchema, objectMetaName, objectMetaSchema, schemaName } from './openapi-schemas.ts';
import { PatchType, acceptedPatchTypes } from './patch-types.ts';

type Doc = Record<string, unknown>;

const queryParams = ['dryRun', 'fieldManager', 'fieldValidation', 'pretty'].map((name) => ({
  name,
  in: 'query',
  description: `${name} query parameter`,
  schema: { type: 'string', uniqueItems: true },
}));
const forceParam = { name: 'force', in: 'query', schema: { type: 'boolean', uniqueItems: true } };

/** The documents' keys in the index: `api/v1`, `apis/apps/v1`, ... */
export function docKey(group: string, version: string): string {
  return group === '' ? `api/${version}` : `apis/${group}/${version}`;
}

function gvk(group: string, version: string, kind: string): Doc {
  return { group, version, kind };
}

function ref(name: string): Doc {
  return { $ref: `#/components/schemas/${name}` };
}

function jsonResponse(schemaRef: string): Doc {
  return { '200': { description: 'OK', content: { 'application/json': { schema: ref(schemaRef) } } } };
}

/** The kind an operation serves and the schema of its response. */
interface OperationKind {
  kindRef: Doc;
  schemaRef: string;
}

function operation(action: string, id: string, kind: OperationKind, extra: Doc = {}): Doc {
  return { operationId: id, responses: jsonResponse(kind.schemaRef), 'x-kubernetes-action': action, 'x-kubernetes-group-version-kind': kind.kindRef, ...extra };
}

// kubectl sends a strategic merge patch only when the patch operation lists that media type,
// so custom resources must not list it.
function patchOperation(id: string, kind: OperationKind, patchTypes: readonly string[]): Doc {
  const content = Object.fromEntries(patchTypes.map((t) => [t, { schema: { type: 'object' } }]));
  return operation('patch', id, kind, { parameters: [...queryParams, forceParam], requestBody: { content } });
}

function bodyOperation(action: string, id: string, kind: OperationKind): Doc {
  const requestBody = { content: { '*/*': { schema: ref(kind.schemaRef) } }, required: true };
  return operation(action, id, kind, { parameters: queryParams, requestBody });
}

function pathParams(namespaced: boolean, named: boolean): Doc[] {
  const params: Doc[] = [];
  if (named) params.push({ name: 'name', in: 'path', required: true, schema: { type: 'string', uniqueItems: true } });
  if (namespaced) params.push({ name: 'namespace', in: 'path', required: true, schema: { type: 'string', uniqueItems: true } });
  return params;
}

function resourcePaths(r: ResolvedResource, prefix: string): Doc {
  const { type, version } = r;
  const id = `${type.kind}${version.name}`;
  const kindRef = gvk(type.group, version.name, type.kind);
  const kind: OperationKind = { kindRef, schemaRef: schemaName(type.group, version.name, type.kind) };
  const base = type.namespaced ? `${prefix}/namespaces/{namespace}/${type.plural}` : `${prefix}/${type.plural}`;
  const paths: Doc = {
    [base]: { parameters: pathParams(type.namespaced, false), get: operation('list', `list${id}`, kind), post: bodyOperation('post', `create${id}`, kind) },
    [`${base}/{name}`]: {
      parameters: pathParams(type.namespaced, true),
      get: operation('get', `read${id}`, kind),
      put: bodyOperation('put', `replace${id}`, kind),
      patch: patchOperation(`patch${id}`, kind, acceptedPatchTypes(type)),
      delete: operation('delete', `delete${id}`, kind),
    },
  };
  if (version.status) {
    paths[`${base}/{name}/status`] = {
      parameters: pathParams(type.namespaced, true),
      get: operation('get', `read${id}Status`, kind),
      put: bodyOperation('put', `replace${id}Status`, kind),
      patch: patchOperation(`patch${id}Status`, kind, acceptedPatchTypes(type)),
    };
  }
  return paths;
}

const scaleSchemaName = 'io.k8s.api.autoscaling.v1.Scale';

function scaleSchema(): Doc {
  return {
    type: 'object',
    properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { allOf: [ref(objectMetaName)] }, spec: { type: 'object', properties: { replicas: { type: 'integer', format: 'int32' } } }, status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
    'x-kubernetes-group-version-kind': [gvk('autoscaling', 'v1', 'Scale')],
  };
}

function scalePaths(r: ResolvedResource, prefix: string): Doc {
  const { type, version } = r;
  if (version.scale === undefined) return {};
  const base = type.namespaced ? `${prefix}/namespaces/{namespace}/${type.plural}` : `${prefix}/${type.plural}`;
  const kind: OperationKind = { kindRef: gvk('autoscaling', 'v1', 'Scale'), schemaRef: scaleSchemaName };
  const id = `${type.kind}${version.name}Scale`;
  return {
    [`${base}/{name}/scale`]: {
      parameters: pathParams(type.namespaced, true),
      get: operation('get', `read${id}`, kind),
      put: bodyOperation('put', `replace${id}`, kind),
      patch: patchOperation(`patch${id}`, kind, Object.values(PatchType)),
    },
  };
}

/** The OpenAPI v3 document of one group-version, or undefined when nothing is served there. */
export function openApiDocument(registry: ResourceRegistry, group: string, version: string): Doc | undefined {
  const served = registry.inGroupVersion(group, version);
  if (served.length === 0) return undefined;
  const prefix = `/${docKey(group, version)}`;
  let paths: Doc = {};
  const schemas: Doc = { [objectMetaName]: objectMetaSchema() };
  for (const r of served) {
    paths = { ...paths, ...resourcePaths(r, prefix), ...scalePaths(r, prefix) };
    schemas[schemaName(group, version, r.type.kind)] = kindSchema(r);
    if (r.version.scale !== undefined) schemas[scaleSchemaName] = scaleSchema();
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.32.0' }, paths, components: { schemas } };
}

/** Every group-version that has a document. */
export function documentKeys(registry: ResourceRegistry): { group: string; version: string }[] {
  const out = [{ group: '', version: 'v1' }];
  for (const g of registry.groups()) for (const version of g.versions) out.push({ group: g.group, version });
  return out;
}
