import { parseDuration } from '../api/duration.ts';
import { TelemetryInputError } from './telemetry-input-error.ts';

// Units must appear at most once and from largest to smallest, as Prometheus's duration parser requires.
const DURATION = /^(?:\d+y)?(?:\d+w)?(?:\d+d)?(?:\d+h)?(?:\d+m)?(?:\d+s)?(?:\d+ms)?$/;
const UNITS: readonly [string, number][] = [['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]];

function isPromqlDuration(value: string): boolean {
  return value !== '' && DURATION.test(value) && /[1-9]/.test(value);
}

function formatPromql(ms: number): string {
  let rest = ms;
  let out = '';
  for (const [unit, size] of UNITS) {
    const amount = Math.floor(rest / size);
    if (amount > 0) out += `${amount}${unit}`;
    rest -= amount * size;
  }
  return out;
}

function fromGoDuration(value: string): string | null {
  try {
    const ms = parseDuration(value);
    return Number.isInteger(ms) && ms > 0 ? formatPromql(ms) : null;
  } catch {
    return null;
  }
}

/**
 * Returns `value` as a PromQL range duration: PromQL durations (`1m`, `1m30s`, `1d`) pass unchanged, and Go durations
 * that Canary specs may carry (`1.5m`, `90s`, `2h0m0s`) become whole-millisecond PromQL durations; anything else
 * throws TelemetryInputError naming `field`.
 */
export function toPromqlDuration(field: string, value: string): string {
  if (isPromqlDuration(value)) return value;
  const converted = fromGoDuration(value);
  if (converted !== null && converted !== '') return converted;
  throw new TelemetryInputError(
    `${field} "${value}" is not a PromQL duration: use a positive amount with units y, w, d, h, m, s, ms in that order, e.g. "1m" or "1m30s"`,
  );
}
