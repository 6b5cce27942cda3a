// GET on objects, subresources and collections, as plain JSON, Table or partial metadata.
import type { KubeObject } from './resource-type.ts';
import type { ResourceRequest } from './resource-request.ts';
import { bucketFor, namespaceOf, selectObjects } from './resource-request.ts';
import { negotiate, ResponseShape } from './content-negotiation.ts';
import type { Negotiated } from './content-negotiation.ts';
import { renderAt, requestApiVersion } from './write-context.ts';
import { buildTable, parseIncludeObject } from './table.ts';
import { toScale } from './scale-subresource.ts';
import { parseLimit } from './paging.ts';
import type { Page } from './paging.ts';
import { sendJson } from './response.ts';
import { notFound } from './status-errors.ts';

const readShapes = [ResponseShape.Plain, ResponseShape.Table, ResponseShape.PartialMetadata] as const;

function partial(obj: KubeObject, version: string): KubeObject {
  return { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${version}`, metadata: obj.metadata };
}

/** The stored object addressed by the request, or 404. */
export function findObject(rr: ResourceRequest, name: string): KubeObject {
  const obj = rr.core.store.get(bucketFor(rr), namespaceOf(rr), name);
  if (obj === undefined) throw notFound(rr.resolved.type.plural, rr.resolved.type.group, name);
  return obj;
}

/** GET of one object, its status, or its scale. */
export function handleGet(rr: ResourceRequest, name: string): void {
  const stored = findObject(rr, name);
  if (rr.route.subresource === 'scale') {
    sendJson(rr.res, 200, toScale(stored, rr.resolved));
    return;
  }
  const obj = renderAt(stored, rr.resolved);
  const chosen = negotiate(rr.headers.accept, readShapes);
  if (chosen.shape === ResponseShape.Table) {
    const include = parseIncludeObject(rr.query.get('includeObject'));
    const meta = { resourceVersion: String((obj.metadata as Record<string, unknown>).resourceVersion) };
    sendJson(rr.res, 200, buildTable(rr.resolved, [obj], { listMeta: meta, include, metaVersion: chosen.version }), { contentType: chosen.contentType });
  } else if (chosen.shape === ResponseShape.PartialMetadata) {
    sendJson(rr.res, 200, partial(obj, chosen.version), { contentType: chosen.contentType });
  } else {
    sendJson(rr.res, 200, obj);
  }
}

function listMeta(page: Page): Record<string, unknown> {
  const meta: Record<string, unknown> = { resourceVersion: String(page.resourceVersion) };
  if (page.continueToken !== undefined) meta.continue = page.continueToken;
  if (page.remainingItemCount !== undefined) meta.remainingItemCount = page.remainingItemCount;
  return meta;
}

function sendList(rr: ResourceRequest, page: Page, chosen: Negotiated): void {
  const items = page.items.map((obj) => renderAt(obj, rr.resolved));
  const meta = listMeta(page);
  if (chosen.shape === ResponseShape.Table) {
    const include = parseIncludeObject(rr.query.get('includeObject'));
    sendJson(rr.res, 200, buildTable(rr.resolved, items, { listMeta: meta, include, metaVersion: chosen.version }), { contentType: chosen.contentType });
    return;
  }
  if (chosen.shape === ResponseShape.PartialMetadata) {
    const body = { kind: 'PartialObjectMetadataList', apiVersion: `meta.k8s.io/${chosen.version}`, metadata: meta, items: items.map((o) => partial(o, chosen.version)) };
    sendJson(rr.res, 200, body, { contentType: chosen.contentType });
    return;
  }
  sendJson(rr.res, 200, { kind: rr.resolved.type.listKind, apiVersion: requestApiVersion(rr.resolved), metadata: meta, items });
}

/** GET of a collection, with selectors and limit/continue paging. */
export function handleList(rr: ResourceRequest): void {
  const chosen = negotiate(rr.headers.accept, readShapes);
  const limit = parseLimit(rr.query.get('limit'));
  const token = rr.query.get('continue');
  const page = token !== null && token !== ''
    ? rr.pager.next(token, limit)
    : rr.pager.first(selectObjects(rr), limit, rr.core.store.resourceVersion);
  sendList(rr, page, chosen);
}
