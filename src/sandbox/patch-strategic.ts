// Strategic merge patch for built-in kinds: like a merge patch, except that lists with a merge
// key merge item by item, primitive lists with the `merge` strategy behave as sets, and the
// directives `$patch` (replace/delete/merge), `$retainKeys`, `$setElementOrder/<list>` and
// `$deleteFromPrimitiveList/<list>` are honoured.
import type { PatchMetaNode } from './resource-type.ts';
import { badRequest } from './status-errors.ts';

type Json = Record<string, unknown>;

const setOrderPrefix = '$setElementOrder/';
const deletePrimitivePrefix = '$deleteFromPrimitiveList/';

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isDirective(key: string): boolean {
  return key.startsWith('$');
}

/** Removes directive keys from a value that is being inserted (not merged). */
function stripDirectives(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => !(isObject(v) && v.$patch === 'delete')).map(stripDirectives);
  if (!isObject(value)) return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) if (!isDirective(k)) out[k] = stripDirectives(v);
  return out;
}

function mergePrimitiveList(original: unknown[], patch: unknown[]): unknown[] {
  const out = [...original];
  for (const item of patch) if (!out.includes(item)) out.push(item);
  return out;
}

function keyedIndex(list: unknown[], key: string, value: unknown): number {
  return list.findIndex((item) => isObject(item) && item[key] === value);
}

function mergeKeyedList(original: unknown[], patch: unknown[], meta: PatchMetaNode, key: string): unknown[] {
  if (patch.some((item) => isObject(item) && item.$patch === 'replace')) {
    return stripDirectives(patch.filter((item) => !(isObject(item) && item.$patch === 'replace'))) as unknown[];
  }
  const out = [...original];
  for (const item of patch) {
    if (!isObject(item)) throw badRequest(`strategic merge patch: list items merged by "${key}" must be objects`);
    const index = keyedIndex(out, key, item[key]);
    if (item.$patch === 'delete') {
      if (index >= 0) out.splice(index, 1);
    } else if (index >= 0) {
      out[index] = applyStrategicPatch(out[index], item, meta.items);
    } else {
      out.push(stripDirectives(item));
    }
  }
  return out;
}

function mergeList(original: unknown, patch: unknown[], meta: PatchMetaNode | undefined): unknown[] {
  const base = Array.isArray(original) ? original : [];
  if (meta?.strategy === undefined || !meta.strategy.includes('merge')) return stripDirectives(patch) as unknown[];
  if (meta.mergeKey !== undefined) return mergeKeyedList(base, patch, meta, meta.mergeKey);
  return mergePrimitiveList(base, patch);
}

function orderBy(list: unknown, order: unknown, key: string | undefined): unknown {
  if (!Array.isArray(list) || !Array.isArray(order)) return list;
  const position = (item: unknown): number => {
    const id = key !== undefined && isObject(item) ? item[key] : item;
    const at = order.findIndex((o) => (key !== undefined && isObject(o) ? o[key] : o) === id);
    return at < 0 ? order.length : at;
  };
  return [...(list as unknown[])].sort((a, b) => position(a) - position(b));
}

function applyListDirectives(result: Json, patch: Json, meta: PatchMetaNode | undefined): void {
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith(deletePrimitivePrefix)) {
      const field = key.slice(deletePrimitivePrefix.length);
      const current = result[field];
      if (Array.isArray(current) && Array.isArray(value)) result[field] = current.filter((v) => !value.includes(v));
    } else if (key.startsWith(setOrderPrefix)) {
      const field = key.slice(setOrderPrefix.length);
      result[field] = orderBy(result[field], value, meta?.fields?.[field]?.mergeKey);
    }
  }
}

function retainKeys(result: Json, patch: Json): void {
  const keep = patch.$retainKeys;
  if (!Array.isArray(keep)) return;
  for (const key of Object.keys(result)) if (!keep.includes(key)) Reflect.deleteProperty(result, key);
}

// The new value of one field; undefined deletes it.
function mergeField(current: unknown, value: unknown, meta: PatchMetaNode | undefined): unknown {
  if (value === null) return undefined;
  if (Array.isArray(value)) return mergeList(current, value, meta);
  if (isObject(value)) return applyStrategicPatch(current, value, meta);
  return value;
}

/** Applies a strategic merge patch to a document (neither is mutated); returns the result. */
export function applyStrategicPatch(original: unknown, patch: unknown, meta: PatchMetaNode | undefined): unknown {
  if (!isObject(patch)) return stripDirectives(patch);
  if (patch.$patch === 'replace') return stripDirectives(patch);
  if (patch.$patch === 'delete') return undefined;
  const result: Json = isObject(original) ? { ...original } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (isDirective(key)) continue;
    const merged = mergeField(result[key], value, meta?.fields?.[key]);
    if (merged === undefined) Reflect.deleteProperty(result, key);
    else result[key] = merged;
  }
  applyListDirectives(result, patch, meta);
  retainKeys(result, patch);
  return result;
}
