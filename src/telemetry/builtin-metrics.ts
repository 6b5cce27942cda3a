import { assertDnsLabel, escapeRegex } from './promql-escape.ts';
import { toPromqlDuration } from './promql-duration.ts';

/** The builtin metric names; the first two are Flagger's, `request-count` feeds minRequests. */
export const BuiltinMetric = Object.freeze({
  RequestSuccessRate: 'request-success-rate',
  RequestDuration: 'request-duration',
  RequestCount: 'request-count',
} as const);
export type BuiltinMetric = (typeof BuiltinMetric)[keyof typeof BuiltinMetric];

/** Which Deployment a builtin query reads: the canary (the target) or the baseline (`<target>-primary`). */
export const WorkloadRole = Object.freeze({ Canary: 'canary', Primary: 'primary' } as const);
export type WorkloadRole = (typeof WorkloadRole)[keyof typeof WorkloadRole];

/** What a builtin query is about. */
export interface BuiltinQueryInput {
  namespace: string;
  /** The canary Deployment's name (the Canary's targetRef). */
  target: string;
  /** A PromQL duration such as `1m`, or a Go duration such as `1.5m` (converted). */
  interval: string;
  /** Default: canary. */
  role?: WorkloadRole;
}

/** Returns true when `name` is one of the builtin metric names. */
export function isBuiltinMetric(name: string): name is BuiltinMetric {
  return (Object.values(BuiltinMetric) as string[]).includes(name);
}

/** Returns the primary (baseline) Deployment's name for a canary target. */
export function primaryWorkload(target: string): string {
  return `${target}-primary`;
}

function selector(input: BuiltinQueryInput, extra = ''): string {
  assertDnsLabel('namespace', input.namespace);
  assertDnsLabel('target', input.target);
  const workload = input.role === WorkloadRole.Primary ? primaryWorkload(input.target) : input.target;
  // Validated names hold no regex metacharacters; escaping anyway keeps =~ an exact match if that ever changes.
  return (
    `{reporter="destination",destination_workload_namespace="${input.namespace}",` +
    `destination_workload=~"${escapeRegex(workload)}"${extra}}`
  );
}

function successRate(input: BuiltinQueryInput): string {
  const ok = `sum(rate(istio_requests_total${selector(input, ',response_code!~"5.*"')}[${input.interval}]))`;
  const all = `sum(rate(istio_requests_total${selector(input)}[${input.interval}]))`;
  return `100 * ${ok} / ${all}`;
}

function durationP99(input: BuiltinQueryInput): string {
  const buckets = `rate(istio_request_duration_milliseconds_bucket${selector(input)}[${input.interval}])`;
  return `histogram_quantile(0.99, sum(${buckets}) by (le))`;
}

function requestCount(input: BuiltinQueryInput): string {
  return `sum(increase(istio_requests_total${selector(input)}[${input.interval}]))`;
}

const BUILDERS: Readonly<Record<BuiltinMetric, (input: BuiltinQueryInput) => string>> = Object.freeze({
  [BuiltinMetric.RequestSuccessRate]: successRate,
  [BuiltinMetric.RequestDuration]: durationP99,
  [BuiltinMetric.RequestCount]: requestCount,
});

/** Returns the PromQL for a builtin metric over Istio's standard metrics; throws TelemetryInputError on an invalid name or interval (Go durations are converted). */
export function builtinQuery(metric: BuiltinMetric, input: BuiltinQueryInput): string {
  return BUILDERS[metric]({ ...input, interval: toPromqlDuration('interval', input.interval) });
}
