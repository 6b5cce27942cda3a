// Sandbox API server benchmark: writes per second (one client, concurrent clients, pipelined)
// and watch fan-out — N watchers each receiving every one of M writes — with end-to-end latency
// percentiles from just before a write is sent to the moment a watcher reads the event.
// The server runs in a child process and the watchers in a worker thread, so the load
// generator, the watchers and the server each get their own event loop.
// Run: npx tsx bench/sandbox-bench.ts [watchers=100] [events=4000] [rate=2000]
// SANDBOX_BENCH_TIMELINE=1 adds the worst latency per 100 ms of sending to each fan-out.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { postRequest, runLoad } from './sandbox-http-load.ts';

const watcherCount = Number(process.argv[2] ?? 100);
const eventCount = Number(process.argv[3] ?? 4000);
const targetRate = Number(process.argv[4] ?? 2000);

function now(): number {
  return performance.timeOrigin + performance.now();
}

interface Server {
  child: ChildProcess;
  port: number;
  /** The server's CPU time so far in microseconds (user + system), asked for with SIGUSR2. */
  cpu: () => Promise<number>;
}

function startServer(): Promise<Server> {
  const script = fileURLToPath(new URL('./sandbox-bench-server.ts', import.meta.url));
  // SANDBOX_BENCH_NODE_ARGS passes extra node flags to the server only (e.g. --cpu-prof).
  const extra = (process.env.SANDBOX_BENCH_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');
  const child = spawn(process.execPath, [...extra, '--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    const cpuWaiters: ((us: number) => void)[] = [];
    const cpu = (): Promise<number> => new Promise((done) => { cpuWaiters.push(done); child.kill('SIGUSR2'); });
    lines.on('line', (line) => {
      if (line.startsWith('URL ')) resolve({ child, port: Number(new URL(line.slice(4)).port), cpu });
      if (line.startsWith('CPU ')) cpuWaiters.shift()?.(Number(line.slice(4)));
    });
    child.once('exit', (code) => { reject(new Error(`benchmark server exited early with code ${String(code)}`)); });
  });
}

function configMap(name: string): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, annotations: { sent: String(now()) } }, data: { payload: 'x'.repeat(100) } };
}

async function writes(port: number, ns: string, prefix: string, opts: { total: number; connections: number; depth: number; rate?: number }): Promise<number> {
  const path = `/api/v1/namespaces/${ns}/configmaps`;
  return runLoad(
    { port, total: opts.total, connections: opts.connections, depth: opts.depth, expectStatus: 201, ...(opts.rate === undefined ? {} : { ratePerSecond: opts.rate }) },
    (i) => postRequest(`127.0.0.1:${port}`, path, configMap(`${prefix}-${i}`)),
  );
}

// Server CPU per write is the figure that does not depend on how busy the rest of the machine is.
async function measured(server: Server, label: string, total: number, run: () => Promise<number>): Promise<void> {
  const before = await server.cpu();
  const rate = await run();
  const used = (await server.cpu()) - before;
  console.log(`${label}: ${rate.toFixed(0)} writes/s; server CPU ${(used / total).toFixed(0)} us/write`);
}

interface FanOutResult {
  latencies: Float64Array;
  sentAt: Float64Array;
  short: number;
}

interface WatcherMessage {
  kind: string;
  latencies?: Float64Array;
  sentAt?: Float64Array;
  short?: number;
  message?: string;
}

/** The watcher thread, started once and given one fan-out at a time, so its code stays warm. */
class WatcherThread {
  private readonly worker: Worker;
  private onMessage: (msg: WatcherMessage) => void = () => undefined;
  private onError: (err: Error) => void = () => undefined;

  constructor() {
    // Node 20 workers do not run --import hooks, so the worker registers tsx before loading the script.
    const script = new URL('./sandbox-bench-watchers.ts', import.meta.url).href;
    const bootstrap = `import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(script)}); });`;
    this.worker = new Worker(bootstrap, { eval: true });
    this.worker.on('message', (msg: WatcherMessage) => { this.onMessage(msg); });
    this.worker.on('error', (err) => { this.onError(err); });
  }

  /** Opens the watchers for one fan-out; `ready` once all streams are open, `done` once every event arrived. */
  start(port: number, ns: string, events: number): { ready: Promise<void>; done: Promise<FanOutResult> } {
    let markReady: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => { markReady = resolve; });
    const done = new Promise<FanOutResult>((resolve, reject) => {
      this.onError = reject;
      this.onMessage = (msg) => {
        if (msg.kind === 'ready') markReady();
        if (msg.kind === 'error') reject(new Error(`watcher thread: ${msg.message ?? 'unknown error'}`));
        if (msg.kind === 'done') resolve({ latencies: msg.latencies ?? new Float64Array(0), sentAt: msg.sentAt ?? new Float64Array(0), short: msg.short ?? 0 });
      };
    });
    this.worker.postMessage({ url: `http://127.0.0.1:${port}`, path: `/api/v1/namespaces/${ns}/configmaps?watch=true&resourceVersion=0`, watchers: watcherCount, eventsPerWatcher: events, timeoutMs: 120_000 });
    return { ready, done };
  }

  stop(): Promise<number> {
    return this.worker.terminate();
  }
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

