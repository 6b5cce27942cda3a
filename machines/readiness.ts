import type { ReleaseContext, TickEvent } from './release-types.ts';

/**
 * What a state waits for before it may act, and what the progress deadline
 * measures: the primary alone (bootstrap), both workloads (analysis), or the
 * primary running the released revision (promotion).
 */
export const Watch = Object.freeze({
  Primary: 'primary',
  Workloads: 'workloads',
  Promotion: 'promotion',
} as const);
export type Watch = (typeof Watch)[keyof typeof Watch];

/** True when everything the watch covers is ready on this tick. */
export function isSettled(context: ReleaseContext, tick: TickEvent, watch: Watch): boolean {
  switch (watch) {
    case Watch.Primary:
      return tick.primaryReady && tick.primaryRevision !== null;
    case Watch.Workloads:
      return tick.canaryReady && tick.primaryReady;
    case Watch.Promotion:
      return tick.primaryReady && tick.primaryRevision === context.revision;
  }
}

/** How long (ms) the watched workloads have been unready as of this tick; 0 when settled. */
export function unreadyFor(context: ReleaseContext, tick: TickEvent, watch: Watch): number {
  if (isSettled(context, tick, watch)) return 0;
  return tick.now - (context.unreadySince ?? tick.now);
}

/** True when the watched workloads have been unready for longer than the progress deadline. */
export function isPastDeadline(context: ReleaseContext, tick: TickEvent, watch: Watch): boolean {
  return unreadyFor(context, tick, watch) > tick.config.progressDeadlineMs;
}

/** Says what is not ready yet, for status messages. */
export function describeUnready(context: ReleaseContext, tick: TickEvent, watch: Watch): string {
  switch (watch) {
    case Watch.Primary:
      return tick.primaryReady ? 'primary revision not reported yet' : 'primary not ready';
    case Watch.Workloads:
      return [tick.canaryReady ? '' : 'canary not ready', tick.primaryReady ? '' : 'primary not ready']
        .filter((part) => part !== '')
        .join(' and ');
    case Watch.Promotion:
      return tick.primaryReady
        ? `primary runs ${tick.primaryRevision ?? 'no known revision'}, not ${context.revision ?? 'the release'} yet`
        : 'primary not ready';
  }
}
