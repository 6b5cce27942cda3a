/**
 * Field-level validation causes, shaped like the `details.causes` entries of a
 * Kubernetes 422 Invalid Status, with kube-apiserver's message wording.
 */

/** The `reason` values kube-apiserver uses in `details.causes`. */
export const FieldReason = Object.freeze({
  Invalid: 'FieldValueInvalid',
  Required: 'FieldValueRequired',
  NotSupported: 'FieldValueNotSupported',
  TypeInvalid: 'FieldValueTypeInvalid',
  TooLong: 'FieldValueTooLong',
  TooMany: 'FieldValueTooMany',
  Duplicate: 'FieldValueDuplicate',
  Forbidden: 'FieldValueForbidden',
} as const);
export type FieldReason = (typeof FieldReason)[keyof typeof FieldReason];

/** One violation: `field` is a Kubernetes field path such as `spec.analysis.metrics[0].name`. */
export interface FieldCause {
  field: string;
  message: string;
  reason: FieldReason;
}

const MAX_SHOWN_VALUE = 80;

/** Renders a value the way kube-apiserver quotes it in messages: strings quoted, numbers bare, JSON otherwise, truncated. */
export function formatFieldValue(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === undefined) return 'null';
  const text = JSON.stringify(value);
  return text.length > MAX_SHOWN_VALUE ? `${text.slice(0, MAX_SHOWN_VALUE)}...` : text;
}

function withField(field: string, text: string): string {
  return field === '' ? text : `${field}: ${text}`;
}

/** Builds a cause whose message is prefixed by the field path, as kube-apiserver does. */
export function fieldCause(reason: FieldReason, field: string, text: string): FieldCause {
  return { field, reason, message: withField(field, text) };
}

/** A value that is present but wrong: `field: Invalid value: V: detail`. */
export function invalidValue(field: string, value: unknown, detail: string): FieldCause {
  return fieldCause(FieldReason.Invalid, field, `Invalid value: ${formatFieldValue(value)}: ${detail}`);
}

/** A missing required value: `field: Required value[: detail]`. */
export function requiredValue(field: string, detail?: string): FieldCause {
  const suffix = detail === undefined ? '' : `: ${detail}`;
  return fieldCause(FieldReason.Required, field, `Required value${suffix}`);
}

/** A value outside an enumeration: `field: Unsupported value: V: supported values: "a", "b"`. */
export function unsupportedValue(field: string, value: unknown, allowed: readonly unknown[]): FieldCause {
  const list = allowed.map(formatFieldValue).join(', ');
  return fieldCause(FieldReason.NotSupported, field, `Unsupported value: ${formatFieldValue(value)}: supported values: ${list}`);
}

/** A repeated entry where entries must be unique: `field: Duplicate value: V`. */
export function duplicateValue(field: string, value: unknown): FieldCause {
  return fieldCause(FieldReason.Duplicate, field, `Duplicate value: ${formatFieldValue(value)}`);
}

/** A field that must not be set in this context: `field: Forbidden: detail`. */
export function forbiddenField(field: string, detail: string): FieldCause {
  return fieldCause(FieldReason.Forbidden, field, `Forbidden: ${detail}`);
}
