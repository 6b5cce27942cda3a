/** Milliseconds per Go duration unit (Kubernetes and Flagger write durations the Go way: `1m30s`, `500ms`). */
const UNIT_MS: Readonly<Record<string, number>> = Object.freeze({
  ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000,
});

const PART = /(\d+(?:\.\d+)?|\.\d+)(ns|us|µs|ms|s|m|h)/y;

/** Thrown for a malformed duration; the message quotes the value and shows valid forms. */
export class DurationError extends Error {
  override readonly name = 'DurationError';
}

/** Parses a non-negative Go-style duration (`10s`, `1m30s`, `250ms`, `0`) into milliseconds, or throws DurationError. */
export function parseDuration(text: string): number {
  const value = text.trim();
  if (value === '0') return 0;
  if (value === '') throw new DurationError('empty duration; use a value such as "10s", "1m30s" or "500ms"');
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < value.length) {
    const start = PART.lastIndex;
    const match = PART.exec(value);
    if (!match || match.index !== start) {
      throw new DurationError(`invalid duration "${text}"; use a number with a unit (ns, us, ms, s, m, h), such as "10s", "1m30s" or "500ms"`);
    }
    total += Number(match[1]) * (UNIT_MS[match[2] ?? ''] ?? Number.NaN);
  }
  return total;
}

/** Formats milliseconds as a compact Go-style duration (`90000` → `1m30s`). */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, size] of [['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  if (rest > 0) parts.push(`${rest}ms`);
  return parts.join('');
}
