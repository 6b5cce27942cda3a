import type { Canary } from '../../api/canary-types.ts';
import type { ConfigReference } from './config-references.ts';
import { withPrimaryConfigRefs } from './config-tracking.ts';
import { canaryObjectNames } from './object-names.ts';
import type { Deployment, DeploymentManifest, PodTemplate } from './object-shapes.ts';
import { ObjectBuildError, ownedMetadata } from './ownership.ts';
import type { SelectorLabel } from './selector-label.ts';
import { selectorLabel } from './selector-label.ts';

/** Annotation on the primary Deployment naming the revision (template hash of the target) it runs. */
export const REVISION_ANNOTATION = 'glidepath.dev/revision';

/** Metadata that belongs to the user's object or to the API server, never copied to the primary. */
const DROPPED_ANNOTATIONS: ReadonlySet<string> = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  'deployment.kubernetes.io/revision',
]);

export interface PrimaryOptions {
  /** Replicas for the primary; defaults to the target's replicas (at least 1), e.g. the autoscaler's minimum when one is used. */
  replicas?: number;
  /** The revision whose template the primary takes, recorded in an annotation. */
  revision?: string;
  /** Tracked ConfigMaps/Secrets: the primary's template references their `-primary` copies. */
  trackedConfigs?: readonly Pick<ConfigReference, 'kind' | 'name'>[];
}

/** What the primary's pod template is built from besides the target's template. */
export type PrimaryTemplateOptions = Pick<PrimaryOptions, 'revision' | 'trackedConfigs'>;

/**
 * Returns `<target>-primary`: a copy of the target's spec whose selector label value carries the
 * `-primary` suffix (in the selector, the pod template and the Deployment's labels), owned by the Canary.
 */
export function primaryDeployment(target: Deployment, canary: Canary, options: PrimaryOptions = {}): DeploymentManifest {
  const template = target.spec?.template;
  if (!template) throw new ObjectBuildError(`Deployment ${target.metadata.name}: spec.template is missing`);
  const label = selectorLabel(target);
  const names = canaryObjectNames(canary);
  const metadata = ownedMetadata(canary, names.primaryDeployment, { labels: primaryLabels(target.metadata.labels, label) });
  const annotations = copyAnnotations(target.metadata.annotations);
  if (options.revision !== undefined) annotations[REVISION_ANNOTATION] = options.revision;
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
  const rest = withoutKeys(target.spec ?? {}, ['replicas', 'selector', 'template']);
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata,
    spec: {
      ...structuredClone(rest),
      replicas: primaryReplicas(target, options.replicas),
      selector: { matchLabels: primaryLabels(target.spec?.selector?.matchLabels, label) },
      template: primaryTemplate(template, label, options),
    },
  };
}

/**
 * Returns the pod template the primary runs for `template`: the same, with the selector label
 * suffixed and tracked configs renamed to their `-primary` copies. With tracked configs the
 * template also carries the revision, so a config-only release still rolls the primary's pods.
 */
export function primaryTemplate(template: PodTemplate, label: SelectorLabel, options: PrimaryTemplateOptions = {}): PodTemplate {
  const tracked = options.trackedConfigs ?? [];
  const copy = withPrimaryConfigRefs(template, tracked);
  const meta = withoutKeys(copy.metadata ?? {}, ['creationTimestamp']);
  const metadata = { ...meta, labels: primaryLabels(copy.metadata?.labels, label) };
  if (tracked.length > 0 && options.revision !== undefined) metadata.annotations = { ...(meta.annotations ?? {}), [REVISION_ANNOTATION]: options.revision };
  return { ...copy, metadata };
}

function withoutKeys<T extends object>(obj: T, keys: readonly string[]): Partial<T> {
  return Object.fromEntries(Object.entries(obj).filter(([key]) => !keys.includes(key))) as Partial<T>;
}

function primaryLabels(labels: Record<string, string> | undefined, label: SelectorLabel): Record<string, string> {
  return { ...(labels ?? {}), [label.key]: label.primaryValue };
}

function copyAnnotations(annotations: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(annotations ?? {}).filter(([key]) => !DROPPED_ANNOTATIONS.has(key)));
}

function primaryReplicas(target: Deployment, explicit: number | undefined): number {
  if (explicit !== undefined) {
    if (!Number.isInteger(explicit) || explicit < 0) throw new ObjectBuildError(`primary replicas must be a non-negative integer, got ${String(explicit)}`);
    return explicit;
  }
  // The target sits at 0 between releases; a primary must never be created with no pods.
  const fromTarget = target.spec?.replicas;
  return fromTarget !== undefined && fromTarget > 0 ? fromTarget : 1;
}
