// The HTTP entry point: reads the body, routes the path, and turns every failure into a Status.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { route } from './router.ts';
import type { ResourceRoute } from './router.ts';
import type { SandboxCore } from './write-context.ts';
import type { Pager } from './paging.ts';
import { readBody } from './request-body.ts';
import { handleDiscovery } from './handle-discovery.ts';
import { handleResource } from './handle-resource.ts';
import { handleOpenApi } from './handle-openapi.ts';
import { sendStatus } from './response.ts';
import { toStatus, unknownPath } from './status-errors.ts';

const bodyMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const empty = Buffer.alloc(0);

/** What the handler needs besides the request. */
export interface HandlerContext {
  core: SandboxCore;
  pager: Pager;
  /** host:port, for the serverAddressByClientCIDRs of /api. */
  serverAddress: string;
  /** Called with unexpected (non-API) errors, for logging. */
  onInternalError?: (err: unknown) => void;
}

interface Incoming {
  req: IncomingMessage;
  res: ServerResponse;
  body: Buffer;
  url: URL;
}

function serveResource(ctx: HandlerContext, r: ResourceRoute, incoming: Incoming): void {
  const { req, res, body, url } = incoming;
  const resolved = ctx.core.registry.resolve(r.group, r.version, r.plural);
  if (resolved === undefined) throw unknownPath(`${r.group === '' ? '' : r.group + '/'}${r.version}, Resource=${r.plural}`);
  handleResource({ core: ctx.core, pager: ctx.pager, method: req.method ?? 'GET', route: r, resolved, query: url.searchParams, headers: req.headers, body, res });
}

async function serve(ctx: HandlerContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
  const body = bodyMethods.has(req.method ?? '') ? await readBody(req) : empty;
  const r = route(url.pathname);
  if (handleDiscovery(r, res, { registry: ctx.core.registry, headers: req.headers, serverAddress: ctx.serverAddress })) return;
  if (r.kind === 'openapi-index' || r.kind === 'openapi-doc' || r.kind === 'openapi-v2') {
    handleOpenApi(r, ctx.core.registry, req.headers, res);
    return;
  }
  if (r.kind !== 'resource') throw unknownPath(url.pathname);
  serveResource(ctx, r, { req, res, body, url });
}

/** Builds the request listener for node:http. */
export function createRequestHandler(ctx: HandlerContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    serve(ctx, req, res).catch((err: unknown) => {
      const status = toStatus(err);
      if (status.code === 500) ctx.onInternalError?.(err);
      if (res.headersSent) res.end();
      else sendStatus(res, status);
    });
  };
}
