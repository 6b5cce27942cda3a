/**
 * From a Canary spec to the ReleaseConfig the machines run on: Flagger's
 * defaults applied, durations in milliseconds, weights as an explicit list.
 */
import { Strategy, type ReleaseConfig } from '../../machines/release-types.ts';
import type { CanaryAnalysis, CanarySpec } from './canary-types.ts';
import { parseDuration } from './duration.ts';
import type { FieldCause } from './field-cause.ts';
import { checkCanarySemantics } from './semantic-rules.ts';
import { resolveStrategy } from './strategy.ts';

/** Defaults for fields a spec may leave out, as Flagger applies them. */
export const RELEASE_DEFAULTS = Object.freeze({
  interval: '60s',
  /** Flagger treats an absent or zero threshold as 1. */
  threshold: 1,
  maxWeight: 100,
  progressDeadlineSeconds: 600,
  /** Mirroring without mirrorWeight mirrors everything (Flagger's blue/green mirror). */
  mirrorWeightWhenMirroring: 100,
  /** The window a metric reads when it names no `interval`. */
  metricInterval: '1m',
});

/** Thrown when a spec cannot drive a release; `causes` holds one entry per problem, each naming its field. */
export class InvalidCanarySpecError extends Error {
  override name = 'InvalidCanarySpecError';
  readonly causes: readonly FieldCause[];

  constructor(causes: readonly FieldCause[]) {
    super(`invalid Canary spec: ${causes.map((cause) => cause.message).join('; ')}`);
    this.causes = causes;
  }
}

/** The canary weights for stepWeight steps up to maxWeight, the last capped at maxWeight: (10, 50) → [10, 20, 30, 40, 50]. */
export function expandStepWeights(stepWeight: number, maxWeight: number): number[] {
  if (!(stepWeight > 0) || !(maxWeight > 0)) return [];
  const steps: number[] = [];
  for (let weight = stepWeight; weight < maxWeight; weight += stepWeight) steps.push(weight);
  steps.push(maxWeight);
  return steps;
}

function stepWeightsOf(strategy: Strategy, analysis: CanaryAnalysis): number[] {
  if (strategy !== Strategy.Canary) return [];
  if (analysis.stepWeights !== undefined) return [...analysis.stepWeights];
  return expandStepWeights(analysis.stepWeight ?? 0, analysis.maxWeight ?? RELEASE_DEFAULTS.maxWeight);
}

function mirrorWeightOf(analysis: CanaryAnalysis): number {
  if (analysis.mirror !== true) return 0;
  return analysis.mirrorWeight ?? RELEASE_DEFAULTS.mirrorWeightWhenMirroring;
}

/** The longest window any metric of the analysis reads, in milliseconds (0 without metrics). */
function metricWindowOf(analysis: CanaryAnalysis): number {
  const windows = (analysis.metrics ?? []).map((metric, i) =>
    parseDuration(metric.interval ?? RELEASE_DEFAULTS.metricInterval, `spec.analysis.metrics[${i}].interval`),
  );
  return Math.max(0, ...windows);
}

/** Derives the machine configuration from a schema-valid spec; throws InvalidCanarySpecError when the semantic rules fail. */
export function toReleaseConfig(spec: CanarySpec): ReleaseConfig {
  const causes = checkCanarySemantics(spec);
  if (causes.length > 0) throw new InvalidCanarySpecError(causes);
  const analysis = spec.analysis;
  const strategy = resolveStrategy(spec);
  const mirrorWeight = mirrorWeightOf(analysis);
  return {
    strategy,
    intervalMs: parseDuration(analysis.interval ?? RELEASE_DEFAULTS.interval, 'spec.analysis.interval'),
    threshold: analysis.threshold !== undefined && analysis.threshold > 0 ? analysis.threshold : RELEASE_DEFAULTS.threshold,
    stepWeights: stepWeightsOf(strategy, analysis),
    stepWeightPromotion: analysis.stepWeightPromotion ?? 0,
    iterations: analysis.iterations ?? 0,
    mirror: mirrorWeight > 0,
    mirrorWeight,
    progressDeadlineMs: (spec.progressDeadlineSeconds ?? RELEASE_DEFAULTS.progressDeadlineSeconds) * 1000,
    skipAnalysis: spec.skipAnalysis ?? false,
    metricWindowMs: metricWindowOf(analysis),
  };
}
