/**
 * `x-kubernetes-list-type` as an ajv keyword: `set` lists hold no repeated
 * value, `map` lists hold no two items with the same `x-kubernetes-list-map-keys`
 * values. `atomic` (the default) checks nothing.
 */
import type { FuncKeywordDefinition, SchemaValidateFunction } from 'ajv';
import { isPlainObject } from './structural-node.ts';

/** The ajv keyword name, also used to recognise its errors. */
export const LIST_TYPE_KEYWORD = 'x-kubernetes-list-type';

/** The parameters a duplicate-item error carries. */
export interface DuplicateItemParams {
  index: number;
  value: unknown;
}

function itemIdentity(item: unknown, mapKeys: readonly string[] | null): string {
  if (mapKeys === null || !isPlainObject(item)) return JSON.stringify(item);
  return JSON.stringify(mapKeys.map((key) => item[key] ?? null));
}

function identityValue(item: unknown, mapKeys: readonly string[] | null): unknown {
  if (mapKeys === null || !isPlainObject(item)) return item;
  return Object.fromEntries(mapKeys.map((key) => [key, item[key] ?? null]));
}

/** Indices (after the first occurrence) of items that repeat an earlier item's identity. */
export function findDuplicateItems(items: readonly unknown[], mapKeys: readonly string[] | null): DuplicateItemParams[] {
  const seen = new Set<string>();
  const duplicates: DuplicateItemParams[] = [];
  items.forEach((item, index) => {
    const identity = itemIdentity(item, mapKeys);
    if (seen.has(identity)) duplicates.push({ index, value: identityValue(item, mapKeys) });
    seen.add(identity);
  });
  return duplicates;
}

function mapKeysOf(parentSchema: unknown): string[] {
  if (!isPlainObject(parentSchema)) return [];
  const keys = parentSchema['x-kubernetes-list-map-keys'];
  return Array.isArray(keys) ? keys.filter((key): key is string => typeof key === 'string') : [];
}

const validateListType: SchemaValidateFunction = (listType: unknown, data: unknown, parentSchema?: unknown) => {
  if (!Array.isArray(data) || (listType !== 'set' && listType !== 'map')) return true;
  const mapKeys = listType === 'map' ? mapKeysOf(parentSchema) : null;
  const duplicates = findDuplicateItems(data, mapKeys);
  validateListType.errors = duplicates.map((params) => ({
    keyword: LIST_TYPE_KEYWORD,
    message: 'duplicate item',
    params: { ...params },
  }));
  return duplicates.length === 0;
};

/** The keyword definition to pass to `ajv.addKeyword`. */
export const listTypeKeyword: FuncKeywordDefinition = Object.freeze({
  keyword: LIST_TYPE_KEYWORD,
  type: 'array',
  schemaType: 'string',
  errors: true,
  validate: validateListType,
});
