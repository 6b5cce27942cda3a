// Validation rules of a pod spec that a schema cannot state with kube-apiserver's wording: empty
// required strings, container name format and uniqueness, port ranges, env names.
import type { FieldCause } from '../api/field-cause.ts';
import { duplicateValue, invalidValue, requiredValue } from '../api/field-cause.ts';
import { isPlainObject } from '../api/structural-node.ts';
import { ianaServiceNameProblem, rfc1123LabelProblem } from './name-formats.ts';

type Json = Record<string, unknown>;

const PORT_MAX = 65535;

/** Objects of a list field, with their index; non-objects are the schema's concern. */
export function entriesOf(value: unknown): [number, Json][] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item, i): [number, Json][] => (isPlainObject(item) ? [[i, item]] : []));
}

/** A required string that is absent or empty (absence of a declared-required field is also the schema's cause; duplicates are merged). */
export function missingText(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/** `Invalid value: N: must be between 1 and 65535, inclusive` when an integer port is out of range. */
export function portRangeCauses(field: string, port: unknown): FieldCause[] {
  if (typeof port !== 'number' || !Number.isInteger(port)) return [];
  return port >= 1 && port <= PORT_MAX ? [] : [invalidValue(field, port, `must be between 1 and ${PORT_MAX}, inclusive`)];
}

function portCauses(path: string, container: Json): FieldCause[] {
  return entriesOf(container.ports).flatMap(([i, port]) => {
    const causes = portRangeCauses(`${path}.ports[${i}].containerPort`, port.containerPort);
    const problem = typeof port.name === 'string' && port.name !== '' ? ianaServiceNameProblem(port.name) : undefined;
    if (problem !== undefined) causes.push(invalidValue(`${path}.ports[${i}].name`, port.name, problem));
    return causes;
  });
}

function envCauses(path: string, container: Json): FieldCause[] {
  return entriesOf(container.env).flatMap(([i, env]) => (missingText(env.name) ? [requiredValue(`${path}.env[${i}].name`)] : []));
}

function nameCauses(path: string, name: unknown, seen: Set<string>): FieldCause[] {
  if (missingText(name)) return [requiredValue(`${path}.name`)];
  if (typeof name !== 'string') return [];
  const problem = rfc1123LabelProblem(name);
  if (problem !== undefined) return [invalidValue(`${path}.name`, name, problem)];
  if (seen.has(name)) return [duplicateValue(`${path}.name`, name)];
  seen.add(name);
  return [];
}

function containerCauses(path: string, container: Json, seen: Set<string>): FieldCause[] {
  const causes = nameCauses(path, container.name, seen);
  if (missingText(container.image)) causes.push(requiredValue(`${path}.image`));
  return [...causes, ...portCauses(path, container), ...envCauses(path, container)];
}

/** Causes for a pod spec at `path` (e.g. `spec` or `spec.template.spec`); an absent spec lacks its containers. */
export function podSpecCauses(path: string, spec: unknown): FieldCause[] {
  const podSpec = isPlainObject(spec) ? spec : {};
  const seen = new Set<string>();
  const containers = entriesOf(podSpec.containers);
  const causes = containers.length === 0 ? [requiredValue(`${path}.containers`)] : [];
  for (const [i, c] of containers) causes.push(...containerCauses(`${path}.containers[${i}]`, c, seen));
  for (const [i, c] of entriesOf(podSpec.initContainers)) causes.push(...containerCauses(`${path}.initContainers[${i}]`, c, seen));
  return causes;
}
