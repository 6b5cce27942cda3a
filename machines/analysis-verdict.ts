import type { CheckResult } from './release-types.ts';

/** What one analysis tick concluded, before any counter is touched. */
export const Outcome = Object.freeze({
  Passed: 'passed',
  Failed: 'failed',
  Inconclusive: 'inconclusive',
} as const);
export type Outcome = (typeof Outcome)[keyof typeof Outcome];

/** The checks of one analysis tick, judged together. */
export interface AnalysisVerdict {
  outcome: Outcome;
  /** `pre-rollout` on a revision's first analysis tick, `analysis` afterwards. */
  stage: 'pre-rollout' | 'analysis';
  /** Checks whose verdict was Failed or Error. */
  failed: CheckResult[];
  /** Checks whose verdict was Inconclusive. */
  inconclusive: CheckResult[];
}

const PRE_ROLLOUT_KIND = 'pre-rollout';

/**
 * Judges a tick's checks: any Failed or Error fails the tick, otherwise any
 * Inconclusive holds it, otherwise (including no checks at all) it passes.
 * Until the pre-rollout webhooks have passed only they are judged, because
 * the canary has had no traffic to measure yet; afterwards they are ignored.
 */
export function judgeChecks(checks: readonly CheckResult[], preRolloutDone: boolean): AnalysisVerdict {
  const stage = preRolloutDone ? 'analysis' : 'pre-rollout';
  const relevant = checks.filter((check) => (check.kind === PRE_ROLLOUT_KIND) !== preRolloutDone);
  const failed = relevant.filter((check) => check.verdict === 'Failed' || check.verdict === 'Error');
  const inconclusive = relevant.filter((check) => check.verdict === 'Inconclusive');
  const outcome = failed.length > 0 ? Outcome.Failed : inconclusive.length > 0 ? Outcome.Inconclusive : Outcome.Passed;
  return { outcome, stage, failed, inconclusive };
}

/** Names the checks behind a verdict, for status messages ("'latency' (Failed: p99 812ms > 500ms)"). */
export function describeChecks(checks: readonly CheckResult[]): string {
  return checks.map(describeCheck).join(', ');
}

function describeCheck(check: CheckResult): string {
  const detail = check.message === undefined || check.message === '' ? check.verdict : `${check.verdict}: ${check.message}`;
  return `'${check.name}' (${detail})`;
}
