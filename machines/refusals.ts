import type { ReleaseSnapshot } from './registry.ts';
import { ReleaseTag } from './release-types.ts';
import type { ReleaseEvent } from './release-types.ts';

/**
 * Why a machine will not take an event in its current state, in words an
 * operator can act on. Only consulted after `snapshot.can(event)` said no.
 */

type Situation = 'initializing' | 'at rest' | 'waiting' | 'analysing' | 'paused' | 'awaiting promotion' | 'promoting';

function situationOf(snapshot: ReleaseSnapshot): Situation {
  if (snapshot.matches('initializing')) return 'initializing';
  if (snapshot.matches('waiting')) return 'waiting';
  if (snapshot.hasTag(ReleaseTag.Paused)) return 'paused';
  if (snapshot.matches('waitingPromotion')) return 'awaiting promotion';
  if (snapshot.hasTag(ReleaseTag.Analysing)) return 'analysing';
  if (snapshot.matches('promoting') || snapshot.matches('finalising')) return 'promoting';
  return 'at rest';
}

const GENERAL: Readonly<Record<Situation, string>> = Object.freeze({
  initializing: 'the primary is still being set up',
  'at rest': 'nothing is progressing',
  waiting: 'the release waits for confirm-rollout',
  analysing: 'the release is being analysed',
  paused: 'the release is paused',
  'awaiting promotion': 'analysis is complete and waits for confirm-promotion',
  promoting: 'the primary is already taking the new revision',
});

function pauseReason(situation: Situation): string {
  if (situation === 'paused') return 'the release is already paused';
  if (situation === 'waiting' || situation === 'awaiting promotion') return `${GENERAL[situation]} (promote or abort instead)`;
  return GENERAL[situation];
}

function abortReason(situation: Situation): string {
  return situation === 'promoting' ? `${GENERAL.promoting}; a promotion cannot be undone midway` : GENERAL[situation];
}

function revisionReason(snapshot: ReleaseSnapshot, event: ReleaseEvent, situation: Situation): string {
  if (event.type !== 'NEW_REVISION') return GENERAL[situation];
  const { revision, promotedRevision } = snapshot.context;
  if (event.revision === revision) return `revision ${event.revision} is the current revision`;
  if (event.revision === promotedRevision) return `revision ${event.revision} is already promoted`;
  if (situation === 'promoting') return 'a new revision starts once the promotion completes';
  return GENERAL[situation];
}

function why(snapshot: ReleaseSnapshot, event: ReleaseEvent): string {
  const situation = situationOf(snapshot);
  switch (event.type) {
    case 'PAUSE':
      return pauseReason(situation);
    case 'ABORT':
      return abortReason(situation);
    case 'RESUME':
      return 'the release is not paused';
    case 'RETRY':
      return 'only a failed release can be retried';
    case 'NEW_REVISION':
      return revisionReason(snapshot, event, situation);
    default:
      return GENERAL[situation];
  }
}

/** Explains a refusal: "promote is not possible while Succeeded: nothing is progressing". */
export function refusalReason(snapshot: ReleaseSnapshot, event: ReleaseEvent, phase: string): string {
  const verb = event.type.toLowerCase().replace('_', '-');
  const where = snapshot.hasTag(ReleaseTag.Paused) ? `${phase} (paused)` : phase;
  return `${verb} is not possible while ${where}: ${why(snapshot, event)}`;
}
