// Renders unknown JSON values as text for messages and table cells without ever producing
// "[object Object]".

/** A string for any JSON value: strings as-is, scalars via String, objects as JSON, absent as `fallback`. */
export function textOf(value: unknown, fallback = ''): string {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}
