import { createHash } from 'node:crypto';
import type { KubernetesObject } from '@kubernetes/client-node';

/** Prefix of a digested value, so a digest is never mistaken for real data. */
export const DIGEST_PREFIX = 'sha256:';

/** kubectl's copy of the whole applied manifest: never read by the controller, and as big as the object. */
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

// Cached objects are plain JSON (as watch events deliver them), not client-node model instances.
type PlainMetadata = Record<string, unknown> & { annotations?: Record<string, string>; managedFields?: unknown };

function plainMetadata(obj: KubernetesObject): PlainMetadata | undefined {
  return obj.metadata as unknown as PlainMetadata | undefined;
}

function withoutLastApplied(metadata: PlainMetadata): PlainMetadata {
  const annotations = metadata.annotations;
  if (annotations === undefined || !(LAST_APPLIED_ANNOTATION in annotations)) return metadata;
  return { ...metadata, annotations: Object.fromEntries(Object.entries(annotations).filter(([key]) => key !== LAST_APPLIED_ANNOTATION)) };
}

function withMetadata(obj: KubernetesObject, metadata: PlainMetadata): KubernetesObject {
  const copy: Record<string, unknown> = { ...obj, metadata };
  return copy;
}

/**
 * Drops metadata.managedFields and the last-applied-configuration annotation: the controller
 * never reads them, and together they are often larger than the rest of the object.
 */
export function withoutManagedFields(obj: KubernetesObject): KubernetesObject {
  const original = plainMetadata(obj);
  if (original === undefined) return obj;
  const metadata = withoutLastApplied(original);
  if (!('managedFields' in metadata)) return metadata === original ? obj : withMetadata(obj, metadata);
  return withMetadata(obj, Object.fromEntries(Object.entries(metadata).filter(([key]) => key !== 'managedFields')));
}

interface ManagedEntry {
  fieldsV1?: { 'f:metadata'?: { 'f:annotations'?: unknown } };
  [field: string]: unknown;
}

function annotationOwnership(entry: ManagedEntry): ManagedEntry | null {
  const annotations = entry.fieldsV1?.['f:metadata']?.['f:annotations'];
  if (annotations === undefined) return null;
  return { ...entry, fieldsV1: { 'f:metadata': { 'f:annotations': annotations } } };
}

/**
 * The Canary as the reconciler reads it: managedFields keep only who owns which annotation (the
 * actor of an operator action comes from there); the entries' other fields, e.g. the whole
 * status a controller wrote, are dropped, as is the last-applied-configuration annotation.
 */
export function canaryCacheForm(obj: KubernetesObject): KubernetesObject {
  const original = plainMetadata(obj);
  if (original === undefined) return obj;
  const metadata: PlainMetadata = { ...withoutLastApplied(original) };
  const managed = Array.isArray(metadata.managedFields) ? (metadata.managedFields as ManagedEntry[]) : [];
  const entries = managed.map(annotationOwnership).filter((e) => e !== null);
  if (entries.length > 0) metadata.managedFields = entries;
  else delete metadata.managedFields;
  return withMetadata(obj, metadata);
}

/**
 * Replaces every value in `data`/`binaryData`/`stringData` with its sha256 digest (and drops
 * managedFields). Revision hashes only need to notice changes, so Secret material never sits
 * in controller memory, and large ConfigMaps cost a few bytes per key.
 */
export function withDigestedData(obj: KubernetesObject): KubernetesObject {
  const result: Record<string, unknown> = { ...withoutManagedFields(obj) };
  for (const field of ['data', 'binaryData', 'stringData']) {
    const value = result[field];
    if (value !== null && typeof value === 'object') result[field] = digestValues(value);
  }
  return result;
}

function digestValues(data: object): Record<string, string> {
  return Object.fromEntries(Object.entries(data).map(([key, value]) => [
    key,
    `${DIGEST_PREFIX}${createHash('sha256').update(String(value)).digest('hex')}`,
  ]));
}
