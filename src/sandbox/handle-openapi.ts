// Serves /openapi/v3 (the index, with content hashes in each serverRelativeURL) and the
// per-group-version documents. Documents are cached until the set of resources changes.
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { ResourceRegistry } from './resource-registry.ts';
import { docKey, documentKeys, openApiDocument } from './openapi-v3.ts';
import { sendJson } from './response.ts';
import { openApiV2JsonDocument, openApiV2Protobuf, openApiV2ProtobufDocument } from './openapi-v2.ts';
import { unknownPath } from './status-errors.ts';

type OpenApiRoute = { kind: 'openapi-index' } | { kind: 'openapi-v2' } | { kind: 'openapi-doc'; group: string; version: string };

interface CachedDoc {
  body: string;
  hash: string;
}

const cache = new WeakMap<ResourceRegistry, { generation: number; docs: Map<string, CachedDoc | undefined> }>();

function cachedDoc(registry: ResourceRegistry, group: string, version: string): CachedDoc | undefined {
  let entry = cache.get(registry);
  if (entry === undefined || entry.generation !== registry.generation) {
    entry = { generation: registry.generation, docs: new Map() };
    cache.set(registry, entry);
  }
  const key = docKey(group, version);
  if (entry.docs.has(key)) return entry.docs.get(key);
  const doc = openApiDocument(registry, group, version);
  const built = doc === undefined ? undefined : { body: JSON.stringify(doc), hash: '' };
  if (built !== undefined) built.hash = createHash('sha512').update(built.body).digest('hex').slice(0, 128).toUpperCase();
  entry.docs.set(key, built);
  return built;
}

function sendRaw(res: ServerResponse, body: string, etag: string): void {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)), ETag: `"${etag}"`, 'Cache-Control': 'no-cache, private' });
  res.end(body);
}

/** Answers an OpenAPI v3 route. */
export function handleOpenApi(r: OpenApiRoute, registry: ResourceRegistry, headers: IncomingHttpHeaders, res: ServerResponse): void {
  if (r.kind === 'openapi-v2') {
    if ((headers.accept ?? '').includes(openApiV2Protobuf)) {
      const body = openApiV2ProtobufDocument();
      // Go's mime parser rejects the '@' of the requested media type, so the body is sent as octets.
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(body.length) }).end(body);
    } else {
      sendJson(res, 200, openApiV2JsonDocument());
    }
    return;
  }
  if (r.kind === 'openapi-index') {
    const paths: Record<string, { serverRelativeURL: string }> = {};
    for (const { group, version } of documentKeys(registry)) {
      const doc = cachedDoc(registry, group, version);
      if (doc !== undefined) paths[docKey(group, version)] = { serverRelativeURL: `/openapi/v3/${docKey(group, version)}?hash=${doc.hash}` };
    }
    sendJson(res, 200, { paths });
    return;
  }
  const doc = cachedDoc(registry, r.group, r.version);
  if (doc === undefined) throw unknownPath(`/openapi/v3/${docKey(r.group, r.version)}`);
  sendRaw(res, doc.body, doc.hash);
}
