import type { HistoryStatus } from '../../api/canary-types.ts';
import type { ReleaseSnapshot } from '../../../machines/registry.ts';
import type { StepResult } from '../../../machines/run.ts';
import { desiredStateOf } from '../../../machines/desired-state.ts';
import type { ReleaseEvent } from '../../../machines/release-types.ts';

// A message-only change (a waiting counter ticking) is not worth a history entry.
const COUNTED = ['revision', 'promotedRevision', 'canaryWeight', 'failedChecks', 'iterations'] as const;

function countersMoved(before: ReleaseSnapshot, after: ReleaseSnapshot): boolean {
  return COUNTED.some((field) => before.context[field] !== after.context[field]);
}

/** Extra facts for an entry made by an operator action. */
export interface ActionNote {
  actor: string;
  /** Appended to the message, e.g. the acted-on annotation marker. */
  suffix: string;
}

/**
 * The history entry for one step, or null when nothing a person would care about moved:
 * a state change, a weight step, a failed check or a new revision always count; an
 * operator action always counts.
 */
export function historyEntry(before: ReleaseSnapshot, result: StepResult, event: ReleaseEvent, note?: ActionNote): HistoryStatus | null {
  const moved = result.from !== result.to || countersMoved(before, result.snapshot);
  if (!moved && note === undefined) return null;
  const message = result.snapshot.context.message;
  const entry: HistoryStatus = {
    time: new Date(event.now).toISOString(),
    from: result.from,
    to: result.to,
    event: event.type,
    weight: desiredStateOf(result.snapshot).canaryWeight,
    message: note === undefined ? message : `${message} ${note.suffix}`,
  };
  if (note !== undefined) entry.actor = note.actor;
  return entry;
}
