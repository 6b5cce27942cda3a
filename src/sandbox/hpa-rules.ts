// Validation of autoscaling/v2 HorizontalPodAutoscalers beyond field types, in kube-apiserver's
// wording: a scale target with kind and name, at least one replica, max not below min.
import type { FieldCause } from '../api/field-cause.ts';
import { invalidValue, requiredValue } from '../api/field-cause.ts';
import { isPlainObject } from '../api/structural-node.ts';

type Json = Record<string, unknown>;

function targetRefCauses(ref: unknown): FieldCause[] {
  const target = isPlainObject(ref) ? ref : {};
  return (['kind', 'name'] as const)
    .filter((field) => typeof target[field] !== 'string' || target[field] === '')
    .map((field) => requiredValue(`spec.scaleTargetRef.${field}`));
}

function replicaCauses(min: unknown, max: unknown): FieldCause[] {
  const causes: FieldCause[] = [];
  if (typeof min === 'number' && min < 1) causes.push(invalidValue('spec.minReplicas', min, 'must be greater than or equal to 1'));
  // maxReplicas is a plain int32 in Go: a missing one decodes as 0.
  if (typeof max !== 'number') return [...causes, invalidValue('spec.maxReplicas', 0, 'must be greater than 0')];
  if (max < 1) causes.push(invalidValue('spec.maxReplicas', max, 'must be greater than 0'));
  else if (typeof min === 'number' && max < min) causes.push(invalidValue('spec.maxReplicas', max, 'must be greater than or equal to `minReplicas`'));
  return causes;
}

/** The 422 causes of an HPA (empty when valid). */
export function hpaCauses(obj: Json): FieldCause[] {
  const spec = isPlainObject(obj.spec) ? obj.spec : {};
  return [...targetRefCauses(spec.scaleTargetRef), ...replicaCauses(spec.minReplicas, spec.maxReplicas)];
}
