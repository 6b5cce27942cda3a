// The sandbox API server: core + HTTP listener + optional snapshot file. `startSandbox()` wraps
// this with a kubeconfig and the simulated workloads; tests may use this richer handle directly.
import { createServer } from 'node:http';
import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCore, seedNamespaces } from './sandbox-core.ts';
import type { CoreServices } from './sandbox-core.ts';
import { Pager } from './paging.ts';
import { createRequestHandler } from './request-handler.ts';
import { installCrdFiles } from './crd-files.ts';
import { loadSnapshot, SnapshotWriter } from './snapshot-file.ts';

/** Options of the API server. */
export interface SandboxServerOptions {
  host?: string;
  port?: number;
  watchWindow?: number;
  bookmarkIntervalMs?: number;
  maxWatchBufferBytes?: number;
  crdFiles?: string[];
  snapshotFile?: string;
  /** Receives unexpected internal errors (default: written to stderr). */
  onInternalError?: (err: unknown) => void;
}

/** A running API server. */
export interface SandboxServer {
  url: string;
  services: CoreServices;
  http: Server;
  stop(): Promise<void>;
}

function logInternal(err: unknown): void {
  process.stderr.write(`[sandbox] internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
}

function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

function closeServer(server: Server, open: Set<ServerResponse>): Promise<void> {
  return new Promise((resolve) => {
    for (const res of open) res.end();
    server.close(() => {
      resolve();
    });
    server.closeAllConnections();
  });
}

// The core with its initial state: snapshot (if any), initial namespaces, pre-installed CRDs.
function prepareCore(opts: SandboxServerOptions): CoreServices {
  const services = createCore({
    watchWindow: opts.watchWindow ?? 10_000,
    bookmarkIntervalMs: opts.bookmarkIntervalMs ?? 10_000,
    maxWatchBufferBytes: opts.maxWatchBufferBytes ?? 64 * 1024 * 1024,
  });
  if (opts.snapshotFile !== undefined) loadSnapshot(services, opts.snapshotFile);
  seedNamespaces(services.core);
  installCrdFiles(services.core, opts.crdFiles ?? []);
  return services;
}

/** Starts the API server on 127.0.0.1 (or `host`) at `port` (0 = any free port). */
export async function startSandboxServer(opts: SandboxServerOptions = {}): Promise<SandboxServer> {
  const host = opts.host ?? '127.0.0.1';
  const services = prepareCore(opts);
  const snapshots = opts.snapshotFile === undefined ? undefined : new SnapshotWriter(services, opts.snapshotFile);
  const open = new Set<ServerResponse>();
  const ctx = { core: services.core, pager: new Pager(), serverAddress: `${host}:0`, onInternalError: opts.onInternalError ?? logInternal };
  const handler = createRequestHandler(ctx);
  const server = createServer({ keepAliveTimeout: 30_000 }, (req, res) => {
    open.add(res);
    res.on('close', () => open.delete(res));
    handler(req, res);
  });
  const address = await listen(server, host, opts.port ?? 0);
  ctx.serverAddress = `${host}:${address.port}`;
  let stopped = false;
  return {
    url: `http://${host}:${address.port}`,
    services,
    http: server,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      services.core.hub.closeAll();
      await closeServer(server, open);
      snapshots?.flush();
    },
  };
}
