/**
 * Maps ajv's errors to kube-apiserver style field causes: the JSON pointer
 * becomes a Kubernetes field path, and each keyword gets the apiserver's
 * reason and wording.
 */
import type { ErrorObject } from 'ajv';
import {
  FieldReason,
  duplicateValue,
  fieldCause,
  formatFieldValue,
  invalidValue,
  requiredValue,
  unsupportedValue,
  type FieldCause,
} from './field-cause.ts';
import { LIST_TYPE_KEYWORD } from './list-type-keyword.ts';
import { childPath, fieldSchema, isPlainObject, type StructuralNode } from './structural-node.ts';

interface Located {
  field: string;
  value: unknown;
}

type ErrorContext = Located & { error: ErrorObject };
type CauseBuilder = (context: ErrorContext) => FieldCause;

// Errors inside an anyOf/oneOf branch only explain why that branch failed; the combinator's own error is the verdict.
const BRANCH_ERROR = /(?<!\/properties)\/(anyOf|oneOf)\/\d+\//;

function decodePointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function stepInto(data: unknown, node: StructuralNode | undefined, segment: string): [unknown, StructuralNode | undefined] {
  if (Array.isArray(data)) return [data[Number(segment)], node?.items];
  const value = isPlainObject(data) ? data[segment] : undefined;
  return [value, node === undefined ? undefined : fieldSchema(node, segment)];
}

/** Resolves an ajv instance path against the data and schema to a field path and the value found there. */
export function locate(pointer: string, root: StructuralNode, data: unknown): Located {
  let field = '';
  let value = data;
  let node: StructuralNode | undefined = root;
  for (const segment of decodePointer(pointer)) {
    field = childPath(field, node, segment, Array.isArray(value));
    [value, node] = stepInto(value, node, segment);
  }
  return { field, value };
}

function param(error: ErrorObject, name: string): unknown {
  return (error.params as Record<string, unknown>)[name];
}

// The duration patterns our CRDs use, explained in words; a bare regular expression helps few readers.
const PATTERN_HINTS: Readonly<Record<string, string>> = Object.freeze({
  '^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$': 'a duration such as 30s, 1m30s or 500ms',
  '^([0-9]+(\\.[0-9]+)?(h|m|s|ms|us|ns))+$': 'a duration such as 5s, 1m30s or 250ms',
});

function patternDetail(error: ErrorObject): string {
  const pattern = String(param(error, 'pattern'));
  const hint = PATTERN_HINTS[pattern];
  return hint === undefined ? `must match '${pattern}'` : `must be ${hint} (matching '${pattern}')`;
}

function limit(error: ErrorObject): string {
  return formatFieldValue(param(error, 'limit'));
}

function bound(detail: string): CauseBuilder {
  return ({ field, value, error }) => invalidValue(field, value, `${detail} ${limit(error)}`);
}

function listDuplicate({ field, error }: ErrorContext): FieldCause {
  return duplicateValue(`${field}[${String(param(error, 'index'))}]`, param(error, 'value'));
}

function uniqueDuplicate({ field, value, error }: ErrorContext): FieldCause {
  const index = Number(param(error, 'i'));
  const items = Array.isArray(value) ? value : [];
  return duplicateValue(`${field}[${index}]`, items[index]);
}

function typeMismatch({ field, value, error }: ErrorContext): FieldCause {
  const expected = param(error, 'type');
  const wanted = Array.isArray(expected) ? expected.join(' or ') : String(expected);
  return fieldCause(FieldReason.TypeInvalid, field, `Invalid value: ${formatFieldValue(value)}: must be of type ${wanted}`);
}

function missing({ field, error }: ErrorContext): FieldCause {
  const name = String(param(error, 'missingProperty'));
  return requiredValue(field === '' ? name : `${field}.${name}`);
}

const BUILDERS: Readonly<Record<string, CauseBuilder>> = Object.freeze({
  required: missing,
  type: typeMismatch,
  enum: ({ field, value, error }) => unsupportedValue(field, value, param(error, 'allowedValues') as unknown[]),
  const: ({ field, value, error }) => unsupportedValue(field, value, [param(error, 'allowedValue')]),
  maximum: bound('must be less than or equal to'),
  exclusiveMaximum: bound('must be less than'),
  minimum: bound('must be greater than or equal to'),
  exclusiveMinimum: bound('must be greater than'),
  multipleOf: bound('must be a multiple of'),
  minLength: ({ field, value, error }) => invalidValue(field, value, `must be at least ${limit(error)} chars long`),
  maxLength: ({ field, error }) => fieldCause(FieldReason.TooLong, field, `Too long: may not be longer than ${limit(error)}`),
  pattern: ({ field, value, error }) => invalidValue(field, value, patternDetail(error)),
  format: ({ field, value, error }) => invalidValue(field, value, `must be a valid ${String(param(error, 'format'))}`),
  minItems: ({ field, value, error }) => invalidValue(field, value, `must have at least ${limit(error)} items`),
  maxItems: ({ field, value, error }) =>
    fieldCause(FieldReason.TooMany, field, `Too many: ${Array.isArray(value) ? value.length : '?'}: must have at most ${limit(error)} items`),
  minProperties: ({ field, value, error }) => invalidValue(field, value, `must have at least ${limit(error)} properties`),
  maxProperties: ({ field, error }) => fieldCause(FieldReason.TooMany, field, `Too many: must have at most ${limit(error)} properties`),
  uniqueItems: uniqueDuplicate,
  [LIST_TYPE_KEYWORD]: listDuplicate,
  anyOf: ({ field, value }) => invalidValue(field, value, 'must validate against at least one of the allowed schemas (anyOf)'),
  oneOf: ({ field, value }) => invalidValue(field, value, 'must validate against exactly one of the allowed schemas (oneOf)'),
  not: ({ field, value }) => invalidValue(field, value, 'must not validate against the forbidden schema (not)'),
});

function toCause(error: ErrorObject, root: StructuralNode, data: unknown): FieldCause {
  const located = locate(error.instancePath, root, data);
  const build = BUILDERS[error.keyword];
  if (build !== undefined) return build({ ...located, error });
  return invalidValue(located.field, located.value, error.message ?? `fails ${error.keyword}`);
}

/** One cause per distinct violation, in ajv's order; errors from inside anyOf/oneOf branches are folded into the combinator's. */
export function toFieldCauses(errors: readonly ErrorObject[], root: StructuralNode, data: unknown): FieldCause[] {
  const seen = new Set<string>();
  const causes: FieldCause[] = [];
  for (const error of errors) {
    if (BRANCH_ERROR.test(error.schemaPath)) continue;
    const cause = toCause(error, root, data);
    const key = `${cause.field}\u0000${cause.message}`;
    if (!seen.has(key)) causes.push(cause);
    seen.add(key);
  }
  return causes;
}
