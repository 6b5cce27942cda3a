/**
 * Random hex for ids that must not collide (reconcile ids, Event name suffixes). A crypto call per
 * id cost about a second of CPU a minute at 1,000 Canaries; taking them from a pooled buffer
 * costs one call per 4 KiB.
 */
import { randomBytes } from 'node:crypto';

const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let offset = 0;

/** `bytes` random bytes as lowercase hex (2 × bytes characters). */
export function randomHex(bytes: number): string {
  if (offset + bytes > pool.length) {
    pool = randomBytes(Math.max(POOL_BYTES, bytes));
    offset = 0;
  }
  const hex = pool.toString('hex', offset, offset + bytes);
  offset += bytes;
  return hex;
}
