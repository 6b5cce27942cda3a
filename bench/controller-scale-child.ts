// Child process of bench/controller-scale.ts: one controller, instrumented to time each reconcile
// without the time spent waiting for Prometheus (the union of in-flight query intervals), to time
// the part of it spent waiting for API server answers (same, over node:http requests carrying an
// Authorization header, seen through diagnostics_channel) and to count queries. Prints `READY`, answers a `stats` line on stdin with `STATS <json>`.
import { AsyncLocalStorage } from 'node:async_hooks';
import { subscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { KubeConfig } from '@kubernetes/client-node';
import { startController } from '../src/controller/controller.ts';
import { createLogger } from '../src/controller/runtime/logger.ts';
import type { QueryClient } from '../src/telemetry/index.ts';
import { CONFIG_DEFAULTS } from '../src/controller/runtime/config.ts';

/** The union of in-flight intervals of one kind of wait, within one reconcile. */
class WaitTimer {
  ms = 0;
  private inflight = 0;
  private since = 0;

  begin(): void {
    if (this.inflight++ === 0) this.since = performance.now();
  }

  end(): void {
    if (this.inflight > 0 && --this.inflight === 0) this.ms += performance.now() - this.since;
  }

  /** Total so far, counting a wait still open at `now` (a request that errored never ends). */
  total(now: number): number {
    return this.ms + (this.inflight > 0 ? now - this.since : 0);
  }
}

interface Attribution {
  prom: WaitTimer;
  api: WaitTimer;
}

const als = new AsyncLocalStorage<Attribution>();
// Event-loop lag: a reconcile's time includes waiting for the loop while other reconciles and watch events run.
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
let durations: number[] = [];
let ownDurations: number[] = [];
let queries = 0;

const apiRequests = new WeakMap<object, Attribution>();
subscribe('http.client.request.start', (message) => {
  const { request } = message as { request: ClientRequest };
  const store = als.getStore();
  // Only API server calls carry a bearer token; Prometheus queries are timed by counted().
  if (store === undefined || request.getHeader('authorization') === undefined) return;
  apiRequests.set(request, store);
  store.api.begin();
});
subscribe('http.client.response.finish', (message) => {
  const { request } = message as { request: ClientRequest };
  apiRequests.get(request)?.api.end();
  apiRequests.delete(request);
});

function counted(client: QueryClient): QueryClient {
  return {
    query: async (promql) => {
      queries += 1;
      const store = als.getStore();
      store?.prom.begin();
      try {
        return await client.query(promql);
      } finally {
        store?.prom.end();
      }
    },
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** SCALE_CHILD_WORKERS (default: the controller's shipped default, as `glidepath controller` runs it): reconciles at once. */
function workerCount(): number {
  const raw = process.env.SCALE_CHILD_WORKERS ?? String(CONFIG_DEFAULTS.workers);
  const workers = Number(raw);
  if (!Number.isInteger(workers) || workers < 1) throw new Error(`SCALE_CHILD_WORKERS must be a positive integer, got ${raw}`);
  return workers;
}

const kc = new KubeConfig();
kc.loadFromFile(process.env.GLIDEPATH_KUBECONFIG ?? '');
const controller = await startController({
  kubeConfig: kc,
  prometheusUrl: process.env.GLIDEPATH_PROMETHEUS ?? '',
  workers: workerCount(),
  logger: createLogger({ level: 'warn', sink: (line) => { process.stderr.write(`${line}\n`); } }),
  instrument: {
    queryClient: counted,
    reconcile: (_key, run) => als.run({ prom: new WaitTimer(), api: new WaitTimer() }, async () => {
      const started = performance.now();
      try {
        return await run();
      } finally {
        const now = performance.now();
        const store = als.getStore();
        const withoutProm = now - started - (store?.prom.total(now) ?? 0);
        durations.push(withoutProm);
        ownDurations.push(withoutProm - (store?.api.total(now) ?? 0));
      }
    }),
  },
});
process.stdout.write('READY\n');

createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() !== 'stats') return;
  const sorted = [...durations].sort((a, b) => a - b);
  const own = [...ownDurations].sort((a, b) => a - b);
  const stats = {
    reconciles: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? 0,
    queries, writes: Object.fromEntries(controller.requests.byVerb), writeTotal: controller.requests.total, lists: controller.caches.lists,
    loopDelayP99Ms: loopDelay.percentile(99) / 1e6, loopDelayMaxMs: loopDelay.max / 1e6,
    ownP50: percentile(own, 50), ownP99: percentile(own, 99),
    memoryMiB: Object.fromEntries(Object.entries(process.memoryUsage()).map(([key, bytes]) => [key, Math.round(bytes / 2 ** 20)])),
  };
  durations = [];
  ownDurations = [];
  loopDelay.reset();
  process.stdout.write(`STATS ${JSON.stringify(stats)}\n`);
});
process.on('SIGTERM', () => {
  void controller.stop().then(() => { process.exit(0); });
});
