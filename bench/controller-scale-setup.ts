// Starts and stops what bench/controller-scale.ts measures: the sandbox API server with its
// simulated workloads (in the bench process), the simulated mesh (a child process), a real
// Prometheus, and the controller child. The
// child runs the compiled build (as shipped) unless SCALE_CHILD_SOURCE=1; SCALE_CHILD_NODE_ARGS
// adds node flags to it (e.g. --cpu-prof), and it is stopped with SIGTERM so profiles get written.
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CoreV1Api, KubeConfig, V1Namespace } from '@kubernetes/client-node';
import { parseAllDocuments, stringify } from 'yaml';
import { startSandboxServer } from '../src/sandbox/sandbox-server.ts';
import type { SandboxServer } from '../src/sandbox/sandbox-server.ts';
import { kubeconfigDocument } from '../src/sandbox/kubeconfig.ts';
import { startWorkloadSimulator } from '../src/sandbox/workloads/index.ts';
import type { WorkloadSimulator } from '../src/sandbox/workloads/index.ts';
import { startPrometheus } from '../src/prometheus-supervisor/index.ts';
import type { RunningPrometheus } from '../src/prometheus-supervisor/index.ts';
import { CONTROLLER_TOKEN, countControllerRequests } from './controller-scale-requests.ts';
import { SCALE_NAMESPACE } from './controller-scale-fixtures.ts';

const REPO = fileURLToPath(new URL('../', import.meta.url));
const CHILD_SOURCE = join(REPO, 'bench/controller-scale-child.ts');
const MESH_SOURCE = join(REPO, 'bench/controller-scale-mesh.ts');
const BUILD_DIR = join(REPO, '.tmp/controller-scale-build');

/** The controller child: its stdout protocol (READY, STATS) and a tail of its stderr. */
export class Child {
  private out = '';
  /** The tail of the controller's warnings and errors. */
  errors = '';
  constructor(readonly proc: ChildProcess) {
    proc.stdout?.setEncoding('utf8').on('data', (chunk: string) => { this.out += chunk; });
    proc.stderr?.setEncoding('utf8').on('data', (chunk: string) => { this.errors = (this.errors + chunk).slice(-4000); });
  }

  /** Resolves with the first line starting at `word`, or rejects after `timeoutMs`. */
  async waitFor(word: string, timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const at = this.out.lastIndexOf(word);
      if (at >= 0) {
        const line = this.out.slice(at).split('\n')[0] ?? '';
        this.out = this.out.slice(at + line.length);
        return line;
      }
      if (this.proc.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`controller child did not print ${word} within ${String(timeoutMs)} ms; stderr: ${this.errors}`);
  }

  /** The child's counters since start (reconcile durations since the last call). */
  async stats(): Promise<Record<string, unknown>> {
    this.proc.stdin?.write('stats\n');
    return JSON.parse((await this.waitFor('STATS ', 30_000)).slice('STATS '.length)) as Record<string, unknown>;
  }

  /** SIGTERM, then SIGKILL if the child has not exited within `graceMs`. */
  async stop(graceMs: number): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => { this.proc.once('exit', () => { resolve(); }); });
    this.proc.kill('SIGTERM');
    const timer = setTimeout(() => { this.proc.kill('SIGKILL'); }, graceMs);
    await exited;
    clearTimeout(timer);
  }
}

/** Everything the bench started. */
export interface Running {
  sandbox: SandboxServer;
  workloads: WorkloadSimulator;
  requests: ReturnType<typeof countControllerRequests>;
  kubeConfig: KubeConfig;
  tempDir: string;
  mesh: Child;
  prometheus: RunningPrometheus;
  child: Child;
}

function log(message: string): void {
  process.stderr.write(`[controller-scale] ${message}\n`);
}

/** Compiles the child and what it imports (src/, machines/) with tsconfig.build.json's settings. */
function buildChild(): string {
  mkdirSync(BUILD_DIR, { recursive: true });
  const config = { extends: join(REPO, 'tsconfig.build.json'), compilerOptions: { rootDir: REPO, outDir: join(BUILD_DIR, 'out') }, include: [], files: [CHILD_SOURCE] };
  writeFileSync(join(BUILD_DIR, 'tsconfig.json'), JSON.stringify(config));
  log('compiling the controller child (tsc, tsconfig.build.json settings)');
  execFileSync(process.execPath, [join(REPO, 'node_modules/typescript/bin/tsc'), '-p', join(BUILD_DIR, 'tsconfig.json')], { stdio: 'inherit' });
  // The controller reads its CRD schemas relative to its own files, as `npm run build` copies them.
  const manifests = join(BUILD_DIR, 'out/manifests');
  if (!existsSync(manifests)) symlinkSync(join(REPO, 'manifests'), manifests);
  return join(BUILD_DIR, 'out/bench/controller-scale-child.js');
}

