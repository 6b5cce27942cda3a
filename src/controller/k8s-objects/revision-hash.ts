import { createHash } from 'node:crypto';
import type { PodTemplate } from './object-shapes.ts';

/** Hex characters kept from the sha256 digest: 64 bits, plenty to tell revisions of one workload apart. */
const HASH_LENGTH = 16;

/**
 * The contents of each referenced ConfigMap/Secret, keyed by `configKey` (`ConfigMap/name`);
 * null records a reference to an object that does not exist.
 */
export type ReferencedConfigData = Readonly<Record<string, unknown>>;

/**
 * Returns a short, stable hash of a pod template plus the contents of the ConfigMaps and Secrets it
 * references: key order never matters, and any change to the template or to a referenced object's
 * data changes the hash. `creationTimestamp` inside the template is ignored (the API adds `null`).
 */
export function revisionHash(template: PodTemplate, referencedConfigData: ReferencedConfigData = {}): string {
  const input = stableJson({ template: normalizedTemplate(template), configs: referencedConfigData });
  return createHash('sha256').update(input).digest('hex').slice(0, HASH_LENGTH);
}

/** Serialises JSON with object keys sorted at every level; `undefined` members are left out, as JSON does. */
export function stableJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value.toISOString();
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
}

function normalizedTemplate(template: PodTemplate): PodTemplate {
  if (!template.metadata || !('creationTimestamp' in template.metadata)) return template;
  const metadata = Object.fromEntries(Object.entries(template.metadata).filter(([key]) => key !== 'creationTimestamp'));
  return { ...template, metadata };
}
