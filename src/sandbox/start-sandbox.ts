// The public entry point: an in-process Kubernetes API server on loopback, a kubeconfig file
// for kubectl and client-node, and (by default) the simulated deployment controller/kubelet.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { startWorkloadSimulator } from './workloads/index.ts';
import { startSandboxServer } from './sandbox-server.ts';
import { writeKubeconfig } from './kubeconfig.ts';

/** Options of `startSandbox`; every field is optional. */
export interface SandboxOptions {
  port?: number;
  /** Listen address; default 127.0.0.1. */
  host?: string;
  /** Where to write the kubeconfig; default a file in a fresh temp directory. */
  kubeconfigPath?: string;
  /** Persist the store here (debounced, and on stop) and reload it at start. */
  snapshotFile?: string;
  /** Events retained for watch replay; default 10000. */
  watchWindow?: number;
  /** CRD manifests (files or directories) to pre-install. */
  crdFiles?: string[];
  /** Start the simulated deployment controller and kubelet; default true. */
  startWorkloads?: boolean;
  /** Delay before simulated pods become ready (passed to the workload simulator). */
  readyDelayMs?: number;
  /** Interval between BOOKMARK events on watches that allow them; default 10 s. */
  bookmarkIntervalMs?: number;
}

/** A running sandbox. */
export interface Sandbox {
  url: string;
  kubeconfigPath: string;
  kubeConfig: KubeConfig;
  stop(): Promise<void>;
}

/** Starts the sandbox; `stop()` ends watches, closes the server and stops the simulator. */
export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const { host, port, watchWindow, bookmarkIntervalMs, crdFiles, snapshotFile } = opts;
  const server = await startSandboxServer({ host, port, watchWindow, bookmarkIntervalMs, crdFiles, snapshotFile });
  const tempDir = opts.kubeconfigPath === undefined ? mkdtempSync(join(tmpdir(), 'glidepath-sandbox-')) : undefined;
  const kubeconfigPath = opts.kubeconfigPath ?? join(tempDir ?? tmpdir(), 'kubeconfig');
  const cleanup = async (): Promise<void> => {
    await server.stop();
    if (tempDir !== undefined) rmSync(tempDir, { recursive: true, force: true });
  };
  try {
    writeKubeconfig(kubeconfigPath, server.url);
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(kubeconfigPath);
    const workloads = opts.startWorkloads === false ? undefined : await startWorkloadSimulator(kubeConfig, { readyDelayMs: opts.readyDelayMs });
    return {
      url: server.url,
      kubeconfigPath,
      kubeConfig,
      stop: async () => {
        await workloads?.stop();
        await cleanup();
      },
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
