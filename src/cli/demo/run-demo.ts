/**
 * `glidepath demo`: the sandbox, the simulated mesh, Prometheus, the controller and the
 * status page in one process, then the four-release podinfo scenario narrated step by step,
 * a summary table, and exit 0 when every release did what it should. `--keep` leaves it all
 * running until Ctrl-C.
 */
import { randomBytes } from 'node:crypto';
import { startController } from '../../controller/controller.ts';
import type { RunningController } from '../../controller/controller.ts';
import { createLogger } from '../../controller/runtime/logger.ts';
import { ApiActionWriter } from '../../page/action-writer.ts';
import { InformerCanarySource } from '../../page/informer-canary-source.ts';
import { createStatusPage } from '../../page/status-page.ts';
import type { StatusPage } from '../../page/status-page.ts';
import { CanaryApi } from '../canary-api.ts';
import { CliError } from '../cli-error.ts';
import { startSandboxStack } from '../sandbox-stack.ts';
import type { SandboxStack } from '../sandbox-stack.ts';
import { waitForShutdownSignal } from '../shutdown-signal.ts';
import { DemoCluster } from './demo-cluster.ts';
import { DEMO } from './demo-manifests.ts';
import { playScenario } from './demo-scenario.ts';
import type { ReleaseResult } from './demo-summary.ts';
import { summaryTable } from './demo-summary.ts';
import { ensurePrometheus } from './prometheus-install.ts';
import { ReleaseWatcher } from './release-watcher.ts';

/** The parsed flags of `glidepath demo`. */
export interface DemoFlags {
  keep?: boolean;
  /** Analysis interval, ms. */
  interval: number;
  seed: number;
  pagePort: number;
  /** Deadline of each release, ms. */
  timeout: number;
}

const LOG_TAIL = 20;

class DemoWorld {
  stack: SandboxStack | undefined;
  controller: RunningController | undefined;
  source: InformerCanarySource | undefined;
  page: StatusPage | undefined;
  readonly logs: string[] = [];

  async stop(): Promise<void> {
    await this.page?.stop().catch(() => undefined);
    await this.source?.stop().catch(() => undefined);
    await this.controller?.stop().catch(() => undefined);
    await this.stack?.stop();
  }
}

function narrator(started: number): { say: (line: string) => void; timed: (line: string) => void } {
  return {
    say: (line) => { process.stdout.write(`${line}\n`); },
    timed: (line) => { process.stdout.write(`  ${`+${((Date.now() - started) / 1000).toFixed(1)}s`.padStart(7)}  ${line}\n`); },
  };
}

async function startWorld(world: DemoWorld, flags: DemoFlags, token: string): Promise<void> {
  world.stack = await startSandboxStack({ seed: flags.seed, scrapeIntervalMs: 500, readyDelayMs: 300, defaultRps: 100, log: (line) => { world.logs.push(line); } });
  const kubeConfig = world.stack.sandbox.kubeConfig;
  const logger = createLogger({ level: 'info', sink: (line) => { world.logs.push(line); if (world.logs.length > 500) world.logs.shift(); } });
  world.controller = await startController({ kubeConfig, prometheusUrl: world.stack.prometheus.url, metricsPort: 0, pollMs: 250, queryTimeoutMs: 3000, logger });
  world.source = new InformerCanarySource({ kubeConfig, logger });
  await world.source.start();
  world.page = await createStatusPage({ source: world.source, port: flags.pagePort, actionsToken: token, actionWriter: new ApiActionWriter(kubeConfig), logger });
}

function printEndpoints(world: DemoWorld, token: string, say: (line: string) => void): void {
  const { stack, page } = world;
  if (stack === undefined || page === undefined) return;
  say(`status page:   ${page.url}  (actions token: ${token})`);
  say(`kubeconfig:    ${stack.endpoints.kubeconfig}`);
  say(`prometheus:    ${stack.endpoints.prometheus}`);
  say(`follow along:  kubectl --kubeconfig ${stack.endpoints.kubeconfig} get canaries -n ${DEMO.namespace} -w`);
}

function finish(results: readonly ReleaseResult[], started: number, say: (line: string) => void): void {
  say('');
  say('Summary');
  say(summaryTable(results));
  say('');
  const failed = results.filter((r) => !r.ok);
  if (failed.length > 0) throw new CliError(`the demo did not go as expected for ${failed.map((r) => r.release).join(', ')} (see the summary)`);
  say(`Every release did what it should, in ${((Date.now() - started) / 1000).toFixed(0)}s.`);
}

async function play(world: DemoWorld, flags: DemoFlags, started: number): Promise<void> {
  const { say, timed } = narrator(started);
  const token = randomBytes(18).toString('hex');
  say('Starting the sandbox API server, the simulated Istio mesh, Prometheus, the controller and the status page...');
  await startWorld(world, flags, token);
  printEndpoints(world, token, say);
  const stack = world.stack;
  if (stack === undefined) throw new Error('the sandbox did not start');
  const api = new CanaryApi({ kubeConfig: stack.sandbox.kubeConfig, server: stack.sandbox.url, namespace: DEMO.namespace });
  const results = await playScenario({
    cluster: new DemoCluster(stack.sandbox.kubeConfig, stack.sandbox.url), api,
    watcher: new ReleaseWatcher(api, { namespace: DEMO.namespace, name: DEMO.app }, timed),
    timing: { intervalSeconds: flags.interval / 1000 }, say, releaseTimeoutMs: flags.timeout,
  });
  finish(results, started, say);
}

function logTail(world: DemoWorld): string {
  return world.logs.filter((l) => !l.includes('"level":"debug"')).slice(-LOG_TAIL).join('\n');
}

/** Runs the demo; a failure stops everything it started and throws a CliError (the controller's last log lines go to stderr). */
export async function runDemo(flags: DemoFlags): Promise<void> {
  const started = Date.now();
  const signal = waitForShutdownSignal();
  const world = new DemoWorld();
  try {
    await ensurePrometheus((line) => { process.stdout.write(`${line}\n`); });
    const interrupted = signal.then((s) => { throw new CliError(`interrupted by ${s}; stopping everything`); });
    await Promise.race([play(world, flags, started), interrupted]);
    if (flags.keep === true) {
      process.stdout.write('\n--keep: everything keeps running for exploration; Ctrl-C stops it.\n');
      await signal;
    }
  } catch (err: unknown) {
    if (world.logs.length > 0 && !(err instanceof CliError && err.message.startsWith('interrupted'))) process.stderr.write(`last controller log lines:\n${logTail(world)}\n`);
    throw err;
  } finally {
    await world.stop();
  }
}
