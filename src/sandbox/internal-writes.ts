// Writes the server makes on its own behalf (garbage collector, namespace controller): they go
// through the same update/delete paths as client writes, so watchers see ordinary events.
import type { KubeObject } from './resource-type.ts';
import { storageVersion } from './resource-type.ts';
import type { SandboxCore, WriteRequest } from './write-context.ts';
import { internalOptions } from './write-context.ts';
import { metaOf } from './object-store.ts';
import { commitUpdate } from './object-update.ts';
import { deleteObject, Propagation } from './object-delete.ts';
import { ApiError } from './status-errors.ts';

/** A reference to a stored object: its bucket, namespace and name. */
export interface ObjectRef {
  resource: string;
  namespace: string;
  name: string;
}

/** The reference of a stored object in a bucket. */
export function refOf(resource: string, obj: KubeObject): ObjectRef {
  const meta = metaOf(obj);
  return { resource, namespace: typeof meta.namespace === 'string' ? meta.namespace : '', name: String(meta.name) };
}

function requestFor(core: SandboxCore, ref: ObjectRef, manager: string): WriteRequest | undefined {
  const slash = ref.resource.lastIndexOf('/');
  const type = core.registry.byPlural(ref.resource.slice(0, slash), ref.resource.slice(slash + 1));
  if (type === undefined) return undefined;
  return { resolved: { type, version: storageVersion(type) }, namespace: ref.namespace, options: internalOptions(manager), warnings: [] };
}

function ignoreGone(err: unknown): void {
  // The object may already be gone or changed by someone else; the next event retries.
  if (err instanceof ApiError && (err.code === 404 || err.code === 409)) return;
  throw err;
}

/** Deletes an object in the background; missing objects are ignored. */
export function deleteInternally(core: SandboxCore, ref: ObjectRef, manager: string): void {
  const req = requestFor(core, ref, manager);
  if (req === undefined) return;
  try {
    deleteObject(core, req, ref.name, { propagationPolicy: Propagation.Background });
  } catch (err) {
    ignoreGone(err);
  }
}

/** Rewrites an object with `change` applied to a copy of it; missing objects are ignored. */
export function updateInternally(core: SandboxCore, ref: ObjectRef, manager: string, change: (copy: KubeObject) => void): void {
  const req = requestFor(core, ref, manager);
  const old = core.store.get(ref.resource, ref.namespace, ref.name);
  if (req === undefined || old === undefined) return;
  const copy = structuredClone(old);
  change(copy);
  try {
    commitUpdate(core, req, copy, old);
  } catch (err) {
    ignoreGone(err);
  }
}
