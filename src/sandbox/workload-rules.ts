// Validation rules of Deployments and ReplicaSets beyond field types: a non-empty selector that
// selects the pod template's labels, and a valid pod template.
import type { FieldCause } from '../api/field-cause.ts';
import { fieldCause, FieldReason } from '../api/field-cause.ts';
import { isPlainObject } from '../api/structural-node.ts';
import { entriesOf, podSpecCauses } from './pod-spec-rules.ts';

type Json = Record<string, unknown>;
type Labels = Record<string, string>;

function labelsOf(value: unknown): Labels {
  if (!isPlainObject(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

function requirementHolds(req: Json, labels: Labels): boolean {
  const key = typeof req.key === 'string' ? req.key : '';
  const values = Array.isArray(req.values) ? req.values : [];
  const has = Object.hasOwn(labels, key);
  switch (req.operator) {
    case 'In': return has && values.includes(labels[key]);
    case 'NotIn': return !has || !values.includes(labels[key]);
    case 'Exists': return has;
    case 'DoesNotExist': return !has;
    default: return false;
  }
}

function selects(selector: Json, labels: Labels): boolean {
  const wanted = labelsOf(selector.matchLabels);
  if (!Object.entries(wanted).every(([k, v]) => labels[k] === v)) return false;
  return entriesOf(selector.matchExpressions).every(([, req]) => requirementHolds(req, labels));
}

function isEmptySelector(selector: Json): boolean {
  return Object.keys(labelsOf(selector.matchLabels)).length === 0 && entriesOf(selector.matchExpressions).length === 0;
}

// kube-apiserver prints the labels with Go's %#v: sorted keys, quoted, comma-space separated.
function goMapText(labels: Labels): string {
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return 'map[string]string(nil)';
  return `map[string]string{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(labels[k])}`).join(', ')}}`;
}

function selectorCauses(kind: string, spec: Json): FieldCause[] {
  const selector = isPlainObject(spec.selector) ? spec.selector : undefined;
  const template = isPlainObject(spec.template) ? spec.template : {};
  const labels = labelsOf(isPlainObject(template.metadata) ? template.metadata.labels : undefined);
  const causes: FieldCause[] = [];
  if (selector !== undefined && isEmptySelector(selector)) {
    causes.push(fieldCause(FieldReason.Invalid, 'spec.selector', `Invalid value: ${JSON.stringify(selector)}: empty selector is invalid for ${kind.toLowerCase()}`));
  }
  if (selector === undefined || !selects(selector, labels)) {
    causes.push(fieldCause(FieldReason.Invalid, 'spec.template.metadata.labels', `Invalid value: ${goMapText(labels)}: \`selector\` does not match template \`labels\``));
  }
  return causes;
}

/** Causes for a Deployment or ReplicaSet: selector rules and the pod template's spec. */
export function workloadCauses(obj: Json): FieldCause[] {
  const spec = isPlainObject(obj.spec) ? obj.spec : {};
  const template = isPlainObject(spec.template) ? spec.template : undefined;
  const podCauses = template === undefined ? [] : podSpecCauses('spec.template.spec', template.spec);
  return [...selectorCauses(String(obj.kind), spec), ...podCauses];
}