/** NODE_OPTIONS of the shipped controller Deployment, so the child runs with the flags a cluster would. */
export function shippedNodeOptions(): string {
  const manifest = parseAllDocuments(readFileSync(join(REPO, 'manifests/controller/deployment.yaml'), 'utf8'))
    .map((doc) => doc.toJS() as { kind?: string; spec?: { template?: { spec?: { containers?: { name?: string; env?: { name?: string; value?: string }[] }[] } } } })
    .find((doc) => doc.kind === 'Deployment');
  const container = manifest?.spec?.template?.spec?.containers?.find((c) => c.name === 'controller');
  return container?.env?.find((e) => e.name === 'NODE_OPTIONS')?.value ?? '';
}

/** The controller child's node flags: SCALE_CHILD_NODE_ARGS when set, else the shipped NODE_OPTIONS. */
export function childNodeArgs(): string[] {
  return (process.env.SCALE_CHILD_NODE_ARGS ?? shippedNodeOptions()).split(' ').filter((arg) => arg !== '');
}

function childCommand(): string[] {
  const nodeArgs = childNodeArgs();
  if (process.env.SCALE_CHILD_SOURCE === '1') return [...nodeArgs, '--import', 'tsx', CHILD_SOURCE];
  return [...nodeArgs, buildChild()];
}

async function startSandboxParts(running: Partial<Running>): Promise<void> {
  running.tempDir = mkdtempSync(join(tmpdir(), 'glidepath-scale-'));
  running.sandbox = await startSandboxServer({ crdFiles: [join(REPO, 'manifests/crds'), join(REPO, 'manifests/istio')] });
  running.requests = countControllerRequests(running.sandbox.http);
  const kc = new KubeConfig();
  kc.loadFromString(stringify(kubeconfigDocument(running.sandbox.url)));
  running.kubeConfig = kc;
  running.workloads = await startWorkloadSimulator(kc, { readyDelayMs: 500 });
  await kc.makeApiClient(CoreV1Api).createNamespace({ body: Object.assign(new V1Namespace(), { metadata: { name: SCALE_NAMESPACE } }) });
}

async function startMeshChild(running: Partial<Running>): Promise<string> {
  const kubeconfigPath = join(running.tempDir ?? tmpdir(), 'mesh-kubeconfig');
  writeFileSync(kubeconfigPath, stringify(kubeconfigDocument(running.sandbox?.url ?? '')), { mode: 0o600 });
  const proc = spawn(process.execPath, ['--import', 'tsx', MESH_SOURCE], { env: { ...process.env, GLIDEPATH_KUBECONFIG: kubeconfigPath }, stdio: ['ignore', 'pipe', 'pipe'] });
  running.mesh = new Child(proc);
  return (await running.mesh.waitFor('MESH ', 60_000)).slice('MESH '.length).trim();
}

/** Starts every part; fills `running` as it goes so `tearDown` can stop what did start. */
export async function setUp(running: Partial<Running>): Promise<Running> {
  await startSandboxParts(running);
  const scrapeTarget = await startMeshChild(running);
  running.prometheus = await startPrometheus({ scrapeTargets: [scrapeTarget], scrapeIntervalMs: 5000 });
  const kubeconfigPath = join(running.tempDir ?? tmpdir(), 'controller-kubeconfig');
  writeFileSync(kubeconfigPath, stringify(kubeconfigDocument(running.sandbox?.url ?? '', CONTROLLER_TOKEN)), { mode: 0o600 });
  const proc = spawn(process.execPath, childCommand(), {
    env: { ...process.env, GLIDEPATH_KUBECONFIG: kubeconfigPath, GLIDEPATH_PROMETHEUS: running.prometheus.url },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  running.child = new Child(proc);
  await running.child.waitFor('READY', 120_000);
  return running as Running;
}

/** Stops whatever `setUp` started, child first. */
export async function tearDown(running: Partial<Running>): Promise<void> {
  await running.child?.stop(15_000);
  await running.mesh?.stop(5000);
  await running.prometheus?.stop();
  await running.workloads?.stop();
  await running.sandbox?.stop();
  if (running.tempDir !== undefined) rmSync(running.tempDir, { recursive: true, force: true });
}
