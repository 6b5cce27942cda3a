// The `-primary` HorizontalPodAutoscaler: a copy of the user's HPA (named by spec.autoscalerRef)
// that scales `<target>-primary`, so the primary keeps the autoscaling the user configured for the
// target while the target itself becomes the canary.
import type { Canary } from '../../api/canary-types.ts';
import { canaryObjectNames } from './object-names.ts';
import type { OwnedMetadata } from './object-shapes.ts';
import { ObjectBuildError, ownedMetadata } from './ownership.ts';

/** The API version Glidepath reads and writes HorizontalPodAutoscalers in. */
export const HPA_API_VERSION = 'autoscaling/v2';

/** The `scaleTargetRef` of an HPA. */
export interface ScaleTargetRef {
  apiVersion?: string;
  kind?: string;
  name?: string;
}

/** A HorizontalPodAutoscaler as read from the cluster (plain JSON; unknown fields pass through). */
export interface HorizontalPodAutoscaler {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; [field: string]: unknown };
  spec?: { scaleTargetRef?: ScaleTargetRef; minReplicas?: number; maxReplicas?: number; [field: string]: unknown };
  status?: Record<string, unknown>;
}

/** A HorizontalPodAutoscaler as Glidepath writes it. */
export interface HorizontalPodAutoscalerManifest {
  apiVersion: typeof HPA_API_VERSION;
  kind: 'HorizontalPodAutoscaler';
  metadata: OwnedMetadata;
  spec: { scaleTargetRef: Required<ScaleTargetRef>; minReplicas: number; maxReplicas: number; [field: string]: unknown };
}

/** The replica range an HPA keeps its target in. */
export interface ReplicaBounds {
  min: number;
  max: number;
}

/** Annotations that belong to the user's object, never copied to the primary's HPA. */
const DROPPED_ANNOTATIONS: ReadonlySet<string> = new Set(['kubectl.kubernetes.io/last-applied-configuration']);

/** Returns `<autoscalerRef.name>-primary`, or undefined when the Canary has no autoscalerRef. */
export function primaryAutoscalerName(canary: Canary): string | undefined {
  const ref = canary.spec.autoscalerRef;
  return ref === undefined ? undefined : `${ref.name}-primary`;
}

/**
 * Returns the bounds of the primary's HPA: `primaryScalerReplicas` where given, else the user's
 * HPA (minReplicas defaults to 1, as the API server defaults it); throws ObjectBuildError naming
 * the field when they cannot hold (min above max, below 1, missing max).
 */
export function primaryBounds(canary: Canary, hpa: HorizontalPodAutoscaler): ReplicaBounds {
  const override = canary.spec.autoscalerRef?.primaryScalerReplicas ?? {};
  const spec = hpa.spec ?? {};
  const min = override.minReplicas ?? spec.minReplicas ?? 1;
  const max = override.maxReplicas ?? spec.maxReplicas;
  const problem = boundsProblem(min, max);
  if (problem !== null) throw new ObjectBuildError(`HorizontalPodAutoscaler ${hpa.metadata.name} with spec.autoscalerRef.primaryScalerReplicas: ${problem}`);
  return { min, max: max ?? min };
}

function boundsProblem(min: number, max: number | undefined): string | null {
  if (max === undefined) return 'spec.maxReplicas is missing';
  if (!Number.isInteger(min) || min < 1) return `minReplicas must be an integer of at least 1, got ${String(min)}`;
  if (!Number.isInteger(max) || max < min) return `maxReplicas (${String(max)}) must be an integer of at least minReplicas (${String(min)})`;
  return null;
}

/** Returns `replicas` moved into `bounds` (an HPA would move it there at once anyway). */
export function clampToBounds(replicas: number, bounds: ReplicaBounds): number {
  return Math.min(bounds.max, Math.max(bounds.min, replicas));
}

/**
 * Returns `<hpa>-primary`: the user's HPA spec with `scaleTargetRef` pointing at `<target>-primary`
 * and min/max replaced by `primaryScalerReplicas` where given, owned by the Canary.
 */
export function primaryAutoscaler(hpa: HorizontalPodAutoscaler, canary: Canary): HorizontalPodAutoscalerManifest {
  const name = primaryAutoscalerName(canary);
  if (name === undefined) throw new ObjectBuildError(`Canary ${canary.metadata.name}: spec.autoscalerRef is not set`);
  const bounds = primaryBounds(canary, hpa);
  const metadata = ownedMetadata(canary, name, { labels: { ...(hpa.metadata.labels ?? {}) }, annotations: copyAnnotations(hpa.metadata.annotations) });
  const target = hpa.spec?.scaleTargetRef;
  return {
    apiVersion: HPA_API_VERSION,
    kind: 'HorizontalPodAutoscaler',
    metadata,
    spec: {
      ...structuredClone(hpa.spec ?? {}),
      scaleTargetRef: { apiVersion: target?.apiVersion ?? 'apps/v1', kind: 'Deployment', name: canaryObjectNames(canary).primaryDeployment },
      minReplicas: bounds.min,
      maxReplicas: bounds.max,
    },
  };
}

function copyAnnotations(annotations: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(annotations ?? {}).filter(([key]) => !DROPPED_ANNOTATIONS.has(key)));
}
