/**
 * The revision identity of a Deployment: a stable hash of `spec.template`,
 * rendered in the consonant-and-digit alphabet Kubernetes uses for generated
 * names so it can never spell words or look like a number.
 */
import { createHash } from 'node:crypto';

/** The alphabet Kubernetes uses for generated name suffixes (no vowels, no ambiguous 0/1/3). */
export const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** Length of the rendered template hash. */
export const TEMPLATE_HASH_LENGTH = 10;

/** Serialises JSON data with object keys sorted, so equal values give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  // JSON.stringify yields undefined for functions and symbols, which JSON data never holds.
  return value === undefined ? 'null' : JSON.stringify(value);
}

/** Renders bytes as `length` characters of the safe alphabet. */
export function encodeSafe(bytes: Uint8Array, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    const byte = bytes[i % bytes.length] ?? 0;
    out += SAFE_ALPHABET.charAt(byte % SAFE_ALPHABET.length);
  }
  return out;
}

/** Returns the 10-character hash of a pod template; equal templates (any key order) give equal hashes. */
export function podTemplateHash(template: unknown): string {
  const digest = createHash('sha256').update(canonicalJson(template ?? {})).digest();
  return encodeSafe(digest, TEMPLATE_HASH_LENGTH);
}
