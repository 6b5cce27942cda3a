/**
 * Canary rules a JSON schema cannot express. Each rule takes a spec that
 * already passed the CRD schema (types and ranges hold) and returns one
 * cause per violation, with the field path of the offending value.
 */
import { Strategy } from '../../machines/release-types.ts';
import type { CanaryAnalysis, CanaryMetric, CanarySpec } from './canary-types.ts';
import { DurationError, parseDuration } from './duration.ts';
import {
  duplicateValue,
  forbiddenField,
  invalidValue,
  requiredValue,
  type FieldCause,
} from './field-cause.ts';
import { resolveStrategy } from './strategy.ts';

/** Metric names Glidepath answers itself from Istio telemetry; any other name needs a templateRef or query. */
export const BUILTIN_METRICS: ReadonlySet<string> = new Set(['request-success-rate', 'request-duration']);

/** The shortest analysis or metric interval accepted (Flagger clamps to 10s; short intervals keep tests fast). */
export const MIN_INTERVAL_MS = 1000;

const ANALYSIS = 'spec.analysis';

type Rule = (spec: CanarySpec, analysis: CanaryAnalysis) => FieldCause[];

function durationCauses(field: string, text: string | undefined, minMs: number, minText: string): FieldCause[] {
  if (text === undefined) return [];
  try {
    const ms = parseDuration(text, field);
    return ms < minMs ? [invalidValue(field, text, `must be at least ${minText}`)] : [];
  } catch (error) {
    if (!(error instanceof DurationError)) throw error;
    return [invalidValue(field, text, error.detail)];
  }
}

/** Analysis and metric intervals are durations of at least 1s; webhook timeouts are positive durations. */
export const intervalsAreLongEnough: Rule = (_spec, analysis) => [
  ...durationCauses(`${ANALYSIS}.interval`, analysis.interval, MIN_INTERVAL_MS, '1s'),
  ...(analysis.metrics ?? []).flatMap((metric, i) =>
    durationCauses(`${ANALYSIS}.metrics[${i}].interval`, metric.interval, MIN_INTERVAL_MS, '1s'),
  ),
  ...(analysis.webhooks ?? []).flatMap((hook, i) =>
    durationCauses(`${ANALYSIS}.webhooks[${i}].timeout`, hook.timeout, 1, 'a positive duration'),
  ),
];

/** stepWeights start above 0 and strictly increase. */
export const stepWeightsIncrease: Rule = (_spec, analysis) => {
  const steps = analysis.stepWeights ?? [];
  return steps.flatMap((weight, i) => {
    const field = `${ANALYSIS}.stepWeights[${i}]`;
    const previous = i === 0 ? undefined : steps[i - 1];
    if (previous === undefined) return weight > 0 ? [] : [invalidValue(field, weight, 'the first step must be greater than 0')];
    return weight > previous ? [] : [invalidValue(field, weight, `must be greater than the previous step ${previous} (step weights must increase)`)];
  });
};

function canaryStepCauses(analysis: CanaryAnalysis): FieldCause[] {
  if (analysis.stepWeights !== undefined) return [];
  if (analysis.stepWeight === undefined) {
    return [requiredValue(`${ANALYSIS}.stepWeight`, 'the canary strategy needs stepWeight or stepWeights')];
  }
  return analysis.stepWeight > 0 ? [] : [invalidValue(`${ANALYSIS}.stepWeight`, analysis.stepWeight, 'must be greater than 0 for the canary strategy')];
}

function maxWeightCauses(analysis: CanaryAnalysis): FieldCause[] {
  const { maxWeight, stepWeight, stepWeights } = analysis;
  if (maxWeight === undefined) return [];
  const field = `${ANALYSIS}.maxWeight`;
  if (maxWeight === 0) return [invalidValue(field, maxWeight, 'must be greater than 0 for the canary strategy')];
  const lastStep = stepWeights?.at(-1);
  if (lastStep !== undefined && maxWeight < lastStep) {
    return [invalidValue(field, maxWeight, `must be at least the last of stepWeights (${lastStep})`)];
  }
  if (lastStep === undefined && stepWeight !== undefined && maxWeight < stepWeight) {
    return [invalidValue(field, maxWeight, `must be at least stepWeight (${stepWeight})`)];
  }
  return [];
}

function iterationCauses(strategy: Strategy, analysis: CanaryAnalysis): FieldCause[] {
  if ((analysis.iterations ?? 0) >= 1) return [];
  return [requiredValue(`${ANALYSIS}.iterations`, `the ${strategy} strategy needs iterations of at least 1`)];
}

function matchCauses(analysis: CanaryAnalysis): FieldCause[] {
  if ((analysis.match ?? []).length > 0) return [];
  return [requiredValue(`${ANALYSIS}.match`, 'the abTesting strategy needs at least one match (header, cookie, ...)')];
}

