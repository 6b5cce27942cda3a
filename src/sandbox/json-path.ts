// The small JSONPath subset used by CRD printer columns and scale subresource paths:
// `.a.b`, `.a[0].b`, `.a['x.y']`, `.a[?(@.type=="Ready")].status` and `{.a.b}` (braces tolerated).
import { badRequest } from './status-errors.ts';

/** A list filter step `[?(@.key=="value")]`: the first item whose key equals value. */
export interface FilterStep {
  key: string;
  value: string;
}

/** One step of a path: a field name, a list index or a filter. */
export type PathStep = string | number | FilterStep;

const stepPattern = /\.([A-Za-z0-9_$-]+)|\[(\d+)\]|\[['"]([^'"]+)['"]\]|\[\?\(@\.([A-Za-z0-9_-]+)\s*==\s*['"]([^'"]*)['"]\)\]/y;

function toStep(m: RegExpExecArray): PathStep {
  if (m[1] !== undefined) return m[1];
  if (m[2] !== undefined) return Number(m[2]);
  if (m[3] !== undefined) return m[3];
  return { key: m[4] ?? '', value: m[5] ?? '' };
}

function stepInto(current: unknown, step: PathStep): unknown {
  if (typeof current !== 'object' || current === null) return undefined;
  if (typeof step === 'number') return Array.isArray(current) ? current[step] : undefined;
  if (typeof step === 'string') return (current as Record<string, unknown>)[step];
  if (!Array.isArray(current)) return undefined;
  return current.find((item: unknown) => typeof item === 'object' && item !== null && (item as Record<string, unknown>)[step.key] === step.value);
}

/** Parses a simple JSONPath into steps; throws 400 for anything outside the supported subset. */
export function parseJsonPath(path: string): PathStep[] {
  let text = path.trim();
  if (text.startsWith('{') && text.endsWith('}')) text = text.slice(1, -1);
  if (text.startsWith('$')) text = text.slice(1);
  const steps: PathStep[] = [];
  stepPattern.lastIndex = 0;
  while (stepPattern.lastIndex < text.length) {
    const at = stepPattern.lastIndex;
    const m = stepPattern.exec(text);
    if (m === null) throw badRequest(`unsupported JSONPath "${path}" at offset ${at}`);
    steps.push(toStep(m));
  }
  return steps;
}

/** Reads the value at a parsed path, or undefined when any step is missing. */
export function readPath(value: unknown, steps: readonly PathStep[]): unknown {
  let current = value;
  for (const step of steps) current = stepInto(current, step);
  return current;
}

/** Returns a copy of `root` with the value at `steps` set, creating objects along the way. */
export function writePath(root: Record<string, unknown>, steps: readonly PathStep[], value: unknown): Record<string, unknown> {
  const [head, ...rest] = steps;
  if (typeof head !== 'string') return root;
  if (rest.length === 0) return { ...root, [head]: value };
  const child = root[head];
  const base = typeof child === 'object' && child !== null && !Array.isArray(child) ? (child as Record<string, unknown>) : {};
  return { ...root, [head]: writePath(base, rest, value) };
}
