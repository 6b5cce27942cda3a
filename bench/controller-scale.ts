// Scale benchmark: N Canaries (default 1000) progressing at once with a 10 s interval, one
// controller process, against the sandbox (simulated workloads), the simulated mesh and a real
// Prometheus. Reports the controller's CPU and RSS (from /proc), reconcile p50/p99 without
// Prometheus time, API requests and Prometheus queries per tick.
//   node --import tsx bench/controller-scale.ts [canaries] [measuredTicks]
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AppsV1Api, CoreV1Api, CustomObjectsApi, PatchStrategy, V1Namespace, setHeaderOptions } from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';
import { startSandbox } from '../src/sandbox/start-sandbox.ts';
import type { Sandbox } from '../src/sandbox/start-sandbox.ts';
import { startMesh } from '../src/mesh/mesh-simulator.ts';
import type { RunningMesh } from '../src/mesh/mesh-simulator.ts';
import { startPrometheus } from '../src/prometheus-supervisor/index.ts';
import type { RunningPrometheus } from '../src/prometheus-supervisor/index.ts';

const COUNT = Number(process.argv[2] ?? 1000);
const TICKS = Number(process.argv[3] ?? 6);
const INTERVAL_S = 10;
const NS = 'scale';
const CHILD = fileURLToPath(new URL('./controller-scale-child.ts', import.meta.url));
const CLOCK_TICKS = 100;

function log(message: string): void {
  process.stderr.write(`[controller-scale] ${message}\n`);
}

async function inBatches<T>(items: T[], size: number, work: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(work));
}

function deployment(name: string, version: string): object {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: NS, labels: { app: name } },
    spec: { replicas: 1, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name }, annotations: { version } }, spec: { containers: [{ name: 'app', image: `example/${name}:${version}` }] } } },
  };
}

function canary(name: string): object {
  return {
    apiVersion: 'glidepath.dev/v1alpha1', kind: 'Canary', metadata: { name, namespace: NS },
    spec: {
      targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name }, progressDeadlineSeconds: 600, service: { port: 80 },
      analysis: { interval: `${INTERVAL_S}s`, threshold: 5, stepWeight: 10, maxWeight: 50, metrics: [{ name: 'request-success-rate', interval: '30s', thresholdRange: { min: 90 } }] },
    },
  };
}

class Child {
  private out = '';
  /** The tail of the controller's warnings and errors. */
  errors = '';
  constructor(readonly proc: ChildProcess) {
    proc.stdout?.setEncoding('utf8').on('data', (chunk: string) => { this.out += chunk; });
    proc.stderr?.setEncoding('utf8').on('data', (chunk: string) => { this.errors = (this.errors + chunk).slice(-4000); });
  }

  async waitFor(word: string, timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const at = this.out.lastIndexOf(word);
      if (at >= 0) {
        const line = this.out.slice(at).split('\n')[0] ?? '';
        this.out = this.out.slice(at + line.length);
        return line;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`controller child did not print ${word} within ${timeoutMs} ms`);
  }

  async stats(): Promise<Record<string, unknown>> {
    this.proc.stdin?.write('stats\n');
    return JSON.parse((await this.waitFor('STATS ', 30_000)).slice('STATS '.length)) as Record<string, unknown>;
  }
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

async function waitAll(kc: KubeConfig, phase: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const counts = await phases(kc);
    log(`phases ${JSON.stringify(Object.fromEntries(counts))}`);
    if ((counts.get(phase) ?? 0) >= COUNT) return;
    if (Date.now() > deadline) {
      // The sandbox (one process for API, workloads and mesh) is usually the bottleneck; measure what runs.
      log(`only ${counts.get(phase) ?? 0} of ${COUNT} Canaries reached ${phase} in time; measuring anyway`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 5000));
  }
}

interface Running {
  sandbox?: Sandbox;
  mesh?: RunningMesh;
  prometheus?: RunningPrometheus;
  child?: Child;
}

