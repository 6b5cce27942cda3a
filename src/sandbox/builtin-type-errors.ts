// Words a JSON type mismatch in a built-in kind the way kube-apiserver's decoder does, e.g.
// `Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string
// into Go struct field DeploymentSpec.spec.replicas of type int32` (a 400, not a 422: for built-in
// kinds the body never decodes, so validation never runs).
import type { StructuralNode } from '../api/structural-node.ts';
import { fieldSchema, isPlainObject } from '../api/structural-node.ts';
import { GO_TYPE } from './builtin-schemas.ts';

interface Walk {
  node: StructuralNode | undefined;
  value: unknown;
  /** The Go struct that holds the current field, without its package. */
  holder: string;
  /** Struct field names only: Go's decoder leaves out list indexes and map keys. */
  fields: string[];
}

// `spec.ports[0].targetPort` and `data[a.b]` → [spec, ports, [0], targetPort] and [data, [a.b]].
function segments(field: string): string[] {
  return field.match(/\[[^\]]*\]|[^.[\]]+/g) ?? [];
}

function goTypeOf(node: StructuralNode | undefined): string {
  return typeof node?.[GO_TYPE] === 'string' ? node[GO_TYPE] : 'interface {}';
}

function bareStruct(goType: string): string {
  return goType.slice(goType.lastIndexOf('.') + 1);
}

function step(walk: Walk, segment: string): Walk {
  if (segment.startsWith('[')) {
    const key = segment.slice(1, -1);
    const value: unknown = Array.isArray(walk.value) ? walk.value[Number(key)] : isPlainObject(walk.value) ? walk.value[key] : undefined;
    const node = Array.isArray(walk.value) ? walk.node?.items : walk.node === undefined ? undefined : fieldSchema(walk.node, key);
    return { ...walk, node, value };
  }
  return {
    node: walk.node === undefined ? undefined : fieldSchema(walk.node, segment),
    value: isPlainObject(walk.value) ? walk.value[segment] : undefined,
    holder: bareStruct(goTypeOf(walk.node)),
    fields: [...walk.fields, segment],
  };
}

// Go names what it found by JSON kind; a number that cannot fit an integer field is quoted.
function foundText(value: unknown, goType: string): string {
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return goType.startsWith('int') ? `number ${String(value)}` : 'number';
  return typeof value === 'string' ? 'string' : 'object';
}

/** The kind and version a body was sent as, as the decoder names them. */
export interface DecodeTarget {
  kind: string;
  version: string;
}

/** The decoder's message for a type mismatch at `field` (a Kubernetes field path) of `obj`, checked against `schema`. */
export function typeErrorMessage({ kind, version }: DecodeTarget, schema: StructuralNode, obj: unknown, field: string): string {
  let walk: Walk = { node: schema, value: obj, holder: kind, fields: [] };
  for (const segment of segments(field)) walk = step(walk, segment);
  const goType = goTypeOf(walk.node);
  const where = walk.fields.length === 0 ? `Go value of type ${goType}` : `Go struct field ${walk.holder}.${walk.fields.join('.')} of type ${goType}`;
  return `${kind} in version "${version}" cannot be handled as a ${kind}: json: cannot unmarshal ${foundText(walk.value, goType)} into ${where}`;
}
