import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import type { ControllerMetrics } from './controller-metrics.ts';

/** The result of one readiness check. */
export interface CheckStatus {
  ok: boolean;
  message: string;
}

/** A named readiness check, evaluated on every /readyz request. */
export interface ReadinessCheck {
  name: string;
  check: () => CheckStatus;
}

export interface HealthServerOptions {
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** 0 picks a free port. */
  port: number;
  metrics: ControllerMetrics;
  readiness: readonly ReadinessCheck[];
}

export interface HealthServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Builds the express app serving /metrics, /healthz and /readyz; other paths answer 404 JSON. */
export function healthApp(options: Omit<HealthServerOptions, 'port' | 'host'>): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => { res.json({ status: 'ok' }); });
  app.get('/readyz', (_req, res) => {
    const checks = options.readiness.map((c) => ({ name: c.name, ...runCheck(c) }));
    const ready = checks.every((c) => c.ok);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks });
  });
  app.get('/metrics', async (_req, res) => {
    const text = await options.metrics.exposition();
    res.type(options.metrics.contentType).send(text);
  });
  app.use((req, res) => {
    res.status(404).json({ error: 'not found', path: req.path, endpoints: ['/metrics', '/healthz', '/readyz'] });
  });
  app.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    res.status(500).json({ error: err instanceof Error ? err.message : String(err) });
  });
  return app;
}

/** Starts the health server and resolves once it listens; `close()` stops it and its connections. */
export async function startHealthServer(options: HealthServerOptions): Promise<HealthServer> {
  const host = options.host ?? '127.0.0.1';
  const app = healthApp(options);
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(options.port, host, (err?: Error) => { if (err) reject(err); else resolve(s); });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${urlHost(host)}:${port}`,
    port,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => { resolve(); });
    }),
  };
}

/** A host a client can reach: a wildcard address is served on loopback too, and IPv6 needs brackets. */
function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

function runCheck(check: ReadinessCheck): CheckStatus {
  try {
    return check.check();
  } catch (err: unknown) {
    return { ok: false, message: `check failed: ${err instanceof Error ? err.message : String(err)}` };
  }
}
