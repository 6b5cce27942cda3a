/**
 * Istio's request metrics, aggregated in memory and rendered in the
 * Prometheus text exposition format: `istio_requests_total` (counter) and
 * `istio_request_duration_milliseconds` (histogram, Istio's default buckets).
 *
 * prom-client is not used: its label handling hashes label objects on every
 * observation, while here each series is found once per flow and then
 * updated with plain arithmetic, and its label text is built once.
 */
import { Reporter, ResponseFlag, flowLabelPrefix, seriesLabels } from './istio-labels.ts';
import type { FlowIdentity } from './istio-labels.ts';

/** Istio's default request-duration buckets, in milliseconds (+Inf is implicit). */
export const ISTIO_DURATION_BUCKETS_MS: readonly number[] = Object.freeze([
  0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000,
]);

const BUCKET_COUNT = ISTIO_DURATION_BUCKETS_MS.length;
const LE_SUFFIXES = [...ISTIO_DURATION_BUCKETS_MS.map((b) => `,le="${b}"} `), ',le="+Inf"} '];

export const MetricName = Object.freeze({
  Requests: 'istio_requests_total',
  Duration: 'istio_request_duration_milliseconds',
} as const);

/** One label set: its request count, duration sum and per-bucket (non-cumulative) counts. */
export interface Series {
  readonly labels: string;
  count: number;
  sumMs: number;
  readonly buckets: Float64Array;
}

/** Returns the index of the first bucket whose upper bound holds the value (BUCKET_COUNT for +Inf). */
export function bucketIndex(valueMs: number): number {
  let i = 0;
  while (i < BUCKET_COUNT && valueMs > (ISTIO_DURATION_BUCKETS_MS[i] ?? Number.POSITIVE_INFINITY)) i++;
  return i;
}

/** The series of one flow, one per response code; reached without building strings per request. */
export class Flow {
  private readonly byCode = new Map<number, Series>();

  constructor(
    private readonly prefix: string,
    private readonly reporter: Reporter,
    private readonly flags: ResponseFlag,
    private readonly onNewSeries: (series: Series) => void,
  ) {}

  /** Counts one request with its response code and duration. */
  record(code: number, durationMs: number): void {
    let series = this.byCode.get(code);
    if (series === undefined) {
      series = { labels: seriesLabels(this.prefix, this.reporter, code, this.flags), count: 0, sumMs: 0, buckets: new Float64Array(BUCKET_COUNT + 1) };
      this.byCode.set(code, series);
      this.onNewSeries(series);
    }
    series.count++;
    series.sumMs += durationMs;
    const i = bucketIndex(durationMs);
    series.buckets[i] = (series.buckets[i] ?? 0) + 1;
  }
}

/** All series of the mesh; series live as long as the registry, like a sidecar's counters. */
export class IstioMetricsRegistry {
  private readonly flows = new Map<string, Flow>();
  private readonly series: Series[] = [];

  /** Returns the flow for an identity and response flag, creating it on first use. */
  flow(identity: FlowIdentity, flags: ResponseFlag = ResponseFlag.None): Flow {
    const prefix = flowLabelPrefix(identity);
    const key = `${prefix}|${flags}`;
    let flow = this.flows.get(key);
    if (flow === undefined) {
      flow = new Flow(prefix, identity.reporter, flags, (s) => this.series.push(s));
      this.flows.set(key, flow);
    }
    return flow;
  }

  /** The number of label sets (each is one counter plus one histogram). */
  get seriesCount(): number {
    return this.series.length;
  }

  /** Renders both metric families in the Prometheus text format (version 0.0.4), series in creation order. */
  render(): string {
    const parts: string[] = [
      `# HELP ${MetricName.Requests} Total requests (simulated Istio mesh).\n# TYPE ${MetricName.Requests} counter\n`,
    ];
    for (const s of this.series) parts.push(`${MetricName.Requests}{${s.labels}} ${s.count}\n`);
    parts.push(`# HELP ${MetricName.Duration} Request duration in milliseconds (simulated Istio mesh).\n# TYPE ${MetricName.Duration} histogram\n`);
    for (const s of this.series) parts.push(renderHistogram(s));
    return parts.join('');
  }
}

function renderHistogram(s: Series): string {
  const head = `${MetricName.Duration}_bucket{${s.labels}`;
  let out = '';
  let cumulative = 0;
  for (let i = 0; i <= BUCKET_COUNT; i++) {
    cumulative += s.buckets[i] ?? 0;
    out += `${head}${LE_SUFFIXES[i] ?? ''}${cumulative}\n`;
  }
  return `${out}${MetricName.Duration}_sum{${s.labels}} ${s.sumMs}\n${MetricName.Duration}_count{${s.labels}} ${s.count}\n`;
}

export { Reporter, ResponseFlag };
