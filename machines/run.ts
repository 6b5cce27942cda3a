import { initialTransition, transition } from 'xstate';
import { phaseOf } from './desired-state.ts';
import { checkReleaseEvent } from './event-validation.ts';
import { statePathOf } from './persistence.ts';
import { machineFor } from './registry.ts';
import type { ReleaseSnapshot } from './registry.ts';
import { refusalReason } from './refusals.ts';
import { analysisDueTime } from './release-context.ts';
import { ReleaseTag } from './release-types.ts';
import type { ReleaseConfig, ReleaseContext, ReleaseEvent } from './release-types.ts';

/** The outcome of feeding one event to a machine. */
export interface StepResult {
  snapshot: ReleaseSnapshot;
  /** Something a human would see changed: the state, weight, counters, revision or message. */
  changed: boolean;
  /** State path before, like `progressing.analysing`. */
  from: string;
  /** State path after. */
  to: string;
}

/** Whether an event would be taken, and if not, why. */
export type Acceptance = { accepted: true } | { accepted: false; reason: string };

// The context fields that make a step worth a history entry; config and timestamps are not.
const VISIBLE_FIELDS = [
  'revision',
  'promotedRevision',
  'canaryWeight',
  'failedChecks',
  'iterations',
  'message',
] as const satisfies readonly (keyof ReleaseContext)[];

/** The initial snapshot of a strategy's machine: `initializing`, nothing released. */
export function start(strategy: string, config: ReleaseConfig, now: number): ReleaseSnapshot {
  const [snapshot] = initialTransition(machineFor(strategy), { config, now });
  return snapshot;
}

/** The state path of a snapshot, like `waiting` or `progressing.paused`. */
export function stateOf(snapshot: ReleaseSnapshot): string {
  return statePathOf(snapshot.value);
}

/** Applies one event with XState's pure `transition`; throws ReleaseEventError for a malformed event. */
export function step(snapshot: ReleaseSnapshot, event: ReleaseEvent): StepResult {
  const checked = checkReleaseEvent(event);
  const [next] = transition(snapshot.machine, snapshot, checked);
  const from = stateOf(snapshot);
  const to = stateOf(next);
  const changed = from !== to || VISIBLE_FIELDS.some((field) => snapshot.context[field] !== next.context[field]);
  return { snapshot: next, changed, from, to };
}

/** Whether the machine takes the event now; a refusal carries a reason for the operator. */
export function canAccept(snapshot: ReleaseSnapshot, event: ReleaseEvent): Acceptance {
  const checked = checkReleaseEvent(event);
  if (snapshot.can(checked)) return { accepted: true };
  return { accepted: false, reason: refusalReason(snapshot, checked, phaseOf(snapshot)) };
}

/**
 * When the next TICK should carry analysis (epoch ms), or null when the
 * current state does not analyse. Before an attempt's first analysis it is
 * due from the moment the state was entered.
 */
export function analysisDueAt(snapshot: ReleaseSnapshot): number | null {
  if (!snapshot.hasTag(ReleaseTag.Analysing)) return null;
  const context = snapshot.context;
  const due = analysisDueTime(context, context.config);
  // "At once" is the moment the state was entered.
  return Number.isFinite(due) ? due : context.lastTransitionAt;
}
