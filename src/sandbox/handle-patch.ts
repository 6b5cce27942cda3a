// PATCH on objects and their status/scale subresources: JSON patch, merge patch, strategic merge
// patch (built-in kinds only) and server-side apply (create-or-merge with a field manager).
import type { KubeObject } from './resource-type.ts';
import type { ResourceRequest } from './resource-request.ts';
import { toWriteRequest } from './resource-request.ts';
import { decodeBody, decodeObject } from './request-body.ts';
import { applyPatchDocument, PatchType, patchTypeOf } from './patch-types.ts';
import { createObject } from './object-create.ts';
import { commitUpdate, mergeForScope, scopeOf } from './object-update.ts';
import { checkPreconditions, checkTypeMeta, currentObject } from './object-checks.ts';
import type { ObjectMeta } from './object-meta.ts';
import { ensureMeta } from './object-meta.ts';
import { toScale } from './scale-subresource.ts';
import { updateScale } from './handle-write.ts';
import { renderAt } from './write-context.ts';
import type { WriteRequest } from './write-context.ts';
import { sendJson } from './response.ts';
import { ApiError, StatusReason, badRequest, notFound } from './status-errors.ts';
import { textOf } from './value-text.ts';

function asObject(value: unknown): KubeObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ApiError(StatusReason.Invalid, 'the patched document is not an object');
  }
  return value as KubeObject;
}

function commitPatched(rr: ResourceRequest, req: WriteRequest, patched: KubeObject, old: KubeObject): KubeObject {
  const name = String((old.metadata as ObjectMeta).name);
  const incoming = checkTypeMeta(patched, req);
  const meta = ensureMeta(incoming);
  if (meta.name !== name) throw badRequest(`metadata.name cannot be changed by a patch (from "${name}" to "${textOf(meta.name)}")`);
  const oldNs = (old.metadata as ObjectMeta).namespace;
  if (meta.namespace !== oldNs && !(meta.namespace === undefined && oldNs === undefined)) {
    throw badRequest('metadata.namespace cannot be changed by a patch');
  }
  checkPreconditions(req, name, meta, old.metadata as ObjectMeta);
  return commitUpdate(rr.core, req, mergeForScope(incoming, old, scopeOf(req), rr.resolved.version.status), old);
}

function patchScale(rr: ResourceRequest, name: string, patchType: PatchType): void {
  const req = toWriteRequest(rr, 'Update');
  const scale = toScale(currentObject(rr.core, req, name), rr.resolved);
  const patch = decodeBody(rr.body, rr.headers['content-type']);
  const patched = asObject(applyPatchDocument(patchType, scale, patch, undefined));
  sendJson(rr.res, 200, updateScale(rr, name, patched));
}

function handleApply(rr: ResourceRequest, name: string): void {
  const manager = rr.query.get('fieldManager');
  if (manager === null || manager === '') throw badRequest('PATCH, fieldManager is required for apply requests');
  const config = decodeObject(rr.body, PatchType.Apply);
  const meta = ensureMeta(config);
  if (meta.name !== undefined && meta.name !== name) {
    throw badRequest(`the name of the object (${textOf(meta.name)}) does not match the name on the URL (${name})`);
  }
  meta.name = name;
  const req = toWriteRequest(rr, 'Apply');
  const existing = rr.core.store.get(`${rr.resolved.type.group}/${rr.resolved.type.plural}`, req.namespace, name);
  if (existing === undefined) {
    if (rr.route.subresource !== undefined) throw notFound(rr.resolved.type.plural, rr.resolved.type.group, name);
    sendJson(rr.res, 201, createObject(rr.core, req, config), { warnings: req.warnings });
    return;
  }
  const merged = asObject(applyPatchDocument(PatchType.Apply, renderAt(existing, rr.resolved), config, rr.resolved.type.patchMeta));
  sendJson(rr.res, 200, commitPatched(rr, req, merged, existing), { warnings: req.warnings });
}

/** PATCH: applies the patch to the current object and stores the result like an update. */
export function handlePatch(rr: ResourceRequest, name: string): void {
  const patchType = patchTypeOf(rr.headers['content-type'], rr.resolved.type);
  if (patchType === PatchType.Apply) {
    handleApply(rr, name);
    return;
  }
  if (rr.route.subresource === 'scale') {
    patchScale(rr, name, patchType);
    return;
  }
  const patch = decodeBody(rr.body, rr.headers['content-type']);
  const req = toWriteRequest(rr, 'Update');
  const old = currentObject(rr.core, req, name);
  const patched = asObject(applyPatchDocument(patchType, renderAt(old, rr.resolved), patch, rr.resolved.type.patchMeta));
  sendJson(rr.res, 200, commitPatched(rr, req, patched, old), { warnings: req.warnings });
}
