/**
 * Two-way JSON merge patches (RFC 7386) between what the cache holds and what the
 * reconciler wants. A merge patch cannot store null (null means "delete"), so values are
 * compared in their storable form: null fields are dropped before comparing.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value as the API server would keep it after a merge patch: object fields holding null or undefined are gone. */
export function storableForm(value: unknown): Json {
  if (Array.isArray(value)) return value.map(storableForm);
  if (!isPlainObject(value)) return value as Json;
  const out: Record<string, Json> = {};
  for (const [key, field] of Object.entries(value)) {
    if (field === null || field === undefined) continue;
    out[key] = storableForm(field);
  }
  return out;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function diffObjects(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, Json> {
  const patch: Record<string, Json> = {};
  for (const [key, value] of Object.entries(after)) {
    const old = before[key];
    if (isPlainObject(old) && isPlainObject(value)) {
      const inner = diffObjects(old, value);
      if (Object.keys(inner).length > 0) patch[key] = inner;
    } else if (!sameJson(old, value)) {
      patch[key] = value as Json;
    }
  }
  for (const key of Object.keys(before)) {
    if (!(key in after)) patch[key] = null;
  }
  return patch;
}

/** The merge patch that turns `before` into `after` (both compared in storable form), or null when they are equal. */
export function mergePatchBetween(before: unknown, after: unknown): Record<string, Json> | null {
  const a = storableForm(before ?? {});
  const b = storableForm(after ?? {});
  if (!isPlainObject(a) || !isPlainObject(b)) throw new TypeError('merge patches are computed between objects');
  const patch = diffObjects(a, b);
  return Object.keys(patch).length === 0 ? null : patch;
}

/** True when applying `desired` as a merge patch onto `current` would change nothing. */
export function coveredBy(current: unknown, desired: unknown): boolean {
  // `desired` is converted once; `current` (a whole cached object, status included) only where
  // a desired leaf is compared: converting all of it on every pass was the controller's top cost.
  return storableCovered(current, storableForm(desired));
}

function storableCovered(have: unknown, want: Json): boolean {
  if (Array.isArray(want)) {
    // Server-side defaults fill fields inside list items (ports, routes); compare item by item.
    return Array.isArray(have) && have.length === want.length && want.every((item, i) => storableCovered(have[i], item));
  }
  if (!isPlainObject(want)) return sameJson(want, storableForm(have));
  if (!isPlainObject(have)) return false;
  return Object.entries(want).every(([key, value]) => storableCovered(have[key], value));
}
