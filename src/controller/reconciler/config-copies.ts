import type { Canary } from '../../api/canary-types.ts';
import type { ConfigReference } from '../k8s-objects/config-references.ts';
import type { ConfigObject } from '../k8s-objects/config-tracking.ts';
import { configDigest, primaryConfigCopy, primaryConfigName } from '../k8s-objects/config-tracking.ts';
import { ResourceKinds } from '../runtime/resource-kinds.ts';
import { apiErrorCode } from './cluster-api.ts';
import type { ConvergeDeps } from './owned-objects.ts';
import { ConvergeError } from './owned-objects.ts';
import { cacheKindOf } from './tracked-configs.ts';
import type { Repair, RepairSink } from './drift-repairs.ts';
import type { PrimaryRecord } from './primary-records.ts';

/** The merge patch that turns `current` (keys as cached) into `wanted`: keys gone from `wanted` are nulled. */
export function replacingPatch(current: Record<string, string> | undefined, wanted: Record<string, string> | undefined): Record<string, string | null> {
  const patch: Record<string, string | null> = { ...(wanted ?? {}) };
  for (const key of Object.keys(current ?? {})) if (!(key in patch)) patch[key] = null;
  return patch;
}

function copyPatch(current: ConfigObject, wanted: ConfigObject): object {
  const patch: Record<string, unknown> = {
    metadata: { labels: wanted.metadata?.labels, ownerReferences: wanted.metadata?.ownerReferences },
    data: replacingPatch(current.data, wanted.data),
  };
  if (wanted.binaryData !== undefined) patch.binaryData = replacingPatch(current.binaryData, wanted.binaryData);
  return patch;
}

/** True when the cached copy already holds the source's data (both cached as digests, so equal data gives equal digests). */
function upToDate(source: ConfigObject | undefined, copy: ConfigObject | undefined): boolean {
  return source !== undefined && copy !== undefined && configDigest(source) === configDigest(copy);
}

async function copyOne(deps: ConvergeDeps, canary: Canary, ref: ConfigReference): Promise<number> {
  const namespace = canary.metadata.namespace ?? 'default';
  const kind = cacheKindOf(ref.kind);
  const copyName = primaryConfigName(ref.name);
  const cachedCopy = deps.cached(kind, namespace, copyName) as ConfigObject | undefined;
  if (upToDate(deps.cached(kind, namespace, ref.name) as ConfigObject | undefined, cachedCopy)) return 0;
  const source = await deps.api.readConfig(kind, namespace, ref.name);
  if (source === undefined) {
    throw new ConvergeError('ConfigNotFound', `cannot copy ${kind} ${namespace}/${ref.name} to ${copyName}: it does not exist (the primary's pod template references the copy)`);
  }
  const wanted = primaryConfigCopy(source, ref, canary);
  deps.fence();
  if (cachedCopy === undefined) {
    try {
      const created = await deps.api.create(ResourceKinds[kind], namespace, wanted);
      deps.writes?.wrote(kind, copyName, created.metadata?.resourceVersion);
      return 1;
    } catch (err: unknown) {
      // The cache has not seen a copy written by an earlier pass yet: overwrite it below.
      if (apiErrorCode(err) !== 409) throw err;
    }
  }
  await deps.api.mergePatch(ResourceKinds[kind], namespace, copyName, copyPatch(cachedCopy ?? {}, wanted));
  return 1;
}

/**
 * Makes `<name>-primary` hold the current data of every tracked config (read from the API: the
 * caches keep digests only); a copy whose cached digest already matches is left alone. Returns the
 * number of writes.
 */
export async function copyTrackedConfigs(deps: ConvergeDeps, canary: Canary, refs: readonly ConfigReference[]): Promise<number> {
  let writes = 0;
  for (const ref of refs) writes += await copyOne(deps, canary, ref);
  return writes;
}

/** What restoring deleted copies depends on. */
export interface CopyRestoreFacts {
  /** The target is at the promoted revision (or nothing was promoted yet): its configs hold the primary's data. */
  sourcesArePromoted: boolean;
  record: PrimaryRecord;
  repaired?: RepairSink | undefined;
}

type CopyVerdict = 'present' | 'restore' | 'skip' | 'unrestorable';

/** Notes a copy found in the cache: it is the copy to restore later, and any write of it has been seen. */
function notePresent(deps: ConvergeDeps, facts: CopyRestoreFacts, copy: { kind: string; name: string; cached: ConfigObject }): void {
  const version = copy.cached.metadata?.resourceVersion;
  const copyKey = `${copy.kind}/${copy.name}`;
  deps.writes?.isStale(copy.kind, copy.name, typeof version === 'string' ? version : undefined);
  facts.record.copies.set(copyKey, copy.cached);
  facts.record.unrestorable.delete(copyKey);
}

function copyVerdict(deps: ConvergeDeps, namespace: string, ref: ConfigReference, facts: CopyRestoreFacts): CopyVerdict {
  const kind = cacheKindOf(ref.kind);
  const copyName = primaryConfigName(ref.name);
  const copyKey = `${kind}/${copyName}`;
  const cachedCopy = deps.cached(kind, namespace, copyName) as ConfigObject | undefined;
  if (cachedCopy !== undefined) {
    notePresent(deps, facts, { kind, name: copyName, cached: cachedCopy });
    return 'present';
  }
  // Written by an earlier pass moments ago and not cached yet: the cache lags, nothing was deleted.
  if (deps.writes?.awaitsCache(kind, copyName) === true) return 'skip';
  const lastSeen = facts.record.copies.get(copyKey);
  // Never seen: either a config only the revision in flight references, or a restart; the source
  // is only trusted when it is the promoted revision's.
  if (lastSeen === undefined) return facts.sourcesArePromoted ? 'restore' : 'skip';
  const source = deps.cached(kind, namespace, ref.name) as ConfigObject | undefined;
  if (source !== undefined && configDigest(source) === configDigest(lastSeen)) return 'restore';
  return facts.record.unrestorable.has(copyKey) ? 'skip' : 'unrestorable';
}

function unrestorableNote(namespace: string, ref: ConfigReference): Repair {
  const kind = cacheKindOf(ref.kind);
  const copyName = primaryConfigName(ref.name);
  return {
    kind, name: copyName, failed: true,
    what: `cannot restore it: ${kind} ${namespace}/${ref.name} changed since the copy was made (the revision in flight changed it), so the promoted data exists nowhere else; the next promotion writes the copy again, or recreate ${copyName} by hand`,
  };
}

/**
 * Recreates `-primary` copies that were deleted, from their source only when the source still holds
 * the data the copy had (same digest) or the target is at the promoted revision; reports a copy
 * that cannot be restored once. Reads the source from the API only to restore. Returns the number of writes.
 */
export async function restoreDeletedCopies(deps: ConvergeDeps, canary: Canary, refs: readonly ConfigReference[], facts: CopyRestoreFacts): Promise<number> {
  const namespace = canary.metadata.namespace ?? 'default';
  let writes = 0;
  for (const ref of refs) {
    const verdict = copyVerdict(deps, namespace, ref, facts);
    if (verdict === 'unrestorable') {
      facts.record.unrestorable.add(`${cacheKindOf(ref.kind)}/${primaryConfigName(ref.name)}`);
      facts.repaired?.(unrestorableNote(namespace, ref));
    }
    if (verdict !== 'restore') continue;
    writes += await copyOne(deps, canary, ref);
    facts.repaired?.({ kind: cacheKindOf(ref.kind), name: primaryConfigName(ref.name), what: `it was missing; copied again from ${ref.name}` });
  }
  return writes;
}