// Worst latency per 100 ms of send time: shows whether the tail is a steady queue or a few pauses.
function printTimeline(result: FanOutResult, started: number): void {
  const worst: number[] = [];
  result.sentAt.forEach((sent, i) => {
    const slot = Math.max(0, Math.floor((sent - started) / 100));
    worst[slot] = Math.max(worst[slot] ?? 0, result.latencies[i] ?? 0);
  });
  console.log(`  worst latency per 100 ms of sending: ${worst.map((ms) => ms.toFixed(0)).join(' ')}`);
}

interface FanOutRun {
  /** Printed before the figures; says when a run is only a warm-up. */
  title: string;
  ns: string;
  events: number;
  rate: number | undefined;
}

async function fanOut(server: Server, thread: WatcherThread, run: FanOutRun): Promise<void> {
  const { port } = server;
  await runLoad({ port, total: 1, connections: 1, depth: 1, expectStatus: 201 }, () => postRequest(`127.0.0.1:${port}`, '/api/v1/namespaces', { metadata: { name: run.ns } }));
  const watchers = thread.start(port, run.ns, run.events);
  await watchers.ready;
  const started = now();
  const cpuBefore = await server.cpu();
  const achieved = await writes(port, run.ns, 'fan', { total: run.events, connections: 16, depth: 2, ...(run.rate === undefined ? {} : { rate: run.rate }) });
  const result = await watchers.done;
  const cpuUsed = (await server.cpu()) - cpuBefore;
  const elapsed = (now() - started) / 1000;
  const sorted = result.latencies.slice().sort();
  const f = (x: number): string => x.toFixed(1);
  const label = run.rate === undefined ? 'as fast as possible' : `paced at ${run.rate}/s`;
  console.log(`${run.title} (${label}): ${watcherCount} watchers x ${run.events} writes; ${sorted.length} of ${watcherCount * run.events} events delivered in ${elapsed.toFixed(2)} s`);
  console.log(`  writes: ${achieved.toFixed(0)}/s; deliveries: ${(sorted.length / elapsed).toFixed(0)} events/s; server CPU ${(cpuUsed / run.events).toFixed(0)} us/write (${(cpuUsed / 1000 / elapsed / 10).toFixed(0)}% of a core)`);
  console.log(`  end-to-end latency ms: p50 ${f(percentile(sorted, 50))}  p95 ${f(percentile(sorted, 95))}  p99 ${f(percentile(sorted, 99))}  max ${f(sorted[sorted.length - 1] ?? Number.NaN)}`);
  if (process.env.SANDBOX_BENCH_TIMELINE === '1') printTimeline(result, started);
  if (result.short > 0) console.log(`  WARNING: ${result.short} watchers missed events`);
}

async function main(): Promise<void> {
  const server = await startServer();
  const { child, port } = server;
  // Even if the benchmark dies on an uncaught error, the server child must not outlive it.
  process.once('exit', () => { if (child.exitCode === null) child.kill('SIGTERM'); });
  const thread = new WatcherThread();
  try {
    await runLoad({ port, total: 1, connections: 1, depth: 1, expectStatus: 201 }, () => postRequest(`127.0.0.1:${port}`, '/api/v1/namespaces', { metadata: { name: 'bench' } }));
    await writes(port, 'bench', 'warmup', { total: 1000, connections: 8, depth: 1 });
    await measured(server, 'single client, sequential', 2000, () => writes(port, 'bench', 'single', { total: 2000, connections: 1, depth: 1 }));
    await measured(server, '16 concurrent clients', 5000, () => writes(port, 'bench', 'concurrent', { total: 5000, connections: 16, depth: 1 }));
    await measured(server, '16 clients x 4 pipelined', 8000, () => writes(port, 'bench', 'pipelined', { total: 8000, connections: 16, depth: 4 }));
    // Like the write warm-up above: the watch path's code is compiled and its buffers sized before
    // the measured fan-outs, which otherwise measure the first second of JIT compilation.
    await fanOut(server, thread, { title: 'fan-out warm-up, not a result', ns: 'fan-warmup', events: 1000, rate: targetRate });
    await fanOut(server, thread, { title: 'fan-out', ns: 'fan-paced', events: eventCount, rate: targetRate });
    await fanOut(server, thread, { title: 'fan-out', ns: 'fan-max', events: eventCount, rate: undefined });
  } finally {
    await thread.stop();
    if (child.pid !== undefined) process.kill(child.pid, 'SIGTERM');
  }
}

await main();
