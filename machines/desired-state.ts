import type { ReleaseSnapshot } from './registry.ts';
import { strategyOf } from './registry.ts';
import { Phase, ReleaseTag, Strategy } from './release-types.ts';
import type { DesiredState, ReleaseStateMeta } from './release-types.ts';

const FULL_MIRROR = 100;

function isStateMeta(value: unknown): value is ReleaseStateMeta {
  return typeof value === 'object' && value !== null && 'phase' in value && typeof value.phase === 'string';
}

/** The Flagger phase of a snapshot, read from the `meta` of its deepest active state. */
export function phaseOf(snapshot: ReleaseSnapshot): Phase {
  const metas = Object.values(snapshot.getMeta()).filter(isStateMeta);
  const deepest = metas.at(-1);
  if (deepest === undefined) throw new Error(`state ${JSON.stringify(snapshot.value)} declares no phase in its meta`);
  return deepest.phase;
}

function mirrorWeight(snapshot: ReleaseSnapshot): number {
  const { config } = snapshot.context;
  const analysing = snapshot.hasTag(ReleaseTag.CanaryRunning) && !snapshot.hasTag(ReleaseTag.PromoteTemplate);
  if (!analysing || !config.mirror) return 0;
  return config.mirrorWeight > 0 ? config.mirrorWeight : FULL_MIRROR;
}

/**
 * What the cluster should look like for this snapshot. Pure: the same
 * snapshot always gives the same answer, and only running states send
 * traffic to the canary.
 */
export function desiredStateOf(snapshot: ReleaseSnapshot): DesiredState {
  const canaryRunning = snapshot.hasTag(ReleaseTag.CanaryRunning);
  return {
    canaryWeight: canaryRunning ? snapshot.context.canaryWeight : 0,
    mirrorWeight: mirrorWeight(snapshot),
    routeMatchedToCanary: canaryRunning && strategyOf(snapshot) === Strategy.ABTesting,
    canaryRunning,
    promoteTemplate: snapshot.hasTag(ReleaseTag.PromoteTemplate),
  };
}

/** Flagger's `Promoted` condition status for a phase: True at rest after success, False after failure. */
export function promotedConditionOf(phase: Phase): 'True' | 'False' | 'Unknown' {
  if (phase === Phase.Initialized || phase === Phase.Succeeded) return 'True';
  return phase === Phase.Failed ? 'False' : 'Unknown';
}
