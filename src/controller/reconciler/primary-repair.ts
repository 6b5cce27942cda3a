// Decides what `<target>-primary` must run and whether the live one drifted from it. The target
// only holds the newest template, so while another revision is in flight (or failed) the promoted
// template has to come from what this controller recorded when it last wrote or saw the primary.
import type { Deployment, PodTemplate } from '../k8s-objects/object-shapes.ts';
import { REVISION_ANNOTATION } from '../k8s-objects/primary-deployment.ts';
import { coveredBy, mergePatchBetween } from './merge-patch.ts';
import { primaryRevisionOf } from './workload-readiness.ts';

/** A revision and the pod template the primary runs for it (already in primary form). */
export interface PrimarySpec {
  revision: string;
  template: PodTemplate;
  /** Whether the template was built from the target now (its tracked configs hold this revision's data). */
  fromTarget: boolean;
}

/** What deciding the primary's template depends on. */
export interface WantedPrimaryFacts {
  /** The machine is promoting: the primary takes the target's revision. */
  promoting: boolean;
  targetRevision: string;
  promotedRevision: string | null;
  /** What this controller recorded for the primary, if anything. */
  recorded: PrimarySpec | undefined;
  live: Deployment | undefined;
  /** Builds the primary-form template from the target's current template. */
  buildFromTarget(): PodTemplate;
}

/**
 * The template the primary must run: the target's while promoting, while nothing was promoted yet
 * and while the target is at the promoted revision; otherwise the promoted revision's as recorded,
 * or as the live primary carries it (after a restart). Null when the promoted template is unknown.
 */
export function wantedPrimary(facts: WantedPrimaryFacts): PrimarySpec | null {
  const { promotedRevision, recorded } = facts;
  if (facts.promoting || promotedRevision === null || facts.targetRevision === promotedRevision) {
    if (recorded?.revision === facts.targetRevision && recorded.fromTarget) return recorded;
    return { revision: facts.targetRevision, template: facts.buildFromTarget(), fromTarget: true };
  }
  return recorded?.revision === promotedRevision ? recorded : liveAtRevision(facts.live, promotedRevision);
}

function liveAtRevision(live: Deployment | undefined, revision: string): PrimarySpec | null {
  const template = live?.spec?.template;
  if (template === undefined || primaryRevisionOf(live) !== revision) return null;
  return { revision, template, fromTarget: false };
}

/** The merge patch that puts `wanted` back on a live primary whose template or revision annotation drifted, or null when none did. */
export function templateRepairPatch(live: Deployment, wanted: PrimarySpec): object | null {
  const template = live.spec?.template;
  if (primaryRevisionOf(live) === wanted.revision && coveredBy(template, wanted.template)) return null;
  return {
    metadata: { annotations: { [REVISION_ANNOTATION]: wanted.revision } },
    spec: { template: mergePatchBetween(template, wanted.template) ?? {} },
  };
}

/**
 * The replica count to restore on a live primary, or null to leave it: only a primary scaled to 0
 * is restored (it carries all stable traffic); any other count is the HPA's or the operator's.
 */
export function replicasToRestore(live: Deployment, lastKnown: number | undefined, fallback: number): number | null {
  if ((live.spec?.replicas ?? 1) >= 1) return null;
  return Math.max(1, lastKnown ?? fallback);
}
