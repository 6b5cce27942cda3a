// Structural equality of JSON values, as canonical JSON would judge it (key order does not matter,
// a key holding `undefined` counts as absent) but stopping at the first difference and building
// no strings. Every update asks "did anything change?" twice (generation and no-op detection),
// and controllers patch status every tick, so this runs on most writes. Values are what JSON can
// hold (stored objects come from JSON, YAML or protobuf bodies), so NaN and Infinity do not occur.

type JsonRecord = Record<string, unknown>;

function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function definedKeyCount(record: JsonRecord, skip: ReadonlySet<string> | undefined): number {
  let n = 0;
  for (const key of Object.keys(record)) if (record[key] !== undefined && skip?.has(key) !== true) n++;
  return n;
}

function sameArrays(a: unknown[], b: unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameJson(a[i] ?? null, b[i] ?? null)) return false;
  return true;
}

/** True when `a` and `b` hold the same members, ignoring the keys in `skip` at this level only. */
export function sameRecords(a: JsonRecord, b: JsonRecord, skip?: ReadonlySet<string>): boolean {
  if (definedKeyCount(a, skip) !== definedKeyCount(b, skip)) return false;
  for (const key of Object.keys(a)) {
    const value = a[key];
    if (value === undefined || skip?.has(key) === true) continue;
    if (!Object.hasOwn(b, key) || !sameJson(value, b[key])) return false;
  }
  return true;
}

/** True when two JSON values would serialize to the same canonical JSON. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && sameArrays(a, b);
  return isRecord(a) && isRecord(b) && sameRecords(a, b);
}
