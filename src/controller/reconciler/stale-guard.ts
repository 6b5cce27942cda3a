/**
 * Remembers the last resourceVersion this process wrote per Canary, so a pass never acts on a
 * cache that has not yet seen that write (Argo Rollouts' stale-cache guard).
 */
export class StaleGuard {
  private readonly written = new Map<string, string>();
  private readonly catchUps = new Set<string>();

  /** Asks for `key`'s next pass as soon as the cache has caught up with its writes (their echo is let through). */
  passOnCatchUp(key: string): void {
    this.catchUps.add(key);
  }

  /** True while `key` waits for its cache to catch up before its next pass. */
  awaitsCatchUp(key: string): boolean {
    return this.catchUps.has(key);
  }

  /** A pass of `key` ran on a cache that has caught up. */
  caughtUp(key: string): void {
    this.catchUps.delete(key);
  }

  /** Records the resourceVersion a write of `key` returned. */
  wrote(key: string, resourceVersion: string | undefined): void {
    if (resourceVersion !== undefined && resourceVersion !== '') this.written.set(key, resourceVersion);
  }

  /** True when the cached resourceVersion is older than the last one written. */
  isStale(key: string, cached: string | undefined): boolean {
    const last = this.written.get(key);
    if (last === undefined || cached === undefined) return false;
    if (last === cached) return false;
    const [a, b] = [Number(cached), Number(last)];
    // resourceVersions are opaque; when they are not integers only equality can be trusted.
    return Number.isSafeInteger(a) && Number.isSafeInteger(b) ? a < b : false;
  }

  /** Forgets a deleted Canary. */
  forget(key: string): void {
    this.written.delete(key);
    this.catchUps.delete(key);
  }
}
