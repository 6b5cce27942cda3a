/**
 * The mesh's HTTP endpoint on 127.0.0.1: `/metrics` (what Prometheus scrapes,
 * standing in for every sidecar's stats port), `/healthz` (the process is up)
 * and `/readyz` (the informers have listed everything once).
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export interface MetricsEndpoints {
  render: () => string;
  ready: () => boolean;
}

/** A listening metrics server and how to stop it. */
export interface RunningMetricsServer {
  port: number;
  close(): Promise<void>;
}

function reply(res: ServerResponse, status: number, body: string, contentType = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

type Handler = (res: ServerResponse, endpoints: MetricsEndpoints) => void;

const ROUTES: Readonly<Record<string, Handler>> = Object.freeze({
  '/metrics': (res, e) => { reply(res, 200, e.render(), EXPOSITION_CONTENT_TYPE); },
  '/healthz': (res) => { reply(res, 200, 'ok\n'); },
  '/readyz': (res, e) => {
    const ready = e.ready();
    reply(res, ready ? 200 : 503, ready ? 'ok\n' : 'informers have not listed yet\n');
  },
});

function handle(req: IncomingMessage, res: ServerResponse, endpoints: MetricsEndpoints): void {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    reply(res, 405, `method ${req.method ?? '?'} not allowed; use GET\n`);
    return;
  }
  const route = Object.hasOwn(ROUTES, path) ? ROUTES[path] : undefined;
  if (route === undefined) reply(res, 404, `no such path ${path}; try /metrics, /healthz or /readyz\n`);
  else route(res, endpoints);
}

/** Listens on 127.0.0.1 (port 0 picks a free one); rejects with the listen error, e.g. EADDRINUSE. */
export async function startMetricsServer(port: number, endpoints: MetricsEndpoints): Promise<RunningMetricsServer> {
  const server: Server = createServer((req, res) => {
    try {
      handle(req, res, endpoints);
    } catch (error) {
      reply(res, 500, `metrics render failed: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => { resolve(); });
        server.closeAllConnections();
      }),
  };
}
