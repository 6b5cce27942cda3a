// Scale benchmark: N Canaries (default 1000) progressing at once with a 10 s interval, one
// controller process, against the sandbox (simulated workloads), the simulated mesh and a real
// Prometheus. Reports the controller's CPU and RSS (from /proc), reconcile p50/p99 without
// Prometheus time, API requests (counted by the sandbox, by the controller's token) and
// Prometheus queries per tick.
//   node --import tsx bench/controller-scale.ts [canaries] [measuredTicks]
// SCALE_CHILD_NODE_ARGS / SCALE_CHILD_SOURCE=1: see controller-scale-setup.ts; SCALE_CHILD_WORKERS (default: the
// controller's shipped default, 8): the controller's reconcile workers.
import { readFileSync } from 'node:fs';
import { AppsV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';
import { counterDelta, writeTotal } from './controller-scale-requests.ts';
import type { RequestTally } from './controller-scale-requests.ts';
import { canaryManifest, deploymentManifest, SCALE_NAMESPACE } from './controller-scale-fixtures.ts';
import { childNodeArgs, setUp, tearDown } from './controller-scale-setup.ts';
import type { Child, Running } from './controller-scale-setup.ts';
import { CONFIG_DEFAULTS } from '../src/controller/runtime/config.ts';

const COUNT = Number(process.argv[2] ?? 1000);
const TICKS = Number(process.argv[3] ?? 6);
const INTERVAL_S = 10;
const NS = SCALE_NAMESPACE;
const CLOCK_TICKS = 100;

function log(message: string): void {
  process.stderr.write(`[controller-scale] ${message}\n`);
}

async function inBatches<T>(items: T[], size: number, work: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(work));
}

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:')) ?? '0';
  return Number(/(\d+)/.exec(line)?.[1] ?? 0) / 1024;
}

async function phases(kc: KubeConfig): Promise<Map<string, number>> {
  const list = (await kc.makeApiClient(CustomObjectsApi).listNamespacedCustomObject({ group: 'glidepath.dev', version: 'v1alpha1', plural: 'canaries', namespace: NS })) as { items: { status?: { phase?: string } }[] };
  const counts = new Map<string, number>();
  for (const item of list.items) counts.set(item.status?.phase ?? 'none', (counts.get(item.status?.phase ?? 'none') ?? 0) + 1);
  return counts;
}

async function waitAll(kc: KubeConfig, phase: string, timeoutMs: number): Promise<number> {
  const started = Date.now();
  let progress = { count: 0, at: started };
  for (;;) {
    const counts = await phases(kc);
    const elapsedS = Math.round((Date.now() - started) / 1000);
    log(`${String(elapsedS)} s: phases ${JSON.stringify(Object.fromEntries(counts))}`);
    const reached = counts.get(phase) ?? 0;
    if (reached >= COUNT) return elapsedS;
    if (reached > progress.count) progress = { count: reached, at: Date.now() };
    // No Canary got further in two minutes: something is broken, not slow.
    if (Date.now() - started > timeoutMs || Date.now() - progress.at > 120_000) {
      log(`only ${String(counts.get(phase) ?? 0)} of ${String(COUNT)} Canaries reached ${phase} in time; measuring anyway`);
      return elapsedS;
    }
    await new Promise((resolve) => setTimeout(resolve, 5000));
  }
}

interface Sample {
  stats: Record<string, unknown>;
  server: RequestTally;
  cpuS: number;
  parentCpuS: number;
  meshCpuS: number;
  at: number;
}

async function sample(running: Running, child: Child): Promise<Sample> {
  const cpu = process.cpuUsage();
  return { stats: await child.stats(), server: running.requests.tally(), cpuS: cpuSeconds(child.proc.pid ?? 0), parentCpuS: (cpu.user + cpu.system) / 1e6, meshCpuS: cpuSeconds(running.mesh.proc.pid ?? 0), at: Date.now() };
}

function perTick(value: number, ticks: number): number {
  return Math.round((value / ticks) * 10) / 10;
}

