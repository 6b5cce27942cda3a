import type { Canary } from '../../api/canary-types.ts';
import type { JsonPatchOp } from './cluster-api.ts';

/** The finalizer that holds a Canary with `spec.revertOnDeletion` until the workload is handed back. */
export const REVERT_FINALIZER = 'glidepath.dev/finalizer';

/** True when the Canary carries the revert finalizer. */
export function hasRevertFinalizer(canary: Canary): boolean {
  return finalizersOf(canary).includes(REVERT_FINALIZER);
}

function finalizersOf(canary: Canary): readonly string[] {
  const list = canary.metadata.finalizers;
  return Array.isArray(list) ? list.filter((f): f is string => typeof f === 'string') : [];
}

/**
 * The JSON patch that adds the finalizer when `spec.revertOnDeletion` is set and removes it when it
 * is not; null when nothing needs to change. Each patch tests the list it edits, so a concurrent
 * change by someone else makes it fail (and the next pass retries) instead of clobbering theirs.
 */
export function finalizerPatch(canary: Canary): JsonPatchOp[] | null {
  const wanted = canary.spec.revertOnDeletion === true && canary.metadata.deletionTimestamp === undefined;
  const has = hasRevertFinalizer(canary);
  if (wanted === has) return null;
  return wanted ? addPatch(canary) : removeFinalizerPatch(canary);
}

function addPatch(canary: Canary): JsonPatchOp[] {
  if (canary.metadata.finalizers === undefined) return [{ op: 'add', path: '/metadata/finalizers', value: [REVERT_FINALIZER] }];
  return [{ op: 'test', path: '/metadata/finalizers', value: finalizersOf(canary) }, { op: 'add', path: '/metadata/finalizers/-', value: REVERT_FINALIZER }];
}

/** The JSON patch removing the revert finalizer (and only it); null when it is absent. */
export function removeFinalizerPatch(canary: Canary): JsonPatchOp[] | null {
  const index = finalizersOf(canary).indexOf(REVERT_FINALIZER);
  if (index < 0) return null;
  const path = `/metadata/finalizers/${index}`;
  return [{ op: 'test', path, value: REVERT_FINALIZER }, { op: 'remove', path }];
}
