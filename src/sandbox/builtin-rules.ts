// The per-kind validation rules of built-in kinds that go beyond field types (kube-apiserver's
// ValidateX functions, with their wording): which rules apply to which kind.
import type { FieldCause } from '../api/field-cause.ts';
import { invalidValue, requiredValue } from '../api/field-cause.ts';
import { isPlainObject } from '../api/structural-node.ts';
import { configKeyProblem, ianaServiceNameProblem, rfc1035LabelProblem } from './name-formats.ts';
import { entriesOf, portRangeCauses, podSpecCauses } from './pod-spec-rules.ts';
import { hpaCauses } from './hpa-rules.ts';
import { workloadCauses } from './workload-rules.ts';

type Json = Record<string, unknown>;

function specOf(obj: Json): Json {
  return isPlainObject(obj.spec) ? obj.spec : {};
}

function targetPortCauses(field: string, target: unknown): FieldCause[] {
  if (typeof target === 'number') return portRangeCauses(field, target);
  const problem = typeof target === 'string' ? ianaServiceNameProblem(target) : undefined;
  return problem === undefined ? [] : [invalidValue(field, target, problem)];
}

function servicePortCauses(ports: [number, Json][]): FieldCause[] {
  return ports.flatMap(([i, port]) => {
    const causes = [...portRangeCauses(`spec.ports[${i}].port`, port.port), ...targetPortCauses(`spec.ports[${i}].targetPort`, port.targetPort)];
    if (ports.length > 1 && (port.name === undefined || port.name === '')) causes.push(requiredValue(`spec.ports[${i}].name`));
    return causes;
  });
}

function serviceCauses(obj: Json): FieldCause[] {
  const spec = specOf(obj);
  const meta = isPlainObject(obj.metadata) ? obj.metadata : {};
  const causes: FieldCause[] = [];
  const problem = typeof meta.name === 'string' ? rfc1035LabelProblem(meta.name) : undefined;
  if (problem !== undefined) causes.push(invalidValue('metadata.name', meta.name, problem));
  const ports = entriesOf(spec.ports);
  if (ports.length === 0 && spec.type !== 'ExternalName') causes.push(requiredValue('spec.ports'));
  return [...causes, ...servicePortCauses(ports)];
}

function dataKeyCauses(obj: Json, fields: readonly string[]): FieldCause[] {
  return fields.flatMap((field) => {
    const data = obj[field];
    if (!isPlainObject(data)) return [];
    return Object.keys(data).flatMap((key) => {
      const problem = configKeyProblem(key);
      return problem === undefined ? [] : [invalidValue(`${field}[${key}]`, key, problem)];
    });
  });
}

const rules: Readonly<Record<string, (obj: Json) => FieldCause[]>> = Object.freeze({
  'apps/Deployment': workloadCauses,
  'apps/ReplicaSet': workloadCauses,
  '/Pod': (obj: Json) => podSpecCauses('spec', obj.spec),
  '/Service': serviceCauses,
  '/ConfigMap': (obj: Json) => dataKeyCauses(obj, ['data', 'binaryData']),
  '/Secret': (obj: Json) => dataKeyCauses(obj, ['data']),
  'autoscaling/HorizontalPodAutoscaler': hpaCauses,
});

/** The rule violations of a built-in object (empty for kinds without rules), worded as kube-apiserver words them. */
export function builtinRuleCauses(group: string, kind: string, obj: Json): FieldCause[] {
  return rules[`${group}/${kind}`]?.(obj) ?? [];
}
