// Dispatches a request on a resource path to the right verb handler.
import type { ResourceRequest } from './resource-request.ts';
import { handleGet, handleList } from './handle-read.ts';
import { handleWatch } from './handle-watch.ts';
import { handleCreate, handleDelete, handleDeleteCollection, handleUpdate } from './handle-write.ts';
import { handlePatch } from './handle-patch.ts';
import { flag } from './query-options.ts';
import { ApiError, StatusReason, unknownPath } from './status-errors.ts';

function methodNotAllowed(method: string, what: string): ApiError {
  return new ApiError(StatusReason.MethodNotAllowed, `the server does not allow this method on the requested resource: ${method} on ${what}`);
}

function checkSubresource(rr: ResourceRequest): void {
  const sub = rr.route.subresource;
  if (sub === undefined) return;
  const { version, type } = rr.resolved;
  const known = (sub === 'status' && version.status) || (sub === 'scale' && version.scale !== undefined);
  if (!known) throw unknownPath(`${type.plural}/${sub}`);
}

function checkScope(rr: ResourceRequest): void {
  const { type } = rr.resolved;
  if (!type.namespaced && rr.route.namespace !== undefined) {
    throw unknownPath(`${type.plural} is cluster-scoped and cannot be addressed inside a namespace`);
  }
}

function handleCollection(rr: ResourceRequest): void {
  const { type } = rr.resolved;
  switch (rr.method) {
    case 'GET':
      if (rr.route.legacyWatch || flag(rr.query, 'watch')) handleWatch(rr);
      else handleList(rr);
      return;
    case 'POST':
      if (type.namespaced && rr.route.namespace === undefined) throw unknownPath(`${type.plural} must be created inside a namespace`);
      handleCreate(rr);
      return;
    case 'DELETE':
      handleDeleteCollection(rr);
      return;
    default:
      throw methodNotAllowed(rr.method, type.plural);
  }
}

function handleNamed(rr: ResourceRequest, name: string): void {
  switch (rr.method) {
    case 'GET':
      if (rr.route.legacyWatch || flag(rr.query, 'watch')) handleWatch(rr);
      else handleGet(rr, name);
      return;
    case 'PUT':
      handleUpdate(rr, name);
      return;
    case 'PATCH':
      handlePatch(rr, name);
      return;
    case 'DELETE':
      if (rr.route.subresource !== undefined) throw methodNotAllowed(rr.method, `${rr.resolved.type.plural}/${rr.route.subresource}`);
      handleDelete(rr, name);
      return;
    default:
      throw methodNotAllowed(rr.method, `${rr.resolved.type.plural}/${name}`);
  }
}

/** Serves one resource request; throws ApiError for the server to turn into a Status. */
export function handleResource(rr: ResourceRequest): void {
  checkScope(rr);
  checkSubresource(rr);
  const name = rr.route.name;
  if (name === undefined) handleCollection(rr);
  else handleNamed(rr, name);
}
