/**
 * Validation of Glidepath's (and the Istio) resources the way the API server
 * and the controller see them: unknown fields, CRD schema defaults and
 * checks, then for Canaries the semantic rules. Used by `glidepath validate`
 * and by the controller.
 */
import { fileURLToPath } from 'node:url';
import type { CanarySpec } from './canary-types.ts';
import { loadCrd, type CustomResourceDefinition } from './crd-loader.ts';
import { FieldReason, fieldCause, requiredValue, unsupportedValue, type FieldCause } from './field-cause.ts';
import { checkCanarySemantics } from './semantic-rules.ts';
import { compileStructuralSchema, type StructuralSchema } from './structural-schema.ts';
import { isPlainObject } from './structural-node.ts';

export { loadCrd, CrdLoadError, type CustomResourceDefinition } from './crd-loader.ts';

/** The CRD manifests shipped with Glidepath, relative to the repository's manifests/ directory. */
export const CRD_FILES = Object.freeze([
  'crds/canaries.glidepath.dev.yaml',
  'crds/metrictemplates.glidepath.dev.yaml',
  'crds/alertproviders.glidepath.dev.yaml',
  'istio/virtualservices.networking.istio.io.yaml',
  'istio/destinationrules.networking.istio.io.yaml',
] as const);

const MANIFESTS_DIR = fileURLToPath(new URL('../../manifests/', import.meta.url));

/** How to validate. */
export interface ValidateOptions {
  /** Report fields the schema does not declare (kubectl's default `--validate=strict`). Default true. */
  strict?: boolean;
}

/** The outcome of admitting one object: the pruned and defaulted copy, and what is wrong with it. */
export interface Admission {
  object: unknown;
  causes: FieldCause[];
}

let schemaIndex: Map<string, StructuralSchema> | undefined;

function indexKey(apiVersion: string, kind: string): string {
  return `${apiVersion}\u0000${kind}`;
}

function indexCrd(index: Map<string, StructuralSchema>, crd: CustomResourceDefinition): void {
  for (const version of crd.spec.versions) {
    if (!version.served) continue;
    const key = indexKey(`${crd.spec.group}/${version.name}`, crd.spec.names.kind);
    index.set(key, compileStructuralSchema(version.schema.openAPIV3Schema));
  }
}

function schemas(): Map<string, StructuralSchema> {
  if (schemaIndex !== undefined) return schemaIndex;
  const index = new Map<string, StructuralSchema>();
  for (const file of CRD_FILES) indexCrd(index, loadCrd(`${MANIFESTS_DIR}${file}`));
  schemaIndex = index;
  return index;
}

/** The apiVersion/kind pairs validateResource knows, as `group/version Kind`. */
export function knownResourceTypes(): string[] {
  return [...schemas().keys()].map((key) => key.replace('\u0000', ' '));
}

function typeCauses(obj: Record<string, unknown>): FieldCause[] {
  const causes: FieldCause[] = [];
  if (typeof obj.apiVersion !== 'string' || obj.apiVersion === '') causes.push(requiredValue('apiVersion'));
  if (typeof obj.kind !== 'string' || obj.kind === '') causes.push(requiredValue('kind'));
  if (causes.length > 0) return causes;
  if (schemas().has(indexKey(String(obj.apiVersion), String(obj.kind)))) return [];
  const kinds = [...schemas().keys()].filter((key) => key.startsWith(`${String(obj.apiVersion)}\u0000`));
  if (kinds.length > 0) return [unsupportedValue('kind', obj.kind, kinds.map((key) => key.split('\u0000')[1]))];
  return [unsupportedValue('apiVersion', obj.apiVersion, [...new Set([...schemas().keys()].map((key) => key.split('\u0000')[0]))])];
}

function unknownFieldCause(path: string): FieldCause {
  return fieldCause(FieldReason.Forbidden, path, `Forbidden: unknown field "${path}" (not in the schema; check the spelling)`);
}

function semanticCauses(obj: Record<string, unknown>): FieldCause[] {
  if (obj.kind !== 'Canary' || !isPlainObject(obj.spec)) return [];
  return checkCanarySemantics(obj.spec as unknown as CanarySpec);
}

/** Prunes, defaults and validates a copy of `obj` like the API server, then applies the semantic rules; never throws for bad input. */
export function admitResource(obj: unknown, options: ValidateOptions = {}): Admission {
  if (!isPlainObject(obj)) return { object: obj, causes: [fieldCause(FieldReason.TypeInvalid, '', 'Invalid value: must be a Kubernetes object (a mapping)')] };
  const object = structuredClone(obj);
  const causes = typeCauses(object);
  const schema = schemas().get(indexKey(String(object.apiVersion), String(object.kind)));
  if (causes.length > 0 || schema === undefined) return { object, causes };
  const pruned = schema.prune(object);
  const unknown = options.strict === false ? [] : pruned.map(unknownFieldCause);
  schema.applyDefaults(object);
  const schemaCauses = [...unknown, ...schema.validate(object)];
  // Semantic rules assume the schema holds (types, ranges), so they only run on schema-valid objects.
  return { object, causes: schemaCauses.length > 0 ? schemaCauses : semanticCauses(object) };
}

/** One cause per problem with `obj` (empty when it is valid), each naming its field. */
export function validateResource(obj: unknown, options: ValidateOptions = {}): FieldCause[] {
  return admitResource(obj, options).causes;
}
