// Watch requests: a chunked stream of newline-delimited JSON events. Streams start with ADDED
// events for the current state (resourceVersion absent or "0") or replay retained events after a
// given resourceVersion; a version that is no longer retained gets an ERROR event carrying a 410
// Expired Status, after which the stream closes so the client re-lists.
import type { KubeObject } from './resource-type.ts';
import type { ResourceRequest } from './resource-request.ts';
import { bucketFor, selectObjects } from './resource-request.ts';
import { negotiate, ResponseShape } from './content-negotiation.ts';
import { renderAt, requestApiVersion } from './write-context.ts';
import { buildTable, parseIncludeObject } from './table.ts';
import { compileSelectors } from './selectors.ts';
import { flag, parseResourceVersion } from './query-options.ts';
import type { WatchFilter } from './watch-hub.ts';
import { watchLine } from './watch-hub.ts';
import { chunkedSink } from './watch-sink.ts';
import { ApiError, badRequest } from './status-errors.ts';

const watchShapes = [ResponseShape.Plain, ResponseShape.Table] as const;

function parseTimeout(value: string | null): number | undefined {
  if (value === null || value === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw badRequest(`timeoutSeconds must be a non-negative number (got "${value}")`);
  return n;
}

function selectorKey(query: URLSearchParams): string {
  return `${query.get('labelSelector') ?? ''}|${query.get('fieldSelector') ?? ''}`;
}

function buildFilter(rr: ResourceRequest): { filter: WatchFilter; contentType: string } {
  const chosen = negotiate(rr.headers.accept, watchShapes);
  const predicate = compileSelectors(rr.query.get('labelSelector') ?? undefined, rr.query.get('fieldSelector') ?? undefined);
  const apiVersion = requestApiVersion(rr.resolved);
  let render = (obj: KubeObject): KubeObject => renderAt(obj, rr.resolved);
  if (chosen.shape === ResponseShape.Table) {
    const include = parseIncludeObject(rr.query.get('includeObject'));
    const plain = render;
    render = (obj) => buildTable(rr.resolved, [plain(obj)], { listMeta: { resourceVersion: (obj.metadata as Record<string, unknown>).resourceVersion }, include, metaVersion: chosen.version });
  }
  const renderKey = `${apiVersion}|${chosen.shape}|${chosen.version}|${rr.query.get('includeObject') ?? ''}`;
  const bookmarks = flag(rr.query, 'allowWatchBookmarks');
  const selectors = selectorKey(rr.query);
  const filter: WatchFilter = {
    resource: bucketFor(rr),
    render,
    renderKey,
    channelKey: `${rr.route.namespace ?? ''}|${selectors}|${renderKey}|${String(bookmarks)}`,
    kind: rr.resolved.type.kind,
    apiVersion,
    bookmarks,
  };
  if (rr.resolved.type.namespaced && rr.route.namespace !== undefined) filter.namespace = rr.route.namespace;
  if (predicate !== undefined) filter.predicate = predicate;
  return { filter, contentType: chosen.contentType };
}

function nameSelector(rr: ResourceRequest): void {
  // A watch on /.../{name} (legacy form) is a watch filtered to that name.
  const name = rr.route.name;
  if (name === undefined) return;
  const existing = rr.query.get('fieldSelector');
  rr.query.set('fieldSelector', existing === null || existing === '' ? `metadata.name=${name}` : `${existing},metadata.name=${name}`);
}

/** Serves a watch until the client goes away, the timeout passes, or the server stops. */
export function handleWatch(rr: ResourceRequest): void {
  nameSelector(rr);
  const { filter, contentType } = buildFilter(rr);
  const timeout = parseTimeout(rr.query.get('timeoutSeconds'));
  const fromRv = parseResourceVersion(rr.query.get('resourceVersion'));
  const sendInitial = flag(rr.query, 'sendInitialEvents');
  const { res } = rr;
  res.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
  let watcher;
  try {
    const start = sendInitial ? undefined : fromRv;
    watcher = rr.core.hub.watch(chunkedSink(res), filter, start, start === undefined ? selectObjects(rr) : []);
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    res.end(watchLine('ERROR', err.status));
    return;
  }
  if (sendInitial) rr.core.hub.bookmark(watcher, { 'k8s.io/initial-events-end': 'true' });
  const w = watcher;
  res.on('close', () => {
    w.close();
  });
  if (timeout !== undefined) {
    w.timer = setTimeout(() => {
      w.close();
    }, timeout * 1000);
  }
}
