/**
 * The read-only JSON API and the HTML documents: the list, one Canary's detail, machine
 * drawings and the live event stream. Everything is served from memory.
 */
import { Router } from 'express';
import type { Request, Response } from 'express';
import type { CanarySource } from './canary-source.ts';
import { detailOf, summarize } from './canary-view.ts';
import type { CanarySummary } from './canary-view.ts';
import type { EventStream } from './event-stream.ts';
import type { GraphCatalog } from './graph-catalog.ts';
import type { ObservedSeries } from './observed-series.ts';
import { detailDocument, listDocument } from './page-shell.ts';
import { isKubeName } from './request-checks.ts';

/** What the read routes are served from. */
export interface ReadDeps {
  source: CanarySource;
  series: ObservedSeries;
  graphs: GraphCatalog;
  stream: EventStream;
  actionsEnabled: boolean;
}

/** Sends a JSON error body `{error, ...extra}` with `status`. */
export function sendError(res: Response, status: number, error: string, extra: Record<string, unknown> = {}): void {
  res.status(status).type('application/json').set('Cache-Control', 'no-store').send(JSON.stringify({ error, ...extra }));
}

function sendJson(res: Response, body: unknown): void {
  res.status(200).type('application/json').set('Cache-Control', 'no-store').send(JSON.stringify(body));
}

function queryText(req: Request, key: string): string | undefined {
  const value: unknown = req.query[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function listBody(source: CanarySource, req: Request): { canaries: CanarySummary[]; namespaces: string[]; phases: string[] } {
  const all = source.list().map(summarize);
  const namespace = queryText(req, 'namespace');
  const phase = queryText(req, 'phase');
  const canaries = all.filter((c) => (namespace === undefined || c.namespace === namespace) && (phase === undefined || c.phase === phase));
  const distinct = (values: string[]): string[] => [...new Set(values)].sort();
  return { canaries, namespaces: distinct(all.map((c) => c.namespace)), phases: distinct(all.map((c) => c.phase)) };
}

function names(req: Request): { namespace: string; name: string } | undefined {
  const { namespace, name } = req.params;
  if (typeof namespace !== 'string' || typeof name !== 'string') return undefined;
  return isKubeName(namespace) && isKubeName(name) ? { namespace, name } : undefined;
}

function detail(deps: ReadDeps, req: Request, res: Response): void {
  const key = names(req);
  const canary = key === undefined ? undefined : deps.source.get(key.namespace, key.name);
  if (key === undefined || canary === undefined) {
    sendError(res, 404, 'canary not found', { namespace: req.params.namespace, name: req.params.name });
    return;
  }
  const drawn = deps.graphs.get(canary.status?.machine?.name ?? summarize(canary).strategy);
  sendJson(res, detailOf(canary, { events: deps.source.events(key.namespace, key.name), series: deps.series, graph: drawn?.graph, actionsEnabled: deps.actionsEnabled }));
}

function sendHtml(res: Response, html: string): void {
  res.status(200).type('text/html; charset=utf-8').set('Cache-Control', 'no-store').send(html);
}

/** The read routes. */
export function readRoutes(deps: ReadDeps): Router {
  const router = Router();
  router.get('/', (_req, res) => { sendHtml(res, listDocument()); });
  router.get('/canaries/:namespace/:name', (req, res) => {
    const key = names(req);
    if (key === undefined) sendError(res, 404, 'not a valid namespace/name', { path: req.path });
    else sendHtml(res, detailDocument(key.namespace, key.name));
  });
  router.get('/api/canaries', (req, res) => { sendJson(res, listBody(deps.source, req)); });
  router.get('/api/canaries/:namespace/:name', (req, res) => { detail(deps, req, res); });
  router.get('/api/machines/:machine/graph', (req, res) => {
    const drawn = deps.graphs.get(req.params.machine);
    if (drawn === undefined) sendError(res, 404, 'unknown machine', { machine: req.params.machine });
    else sendJson(res, drawn.layout);
  });
  router.get('/api/events', (req, res) => { deps.stream.connect(req, res); });
  return router;
}
