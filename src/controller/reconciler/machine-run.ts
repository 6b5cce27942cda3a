import type { HistoryStatus } from '../../api/canary-types.ts';
import type { ReleaseSnapshot } from '../../../machines/registry.ts';
import { canAccept, step } from '../../../machines/run.ts';
import type { ReleaseConfig, ReleaseEvent, TickEvent } from '../../../machines/release-types.ts';
import { historyEntry } from './history.ts';
import type { PendingAction } from './operator-actions.ts';
import { actionMarker } from './operator-actions.ts';

/** What feeding one operator action gave. */
export type ActionOutcome = { accepted: true } | { accepted: false; reason: string };

/**
 * The events of one reconcile pass applied in order to the restored snapshot (an operator
 * action, a new revision, then one TICK), collecting the history they make. Pure: nothing is
 * written until the caller persists `snapshot`.
 */
export class MachineRun {
  readonly history: HistoryStatus[] = [];

  constructor(public snapshot: ReleaseSnapshot) {}

  private apply(event: ReleaseEvent, entryNote?: { actor: string; suffix: string }): void {
    const before = this.snapshot;
    const result = step(before, event);
    const entry = historyEntry(before, result, event, entryNote);
    if (entry !== null) this.history.push(entry);
    this.snapshot = result.snapshot;
  }

  /** Feeds an operator action if the machine takes it; a refusal carries the machine's reason. */
  action(action: PendingAction, now: number): ActionOutcome {
    const event: ReleaseEvent = { type: action.type, now, actor: action.actor };
    const acceptance = canAccept(this.snapshot, event);
    if (!acceptance.accepted) return acceptance;
    this.apply(event, { actor: action.actor, suffix: actionMarker(action) });
    return { accepted: true };
  }

  /** Feeds NEW_REVISION when the target's revision differs from the machine's and the machine takes it (a return to the promoted revision withdraws). */
  newRevision(revision: string, config: ReleaseConfig, now: number): boolean {
    if (revision === this.snapshot.context.revision) return false;
    const event: ReleaseEvent = { type: 'NEW_REVISION', now, revision, config };
    if (!canAccept(this.snapshot, event).accepted) return false;
    this.apply(event);
    return true;
  }

  /** Feeds the pass's one TICK. */
  tick(event: TickEvent): void {
    this.apply(event);
  }
}
