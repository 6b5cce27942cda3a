import { tickOf } from './release-context.ts';
import type { ContextUpdate } from './release-context.ts';
import type { ReleaseContext, ReleaseEvent } from './release-types.ts';

const ALL_TRAFFIC = 100;

/**
 * Blue/green promotion sends all traffic to the canary while the primary
 * takes the new template, but only once the canary is ready: switching to a
 * canary that is still scaling up (after a PROMOTE from `waiting`) would drop
 * every request.
 */
export function switchTraffic(context: ReleaseContext, event: ReleaseEvent): ContextUpdate {
  const ready = tickOf(event)?.canaryReady ?? context.canaryReady;
  return { canaryWeight: ready ? ALL_TRAFFIC : 0 };
}
