import { createHash } from 'node:crypto';
import type { KubernetesObject } from '@kubernetes/client-node';

/** Prefix of a digested value, so a digest is never mistaken for real data. */
export const DIGEST_PREFIX = 'sha256:';

/** Drops metadata.managedFields: the controller never reads it, and it is often the largest part of an object. */
export function withoutManagedFields(obj: KubernetesObject): KubernetesObject {
  if (!obj.metadata || !('managedFields' in obj.metadata)) return obj;
  // Cached objects are plain JSON (as watch events deliver them), not client-node model instances.
  const copy: Record<string, unknown> = { ...obj };
  copy.metadata = Object.fromEntries(Object.entries(obj.metadata).filter(([key]) => key !== 'managedFields'));
  return copy;
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
