// Label selectors (equality and set-based) and field selectors, parsed once per request and
// evaluated per object.
import type { KubeObject } from './resource-type.ts';
import { badRequest } from './status-errors.ts';

/** The operators of a selector requirement. */
export const SelectorOp = Object.freeze({
  Equals: '=',
  NotEquals: '!=',
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
} as const);
export type SelectorOp = (typeof SelectorOp)[keyof typeof SelectorOp];

/** One parsed requirement: key, operator and values. */
export interface Requirement {
  key: string;
  op: SelectorOp;
  values: string[];
}

/** A compiled selector: matches an object or not. */
export type ObjectPredicate = (obj: KubeObject) => boolean;

const keyPattern = /^(?:[a-z0-9A-Z]([-a-z0-9A-Z.]*[a-z0-9A-Z])?\/)?[a-zA-Z0-9]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?$/;
const setPattern = /^(!?)\s*([^\s!=()]+)\s+(in|notin)\s+\(([^()]*)\)$/;
const comparePattern = /^([^\s!=()]+)\s*(==|=|!=)\s*([^\s!=(),]*)$/;
const existsPattern = /^(!?)\s*([^\s!=()]+)$/;

/** Splits on commas that are not inside a parenthesised value set. */
function splitRequirements(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  parts.push(current.trim());
  return parts.filter((p) => p !== '');
}

function setRequirement(text: string): Requirement | undefined {
  const set = setPattern.exec(text);
  if (set === null || set[1] !== '') return undefined;
  const values = (set[4] ?? '').split(',').map((v) => v.trim()).filter((v) => v !== '');
  return { key: set[2] ?? '', op: set[3] === 'in' ? SelectorOp.In : SelectorOp.NotIn, values };
}

function compareRequirement(text: string): Requirement | undefined {
  const compare = comparePattern.exec(text);
  if (compare === null) return undefined;
  return { key: compare[1] ?? '', op: compare[2] === '!=' ? SelectorOp.NotEquals : SelectorOp.Equals, values: [compare[3] ?? ''] };
}

function existsRequirement(text: string): Requirement | undefined {
  const exists = existsPattern.exec(text);
  if (exists === null) return undefined;
  return { key: exists[2] ?? '', op: exists[1] === '!' ? SelectorOp.DoesNotExist : SelectorOp.Exists, values: [] };
}

function parseRequirement(text: string, checkKey: boolean): Requirement {
  const req = setRequirement(text) ?? compareRequirement(text) ?? existsRequirement(text);
  if (req === undefined || (checkKey && !keyPattern.test(req.key))) {
    throw badRequest(`unable to parse requirement: invalid selector term "${text}"`);
  }
  return req;
}

/** Parses a label selector string; throws 400 BadRequest naming the bad term. */
export function parseLabelSelector(text: string): Requirement[] {
  return splitRequirements(text).map((part) => parseRequirement(part, true));
}

/** Parses a field selector string (only =, == and != are allowed). */
export function parseFieldSelector(text: string): Requirement[] {
  const reqs = splitRequirements(text).map((part) => parseRequirement(part, false));
  for (const req of reqs) {
    if (req.op !== SelectorOp.Equals && req.op !== SelectorOp.NotEquals) {
      throw badRequest(`invalid field selector "${text}": only =, == and != are supported`);
    }
  }
  return reqs;
}

/** Whether a value (undefined when absent) satisfies one requirement. */
export function satisfies(req: Requirement, value: string | undefined): boolean {
  switch (req.op) {
    case SelectorOp.Equals:
      return value === req.values[0];
    case SelectorOp.NotEquals:
      return value !== req.values[0];
    case SelectorOp.In:
      return value !== undefined && req.values.includes(value);
    case SelectorOp.NotIn:
      return value === undefined || !req.values.includes(value);
    case SelectorOp.Exists:
      return value !== undefined;
    case SelectorOp.DoesNotExist:
      return value === undefined;
  }
}

function labelsOf(obj: KubeObject): Record<string, unknown> {
  const meta = obj.metadata as Record<string, unknown> | undefined;
  const labels = meta?.labels;
  return typeof labels === 'object' && labels !== null ? (labels as Record<string, unknown>) : {};
}

/** Reads a dotted field path (e.g. `metadata.name`, `status.phase`) as a string. */
export function fieldValue(obj: KubeObject, path: string): string | undefined {
  let current: unknown = obj;
  for (const part of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  if (current === undefined || current === null) return path === 'metadata.namespace' ? '' : undefined;
  return typeof current === 'string' ? current : JSON.stringify(current);
}

/** Compiles label and field selector strings (either may be absent) into one predicate. */
export function compileSelectors(labelSelector: string | undefined, fieldSelector: string | undefined): ObjectPredicate | undefined {
  const labels = labelSelector === undefined || labelSelector === '' ? [] : parseLabelSelector(labelSelector);
  const fields = fieldSelector === undefined || fieldSelector === '' ? [] : parseFieldSelector(fieldSelector);
  if (labels.length === 0 && fields.length === 0) return undefined;
  return (obj) => {
    const objLabels = labelsOf(obj);
    for (const req of labels) {
      const v = objLabels[req.key];
      if (!satisfies(req, typeof v === 'string' ? v : undefined)) return false;
    }
    return fields.every((req) => satisfies(req, fieldValue(obj, req.key)));
  };
}

function expressionToString(expr: Record<string, unknown>): string | undefined {
  const key = String(expr.key);
  const values = Array.isArray(expr.values) ? expr.values.map(String).sort().join(',') : '';
  switch (expr.operator) {
    case 'In':
      return `${key} in (${values})`;
    case 'NotIn':
      return `${key} notin (${values})`;
    case 'Exists':
      return key;
    case 'DoesNotExist':
      return `!${key}`;
    default:
      return undefined;
  }
}

/** Renders a metav1.LabelSelector object as selector text (for Scale status.selector). */
export function labelSelectorToString(selector: unknown): string {
  if (typeof selector !== 'object' || selector === null) return '';
  const { matchLabels, matchExpressions } = selector as Record<string, unknown>;
  const parts: string[] = [];
  if (typeof matchLabels === 'object' && matchLabels !== null) {
    for (const [k, v] of Object.entries(matchLabels)) parts.push(`${k}=${String(v)}`);
  }
  if (Array.isArray(matchExpressions)) {
    for (const expr of matchExpressions as Record<string, unknown>[]) {
      const text = expressionToString(expr);
      if (text !== undefined) parts.push(text);
    }
  }
  return parts.sort().join(',');
}
