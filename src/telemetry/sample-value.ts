/**
 * Parses a Prometheus sample value string ("0.5", "NaN", "+Inf", "-Inf", "1e3") into a number;
 * returns null when the string is not a number at all.
 */
export function parseSampleValue(text: unknown): number | null {
  if (typeof text !== 'string') return null;
  const trimmed = text.trim();
  if (trimmed === 'NaN') return NaN;
  if (trimmed === '+Inf' || trimmed === 'Inf') return Infinity;
  if (trimmed === '-Inf') return -Infinity;
  if (trimmed === '') return null;
  const value = Number(trimmed);
  return Number.isNaN(value) ? null : value;
}
