/**
 * Turns a Kubernetes structural schema (OpenAPI v3.0 dialect with
 * `x-kubernetes-*` extensions) into a JSON schema ajv validates the same way
 * kube-apiserver would. The input is never modified.
 */
import { isPlainObject } from './structural-node.ts';

type SchemaObject = Record<string, unknown>;

/** Keywords whose value is a single subschema. */
const SCHEMA_KEYWORDS = Object.freeze(['additionalProperties', 'items', 'not'] as const);
/** Keywords whose value is a list of subschemas. */
const SCHEMA_LIST_KEYWORDS = Object.freeze(['allOf', 'anyOf', 'oneOf'] as const);
/** Keywords whose value maps names to subschemas. */
const SCHEMA_MAP_KEYWORDS = Object.freeze(['properties', 'patternProperties'] as const);

/** Returns an ajv-ready copy of `node`; `knownFormats` lists the formats ajv checks (others are ignored, as Kubernetes does). */
export function toAjvSchema(node: unknown, knownFormats: ReadonlySet<string>): unknown {
  if (!isPlainObject(node)) return node;
  const out: SchemaObject = { ...node };
  translateChildren(out, knownFormats);
  translateIntOrString(out);
  translateExclusiveBounds(out);
  translateNullable(out);
  translateEmbeddedResource(out);
  if (typeof out.format === 'string' && !knownFormats.has(out.format)) delete out.format;
  return out;
}

function translateChildren(out: SchemaObject, knownFormats: ReadonlySet<string>): void {
  for (const keyword of SCHEMA_KEYWORDS) {
    if (keyword in out) out[keyword] = toAjvSchema(out[keyword], knownFormats);
  }
  for (const keyword of SCHEMA_LIST_KEYWORDS) {
    const list = out[keyword];
    if (Array.isArray(list)) out[keyword] = list.map((entry) => toAjvSchema(entry, knownFormats));
  }
  for (const keyword of SCHEMA_MAP_KEYWORDS) {
    const map = out[keyword];
    if (!isPlainObject(map)) continue;
    out[keyword] = Object.fromEntries(
      Object.entries(map).map(([name, entry]) => [name, toAjvSchema(entry, knownFormats)]),
    );
  }
}

// Kubernetes spells int-or-string as an annotation (often with a type-only anyOf); one type list gives one clear error.
function translateIntOrString(out: SchemaObject): void {
  if (out['x-kubernetes-int-or-string'] !== true) return;
  out.type = ['integer', 'string'];
  for (const keyword of ['anyOf', 'oneOf'] as const) {
    const list = out[keyword];
    if (Array.isArray(list) && list.every(isTypeOnlyBranch)) Reflect.deleteProperty(out, keyword);
  }
}

function isTypeOnlyBranch(branch: unknown): boolean {
  return isPlainObject(branch) && Object.keys(branch).every((key) => key === 'type');
}

// OpenAPI 3.0 writes exclusive bounds as booleans beside minimum/maximum; JSON schema draft 7 wants the number.
function translateExclusiveBounds(out: SchemaObject): void {
  const pairs = [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const;
  for (const [exclusive, bound] of pairs) {
    if (typeof out[exclusive] !== 'boolean') continue;
    if (out[exclusive] && typeof out[bound] === 'number') {
      out[exclusive] = out[bound];
      Reflect.deleteProperty(out, bound);
    } else {
      Reflect.deleteProperty(out, exclusive);
    }
  }
}

// kube-openapi accepts null for a nullable field before any other check, including enum.
function translateNullable(out: SchemaObject): void {
  const nullable = out.nullable === true;
  delete out.nullable;
  if (!nullable) return;
  if (typeof out.type === 'string') out.type = [out.type, 'null'];
  else if (Array.isArray(out.type)) out.type = [...(out.type as unknown[]), 'null'];
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...(out.enum as unknown[]), null];
}

// An embedded resource must name its own apiVersion and kind.
function translateEmbeddedResource(out: SchemaObject): void {
  if (out['x-kubernetes-embedded-resource'] !== true) return;
  const required = Array.isArray(out.required) ? (out.required as unknown[]) : [];
  out.required = [...new Set([...required, 'apiVersion', 'kind'])];
}
