// Checks shared by create and update: the body's apiVersion/kind against the URL, the
// namespace in the body against the path, the namespace's existence, and preconditions.
import type { KubeObject } from './resource-type.ts';
import { apiVersionOf, storageVersion } from './resource-type.ts';
import type { ObjectMeta } from './object-meta.ts';
import { ensureMeta } from './object-meta.ts';
import type { SandboxCore, WriteRequest } from './write-context.ts';
import { bucketOf, requestApiVersion } from './write-context.ts';
import { ApiError, StatusReason, badRequest, conflict, notFound } from './status-errors.ts';
import { textOf } from './value-text.ts';

/**
 * Verifies apiVersion and kind (when present) match the addressed resource and returns a
 * shallow copy stamped with the storage apiVersion.
 */
export function checkTypeMeta(body: KubeObject, req: WriteRequest): KubeObject {
  const { type } = req.resolved;
  const expected = requestApiVersion(req.resolved);
  if (body.kind !== undefined && body.kind !== type.kind) {
    throw badRequest(`the object provided is unrecognized (must be of type ${type.kind}): kind "${textOf(body.kind)}" was sent to the ${type.plural} endpoint`);
  }
  if (body.apiVersion !== undefined && body.apiVersion !== expected) {
    throw badRequest(`the API version in the data (${textOf(body.apiVersion)}) does not match the expected API version (${expected})`);
  }
  const copy: KubeObject = { ...body, apiVersion: apiVersionOf(type.group, storageVersion(type).name), kind: type.kind };
  copy.metadata = { ...ensureMeta(body) };
  return copy;
}

/** Reconciles metadata.namespace with the path: fills it in, or 400 when they differ. */
export function checkNamespace(meta: ObjectMeta, req: WriteRequest): void {
  if (!req.resolved.type.namespaced) {
    delete meta.namespace;
    return;
  }
  if (meta.namespace !== undefined && meta.namespace !== '' && meta.namespace !== req.namespace) {
    throw badRequest(`the namespace of the provided object (${textOf(meta.namespace)}) does not match the namespace sent on the request (${req.namespace})`);
  }
  meta.namespace = req.namespace;
}

/** 404 unless the namespace exists; 403 when it is being deleted (for creates). */
export function requireNamespace(core: SandboxCore, req: WriteRequest, forCreate: boolean): void {
  if (!req.resolved.type.namespaced) return;
  const ns = core.store.get('/namespaces', '', req.namespace);
  if (ns === undefined) throw notFound('namespaces', '', req.namespace);
  if (forCreate && (ns.metadata as ObjectMeta | undefined)?.deletionTimestamp !== undefined) {
    throw new ApiError(StatusReason.Forbidden, `${req.resolved.type.singular} is forbidden: unable to create new content in namespace ${req.namespace} because it is being terminated`);
  }
}

/** The stored object or 404. */
export function currentObject(core: SandboxCore, req: WriteRequest, name: string): KubeObject {
  const found = core.store.get(bucketOf(req), req.namespace, name);
  if (found === undefined) throw notFound(req.resolved.type.plural, req.resolved.type.group, name);
  return found;
}

/** 409 Conflict when the request's resourceVersion or uid precondition does not hold. */
export function checkPreconditions(req: WriteRequest, name: string, wanted: { resourceVersion?: unknown; uid?: unknown }, stored: ObjectMeta): void {
  const { plural, group } = req.resolved.type;
  const rv = wanted.resourceVersion;
  if (rv !== undefined && rv !== null && rv !== '' && textOf(rv) !== stored.resourceVersion) {
    throw conflict(plural, group, name, 'the object has been modified; please apply your changes to the latest version and try again');
  }
  const uid = wanted.uid;
  if (uid !== undefined && uid !== null && uid !== '' && uid !== stored.uid) {
    throw conflict(plural, group, name, `Precondition failed: UID in precondition: ${textOf(uid)}, UID in object meta: ${textOf(stored.uid)}`);
  }
}