function report(start: Sample, end: Sample, extra: Record<string, unknown>): Record<string, unknown> {
  const wallS = (end.at - start.at) / 1000;
  const ticks = wallS / INTERVAL_S;
  const informerLists = Number(end.stats.lists) - Number(start.stats.lists);
  const reads = end.server.reads - start.server.reads;
  return {
    canaries: COUNT, intervalSeconds: INTERVAL_S, measuredSeconds: Math.round(wallS), ...extra,
    controllerCpuPercentOfOneCore: Math.round(((end.cpuS - start.cpuS) / wallS) * 1000) / 10,
    sandboxAndWorkloadsCpuPercentOfOneCore: Math.round(((end.parentCpuS - start.parentCpuS) / wallS) * 1000) / 10,
    meshCpuPercentOfOneCore: Math.round(((end.meshCpuS - start.meshCpuS) / wallS) * 1000) / 10,
    reconciles: end.stats.reconciles, reconcileP50Ms: end.stats.p50, reconcileP99MsExcludingPrometheus: end.stats.p99, reconcileMaxMs: end.stats.max,
    reconcileP50MsExcludingPrometheusAndApiWaits: end.stats.ownP50, reconcileP99MsExcludingPrometheusAndApiWaits: end.stats.ownP99,
    controllerMemoryAtEndMiB: end.stats.memoryMiB,
    controllerEventLoopDelayP99Ms: end.stats.loopDelayP99Ms, controllerEventLoopDelayMaxMs: end.stats.loopDelayMaxMs,
    apiWritesPerTick: perTick(writeTotal(end.server) - writeTotal(start.server), ticks),
    apiWritesPerTickByVerb: Object.fromEntries(Object.entries(counterDelta(start.server.writesByVerb, end.server.writesByVerb)).map(([verb, n]) => [verb, perTick(n, ticks)])),
    controllerCountedWritesPerTick: perTick(Number(end.stats.writeTotal) - Number(start.stats.writeTotal), ticks),
    apiReadsPerTick: perTick(reads, ticks), informerListsDuringMeasurement: informerLists,
    apiReadsPerTickBeyondInformers: perTick(reads - informerLists, ticks),
    readsByPathDuringMeasurement: counterDelta(start.server.readsByPath, end.server.readsByPath),
    watchesOpenedDuringMeasurement: end.server.watches - start.server.watches,
    prometheusQueriesPerTick: perTick(Number(end.stats.queries) - Number(start.stats.queries), ticks),
  };
}

async function createAll(kc: KubeConfig, names: string[]): Promise<void> {
  const custom = kc.makeApiClient(CustomObjectsApi);
  await inBatches(names, 25, (name) => custom.createNamespacedCustomObject({ group: 'apps', version: 'v1', plural: 'deployments', namespace: NS, body: deploymentManifest(name, 'v1') }));
  await inBatches(names, 25, (name) => custom.createNamespacedCustomObject({ group: 'glidepath.dev', version: 'v1alpha1', plural: 'canaries', namespace: NS, body: canaryManifest(name, INTERVAL_S) }));
}

async function releaseAll(kc: KubeConfig, names: string[]): Promise<void> {
  const apps = kc.makeApiClient(AppsV1Api);
  const patch = { spec: { template: { metadata: { annotations: { version: 'v2' } } } } };
  await inBatches(names, 25, (name) => apps.patchNamespacedDeployment({ name, namespace: NS, body: patch }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch)));
}

async function measure(running: Running, kc: KubeConfig, child: Child): Promise<void> {
  const pid = child.proc.pid ?? 0;
  const names = Array.from({ length: COUNT }, (_, i) => `app-${String(i).padStart(4, '0')}`);
  const bootStart = await sample(running, child);
  await createAll(kc, names);
  const bootstrapSeconds = await waitAll(kc, 'Initialized', 600_000);
  const bootEnd = await sample(running, child);
  await releaseAll(kc, names);
  log('released v2 everywhere; warming up one interval');
  await new Promise((resolve) => setTimeout(resolve, INTERVAL_S * 1000));
  const start = await sample(running, child);
  let peakRss = 0;
  while (Date.now() - start.at < TICKS * INTERVAL_S * 1000) {
    peakRss = Math.max(peakRss, rssMiB(pid));
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const end = await sample(running, child);
  const bootstrap = { seconds: bootstrapSeconds, controllerCpuSeconds: Math.round(bootEnd.cpuS - bootStart.cpuS), sandboxAndWorkloadsCpuSeconds: Math.round(bootEnd.parentCpuS - bootStart.parentCpuS), meshCpuSeconds: Math.round(bootEnd.meshCpuS - bootStart.meshCpuS) };
  const result = report(start, end, { bootstrap, controllerNodeArgs: childNodeArgs().join(' '), controllerWorkers: process.env.SCALE_CHILD_WORKERS ?? String(CONFIG_DEFAULTS.workers), peakRssMiB: Math.round(peakRss), endRssMiB: Math.round(rssMiB(pid)), loadAverage: readFileSync('/proc/loadavg', 'utf8').trim() });
  process.stdout.write(`${JSON.stringify({ ...result, phases: Object.fromEntries(await phases(kc)) }, null, 2)}\n`);
  if (child.errors !== '') log(`controller stderr tail:\n${child.errors}`);
}

async function main(): Promise<void> {
  const running: Partial<Running> = {};
  try {
    const ready = await setUp(running);
    await measure(ready, ready.kubeConfig, ready.child);
  } finally {
    await tearDown(running);
  }
}

await main();
