// Repairs of owned objects that someone deleted or edited by hand, reported as Events. A repair is
// only reported when the pass converges to a snapshot already applied before (a persisted machine
// and an observed spec generation): bootstrap creations and spec changes are not drift.
import type { Canary } from '../../api/canary-types.ts';
import type { ResourceKindName } from '../runtime/resource-kinds.ts';
import type { CanaryEventInput } from './canary-events.ts';
import { EventType } from './canary-events.ts';

/** The Event reason of a repair. */
export const RESTORED_REASON = 'Restored';

/** One owned object put back. */
export interface Repair {
  kind: ResourceKindName;
  name: string;
  /** What was wrong and what it was put back to, e.g. "it was deleted". */
  what: string;
  /** The object could not be put back (a Warning `RestoreFailed` instead of a Normal `Restored`). */
  failed?: boolean;
}

/** Collects the repairs a converge step made. */
export type RepairSink = (repair: Repair) => void;

/** The Event reason of an object that could not be put back. */
export const RESTORE_FAILED_REASON = 'RestoreFailed';

/** The Event for one repair: Normal `Restored`, or Warning `RestoreFailed` when it could not be done. */
export function restoredEvent(repair: Repair): CanaryEventInput {
  if (repair.failed === true) return { type: EventType.Warning, reason: RESTORE_FAILED_REASON, message: `${repair.kind} ${repair.name}: ${repair.what}` };
  return { type: EventType.Normal, reason: RESTORED_REASON, message: `${repair.kind} ${repair.name} restored: ${repair.what}` };
}

/** True when writes converging to this Canary's persisted snapshot can only be repairs of drift. */
export function convergesAppliedState(canary: Canary): boolean {
  const status = canary.status;
  if (status?.machine === undefined) return false;
  return status.observedGeneration === (canary.metadata.generation ?? 0);
}

/** The repair note for an object that was created or patched back. */
export function objectRepair(kind: ResourceKindName, name: string, created: boolean, detail = ''): Repair {
  const what = created ? 'it was missing' : 'it differed from the desired state';
  return { kind, name, what: detail === '' ? what : `${what} (${detail})` };
}
