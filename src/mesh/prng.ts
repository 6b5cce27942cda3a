/**
 * Deterministic pseudo-random numbers for the simulated mesh.
 *
 * The simulator must replay identically for a given seed, so it never touches
 * Math.random. The generator is a 32-bit "split-mix then xorshift-multiply"
 * design: tiny state, no allocation per draw, and good enough statistics for
 * traffic simulation (it is not meant for cryptography).
 */

/** A stream of uniform numbers in [0, 1) plus the normal draws built on it. */
export interface Prng {
  /** A uniform number in [0, 1). */
  next(): number;
  /** A standard normal draw (mean 0, standard deviation 1). */
  nextNormal(): number;
  /** A uniform integer in [0, n). */
  nextInt(n: number): number;
}

const GOLDEN_GAMMA = 0x9e3779b9;
const TWO_POW_32 = 4294967296;

/** Mixes a 32-bit state into a well-scrambled 32-bit output. */
function scramble(state: number): number {
  let z = state;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Returns a 32-bit hash of a string (FNV-1a), stable across runs and platforms. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  }
  return hash >>> 0;
}

/** Derives an independent seed for a named sub-stream, so adding a host never shifts another host's draws. */
export function deriveSeed(seed: number, streamName: string): number {
  return scramble((seed >>> 0) ^ hashString(streamName));
}

/** Creates a generator whose whole output is fixed by `seed`. */
export function createPrng(seed: number): Prng {
  let state = seed >>> 0;
  let spareNormal: number | undefined;
  const next = (): number => {
    state = (state + GOLDEN_GAMMA) >>> 0;
    return scramble(state) / TWO_POW_32;
  };
  const nextNormal = (): number => {
    if (spareNormal !== undefined) {
      const value = spareNormal;
      spareNormal = undefined;
      return value;
    }
    // Box-Muller yields two independent normals per pair of uniforms; keep the second.
    const u1 = 1 - next();
    const u2 = next();
    const radius = Math.sqrt(-2 * Math.log(u1));
    spareNormal = radius * Math.sin(2 * Math.PI * u2);
    return radius * Math.cos(2 * Math.PI * u2);
  };
  const nextInt = (n: number): number => Math.floor(next() * n);
  return { next, nextNormal, nextInt };
}
