// Update: PUT on an object or its status, and the commit step shared by every patch.
import type { KubeObject } from './resource-type.ts';
import type { ObjectMeta } from './object-meta.ts';
import { carryServerMeta, ensureMeta, finalizersOf, nextGeneration, nowTimestamp, sameStoredContent } from './object-meta.ts';
import { recordManager } from './managed-fields.ts';
import type { SandboxCore, WriteRequest } from './write-context.ts';
import { bucketOf, renderAt, requestApiVersion } from './write-context.ts';
import { checkNamespace, checkPreconditions, checkTypeMeta, currentObject, requireNamespace } from './object-checks.ts';
import { badRequest } from './status-errors.ts';
import { textOf } from './value-text.ts';

/** Which part of the object a write may change. */
export const WriteScope = Object.freeze({ Main: 'main', Status: 'status' } as const);
export type WriteScope = (typeof WriteScope)[keyof typeof WriteScope];

/**
 * Builds the object to store from an incoming full object: a status write takes only `status`;
 * a main write keeps server-owned metadata and, when the kind has a status subresource, the old status.
 */
export function mergeForScope(incoming: KubeObject, old: KubeObject, scope: WriteScope, hasStatus: boolean): KubeObject {
  if (scope === WriteScope.Status) {
    const next: KubeObject = { ...old, metadata: { ...(old.metadata as ObjectMeta) } };
    if (incoming.status === undefined) delete next.status;
    else next.status = incoming.status;
    return next;
  }
  const next: KubeObject = { ...incoming, metadata: { ...ensureMeta(incoming) } };
  carryServerMeta(next.metadata as ObjectMeta, old.metadata as ObjectMeta);
  if (hasStatus) {
    if (old.status === undefined) delete next.status;
    else next.status = old.status;
  }
  return next;
}

/** The scope of a write: status for the status subresource, main otherwise. */
export function scopeOf(req: WriteRequest): WriteScope {
  return req.subresource === 'status' ? WriteScope.Status : WriteScope.Main;
}

/** Replaces an object (or, for the status subresource, its status) from a full body; returns it at the requested version. */
export function updateObject(core: SandboxCore, req: WriteRequest, name: string, body: KubeObject): KubeObject {
  const incoming = checkTypeMeta(body, req);
  const meta = ensureMeta(incoming);
  if (meta.name !== undefined && meta.name !== name) {
    throw badRequest(`the name of the object (${textOf(meta.name)}) does not match the name on the URL (${name})`);
  }
  meta.name = name;
  checkNamespace(meta, req);
  requireNamespace(core, req, false);
  const old = currentObject(core, req, name);
  checkPreconditions(req, name, meta, old.metadata as ObjectMeta);
  const next = mergeForScope(incoming, old, scopeOf(req), req.resolved.version.status);
  return commitUpdate(core, req, next, old);
}

// Stores an admitted object: skips no-ops, completes deletions whose finalizers are gone.
function store(core: SandboxCore, req: WriteRequest, next: KubeObject, old: KubeObject): KubeObject {
  if (sameStoredContent(next, old)) return renderAt(old, req.resolved);
  if (req.options.dryRun) return renderAt(next, req.resolved);
  const meta = ensureMeta(next);
  if (meta.deletionTimestamp !== undefined && finalizersOf(next).length === 0) {
    const gone = core.store.remove(bucketOf(req), req.namespace, textOf(meta.name));
    return renderAt(gone ?? next, req.resolved);
  }
  return renderAt(core.store.replace(bucketOf(req), next, old), req.resolved);
}

/**
 * Defaults, admits and stores `proposed` in place of `old`: bumps generation on spec changes,
 * skips no-op writes (no new resourceVersion, no event), and completes a deletion once the last
 * finalizer is gone. Status-subresource writes skip defaulting and keep generation.
 */
export function commitUpdate(core: SandboxCore, req: WriteRequest, proposed: KubeObject, old: KubeObject): KubeObject {
  const { type, version } = req.resolved;
  const scope = scopeOf(req);
  // Patched objects share untouched subtrees with the stored one; defaulting and pruning mutate.
  const next = structuredClone(proposed);
  const meta = ensureMeta(next);
  if (scope === WriteScope.Main) type.defaults?.(next, old);
  for (const plugin of core.admission) plugin.admit(req, next, old);
  const generation = nextGeneration(type, version.status, next, old);
  if (generation !== undefined) meta.generation = generation;
  recordManager(meta, next, type.patchMeta, {
    manager: req.options.fieldManager,
    operation: req.options.operation,
    apiVersion: requestApiVersion(req.resolved),
    time: nowTimestamp(),
    ...(req.subresource === undefined ? {} : { subresource: req.subresource }),
  });
  return store(core, req, next, old);
}
