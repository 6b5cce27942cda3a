import { Verdict } from '../../machines/release-types.ts';
import { NO_VALUES_FOUND } from './prometheus-response.ts';
import type { QueryOutcome } from './query-outcome.ts';

/** Where a metric's query came from. */
export const MetricKind = Object.freeze({ Builtin: 'builtin', Template: 'template' } as const);
export type MetricKind = (typeof MetricKind)[keyof typeof MetricKind];

/** Bounds a value must stay within; either may be absent. */
export interface ThresholdRange {
  min?: number | undefined;
  max?: number | undefined;
}

/** One metric's result for one analysis tick, as recorded in status. */
export interface Measurement {
  metric: string;
  kind: MetricKind;
  phase: Verdict;
  value: number | null;
  thresholdMin?: number;
  thresholdMax?: number;
  query: string;
  message: string;
  /** Requests the target served in the metric's window; null when counting failed, absent when not asked. */
  requestCount?: number | null;
  /** ISO-8601 time of the measurement. */
  time: string;
}

/** Everything needed to judge one query outcome. */
export interface JudgeInput {
  metric: string;
  kind: MetricKind;
  query: string;
  outcome: QueryOutcome;
  thresholdRange?: ThresholdRange | undefined;
  /** Requests in the window; null when unknown. Only consulted when minRequests is positive. */
  requestCount?: number | null | undefined;
  minRequests?: number | undefined;
  /** The metric's window, for messages (e.g. `1m`). */
  interval: string;
  now: Date;
}

/** Formats a number for a message: up to three decimals, no trailing zeros. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return String(Math.round(value * 1000) / 1000);
}

function pluralRequests(count: number): string {
  const rounded = Math.round(count);
  return `${rounded} request${rounded === 1 ? '' : 's'}`;
}

function tooFewRequests(input: JudgeInput): string | null {
  const { requestCount, minRequests } = input;
  if (minRequests === undefined || minRequests <= 0 || requestCount === undefined || requestCount === null) return null;
  if (requestCount >= minRequests) return null;
  return `only ${pluralRequests(requestCount)} in ${input.interval}, below minRequests ${minRequests}`;
}

function outsideRange(value: number, range: ThresholdRange | undefined): string | null {
  if (range?.min !== undefined && value < range.min) return `${formatNumber(value)} is below the minimum ${formatNumber(range.min)}`;
  if (range?.max !== undefined && value > range.max) return `${formatNumber(value)} is above the maximum ${formatNumber(range.max)}`;
  return null;
}

function verdictOf(input: JudgeInput): { phase: Verdict; value: number | null; message: string } {
  const { outcome } = input;
  if (outcome.kind === 'error') return { phase: Verdict.Error, value: null, message: outcome.message };
  const value = outcome.kind === 'value' ? outcome.value : null;
  // Too little traffic is not evidence either way, whatever the value says.
  const lowTraffic = tooFewRequests(input);
  if (lowTraffic !== null) {
    const seen = value === null ? NO_VALUES_FOUND : `value ${formatNumber(value)} not judged`;
    return { phase: Verdict.Inconclusive, value, message: `${lowTraffic}; ${seen}` };
  }
  if (outcome.kind === 'no-data') return { phase: Verdict.Failed, value: null, message: outcome.reason };
  const breach = outsideRange(outcome.value, input.thresholdRange);
  if (breach !== null) return { phase: Verdict.Failed, value, message: breach };
  return { phase: Verdict.Successful, value, message: `${formatNumber(outcome.value)} is within the threshold range` };
}

/** Judges one query outcome: error → Error, too little traffic → Inconclusive, no data or out of range → Failed, else Successful. */
export function judgeMeasurement(input: JudgeInput): Measurement {
  const verdict = verdictOf(input);
  const measurement: Measurement = {
    metric: input.metric,
    kind: input.kind,
    phase: verdict.phase,
    value: verdict.value,
    query: input.query,
    message: verdict.message,
    time: input.now.toISOString(),
  };
  if (input.thresholdRange?.min !== undefined) measurement.thresholdMin = input.thresholdRange.min;
  if (input.thresholdRange?.max !== undefined) measurement.thresholdMax = input.thresholdRange.max;
  if (input.requestCount !== undefined) measurement.requestCount = input.requestCount;
  return measurement;
}
