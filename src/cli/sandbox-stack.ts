/**
 * The local world `glidepath sandbox` and `glidepath demo` run: the sandbox API server (with
 * Glidepath's and Istio's CRDs and the simulated kubelet), the simulated Istio mesh watching
 * it, and a real Prometheus scraping the mesh. Started in that order and stopped in reverse;
 * a failed start stops whatever had started before rethrowing.
 */
import { startMesh } from '../mesh/index.ts';
import type { RunningMesh } from '../mesh/index.ts';
import { startPrometheus } from '../prometheus-supervisor/index.ts';
import type { RunningPrometheus } from '../prometheus-supervisor/index.ts';
import { startSandbox } from '../sandbox/start-sandbox.ts';
import type { Sandbox } from '../sandbox/start-sandbox.ts';
import { SANDBOX_CRD_DIRS } from './repo-paths.ts';

/** How to start the stack; every field is optional. */
export interface SandboxStackOptions {
  /** API server port; 0 or absent picks a free one. */
  port?: number;
  /** Seed of the mesh's random draws. */
  seed?: number;
  /** Where to write the kubeconfig; default a fresh temp file. */
  kubeconfigPath?: string;
  scrapeIntervalMs?: number;
  /** Delay before simulated pods become ready. */
  readyDelayMs?: number;
  /** Requests per second per host without an rps annotation. */
  defaultRps?: number;
  /** Mesh warnings; default stderr. */
  log?: (line: string) => void;
}

/** The printed endpoints, as `glidepath sandbox` prints them. */
export interface StackEndpoints {
  kubeconfig: string;
  api: string;
  prometheus: string;
  meshMetrics: string;
}

/** A running stack. */
export interface SandboxStack {
  sandbox: Sandbox;
  mesh: RunningMesh;
  prometheus: RunningPrometheus;
  endpoints: StackEndpoints;
  /** Stops Prometheus (by PID), the mesh and the API server; safe to call twice. */
  stop(): Promise<void>;
}

class Parts {
  sandbox: Sandbox | undefined;
  mesh: RunningMesh | undefined;
  prometheus: RunningPrometheus | undefined;
  private stopping: Promise<void> | undefined;

  stop(): Promise<void> {
    this.stopping ??= this.stopAll();
    return this.stopping;
  }

  private async stopAll(): Promise<void> {
    // Each part is stopped even when an earlier one fails to, so nothing is left running.
    const results = await Promise.allSettled([this.prometheus?.stop(), this.mesh?.stop()]);
    await this.sandbox?.stop();
    const failed = results.find((r) => r.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
  }
}

async function startParts(parts: Parts, options: SandboxStackOptions): Promise<SandboxStack> {
  parts.sandbox = await startSandbox({
    crdFiles: [...SANDBOX_CRD_DIRS],
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.kubeconfigPath === undefined ? {} : { kubeconfigPath: options.kubeconfigPath }),
    ...(options.readyDelayMs === undefined ? {} : { readyDelayMs: options.readyDelayMs }),
  });
  parts.mesh = await startMesh(parts.sandbox.kubeConfig, {
    seed: options.seed ?? 1,
    ...(options.defaultRps === undefined ? {} : { defaultRps: options.defaultRps }),
    ...(options.log === undefined ? {} : { log: options.log }),
  });
  parts.prometheus = await startPrometheus({ scrapeTargets: [parts.mesh.scrapeTarget], scrapeIntervalMs: options.scrapeIntervalMs ?? 1000 });
  const { sandbox, mesh, prometheus } = parts;
  return {
    sandbox, mesh, prometheus,
    endpoints: { kubeconfig: sandbox.kubeconfigPath, api: sandbox.url, prometheus: prometheus.url, meshMetrics: mesh.metricsUrl },
    stop: () => parts.stop(),
  };
}

/** Starts the sandbox, mesh and Prometheus; on any failure stops what had started and rethrows. */
export async function startSandboxStack(options: SandboxStackOptions = {}): Promise<SandboxStack> {
  const parts = new Parts();
  try {
    return await startParts(parts, options);
  } catch (err: unknown) {
    await parts.stop().catch(() => undefined);
    throw err;
  }
}
