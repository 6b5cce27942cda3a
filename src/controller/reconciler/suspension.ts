import type { Canary } from '../../api/canary-types.ts';
import type { ReadyState } from './conditions.ts';
import { ReadyReason } from './conditions.ts';
import { pendingAction } from './operator-actions.ts';

/** True when `spec.suspend` stops the controller from acting on the Canary. */
export function isSuspended(canary: Canary): boolean {
  return canary.spec.suspend === true;
}

/**
 * The Ready condition of a suspended Canary: it says what is held (phase and weight are kept, as
 * Flagger keeps the phase), how to resume, and that a pending action annotation waits for it.
 */
export function suspendedReady(canary: Canary): ReadyState {
  const status = canary.status ?? {};
  const held = status.phase === undefined ? 'nothing has started yet' : `phase ${status.phase} and canary weight ${status.canaryWeight ?? 0}% are held`;
  const action = pendingAction(canary);
  const waiting = action === null ? '' : `; annotation ${action.annotation} is kept and acted on after resuming`;
  return {
    status: 'False',
    reason: ReadyReason.Suspended,
    message: `spec.suspend is true: no analysis, traffic or scaling changes; ${held}. Set spec.suspend to false to resume from the persisted state${waiting}`,
  };
}
