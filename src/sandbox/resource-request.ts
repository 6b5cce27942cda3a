// The context of one request to a resource endpoint, shared by the read, write, patch and
// watch handlers.
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { ResolvedResource } from './resource-registry.ts';
import type { ResourceRoute } from './router.ts';
import type { KubeObject } from './resource-type.ts';
import { storageKey } from './resource-type.ts';
import type { SandboxCore, WriteRequest } from './write-context.ts';
import type { Pager } from './paging.ts';
import { writeOptions } from './query-options.ts';
import { compileSelectors } from './selectors.ts';

/** Everything a resource handler needs. */
export interface ResourceRequest {
  core: SandboxCore;
  pager: Pager;
  method: string;
  route: ResourceRoute;
  resolved: ResolvedResource;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  res: ServerResponse;
}

/** The namespace a request addresses ('' for cluster-scoped resources or all namespaces). */
export function namespaceOf(rr: ResourceRequest): string {
  return rr.resolved.type.namespaced ? (rr.route.namespace ?? '') : '';
}

/** The storage bucket of the addressed resource. */
export function bucketFor(rr: ResourceRequest): string {
  return storageKey(rr.resolved.type.group, rr.resolved.type.plural);
}

/** A WriteRequest for this resource request. */
export function toWriteRequest(rr: ResourceRequest, operation: 'Apply' | 'Update'): WriteRequest {
  const req: WriteRequest = {
    resolved: rr.resolved,
    namespace: namespaceOf(rr),
    options: writeOptions(rr.query, rr.headers, operation),
    warnings: [],
  };
  if (rr.route.subresource !== undefined) req.subresource = rr.route.subresource;
  return req;
}

/** Stored objects in scope (namespace, label and field selectors), in key order. */
export function selectObjects(rr: ResourceRequest): KubeObject[] {
  const predicate = compileSelectors(rr.query.get('labelSelector') ?? undefined, rr.query.get('fieldSelector') ?? undefined);
  const ns = rr.route.namespace !== undefined && rr.resolved.type.namespaced ? rr.route.namespace : undefined;
  const all = rr.core.store.list(bucketFor(rr), ns);
  return predicate === undefined ? all : all.filter(predicate);
}
