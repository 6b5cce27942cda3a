import { actorOf, eventTime, freshAttempt, tickOf } from './release-context.ts';
import type { ContextUpdate } from './release-context.ts';
import type { ReleaseContext, ReleaseEvent } from './release-types.ts';

function revisionName(revision: string | null): string {
  return revision ?? '(unknown)';
}

/** Stamps the time of a state change; runs as every state's entry action. */
export function stampTransition(context: ReleaseContext, event: ReleaseEvent): ContextUpdate {
  return { lastTransitionAt: eventTime(context, event) };
}

/** The primary is up: its revision is the promoted one and nothing is in flight. */
export function bootstrap(context: ReleaseContext, event: ReleaseEvent): ContextUpdate {
  const revision = tickOf(event)?.primaryRevision ?? null;
  return {
    ...freshAttempt(revision),
    promotedRevision: revision,
    message: `primary ready at revision ${revisionName(revision)}; no release in progress`,
  };
}

/** Starts a release of the event's revision with fresh counters. */
export function startRelease(context: ReleaseContext, event: ReleaseEvent): ContextUpdate {
  if (event.type !== 'NEW_REVISION') return {};
  const next = event.config.skipAnalysis ? 'skipAnalysis is set: promoting without analysis' : 'checking confirm-rollout';
  return { ...freshAttempt(event.revision, context.lastTransitionAt), message: `new revision ${event.revision}: ${next}` };
}

/** Replaces the revision in flight by a newer one: traffic back to the primary, analysis restarts. */
export function supersede(context: ReleaseContext, event: ReleaseEvent): ContextUpdate {
  if (event.type !== 'NEW_REVISION') return {};
  return {
    ...freshAttempt(event.revision, event.now),
    message: `revision ${revisionName(context.revision)} superseded by ${event.revision}: traffic back to the primary, analysis restarts`,
  };
}

/** The target is back at the promoted revision: the release in flight (or failed) is dropped. */
export function withdraw(context: ReleaseContext): ContextUpdate {
  return {
    ...freshAttempt(context.promotedRevision),
    message: `target is back at promoted revision ${revisionName(context.promotedRevision)}: release of ${revisionName(context.revision)} withdrawn`,
  };
}

/** A fresh attempt at the failed revision, asked for by an operator. */
export function retryRelease(context: ReleaseContext, event: ReleaseEvent): ContextUpdate {
  return {
    ...freshAttempt(context.revision, context.lastTransitionAt),
    message: `retry of revision ${revisionName(context.revision)} requested by ${actorOf(event)}`,
  };
}

/** Initialization starts over, asked for by an operator. */
export function retryInitialization(_context: ReleaseContext, event: ReleaseEvent): ContextUpdate {
  return { unreadySince: null, message: `initialization retried by ${actorOf(event)}: waiting for the primary` };
}

/** The confirm-rollout gate opened: the canary scales up. */
export function openRollout(context: ReleaseContext): ContextUpdate {
  return { message: `confirm-rollout passed: starting the canary for revision ${revisionName(context.revision)}` };
}

/** An operator paused the release: traffic holds until RESUME. */
export function pause(context: ReleaseContext, event: ReleaseEvent): ContextUpdate {
  return { message: `paused by ${actorOf(event)} at weight ${context.canaryWeight}%` };
}

/** An operator resumed: the unready clock restarts so the pause does not count against the deadline. */
export function resume(context: ReleaseContext, event: ReleaseEvent): ContextUpdate {
  return { unreadySince: null, message: `resumed by ${actorOf(event)} at weight ${context.canaryWeight}%` };
}

/** An operator aborted: all traffic back to the primary. */
export function abort(_context: ReleaseContext, event: ReleaseEvent): ContextUpdate {
  return { canaryWeight: 0, message: `aborted by ${actorOf(event)}` };
}

/** An operator promoted: the remaining steps and gates are skipped. */
export function promoteByOperator(context: ReleaseContext, event: ReleaseEvent): ContextUpdate {
  return {
    unreadySince: null,
    message: `promoted by ${actorOf(event)} at weight ${context.canaryWeight}%: the primary takes revision ${revisionName(context.revision)}`,
  };
}

/** Analysis is complete (or skipped): the primary takes the canary's template. */
export function beginPromotion(context: ReleaseContext): ContextUpdate {
  return {
    unreadySince: null,
    message: `promoting revision ${revisionName(context.revision)}: the primary takes the canary's template`,
  };
}

/** The primary runs the new revision: all traffic back to it, the canary scales down. */
export function finishPromotion(context: ReleaseContext): ContextUpdate {
  return {
    canaryWeight: 0,
    unreadySince: null,
    message: `primary runs revision ${revisionName(context.revision)}: scaling the canary down`,
  };
}

/** The release is done: the revision is now the promoted one. */
export function complete(context: ReleaseContext): ContextUpdate {
  return { promotedRevision: context.revision, message: `revision ${revisionName(context.revision)} promoted` };
}