async function setUp(running: Running): Promise<KubeConfig> {
  running.sandbox = await startSandbox({ crdFiles: ['manifests/crds', 'manifests/istio'], readyDelayMs: 500 });
  const kc = running.sandbox.kubeConfig;
  await kc.makeApiClient(CoreV1Api).createNamespace({ body: Object.assign(new V1Namespace(), { metadata: { name: NS } }) });
  running.mesh = await startMesh(kc, { seed: 1, tickMs: 500, defaultRps: 2, log: () => undefined });
  running.prometheus = await startPrometheus({ scrapeTargets: [running.mesh.scrapeTarget], scrapeIntervalMs: 5000 });
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    env: { ...process.env, GLIDEPATH_KUBECONFIG: running.sandbox.kubeconfigPath, GLIDEPATH_PROMETHEUS: running.prometheus.url },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  running.child = new Child(proc);
  await running.child.waitFor('READY', 120_000);
  return kc;
}

async function measure(kc: KubeConfig, child: Child): Promise<void> {
  const pid = child.proc.pid ?? 0;
  const names = Array.from({ length: COUNT }, (_, i) => `app-${String(i).padStart(4, '0')}`);
  const custom = kc.makeApiClient(CustomObjectsApi);
  await inBatches(names, 25, (name) => custom.createNamespacedCustomObject({ group: 'apps', version: 'v1', plural: 'deployments', namespace: NS, body: deployment(name, 'v1') }));
  await inBatches(names, 25, (name) => custom.createNamespacedCustomObject({ group: 'glidepath.dev', version: 'v1alpha1', plural: 'canaries', namespace: NS, body: canary(name) }));
  await waitAll(kc, 'Initialized', 600_000);
  const apps = kc.makeApiClient(AppsV1Api);
  const patch = { spec: { template: { metadata: { annotations: { version: 'v2' } } } } };
  await inBatches(names, 25, (name) => apps.patchNamespacedDeployment({ name, namespace: NS, body: patch }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch)));
  log('released v2 everywhere; warming up one interval');
  await new Promise((resolve) => setTimeout(resolve, INTERVAL_S * 1000));
  const before = await child.stats();
  const cpu0 = cpuSeconds(pid);
  const t0 = Date.now();
  let peakRss = 0;
  while (Date.now() - t0 < TICKS * INTERVAL_S * 1000) {
    peakRss = Math.max(peakRss, rssMiB(pid));
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const wallS = (Date.now() - t0) / 1000;
  const cpuS = cpuSeconds(pid) - cpu0;
  const stats = await child.stats();
  const ticks = wallS / INTERVAL_S;
  const report = {
    canaries: COUNT, intervalSeconds: INTERVAL_S, measuredSeconds: Math.round(wallS),
    controllerCpuPercentOfOneCore: Math.round((cpuS / wallS) * 1000) / 10, peakRssMiB: Math.round(peakRss), endRssMiB: Math.round(rssMiB(pid)),
    reconciles: stats.reconciles, reconcileP50Ms: stats.p50, reconcileP99MsExcludingPrometheus: stats.p99, reconcileMaxMs: stats.max,
    apiWritesPerTick: Math.round((Number(stats.writeTotal) - Number(before.writeTotal)) / ticks), apiWritesByVerbSinceStart: stats.writes,
    informerListsDuringMeasurement: Number(stats.lists) - Number(before.lists), apiReadsPerTickBeyondInformers: 0,
    prometheusQueriesPerTick: Math.round((Number(stats.queries) - Number(before.queries)) / ticks), phases: Object.fromEntries(await phases(kc)),
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  if (child.errors !== '') log(`controller stderr tail:\n${child.errors}`);
}

async function main(): Promise<void> {
  const running: Running = {};
  try {
    const kc = await setUp(running);
    if (running.child === undefined) throw new Error('controller child not started');
    await measure(kc, running.child);
  } finally {
    running.child?.proc.kill('SIGKILL');
    await running.mesh?.stop();
    await running.prometheus?.stop();
    await running.sandbox?.stop();
  }
}

await main();
