/**
 * The rows of the spec reference: every field of a CRD schema, depth first, with its type,
 * whether it is required, its default, its allowed values or range, and its description.
 * A schema node reached again through a YAML alias (the Istio match shapes appear in several
 * places) is listed once and referred to afterwards.
 */
import type { StructuralNode } from '../../src/api/structural-node.ts';

/** One documented field. */
export interface FieldRow {
  /** `spec.analysis.metrics[].name`; `[]` marks list items, `<key>` map values. */
  path: string;
  type: string;
  required: boolean;
  default: string;
  constraints: string;
  description: string;
}

function typeOf(node: StructuralNode): string {
  if (node['x-kubernetes-int-or-string'] === true) return 'integer or string';
  if (node.type === 'array') return `array of ${node.items === undefined ? 'any' : typeOf(node.items)}`;
  if (node.type === 'object' && node.properties === undefined && typeof node.additionalProperties === 'object') {
    return `map of ${typeOf(node.additionalProperties)}`;
  }
  if (node.type === undefined && node['x-kubernetes-preserve-unknown-fields'] === true) return 'any (kept as given)';
  return node.type ?? 'any';
}

function code(value: unknown): string {
  return `\`${JSON.stringify(value)}\``;
}

function rangeOf(node: StructuralNode): string[] {
  const parts: string[] = [];
  const { minimum, maximum, exclusiveMinimum, exclusiveMaximum } = node;
  if (typeof minimum === 'number' && typeof maximum === 'number') parts.push(`${minimum}–${maximum}`);
  else if (typeof minimum === 'number') parts.push(exclusiveMinimum === true ? `> ${minimum}` : `≥ ${minimum}`);
  else if (typeof maximum === 'number') parts.push(exclusiveMaximum === true ? `< ${maximum}` : `≤ ${maximum}`);
  return parts;
}

const LIMITS: readonly [string, string][] = [
  ['minLength', 'length ≥'], ['maxLength', 'length ≤'], ['minItems', 'items ≥'], ['maxItems', 'items ≤'],
  ['minProperties', 'keys ≥'], ['maxProperties', 'keys ≤'],
];

function constraintsOf(node: StructuralNode): string {
  const parts = rangeOf(node);
  if (Array.isArray(node.enum)) parts.push(`one of ${node.enum.map(code).join(', ')}`);
  for (const [keyword, label] of LIMITS) if (typeof node[keyword] === 'number') parts.push(`${label} ${String(node[keyword])}`);
  if (typeof node.pattern === 'string') parts.push(`matches \`${node.pattern}\``);
  if (typeof node.format === 'string') parts.push(`format ${node.format}`);
  if (node['x-kubernetes-list-type'] === 'map' && Array.isArray(node['x-kubernetes-list-map-keys'])) {
    parts.push(`unique by ${node['x-kubernetes-list-map-keys'].map((k) => `\`${String(k)}\``).join(', ')}`);
  }
  return parts.join('; ');
}

function oneLine(text: unknown): string {
  return typeof text === 'string' ? text.replace(/\s+/g, ' ').trim() : '';
}

interface Walk {
  rows: FieldRow[];
  seen: Map<StructuralNode, string>;
}

function visitChildren(walk: Walk, node: StructuralNode, path: string): void {
  if (node.items !== undefined) visit(walk, node.items, `${path}[]`, false);
  if (typeof node.additionalProperties === 'object') visit(walk, node.additionalProperties, `${path}.<key>`, false);
  const required = new Set(Array.isArray(node.required) ? node.required.map(String) : []);
  for (const [name, child] of Object.entries(node.properties ?? {})) visit(walk, child, path === '' ? name : `${path}.${name}`, required.has(name));
}

function hasChildren(node: StructuralNode): boolean {
  return node.properties !== undefined || node.items !== undefined || typeof node.additionalProperties === 'object';
}

function rowOf(node: StructuralNode, path: string, required: boolean): FieldRow {
  return {
    path, type: typeOf(node), required,
    default: node.default === undefined ? '' : code(node.default),
    constraints: constraintsOf(node),
    description: oneLine(node.description),
  };
}

/** Item and map-value rows with nothing to say about themselves would only repeat their parent. */
function isBare(row: FieldRow): boolean {
  return (row.path.endsWith('[]') || row.path.endsWith('.<key>')) && row.description === '' && row.constraints === '' && row.default === '';
}

function visit(walk: Walk, node: StructuralNode, path: string, required: boolean): void {
  const row = rowOf(node, path, required);
  const earlier = walk.seen.get(node);
  if (earlier !== undefined && hasChildren(node)) {
    walk.rows.push({ ...row, description: `${row.description}${row.description === '' ? '' : ' '}Same fields as \`${earlier}\`.` });
    return;
  }
  if (hasChildren(node)) walk.seen.set(node, path);
  if (!isBare(row)) walk.rows.push(row);
  visitChildren(walk, node, path);
}

/** The rows for one top-level field of a resource schema (`spec`, `status`) and everything under it. */
export function schemaFields(resourceSchema: StructuralNode, field: string): FieldRow[] {
  const node = resourceSchema.properties?.[field];
  if (node === undefined) return [];
  const required = Array.isArray(resourceSchema.required) && resourceSchema.required.includes(field);
  const walk: Walk = { rows: [], seen: new Map() };
  visit(walk, node, field, required);
  return walk.rows;
}
