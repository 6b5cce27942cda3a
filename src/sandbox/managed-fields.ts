// Records which field manager wrote which fields, in the FieldsV1 format Kubernetes uses
// (`f:` for fields, `k:` for keyed list items, `.` for the node itself), so that
// `kubectl get --show-managed-fields` and server-side apply callers see a familiar shape.
import type { KubeObject, PatchMetaNode } from './resource-type.ts';
import type { ObjectMeta } from './object-meta.ts';

/** One entry of metadata.managedFields. */
export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  fieldsType: 'FieldsV1';
  fieldsV1: Record<string, unknown>;
  subresource?: string;
}

const skippedMeta = new Set(['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'name', 'namespace', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds']);

function listFields(list: unknown[], meta: PatchMetaNode | undefined): Record<string, unknown> {
  const key = meta?.mergeKey;
  const out: Record<string, unknown> = {};
  for (const item of list) {
    if (key !== undefined && typeof item === 'object' && item !== null && key in item) {
      const id = JSON.stringify({ [key]: (item as Record<string, unknown>)[key] });
      out[`k:${id}`] = { '.': {}, ...fieldsOf(item, meta?.items) };
    } else if (typeof item !== 'object' || item === null) {
      out[`v:${JSON.stringify(item)}`] = {};
    }
  }
  return out;
}

function childFields(child: unknown, childMeta: PatchMetaNode | undefined): Record<string, unknown> {
  if (Array.isArray(child)) return childMeta?.strategy?.includes('merge') === true ? listFields(child, childMeta) : {};
  return fieldsOf(child, childMeta);
}

// Every write records its manager, so these walks avoid Object.entries and intermediate copies:
// they run on the hot write path and their garbage adds to every scavenge.

/** The FieldsV1 set describing every leaf of a value. */
export function fieldsOf(value: unknown, meta: PatchMetaNode | undefined): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record)) out[`f:${key}`] = childFields(record[key], meta?.fields?.[key]);
  return out;
}

// FieldsV1 of the metadata a manager can own; undefined when none of it is set.
function metadataFields(meta: ObjectMeta, patchMeta: PatchMetaNode | undefined): Record<string, unknown> | undefined {
  let out: Record<string, unknown> | undefined;
  for (const key of Object.keys(meta)) {
    if (skippedMeta.has(key)) continue;
    out ??= {};
    out[`f:${key}`] = childFields(meta[key], patchMeta?.fields?.[key]);
  }
  return out;
}

function objectFields(obj: KubeObject, meta: PatchMetaNode | undefined, subresource: string | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(obj)) {
    if (key === 'apiVersion' || key === 'kind') continue;
    if (subresource === 'status' && key !== 'status') continue;
    const childMeta = meta?.fields?.[key];
    if (key !== 'metadata') {
      out[`f:${key}`] = childFields(obj[key], childMeta);
      continue;
    }
    const kept = metadataFields(obj[key] as ObjectMeta, childMeta);
    if (kept !== undefined) out['f:metadata'] = kept;
  }
  return out;
}

/** What a write records about its manager. */
export interface ManagerRecord {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  subresource?: string;
}

/** Replaces the entry of (manager, operation, subresource) in `meta.managedFields` with one for `obj`. */
export function recordManager(meta: ObjectMeta, obj: KubeObject, patchMeta: PatchMetaNode | undefined, rec: ManagerRecord): void {
  const existing = Array.isArray(meta.managedFields) ? (meta.managedFields as ManagedFieldsEntry[]) : [];
  const others = existing.filter((e) => !(e.manager === rec.manager && e.operation === rec.operation && e.subresource === rec.subresource));
  const entry: ManagedFieldsEntry = {
    manager: rec.manager,
    operation: rec.operation,
    apiVersion: rec.apiVersion,
    time: rec.time,
    fieldsType: 'FieldsV1',
    fieldsV1: objectFields(obj, patchMeta, rec.subresource),
  };
  if (rec.subresource !== undefined) entry.subresource = rec.subresource;
  meta.managedFields = [...others, entry];
}

/** The default field manager when a request names none: the client's user-agent program name. */
export function defaultManager(userAgent: string | undefined): string {
  const program = (userAgent ?? '').split('/')[0]?.trim() ?? '';
  return program === '' ? 'unknown' : program.slice(0, 128);
}
