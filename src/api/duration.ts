/**
 * Go-style durations (`500ms`, `1s`, `1m30s`, `1.5h`), as Flagger and Istio
 * write them, converted to and from milliseconds.
 */

/** Milliseconds per unit; `us`/`µs`/`ns` give fractions of a millisecond. */
const UNIT_MS: Readonly<Record<string, number>> = Object.freeze({
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
});

const NS_PER_MS = 1e6;
const UNIT_NAMES = 'ns, us, ms, s, m, h';
const COMPONENT = /(\d+(?:\.\d*)?|\.\d+)([a-zµμ]+)/gy;

/** Thrown for text that is not a duration; the message names the field (when given), the text and the fix. */
export class DurationError extends Error {
  override name = 'DurationError';

  /** What is wrong, without the field and text (for callers that name them themselves). */
  readonly detail: string;

  constructor(message: string, detail: string) {
    super(message);
    this.detail = detail;
  }
}

function fail(text: string, field: string | undefined, detail: string): never {
  const where = field === undefined ? '' : `${field}: `;
  throw new DurationError(`${where}invalid duration ${JSON.stringify(text)}: ${detail}`, detail);
}

function sumComponents(text: string, field: string | undefined): number {
  let total = 0;
  let consumed = 0;
  COMPONENT.lastIndex = 0;
  for (let match = COMPONENT.exec(text); match !== null; match = COMPONENT.exec(text)) {
    const [, amount = '', unit = ''] = match;
    const scale = UNIT_MS[unit];
    if (scale === undefined) fail(text, field, `unknown unit "${unit}" (valid units: ${UNIT_NAMES})`);
    total += Number(amount) * scale;
    consumed = COMPONENT.lastIndex;
  }
  if (consumed !== text.length) fail(text, field, `expected numbers with units such as 30s, 1m30s or 500ms (valid units: ${UNIT_NAMES})`);
  // Round to whole nanoseconds (Go's resolution) so decimal inputs like 1.001s give exact milliseconds.
  return Math.round(total * NS_PER_MS) / NS_PER_MS;
}

/** Parses a Go duration to milliseconds; throws DurationError (naming `field`) for anything else, including negatives. */
export function parseDuration(text: string, field?: string): number {
  if (typeof text !== 'string') fail(String(text), field, 'must be a string such as 30s');
  if (text === '') fail(text, field, 'must not be empty');
  if (text === '0') return 0;
  if (text.startsWith('-')) fail(text, field, 'must not be negative');
  return sumComponents(text.startsWith('+') ? text.slice(1) : text, field);
}

/** Formats milliseconds as the shortest Go duration that parses back to the same value (`1m30s`, `500ms`, `1h`). */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) {
    const detail = 'must be a finite, non-negative number';
    throw new DurationError(`cannot format ${String(ms)} ms as a duration: ${detail}`, detail);
  }
  if (ms === 0) return '0s';
  if (ms < 1000) return `${String(ms)}ms`;
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = (ms % 60_000) / 1000;
  const parts = [hours > 0 ? `${String(hours)}h` : '', minutes > 0 ? `${String(minutes)}m` : '', seconds > 0 ? `${String(seconds)}s` : ''];
  return parts.join('');
}
