import { restore } from '../../../machines/persistence.ts';
import type { ReleaseSnapshot } from '../../../machines/registry.ts';

// Context fields that may be null; a merge patch on /status cannot store null, so they come back missing.
const NULLABLE_CONTEXT_FIELDS = ['revision', 'promotedRevision', 'lastAnalysisAt', 'unreadySince', 'canaryQuietSince'] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `status.machine` with the nullable context fields a merge patch dropped put back as null. */
export function withNullsRestored(machine: unknown): unknown {
  if (!isRecord(machine) || !isRecord(machine.snapshot) || !isRecord(machine.snapshot.context)) return machine;
  const context: Record<string, unknown> = { ...machine.snapshot.context };
  for (const field of NULLABLE_CONTEXT_FIELDS) {
    if (!(field in context)) context[field] = null;
  }
  return { ...machine, snapshot: { ...machine.snapshot, context } };
}

/** Restores the snapshot stored in `status.machine`; throws SnapshotError when it cannot be read exactly. */
export function restoreStored(machine: unknown): ReleaseSnapshot {
  return restore(withNullsRestored(machine));
}
