/**
 * Spreads Canaries' analysis ticks over their interval. Canaries released in the same second (a
 * shared base image, a platform-wide config change) would otherwise analyse, write status and
 * shift traffic in the same instant every interval, queueing every write behind all the others.
 * Each Canary instead waits a fixed share of its interval before an attempt's first analysis,
 * taken from a hash of its name, so it keeps the same place in the interval across restarts and
 * across controllers.
 */

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** A 32-bit FNV-1a hash of `text`: cheap, stable across processes and well spread for short keys. */
export function fnv1a32(text: string): number {
  let hash = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, FNV_PRIME) >>> 0;
  }
  return hash;
}

/** The delay before the first analysis of the Canary `namespace/name`, in [0, intervalMs), whole milliseconds. */
export function firstAnalysisDelayMs(namespace: string, name: string, intervalMs: number): number {
  if (!Number.isFinite(intervalMs) || intervalMs < 1) return 0;
  return fnv1a32(`${namespace}/${name}`) % Math.floor(intervalMs);
}
