// What this controller remembers about each Canary's primary between passes, so a deleted or
// edited primary (or config copy) can be put back as it was: nothing here is read from the API.
import type { ConfigObject } from '../k8s-objects/config-tracking.ts';
import { OwnedWrites } from './owned-writes.ts';
import type { PrimarySpec } from './primary-repair.ts';

/** One Canary's record. */
export interface PrimaryRecord {
  /** The revision and template the primary was last given or seen running. */
  spec?: PrimarySpec | undefined;
  /** The primary's last replica count of at least 1. */
  replicas?: number | undefined;
  /** `generation/revision` of the last live primary found matching `spec`; skips re-comparing an unchanged primary. */
  verified?: string | undefined;
  /** Each `-primary` config copy as last cached (keyed `Kind/copyName`; the cache holds digests, never the data). */
  readonly copies: Map<string, ConfigObject>;
  /** Copies already reported as impossible to restore, so the Warning is given once. */
  readonly unrestorable: Set<string>;
  /** The owned objects' last written resourceVersions. */
  readonly writes: OwnedWrites;
}

/** Records per Canary key; forgotten with the Canary. */
export class PrimaryRecords {
  private readonly records = new Map<string, PrimaryRecord>();

  /** The record of `key`, created empty on first use. */
  of(key: string): PrimaryRecord {
    let record = this.records.get(key);
    if (record === undefined) {
      record = { copies: new Map(), unrestorable: new Set(), writes: new OwnedWrites() };
      this.records.set(key, record);
    }
    return record;
  }

  /** Drops the record of a deleted Canary. */
  forget(key: string): void {
    this.records.delete(key);
  }
}
