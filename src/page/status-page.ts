/**
 * The live status page: an express app on a configurable address serving the list and
 * detail views, the JSON API, server-sent events, and (with an actions token) the
 * operator actions. It reads only from a CanarySource held in memory.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../controller/runtime/logger.ts';
import { createLogger } from '../controller/runtime/logger.ts';
import type { CanaryActionWriter } from './action-writer.ts';
import { actionRoutes, disabledActionRoutes } from './action-routes.ts';
import { readRoutes, sendError } from './api-routes.ts';
import type { CanarySource, SourceChange } from './canary-source.ts';
import { summarize } from './canary-view.ts';
import { DEFAULT_STREAM_TIMING, EventStream } from './event-stream.ts';
import type { StreamTiming } from './event-stream.ts';
import { GraphCatalog } from './graph-catalog.ts';
import { ObservedSeries } from './observed-series.ts';
import type { SeriesLimits } from './observed-series.ts';
import { checkActionsToken } from './request-checks.ts';
import { securityHeaders } from './security-headers.ts';

/** How the page is started. */
export interface StatusPageOptions {
  source: CanarySource;
  /** Enables the actions; requests must carry it as a bearer token. Absent: read-only. */
  actionsToken?: string | undefined;
  /** Sets the action annotations; required with `actionsToken`. */
  actionWriter?: CanaryActionWriter | undefined;
  /** Listen address (default 127.0.0.1). */
  host?: string | undefined;
  /** Listen port (default 0: any free port). */
  port?: number | undefined;
  logger?: Logger | undefined;
  /** The clock observations and actions are stamped with (default Date.now). */
  now?: (() => number) | undefined;
  streamTiming?: Partial<StreamTiming> | undefined;
  seriesLimits?: SeriesLimits | undefined;
}

/** A running page. */
export interface StatusPage {
  /** `http://host:port` */
  url: string;
  host: string;
  port: number;
  /** Stops listening, ends the event streams and stops observing the source. */
  stop(): Promise<void>;
}

/** Thrown for options the page cannot start with. */
export class StatusPageOptionError extends Error {
  override readonly name = 'StatusPageOptionError';
}

/** The directory of the page's static files (plain JS and CSS, no build step). */
export const ASSETS_DIR = fileURLToPath(new URL('./assets/', import.meta.url));

function checkOptions(options: StatusPageOptions): void {
  const { port, actionsToken, actionWriter } = options;
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
    throw new StatusPageOptionError(`port must be an integer from 0 to 65535, got ${String(port)}`);
  }
  if (actionsToken !== undefined) {
    try {
      checkActionsToken(actionsToken);
    } catch (err: unknown) {
      throw new StatusPageOptionError(err instanceof Error ? err.message : String(err));
    }
    if (actionWriter === undefined) throw new StatusPageOptionError('actionsToken needs an actionWriter to set the action annotations');
  }
}

function errorHandler(logger: Logger): (err: unknown, req: Request, res: Response, next: NextFunction) => void {
  return (err, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const status = (err as { status?: unknown } | null)?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const type = (err as { type?: unknown }).type;
      sendError(res, status, type === 'entity.parse.failed' ? 'the request body is not valid JSON' : 'bad request', { path: req.path });
      return;
    }
    logger.error('request failed', { path: req.path, method: req.method, err });
    sendError(res, 500, 'internal error');
  };
}

interface AppParts {
  options: StatusPageOptions;
  source: CanarySource;
  series: ObservedSeries;
  stream: EventStream;
  logger: Logger;
  now: () => number;
}

function buildApp(parts: AppParts): express.Express {
  const { options, source, series, stream, logger, now } = parts;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(securityHeaders);
  app.use('/assets', express.static(ASSETS_DIR, { index: false, fallthrough: true, etag: true, maxAge: 0 }));
  const token = options.actionsToken;
  const writer = options.actionWriter;
  const actionsEnabled = token !== undefined && writer !== undefined;
  app.use(readRoutes({ source, series, graphs: new GraphCatalog(), stream, actionsEnabled }));
  app.use(actionsEnabled ? actionRoutes({ source, writer, token, logger, now }) : disabledActionRoutes());
  app.use((req, res) => { sendError(res, 404, 'not found', { path: req.path }); });
  app.use(errorHandler(logger));
  return app;
}

function observe(source: CanarySource, series: ObservedSeries, stream: EventStream, now: () => number): () => void {
  const stamp = (): string => new Date(now()).toISOString();
  for (const canary of source.list()) series.observe(canary, stamp());
  return source.onChange((change: SourceChange) => {
    const canary = change.verb === 'delete' ? undefined : source.get(change.namespace, change.name);
    if (change.kind === 'canary' && canary === undefined) series.forget(change.namespace, change.name);
    if (change.kind === 'canary' && canary !== undefined) series.observe(canary, stamp());
    const summary = canary === undefined ? null : summarize(canary);
    stream.send(change.kind, { verb: change.verb, namespace: change.namespace, name: change.name, summary });
  });
}

async function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      reject(new StatusPageOptionError(`status page cannot listen on ${host}:${port}: ${err.code ?? err.message}`));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  return server.address() as AddressInfo;
}

/** Starts the page; resolves once it listens. Throws StatusPageOptionError for bad options or a busy port. */
export async function createStatusPage(options: StatusPageOptions): Promise<StatusPage> {
  checkOptions(options);
  const host = options.host ?? '127.0.0.1';
  const now = options.now ?? Date.now;
  const logger = options.logger ?? createLogger({ fields: { component: 'status-page' } });
  const series = new ObservedSeries(new Date(now()).toISOString(), options.seriesLimits);
  const stream = new EventStream({ ...DEFAULT_STREAM_TIMING, ...options.streamTiming });
  const unsubscribe = observe(options.source, series, stream, now);
  const server = createServer(buildApp({ options, source: options.source, series, stream, logger, now }));
  let address: AddressInfo;
  try {
    address = await listen(server, host, options.port ?? 0);
  } catch (err: unknown) {
    unsubscribe();
    stream.close();
    throw err;
  }
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  logger.info('status page listening', { url: `http://${urlHost}:${address.port}`, actions: options.actionsToken !== undefined });
  return {
    url: `http://${urlHost}:${address.port}`,
    host: address.address,
    port: address.port,
    stop: async () => {
      unsubscribe();
      stream.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => { server.close(() => { resolve(); }); });
    },
  };
}
