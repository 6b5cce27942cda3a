// The resourceVersion of each owned object this controller last wrote, so a pass whose cache has
// not yet seen that write does not take its own write's old state for drift: it neither writes
// again nor reports a repair (the write's watch event queues the Canary once the cache has it).

/** Per-Canary record of owned-object writes, keyed `Kind/name`. */
export class OwnedWrites {
  private readonly versions = new Map<string, string>();

  /** Records the resourceVersion a write of `kind/name` returned (ignored when the API sent none). */
  wrote(kind: string, name: string, resourceVersion: string | undefined): void {
    if (resourceVersion !== undefined && resourceVersion !== '') this.versions.set(`${kind}/${name}`, resourceVersion);
  }

  /** True when the cached resourceVersion is older than the last one written (integers only: resourceVersions are opaque). */
  isStale(kind: string, name: string, cached: string | undefined): boolean {
    const last = this.versions.get(`${kind}/${name}`);
    if (last === undefined || cached === undefined || last === cached) return false;
    const [have, wrote] = [Number(cached), Number(last)];
    return Number.isSafeInteger(have) && Number.isSafeInteger(wrote) && have < wrote;
  }
}
