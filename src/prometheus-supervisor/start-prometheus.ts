import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { locatePrometheusBinary } from './binary-locator.ts';
import { registerChild, unregisterChild } from './child-registry.ts';
import { PrometheusStartError } from './errors.ts';
import { findFreePort } from './free-port.ts';
import { startOrphanGuard } from './orphan-guard.ts';
import { OutputTail } from './output-tail.ts';
import { stopChild } from './process-stop.ts';
import { waitForReady, type ReadinessResult } from './readiness.ts';
import { renderScrapeConfig } from './scrape-config.ts';

/** How to run Prometheus. */
export interface PrometheusOptions {
  /** `host:port` strings scraped at `/metrics` by the job `mesh`. */
  scrapeTargets: string[];
  /** Scrape and rule-evaluation interval; default 1000. */
  scrapeIntervalMs?: number;
  /** Listen port on 127.0.0.1; default: a free port. */
  port?: number;
  /** Binary path or name; default: $PROMETHEUS_BIN, else `prometheus` on PATH. */
  binary?: string;
  /** Appended to the generated command line. */
  extraArgs?: string[];
  /** How long to wait for `/-/ready`; default 20000. */
  readyTimeoutMs?: number;
}

/** A Prometheus server started by this process. */
export interface RunningPrometheus {
  /** `http://127.0.0.1:PORT` */
  url: string;
  pid: number;
  dataDir: string;
  /** Stops the process by PID (SIGTERM, then SIGKILL) and removes `dataDir`; safe to call twice. */
  stop(): Promise<void>;
}

const DEFAULTS = Object.freeze({ scrapeIntervalMs: 1000, readyTimeoutMs: 20_000, stopGraceMs: 5000, portAttempts: 3 });

interface Attempt {
  binary: string;
  port: number;
  dataDir: string;
  opts: PrometheusOptions;
}

function tsdbPath(dataDir: string): string {
  return join(dataDir, 'tsdb');
}

function signalQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // The guard exits by itself once Prometheus is gone.
  }
}

function commandLine(attempt: Attempt, configPath: string): string[] {
  return [
    `--config.file=${configPath}`,
    `--storage.tsdb.path=${tsdbPath(attempt.dataDir)}`,
    `--web.listen-address=127.0.0.1:${attempt.port}`,
    // Test and demo data is short-lived; a day bounds disk use if a run is left going.
    '--storage.tsdb.retention.time=1d',
    ...(attempt.opts.extraArgs ?? []),
  ];
}

function describeFailure(result: ReadinessResult, tail: OutputTail, timeoutMs: number): string {
  const stderr = tail.lastLines();
  const detail = stderr === '' ? '(no output on stderr)' : `stderr:\n${stderr}`;
  if (result.kind === 'exited') {
    const how = result.signal !== null ? `signal ${result.signal}` : `code ${result.code ?? 'unknown'}`;
    return `prometheus exited early with ${how} before becoming ready; ${detail}`;
  }
  return `prometheus did not answer /-/ready within ${timeoutMs}ms; ${detail}`;
}

function spawnPrometheus(attempt: Attempt): ChildProcess {
  const configPath = join(attempt.dataDir, 'prometheus.yml');
  writeFileSync(configPath, renderScrapeConfig(attempt.opts.scrapeTargets, attempt.opts.scrapeIntervalMs ?? DEFAULTS.scrapeIntervalMs));
  return spawn(attempt.binary, commandLine(attempt, configPath), {
    cwd: attempt.dataDir,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

async function launch(attempt: Attempt): Promise<RunningPrometheus> {
  const child = spawnPrometheus(attempt);
  const spawnError = new Promise<Error>((resolve) => child.on('error', resolve));
  const pid = child.pid;
  if (pid === undefined) throw new PrometheusStartError(`could not start ${attempt.binary}: ${(await spawnError).message}`);
  registerChild(pid, attempt.dataDir);
  const guardPid = startOrphanGuard(pid, attempt.dataDir);
  const tail = new OutputTail(child.stderr);
  // A forgotten server must not keep the Node process alive; the exit hook and guard clean it up.
  child.unref();
  (child.stderr as (NodeJS.ReadableStream & { unref?: () => void }) | null)?.unref?.();
  const url = `http://127.0.0.1:${attempt.port}`;
  const timeoutMs = attempt.opts.readyTimeoutMs ?? DEFAULTS.readyTimeoutMs;
  const stop = async (): Promise<void> => {
    await stopChild(child, DEFAULTS.stopGraceMs);
    if (guardPid !== undefined) signalQuietly(guardPid);
    rmSync(attempt.dataDir, { recursive: true, force: true });
    unregisterChild(pid);
  };
  const result = await waitForReady(child, url, tsdbPath(attempt.dataDir), timeoutMs).catch((): ReadinessResult => ({ kind: 'timeout' }));
  if (result.kind === 'ready') return { url, pid, dataDir: attempt.dataDir, stop };
  await stop();
  throw new PrometheusStartError(describeFailure(result, tail, timeoutMs));
}

function isPortClash(err: unknown): boolean {
  return err instanceof PrometheusStartError && /address already in use/i.test(err.message);
}

function validatePort(port: number | undefined): void {
  if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) {
    throw new Error(`port must be an integer between 1 and 65535, got ${port}`);
  }
}

/** Starts Prometheus on 127.0.0.1 with a temp TSDB, resolving once `/-/ready` answers; cleans up on every failure. */
export async function startPrometheus(opts: PrometheusOptions): Promise<RunningPrometheus> {
  validatePort(opts.port);
  // Render once up front so bad targets or intervals fail before anything is spawned.
  renderScrapeConfig(opts.scrapeTargets, opts.scrapeIntervalMs ?? DEFAULTS.scrapeIntervalMs);
  const binary = locatePrometheusBinary({ explicit: opts.binary, env: process.env });
  // A free port can be taken between probing and binding, so a chosen port is retried a few times.
  const attempts = opts.port === undefined ? DEFAULTS.portAttempts : 1;
  for (let i = 1; ; i++) {
    const port = opts.port ?? (await findFreePort());
    const dataDir = mkdtempSync(join(tmpdir(), 'glidepath-prometheus-'));
    try {
      return await launch({ binary, port, dataDir, opts });
    } catch (err) {
      rmSync(dataDir, { recursive: true, force: true });
      if (i >= attempts || !isPortClash(err)) throw err;
    }
  }
}
