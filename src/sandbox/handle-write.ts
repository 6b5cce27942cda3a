// POST, PUT and DELETE on resources and their subresources.
import type { KubeObject } from './resource-type.ts';
import type { ResourceRequest } from './resource-request.ts';
import { selectObjects, toWriteRequest } from './resource-request.ts';
import { decodeBody, decodeObject } from './request-body.ts';
import { createObject } from './object-create.ts';
import { commitUpdate, updateObject } from './object-update.ts';
import { deleteObject, parseDeleteOptions } from './object-delete.ts';
import { checkPreconditions, currentObject } from './object-checks.ts';
import type { ObjectMeta } from './object-meta.ts';
import { ensureMeta } from './object-meta.ts';
import { replicasOf, toScale, withReplicas } from './scale-subresource.ts';
import { renderAt, requestApiVersion } from './write-context.ts';
import { sendJson } from './response.ts';
import { ApiError } from './status-errors.ts';
import { textOf } from './value-text.ts';

/** POST: create an object in the collection. */
export function handleCreate(rr: ResourceRequest): void {
  const req = toWriteRequest(rr, 'Update');
  const created = createObject(rr.core, req, decodeObject(rr.body, rr.headers['content-type'], { protobuf: rr.resolved.type.builtin }));
  sendJson(rr.res, 201, created, { warnings: req.warnings });
}

function updateScale(rr: ResourceRequest, name: string, scale: KubeObject): KubeObject {
  const req = toWriteRequest(rr, 'Update');
  const old = currentObject(rr.core, req, name);
  checkPreconditions(req, name, ensureMeta(scale), old.metadata as ObjectMeta);
  const next = withReplicas(old, rr.resolved, replicasOf(scale));
  return toScale(commitUpdate(rr.core, { ...req, subresource: 'scale' }, next, old), rr.resolved);
}

/** PUT: replace an object, its status, or its scale. */
export function handleUpdate(rr: ResourceRequest, name: string): void {
  const body = decodeObject(rr.body, rr.headers['content-type'], { protobuf: rr.resolved.type.builtin });
  if (rr.route.subresource === 'scale') {
    sendJson(rr.res, 200, updateScale(rr, name, body));
    return;
  }
  const req = toWriteRequest(rr, 'Update');
  const updated = updateObject(rr.core, req, name, body);
  sendJson(rr.res, 200, updated, { warnings: req.warnings });
}

/** Exposes scale updates to the patch handler. */
export { updateScale };

function deleteBody(rr: ResourceRequest): unknown {
  return rr.body.length === 0 ? {} : decodeBody(rr.body, rr.headers['content-type']);
}

/** DELETE of one object: 200 with the object when gone, 202 while finalizers hold it. */
export function handleDelete(rr: ResourceRequest, name: string): void {
  const req = toWriteRequest(rr, 'Update');
  const outcome = deleteObject(rr.core, req, name, parseDeleteOptions(deleteBody(rr), rr.query));
  sendJson(rr.res, outcome.removed ? 200 : 202, outcome.object);
}

/** DELETE of a collection (with selectors): deletes each matching object, returns what was deleted. */
export function handleDeleteCollection(rr: ResourceRequest): void {
  const req = toWriteRequest(rr, 'Update');
  const opts = parseDeleteOptions(deleteBody(rr), rr.query);
  const items: KubeObject[] = [];
  for (const obj of selectObjects(rr)) {
    const meta = obj.metadata as ObjectMeta;
    try {
      items.push(deleteObject(rr.core, { ...req, namespace: textOf(meta.namespace) }, String(meta.name), opts).object);
    } catch (err) {
      // An object deleted concurrently is simply skipped, as in kube's deletecollection.
      if (!(err instanceof ApiError) || err.code !== 404) throw err;
    }
  }
  const list = { kind: rr.resolved.type.listKind, apiVersion: requestApiVersion(rr.resolved), metadata: { resourceVersion: String(rr.core.store.resourceVersion) }, items: items.map((o) => renderAt(o, rr.resolved)) };
  sendJson(rr.res, 200, list);
}