/** Each strategy has the fields it needs: canary steps, blue/green iterations, A/B iterations and match. */
export const strategyHasItsFields: Rule = (spec, analysis) => {
  const strategy = resolveStrategy({ strategy: spec.strategy, analysis });
  if (strategy === Strategy.Canary) return [...canaryStepCauses(analysis), ...maxWeightCauses(analysis)];
  if (strategy === Strategy.BlueGreen) return iterationCauses(strategy, analysis);
  return [...iterationCauses(strategy, analysis), ...matchCauses(analysis)];
};

const FIELD_STRATEGIES: Readonly<Record<string, readonly Strategy[]>> = Object.freeze({
  stepWeight: [Strategy.Canary],
  stepWeights: [Strategy.Canary],
  maxWeight: [Strategy.Canary],
  stepWeightPromotion: [Strategy.Canary],
  iterations: [Strategy.BlueGreen, Strategy.ABTesting],
  match: [Strategy.ABTesting],
});

/** An explicit spec.strategy must not sit beside fields only another strategy uses (the inferred one would differ). */
export const explicitStrategyIsConsistent: Rule = (spec, analysis) => {
  const strategy = spec.strategy;
  if (strategy === undefined) return [];
  return Object.entries(FIELD_STRATEGIES).flatMap(([name, strategies]) => {
    const set = (analysis as Record<string, unknown>)[name] !== undefined;
    if (!set || strategies.includes(strategy)) return [];
    return [forbiddenField(`${ANALYSIS}.${name}`, `spec.strategy is ${strategy}, but ${name} is only used by ${strategies.join(' and ')}`)];
  });
};

function metricSourceCauses(metric: CanaryMetric, field: string): FieldCause[] {
  if (metric.templateRef !== undefined && metric.query !== undefined) {
    return [forbiddenField(`${field}.query`, 'set either templateRef or query, not both')];
  }
  if (BUILTIN_METRICS.has(metric.name) || metric.templateRef !== undefined || metric.query !== undefined) return [];
  const builtins = [...BUILTIN_METRICS].join(', ');
  return [requiredValue(`${field}.templateRef`, `metric "${metric.name}" is not builtin (${builtins}): set templateRef (or the deprecated query)`)];
}

function thresholdCauses(metric: CanaryMetric, field: string): FieldCause[] {
  const range = metric.thresholdRange;
  if (range === undefined || (range.min === undefined && range.max === undefined)) {
    if (metric.threshold !== undefined) return [];
    return [requiredValue(`${field}.thresholdRange`, 'set thresholdRange.min and/or thresholdRange.max, or the check can never fail')];
  }
  if (range.min !== undefined && range.max !== undefined && range.min > range.max) {
    return [invalidValue(`${field}.thresholdRange`, range, `min (${range.min}) must not be greater than max (${range.max})`)];
  }
  return [];
}

/** Metrics have a source (builtin, template or query) and a usable threshold range. */
export const metricsAreJudgeable: Rule = (_spec, analysis) =>
  (analysis.metrics ?? []).flatMap((metric, i) => {
    const field = `${ANALYSIS}.metrics[${i}]`;
    return [...metricSourceCauses(metric, field), ...thresholdCauses(metric, field)];
  });

function duplicateNames(list: readonly { name: string }[], listField: string): FieldCause[] {
  const seen = new Set<string>();
  return list.flatMap((entry, i) => {
    const repeated = seen.has(entry.name);
    seen.add(entry.name);
    return repeated ? [duplicateValue(`${listField}[${i}].name`, entry.name)] : [];
  });
}

/** Metric names are unique, and so are webhook names. */
export const namesAreUnique: Rule = (_spec, analysis) => [
  ...duplicateNames(analysis.metrics ?? [], `${ANALYSIS}.metrics`),
  ...duplicateNames(analysis.webhooks ?? [], `${ANALYSIS}.webhooks`),
];

/** Every semantic rule, in the order their causes are reported. */
export const SEMANTIC_RULES: readonly Rule[] = Object.freeze([
  explicitStrategyIsConsistent,
  strategyHasItsFields,
  stepWeightsIncrease,
  intervalsAreLongEnough,
  metricsAreJudgeable,
  namesAreUnique,
]);

/** Runs every semantic rule on a schema-valid Canary spec; empty when the spec is usable. */
export function checkCanarySemantics(spec: CanarySpec): FieldCause[] {
  const analysis = spec.analysis as CanaryAnalysis | undefined;
  if (analysis === undefined) return [requiredValue(ANALYSIS)];
  return SEMANTIC_RULES.flatMap((rule) => rule(spec, analysis));
}
