import { Verdict } from '../../machines/release-types.ts';
import { RELEASE_DEFAULTS } from '../api/release-config.ts';
import { BuiltinMetric, builtinQuery, isBuiltinMetric } from './builtin-metrics.ts';
import { judgeMeasurement, MetricKind, type Measurement, type ThresholdRange } from './measurement.ts';
import { renderMetricTemplate } from './metric-template.ts';
import { errorOutcome, type QueryClient, type QueryOutcome } from './query-outcome.ts';

/** One entry of `analysis.metrics`, with its templateRef already resolved to the template's query. */
export interface AnalysisMetric {
  name: string;
  /** PromQL duration; default `1m`. */
  interval?: string | undefined;
  thresholdRange?: ThresholdRange | undefined;
  /** The resolved MetricTemplate; absent for builtin metrics. */
  template?: { query: string } | undefined;
  templateVariables?: Readonly<Record<string, string>> | undefined;
  /** The client for the template's provider, when it is not the default Prometheus. */
  client?: QueryClient | undefined;
}

/** The Canary being analysed. */
export interface AnalysisTarget {
  name: string;
  namespace: string;
  target: string;
  service: string;
}

/** Everything one analysis tick needs. */
export interface AnalysisRequest {
  metrics: readonly AnalysisMetric[];
  canary: AnalysisTarget;
  /** The default Prometheus, used by builtin metrics and for request counts. */
  client: QueryClient;
  /** Fewer requests than this in a metric's window makes the metric Inconclusive; 0 or absent disables it. */
  minRequests?: number | undefined;
  /** Deadline for each query, on top of the client's own timeout; default 10000. */
  timeoutMs?: number | undefined;
  now: Date;
}

const DEFAULT_TIMEOUT_MS = 10_000;

interface Prepared {
  metric: AnalysisMetric;
  kind: MetricKind;
  interval: string;
  query: string | Error;
}

function prepare(metric: AnalysisMetric, canary: AnalysisTarget): Prepared {
  const interval = metric.interval ?? RELEASE_DEFAULTS.metricInterval;
  const kind = metric.template === undefined ? MetricKind.Builtin : MetricKind.Template;
  try {
    if (metric.template !== undefined) {
      const values = { ...canary, interval, variables: metric.templateVariables ?? {} };
      return { metric, kind, interval, query: renderMetricTemplate(metric.template.query, values) };
    }
    if (isBuiltinMetric(metric.name)) {
      return { metric, kind, interval, query: builtinQuery(metric.name, { ...canary, interval }) };
    }
    const known = Object.values(BuiltinMetric).join(', ');
    return { metric, kind, interval, query: new Error(`metric "${metric.name}" is not builtin (${known}) and has no templateRef`) };
  } catch (err) {
    return { metric, kind, interval, query: err instanceof Error ? err : new Error(String(err)) };
  }
}

/** Runs `promql` on `client`, resolving to an error outcome on a throw, a rejection or the deadline. */
export async function queryWithDeadline(client: QueryClient, promql: string, timeoutMs: number): Promise<QueryOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<QueryOutcome>((resolve) => {
    timer = setTimeout(() => { resolve(errorOutcome(`query did not finish within ${timeoutMs}ms (timeout)`)); }, timeoutMs);
  });
  try {
    const run = Promise.resolve().then(() => client.query(promql));
    return await Promise.race([run.catch((err: unknown) => errorOutcome(`query failed: ${String(err)}`)), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

// No series at all means Istio has not recorded a single request for the workload in the window.
function countFrom(outcome: QueryOutcome): number | null {
  if (outcome.kind === 'value') return outcome.value;
  return outcome.kind === 'no-data' ? 0 : null;
}

function requestCounter(request: AnalysisRequest, timeoutMs: number): (interval: string) => Promise<number | null> {
  const byInterval = new Map<string, Promise<number | null>>();
  return (interval) => {
    let pending = byInterval.get(interval);
    if (pending === undefined) {
      pending = (async () => {
        try {
          const query = builtinQuery(BuiltinMetric.RequestCount, { ...request.canary, interval });
          return countFrom(await queryWithDeadline(request.client, query, timeoutMs));
        } catch {
          return null;
        }
      })();
      byInterval.set(interval, pending);
    }
    return pending;
  };
}

async function measure(prepared: Prepared, request: AnalysisRequest, countFor: (interval: string) => Promise<number | null>): Promise<Measurement> {
  const { metric, kind, interval, query } = prepared;
  const base = { metric: metric.name, kind, interval, thresholdRange: metric.thresholdRange, now: request.now };
  if (query instanceof Error) return judgeMeasurement({ ...base, query: metric.template?.query ?? '', outcome: errorOutcome(query.message) });
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const wantsCount = (request.minRequests ?? 0) > 0;
  const [outcome, requestCount] = await Promise.all([
    queryWithDeadline(metric.client ?? request.client, query, timeoutMs),
    wantsCount ? countFor(interval) : Promise.resolve(undefined),
  ]);
  return judgeMeasurement({ ...base, query, outcome, requestCount, minRequests: request.minRequests });
}

function crashed(metric: AnalysisMetric, request: AnalysisRequest, err: unknown): Measurement {
  return {
    metric: metric.name,
    kind: metric.template === undefined ? MetricKind.Builtin : MetricKind.Template,
    phase: Verdict.Error,
    value: null,
    query: '',
    message: `analysis of metric "${metric.name}" failed unexpectedly: ${String(err)}`,
    time: request.now.toISOString(),
  };
}

/** Runs every metric's query concurrently and resolves to one Measurement per metric, in order; never rejects. */
export async function runAnalysis(request: AnalysisRequest): Promise<Measurement[]> {
  const countFor = requestCounter(request, request.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  return Promise.all(
    request.metrics.map(async (metric) => {
      try {
        return await measure(prepare(metric, request.canary), request, countFor);
      } catch (err) {
        return crashed(metric, request, err);
      }
    }),
  );
}
