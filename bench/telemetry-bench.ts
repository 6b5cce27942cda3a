// Query latency of the builtin metrics against a real Prometheus holding realistic Istio series counts.
// Run: npx tsx bench/telemetry-bench.ts [--workloads 50] [--rounds 20] [--warmup-samples 15]
import { startPrometheus, waitForFirstScrape, type RunningPrometheus } from '../src/prometheus-supervisor/index.ts';
import { BuiltinMetric, builtinQuery, PrometheusClient, runAnalysis, type AnalysisMetric } from '../src/telemetry/index.ts';
import { startIstioExporter, type IstioExporter, type WorkloadProfile } from '../test/telemetry/fixtures/istio-exporter.ts';
import { waitUntil } from '../test/telemetry/fixtures/wait-until.ts';

const NS = 'bench';
const WINDOW = '1m';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

function profiles(workloads: number): WorkloadProfile[] {
  return Array.from({ length: workloads }, (_, i) => [
    { namespace: NS, workload: `app-${i}`, rps: 20 + (i % 7) * 5, errorRate: (i % 5) / 100, latency: [{ ms: 40, share: 0.95 }, { ms: 300, share: 0.05 }] },
    { namespace: NS, workload: `app-${i}-primary`, rps: 50, errorRate: 0.001, latency: [{ ms: 35, share: 0.98 }, { ms: 200, share: 0.02 }] },
  ]).flat();
}

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
}

function summary(label: string, samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const f = (v: number): string => v.toFixed(2).padStart(8);
  return `${label.padEnd(34)} n=${String(samples.length).padStart(5)}  p50 ${f(percentile(sorted, 0.5))} ms  p99 ${f(percentile(sorted, 0.99))} ms  max ${f(sorted.at(-1) ?? NaN)} ms`;
}

async function timeQueries(client: PrometheusClient, metric: BuiltinMetric, workloads: number, rounds: number): Promise<number[]> {
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < workloads; i++) {
      const query = builtinQuery(metric, { namespace: NS, target: `app-${i}`, interval: WINDOW });
      const started = performance.now();
      const outcome = await client.query(query);
      samples.push(performance.now() - started);
      if (outcome.kind === 'error') throw new Error(`${metric} for app-${i}: ${outcome.message}`);
    }
  }
  return samples;
}

async function timeTicks(client: PrometheusClient, workloads: number, rounds: number): Promise<number[]> {
  const metrics: AnalysisMetric[] = [
    { name: 'request-success-rate', interval: WINDOW, thresholdRange: { min: 99 } },
    { name: 'request-duration', interval: WINDOW, thresholdRange: { max: 500 } },
  ];
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const started = performance.now();
    await Promise.all(
      Array.from({ length: workloads }, (_, i) =>
        runAnalysis({ metrics, canary: { name: `app-${i}`, namespace: NS, target: `app-${i}`, service: `app-${i}` }, client, minRequests: 20, now: new Date() }),
      ),
    );
    samples.push(performance.now() - started);
  }
  return samples;
}

async function seriesCount(client: PrometheusClient): Promise<number> {
  const outcome = await client.query('count({__name__=~"istio_.*"})');
  return outcome.kind === 'value' ? outcome.value : NaN;
}

async function run(exporter: IstioExporter, prom: RunningPrometheus): Promise<void> {
  const workloads = flag('workloads', 50);
  const rounds = flag('rounds', 20);
  const warmup = flag('warmup-samples', 15);
  const client = new PrometheusClient({ address: prom.url, timeoutMs: 10_000 });
  await waitForFirstScrape(prom, 1);
  await waitUntil(`${warmup} samples per series`, async () => {
    const o = await client.query(`count_over_time(istio_requests_total{destination_workload="app-0",reporter="destination",response_code="200"}[${WINDOW}])`);
    return o.kind === 'value' && o.value >= warmup ? true : undefined;
  }, 120_000, 250);
  console.log(`prometheus ${prom.url}, ${workloads} canaries + ${workloads} primaries, ${await seriesCount(client)} istio series, window ${WINDOW}, scrape 1s`);
  for (const metric of Object.values(BuiltinMetric)) {
    console.log(summary(`${metric} (sequential)`, await timeQueries(client, metric, workloads, rounds)));
  }
  console.log(summary(`tick: ${workloads} canaries × 2 metrics + count, concurrent`, await timeTicks(client, workloads, rounds)));
}

async function main(): Promise<void> {
  const exporter = await startIstioExporter(profiles(flag('workloads', 50)));
  let prom: RunningPrometheus | undefined;
  try {
    prom = await startPrometheus({ scrapeTargets: [exporter.hostPort], scrapeIntervalMs: 1000 });
    await run(exporter, prom);
  } finally {
    await prom?.stop();
    await exporter.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
