/**
 * Read-your-writes for a controller fed by an informer. After the controller
 * writes an object, the informer may still hold the previous version for a
 * moment; a pass started then would build on stale data and get 409 Conflict.
 * Remembering the object each write returned, and using it while the cache
 * is older, avoids that round trip.
 *
 * Kubernetes calls resourceVersions opaque; the sandbox issues increasing
 * integers, so versions are compared numerically when both are integers, and
 * otherwise the cache is trusted.
 */

interface Versioned {
  metadata?: { resourceVersion?: string };
}

/** Returns true when resourceVersion `a` is known to be older than `b`. */
export function isOlderVersion(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined || !/^\d+$/.test(a) || !/^\d+$/.test(b)) return false;
  return BigInt(a) < BigInt(b);
}

/** Remembers the last object this controller wrote per key. */
export class OwnWrites<T extends Versioned> {
  private readonly written = new Map<string, T>();

  /** Records what the API server returned for our write. */
  remember(key: string, obj: T): void {
    this.written.set(key, obj);
  }

  /** The newer of the cached object and our last write; drops the write once the cache has caught up. */
  freshest(key: string, cached: T): T {
    const mine = this.written.get(key);
    if (mine === undefined) return cached;
    if (isOlderVersion(cached.metadata?.resourceVersion, mine.metadata?.resourceVersion)) return mine;
    this.written.delete(key);
    return cached;
  }

  /** Forgets a key (its object is gone). */
  forget(key: string): void {
    this.written.delete(key);
  }
}
