/**
 * Validation, defaulting and pruning for a CRD version's `openAPIV3Schema`,
 * with kube-apiserver's semantics. Validation runs on ajv; defaulting and
 * pruning walk the schema directly because their Kubernetes rules (nulls,
 * preserve-unknown, the object envelope, reporting what was pruned) are not
 * ajv's `useDefaults`/`removeAdditional`.
 *
 * Supported extensions: `x-kubernetes-int-or-string`,
 * `x-kubernetes-preserve-unknown-fields`, `x-kubernetes-embedded-resource`
 * (apiVersion and kind required, envelope kept), `x-kubernetes-list-type`
 * with `x-kubernetes-list-map-keys` (duplicates rejected). Ignored:
 * `x-kubernetes-validations` (CEL rules are not evaluated) and
 * `x-kubernetes-map-type`. Unknown formats are ignored, as Kubernetes does.
 *
 * Callers mirror the apiserver's order: `prune`, then `applyDefaults`, then `validate`.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import * as ajvFormats from 'ajv-formats/dist/formats.js';
import { toFieldCauses } from './ajv-error-causes.ts';
import { toAjvSchema } from './ajv-schema-translation.ts';
import { applySchemaDefaults } from './schema-defaulting.ts';
import { pruneUnknownFields } from './schema-pruning.ts';
import { listTypeKeyword } from './list-type-keyword.ts';
import { isPlainObject, type StructuralNode } from './structural-node.ts';
import type { FieldCause } from './field-cause.ts';

export { FieldReason, type FieldCause } from './field-cause.ts';

/** A compiled CRD schema. */
export interface StructuralSchema {
  /** Applies `default`s in place (Kubernetes semantics: defaults apply to absent fields when the parent object exists; nested defaults too). */
  applyDefaults(obj: unknown): void;
  /** Drops fields not in the schema unless x-kubernetes-preserve-unknown-fields (Kubernetes pruning). Returns the pruned paths. */
  prune(obj: unknown): string[];
  /** Returns one cause per violation, `field` as a Kubernetes field path like `spec.analysis.stepWeight` or `spec.analysis.metrics[0].name`. Empty when valid. */
  validate(obj: unknown): FieldCause[];
}

/** Thrown when a schema cannot be compiled; the message says why. */
export class SchemaCompileError extends Error {
  override name = 'SchemaCompileError';
}

const ANNOTATION_KEYWORDS = Object.freeze([
  'x-kubernetes-int-or-string',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-embedded-resource',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
  'x-kubernetes-validations',
  'example',
  'externalDocs',
]);

// Kubernetes' `duration` is Go's time.Duration syntax, not ISO 8601 as in ajv-formats.
const GO_DURATION = /^-?(0|(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+)$/;

function createAjv(): Ajv {
  // strict is off so schema keywords Kubernetes would drop from a CRD do not stop compilation.
  const ajv = new Ajv({ allErrors: true, strict: false, logger: false, validateFormats: true });
  ajv.addVocabulary([...ANNOTATION_KEYWORDS]);
  ajv.addKeyword(listTypeKeyword);
  for (const [name, format] of Object.entries(ajvFormats.fullFormats)) {
    if (name !== 'duration') ajv.addFormat(name, format);
  }
  ajv.addFormat('duration', GO_DURATION);
  ajv.addFormat('datetime', ajvFormats.fullFormats['date-time']);
  return ajv;
}

const ajv = createAjv();
const KNOWN_FORMATS: ReadonlySet<string> = new Set(Object.keys(ajv.formats));
const CACHE_LIMIT = 256;
const cache = new Map<string, { compiled: StructuralSchema; ajvSchema: object }>();
// Callers such as the API server pass the same schema object on every request; skip serialising it then.
const byIdentity = new WeakMap<object, StructuralSchema>();

function compileValidator(openAPIV3Schema: object): { validator: ValidateFunction; ajvSchema: object } {
  const ajvSchema = toAjvSchema(openAPIV3Schema, KNOWN_FORMATS) as object;
  try {
    return { validator: ajv.compile(ajvSchema), ajvSchema };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SchemaCompileError(`openAPIV3Schema cannot be compiled: ${reason}`);
  }
}

function build(root: StructuralNode, validator: ValidateFunction): StructuralSchema {
  return {
    applyDefaults: (obj) => {
      applySchemaDefaults(obj, root);
    },
    prune: (obj) => pruneUnknownFields(obj, root),
    validate: (obj) => (validator(obj) ? [] : toFieldCauses(validator.errors ?? [], root, obj)),
  };
}

function remember(key: string, entry: { compiled: StructuralSchema; ajvSchema: object }): void {
  cache.set(key, entry);
  if (cache.size <= CACHE_LIMIT) return;
  const oldest = cache.keys().next();
  if (oldest.done === true) return;
  const evicted = cache.get(oldest.value);
  cache.delete(oldest.value);
  if (evicted !== undefined) ajv.removeSchema(evicted.ajvSchema);
}

/**
 * Compiles (or returns the cached compilation of) a structural schema; throws SchemaCompileError when it is unusable.
 * Compilations are cached by content and by object identity, so do not mutate a schema object after compiling it.
 */
export function compileStructuralSchema(openAPIV3Schema: object): StructuralSchema {
  const known = byIdentity.get(openAPIV3Schema);
  if (known !== undefined) return known;
  if (!isPlainObject(openAPIV3Schema)) throw new SchemaCompileError('openAPIV3Schema must be an object');
  const key = JSON.stringify(openAPIV3Schema);
  const cached = cache.get(key);
  if (cached !== undefined) {
    byIdentity.set(openAPIV3Schema, cached.compiled);
    return cached.compiled;
  }
  // A private copy, so later edits to the caller's object cannot change what the walkers see.
  const root = structuredClone(openAPIV3Schema) as StructuralNode;
  const { validator, ajvSchema } = compileValidator(root);
  const compiled = build(root, validator);
  remember(key, { compiled, ajvSchema });
  byIdentity.set(openAPIV3Schema, compiled);
  return compiled;
}
