// Child process of bench/controller-scale.ts: one controller, instrumented to time each reconcile
// without the time spent waiting for Prometheus (the union of in-flight query intervals) and to
// count queries. Prints `READY`, answers a `stats` line on stdin with `STATS <json>`.
import { AsyncLocalStorage } from 'node:async_hooks';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { KubeConfig } from '@kubernetes/client-node';
import { startController } from '../src/controller/controller.ts';
import { createLogger } from '../src/controller/runtime/logger.ts';
import type { QueryClient } from '../src/telemetry/index.ts';

interface Attribution {
  promMs: number;
  inflight: number;
  since: number;
}

const als = new AsyncLocalStorage<Attribution>();
// Event-loop lag: a reconcile's time includes waiting for the loop while other reconciles and watch events run.
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
let durations: number[] = [];
let queries = 0;

function counted(client: QueryClient): QueryClient {
  return {
    query: async (promql) => {
      queries += 1;
      const store = als.getStore();
      if (store !== undefined && store.inflight++ === 0) store.since = performance.now();
      try {
        return await client.query(promql);
      } finally {
        if (store !== undefined && --store.inflight === 0) store.promMs += performance.now() - store.since;
      }
    },
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const kc = new KubeConfig();
kc.loadFromFile(process.env.GLIDEPATH_KUBECONFIG ?? '');
const controller = await startController({
  kubeConfig: kc,
  prometheusUrl: process.env.GLIDEPATH_PROMETHEUS ?? '',
  workers: 16,
  logger: createLogger({ level: 'warn', sink: (line) => { process.stderr.write(`${line}\n`); } }),
  instrument: {
    queryClient: counted,
    reconcile: (_key, run) => als.run({ promMs: 0, inflight: 0, since: 0 }, async () => {
      const started = performance.now();
      try {
        return await run();
      } finally {
        const store = als.getStore();
        durations.push(performance.now() - started - (store?.promMs ?? 0));
      }
    }),
  },
});
process.stdout.write('READY\n');

createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() !== 'stats') return;
  const sorted = [...durations].sort((a, b) => a - b);
  const stats = {
    reconciles: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? 0,
    queries, writes: Object.fromEntries(controller.requests.byVerb), writeTotal: controller.requests.total, lists: controller.caches.lists,
    loopDelayP99Ms: loopDelay.percentile(99) / 1e6, loopDelayMaxMs: loopDelay.max / 1e6,
  };
  durations = [];
  loopDelay.reset();
  process.stdout.write(`STATS ${JSON.stringify(stats)}\n`);
});
process.on('SIGTERM', () => {
  void controller.stop().then(() => { process.exit(0); });
});
