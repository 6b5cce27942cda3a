import { TelemetryInputError } from './telemetry-input-error.ts';

// Units must appear at most once and from largest to smallest, as Prometheus's duration parser requires.
const DURATION = /^(?:\d+y)?(?:\d+w)?(?:\d+d)?(?:\d+h)?(?:\d+m)?(?:\d+s)?(?:\d+ms)?$/;

/** Throws TelemetryInputError naming `field` unless `value` is a non-zero PromQL duration such as `1m` or `1m30s`. */
export function assertPromqlDuration(field: string, value: string): void {
  if (value === '' || !DURATION.test(value) || !/[1-9]/.test(value)) {
    throw new TelemetryInputError(
      `${field} "${value}" is not a PromQL duration: use a positive amount with units y, w, d, h, m, s, ms in that order, e.g. "1m" or "1m30s"`,
    );
  }
}
