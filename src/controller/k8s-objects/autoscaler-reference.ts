// Checks `spec.autoscalerRef` against the cluster before anything is built from it, so a wrong
// reference stops the Canary with one precise message instead of a half-made primary.
import type { Canary } from '../../api/canary-types.ts';
import type { HorizontalPodAutoscaler } from './primary-autoscaler.ts';
import { primaryBounds } from './primary-autoscaler.ts';
import { ObjectBuildError } from './ownership.ts';

/** Why an autoscalerRef cannot be used. */
export const AutoscalerProblem = Object.freeze({
  NotFound: 'AutoscalerNotFound',
  Invalid: 'AutoscalerInvalid',
} as const);
export type AutoscalerProblem = (typeof AutoscalerProblem)[keyof typeof AutoscalerProblem];

/** The user's HPA when the reference is usable, or why it is not. */
export type AutoscalerCheck =
  | { ok: true; hpa: HorizontalPodAutoscaler }
  | { ok: false; reason: AutoscalerProblem; message: string };

/** Reads a cached HPA. */
export type AutoscalerLookup = (namespace: string, name: string) => HorizontalPodAutoscaler | undefined;

// Every served autoscaling version names the same stored object; Glidepath reads it as v2.
const SUPPORTED_API_VERSIONS: readonly string[] = Object.freeze(['autoscaling/v2', 'autoscaling/v2beta2', 'autoscaling/v2beta1', 'autoscaling/v1']);

function invalid(message: string): AutoscalerCheck {
  return { ok: false, reason: AutoscalerProblem.Invalid, message };
}

function referenceProblem(kind: string, apiVersion: string): string | null {
  if (kind !== 'HorizontalPodAutoscaler') return `spec.autoscalerRef.kind: Unsupported value "${kind}": supported values: "HorizontalPodAutoscaler"`;
  if (!SUPPORTED_API_VERSIONS.includes(apiVersion)) {
    return `spec.autoscalerRef.apiVersion: Unsupported value "${apiVersion}": supported values: ${SUPPORTED_API_VERSIONS.map((v) => `"${v}"`).join(', ')}`;
  }
  return null;
}

function targetProblem(hpa: HorizontalPodAutoscaler, key: string, targetName: string): string | null {
  const ref = hpa.spec?.scaleTargetRef;
  if (ref?.kind === 'Deployment' && ref.name === targetName) return null;
  const scales = ref === undefined ? 'nothing (spec.scaleTargetRef is missing)' : `${ref.kind ?? '<no kind>'}/${ref.name ?? '<no name>'}`;
  return `HorizontalPodAutoscaler ${key} (spec.autoscalerRef.name) scales ${scales}, not the Canary's target Deployment/${targetName}; point its spec.scaleTargetRef at the target`;
}

function boundsProblem(canary: Canary, hpa: HorizontalPodAutoscaler): string | null {
  try {
    primaryBounds(canary, hpa);
    return null;
  } catch (err: unknown) {
    if (err instanceof ObjectBuildError) return err.message;
    throw err;
  }
}

/** Returns null when the Canary has no autoscalerRef, else the referenced HPA or the first reason it cannot be used. */
export function checkAutoscalerRef(canary: Canary, lookup: AutoscalerLookup): AutoscalerCheck | null {
  const ref = canary.spec.autoscalerRef;
  if (ref === undefined) return null;
  const wrongRef = referenceProblem(ref.kind, ref.apiVersion);
  if (wrongRef !== null) return invalid(wrongRef);
  const namespace = canary.metadata.namespace ?? 'default';
  const key = `${namespace}/${ref.name}`;
  const hpa = lookup(namespace, ref.name);
  if (hpa === undefined) {
    return { ok: false, reason: AutoscalerProblem.NotFound, message: `HorizontalPodAutoscaler ${key} (spec.autoscalerRef.name) does not exist; create it or remove spec.autoscalerRef` };
  }
  const problem = targetProblem(hpa, key, canary.spec.targetRef.name) ?? boundsProblem(canary, hpa);
  return problem === null ? { ok: true, hpa } : invalid(problem);
}
