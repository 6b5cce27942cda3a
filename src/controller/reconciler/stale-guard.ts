/**
 * Remembers the last resourceVersion this process wrote per Canary, so a pass never acts on a
 * cache that has not yet seen that write (Argo Rollouts' stale-cache guard).
 */
export class StaleGuard {
  private readonly written = new Map<string, string>();

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
  }
}
