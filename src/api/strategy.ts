/**
 * Which release strategy a Canary uses: `spec.strategy` when given, else
 * Flagger's inference from the analysis fields.
 */
import { Strategy } from '../../machines/release-types.ts';
import type { CanaryAnalysis, CanarySpec } from './canary-types.ts';

function hasMatch(analysis: CanaryAnalysis | undefined): boolean {
  return (analysis?.match?.length ?? 0) > 0;
}

function hasIterations(analysis: CanaryAnalysis | undefined): boolean {
  return (analysis?.iterations ?? 0) > 0;
}

/** The strategy Flagger would pick: match + iterations → abTesting, iterations alone → blueGreen, otherwise canary. */
export function inferStrategy(analysis: CanaryAnalysis | undefined): Strategy {
  if (hasIterations(analysis)) return hasMatch(analysis) ? Strategy.ABTesting : Strategy.BlueGreen;
  return Strategy.Canary;
}

/** The strategy a Canary runs with: the explicit `spec.strategy`, else the inferred one. */
export function resolveStrategy(spec: Pick<CanarySpec, 'strategy' | 'analysis'>): Strategy {
  return spec.strategy ?? inferStrategy(spec.analysis);
}
