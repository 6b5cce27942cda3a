// Field tables for the apimachinery messages every kind embeds (meta/v1 ObjectMeta, Time,
// LabelSelector, OwnerReference, ManagedFieldsEntry; util/intstr IntOrString; api/resource
// Quantity). Numbers from k8s.io/apimachinery's generated.proto files.
import { bool, int, list, map, message, msg, str, strings } from './field-spec.ts';
import type { MessageSpec } from './field-spec.ts';

function rfc3339(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/\.000Z$/, 'Z');
}

/**
 * meta/v1 Time. Go writes a zero Time as an empty message, which is JSON null (as in
 * `kubectl create --dry-run=client -o json`); metav1.Time is second-precision in JSON.
 */
export const Time: MessageSpec = message('Time', {
  1: int('seconds', { keep: true }),
  2: int('nanos', { keep: true }),
}, { toJson: (d) => (typeof d.seconds === 'number' ? rfc3339(d.seconds) : null) });

/** util/intstr IntOrString: type 0 is an int, type 1 a string. */
export const IntOrString: MessageSpec = message('IntOrString', {
  1: int('type', { keep: true }),
  2: int('intVal', { keep: true }),
  3: str('strVal', { keep: true }),
}, { toJson: (d) => (d.type === 1 ? (d.strVal ?? '') : (d.intVal ?? 0)) });

/** api/resource Quantity: its canonical string. */
export const Quantity: MessageSpec = message('Quantity', {
  1: str('string', { keep: true }),
}, { toJson: (d) => d.string ?? '' });

/** meta/v1 FieldsV1: JSON text carried as bytes. */
const FieldsV1: MessageSpec = message('FieldsV1', {
  1: { kind: 'scalar', name: 'raw', type: 'string', keep: true },
}, { toJson: (d) => (typeof d.raw === 'string' && d.raw !== '' ? JSON.parse(d.raw) as unknown : {}) });

const OwnerReference: MessageSpec = message('OwnerReference', {
  1: str('kind', { keep: true }),
  3: str('name', { keep: true }),
  4: str('uid', { keep: true }),
  5: str('apiVersion', { keep: true }),
  6: bool('controller', { keep: true }),
  7: bool('blockOwnerDeletion', { keep: true }),
});

const ManagedFieldsEntry: MessageSpec = message('ManagedFieldsEntry', {
  1: str('manager'),
  2: str('operation'),
  3: str('apiVersion'),
  4: msg('time', Time),
  6: str('fieldsType'),
  7: msg('fieldsV1', FieldsV1),
  8: str('subresource'),
});

/** meta/v1 ObjectMeta. */
export const ObjectMeta: MessageSpec = message('ObjectMeta', {
  1: str('name'),
  2: str('generateName'),
  3: str('namespace'),
  4: str('selfLink'),
  5: str('uid'),
  6: str('resourceVersion'),
  7: int('generation'),
  8: msg('creationTimestamp', Time),
  9: msg('deletionTimestamp', Time),
  10: int('deletionGracePeriodSeconds', { keep: true }),
  11: map('labels', 'string'),
  12: map('annotations', 'string'),
  13: list('ownerReferences', OwnerReference),
  14: strings('finalizers'),
  17: list('managedFields', ManagedFieldsEntry),
});

const LabelSelectorRequirement: MessageSpec = message('LabelSelectorRequirement', {
  1: str('key', { keep: true }),
  2: str('operator', { keep: true }),
  3: strings('values'),
});

/** meta/v1 LabelSelector. */
export const LabelSelector: MessageSpec = message('LabelSelector', {
  1: map('matchLabels', 'string'),
  2: list('matchExpressions', LabelSelectorRequirement),
});
