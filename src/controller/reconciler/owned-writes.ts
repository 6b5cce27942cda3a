// The resourceVersion of each owned object this controller last wrote, so a pass whose cache has
// not yet seen that write does not take its own write's old state for drift: it neither writes
// again nor reports a repair (the write's watch event queues the Canary once the cache has it).

/** How long an object this controller created may be missing from the cache before its absence counts as a deletion. */
export const CACHE_LAG_GRACE_MS = 5_000;

interface Written {
  resourceVersion: string;
  at: number;
  /** A pass has found the cache holding this write (or a later version). */
  seen: boolean;
}

/** Per-Canary record of owned-object writes, keyed `Kind/name`. */
export class OwnedWrites {
  private readonly versions = new Map<string, Written>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Records the resourceVersion a write of `kind/name` returned (ignored when the API sent none). */
  wrote(kind: string, name: string, resourceVersion: string | undefined): void {
    if (resourceVersion !== undefined && resourceVersion !== '') this.versions.set(`${kind}/${name}`, { resourceVersion, at: this.now(), seen: false });
  }

  /** True when the cached resourceVersion is older than the last one written (integers only: resourceVersions are opaque). */
  isStale(kind: string, name: string, cached: string | undefined): boolean {
    const last = this.versions.get(`${kind}/${name}`);
    if (last === undefined || cached === undefined) return false;
    const stale = isOlder(cached, last.resourceVersion);
    if (!stale) last.seen = true;
    return stale;
  }

  /**
   * True when `kind/name`, absent from the cache, was written by this controller moments ago and
   * no pass has seen it cached since: the absence is the cache lagging, not a deletion. After
   * CACHE_LAG_GRACE_MS it counts as deleted (an object deleted before any pass saw it cached).
   */
  awaitsCache(kind: string, name: string): boolean {
    const last = this.versions.get(`${kind}/${name}`);
    return last !== undefined && !last.seen && this.now() - last.at < CACHE_LAG_GRACE_MS;
  }
}

function isOlder(cached: string, written: string): boolean {
  if (cached === written) return false;
  const [have, wrote] = [Number(cached), Number(written)];
  return Number.isSafeInteger(have) && Number.isSafeInteger(wrote) && have < wrote;
}
