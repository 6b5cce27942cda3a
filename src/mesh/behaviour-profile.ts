/**
 * How a workload version answers requests, read from its pods' annotations
 * (pods carry their Deployment template's annotations).
 *
 * Latency is log-normal: it is strictly positive and right-skewed like real
 * service latency, and two numbers pin it down exactly. With median m and p99
 * q, mu = ln m and sigma = (ln q - ln m) / z(0.99), z(0.99) = 2.3263.
 */
import { MeshAnnotation } from './annotation-names.ts';
import type { MeshWarning } from './annotation-names.ts';
import type { Prng } from './prng.ts';

/** The parsed behaviour of one workload version. */
export interface BehaviourProfile {
  /** Fraction of requests answered 500, in [0, 1]. */
  readonly errorRate: number;
  readonly latencyMedianMs: number;
  readonly latencyP99Ms: number;
  /** Log-normal parameters derived from the median and p99. */
  readonly mu: number;
  readonly sigma: number;
}

export const ProfileDefaults = Object.freeze({
  errorRate: 0,
  latencyMedianMs: 20,
  /** When only the median is given, p99 is this multiple of it. */
  p99ToMedianRatio: 4,
});

/** The standard normal quantile at 0.99. */
export const Z99 = 2.3263478740408408;

type Annotations = Readonly<Record<string, string>> | undefined;

/** Builds a profile from already validated numbers. */
export function makeProfile(errorRate: number, medianMs: number, p99Ms: number): BehaviourProfile {
  const mu = Math.log(medianMs);
  const sigma = (Math.log(p99Ms) - mu) / Z99;
  return Object.freeze({ errorRate, latencyMedianMs: medianMs, latencyP99Ms: p99Ms, mu, sigma });
}

/** The profile of a workload with no behaviour annotations. */
export const DEFAULT_PROFILE = makeProfile(
  ProfileDefaults.errorRate,
  ProfileDefaults.latencyMedianMs,
  ProfileDefaults.latencyMedianMs * ProfileDefaults.p99ToMedianRatio,
);

interface NumberRule {
  name: string;
  min: number;
  max: number;
  /** Whether `min` itself is allowed. */
  minInclusive: boolean;
}

/** Parses one numeric annotation; returns undefined (and a warning) when absent or invalid. */
function readNumber(annotations: Annotations, rule: NumberRule, warn: (message: string) => void): number | undefined {
  const raw = annotations?.[rule.name];
  if (raw === undefined) return undefined;
  const trimmed = raw.trim();
  const value = trimmed === '' ? Number.NaN : Number(trimmed);
  const aboveMin = rule.minInclusive ? value >= rule.min : value > rule.min;
  if (Number.isFinite(value) && aboveMin && value <= rule.max) return value;
  const lowBound = rule.minInclusive ? `[${rule.min}` : `(${rule.min}`;
  warn(`annotation ${rule.name}=${JSON.stringify(raw)} is not a number in ${lowBound}, ${rule.max}]; using the default`);
  return undefined;
}

const ERROR_RATE_RULE: NumberRule = { name: MeshAnnotation.ErrorRate, min: 0, max: 1, minInclusive: true };
const MEDIAN_RULE: NumberRule = { name: MeshAnnotation.LatencyMs, min: 0, max: 3_600_000, minInclusive: false };
const P99_RULE: NumberRule = { name: MeshAnnotation.LatencyP99Ms, min: 0, max: 3_600_000, minInclusive: false };

/** Reads the behaviour annotations; invalid values produce warnings and fall back to defaults, never an exception. */
export function parseBehaviourProfile(
  annotations: Annotations,
  objectRef: string,
): { profile: BehaviourProfile; warnings: MeshWarning[] } {
  const warnings: MeshWarning[] = [];
  const warn = (message: string): void => {
    warnings.push({ object: objectRef, message });
  };
  const errorRate = readNumber(annotations, ERROR_RATE_RULE, warn) ?? ProfileDefaults.errorRate;
  const median = readNumber(annotations, MEDIAN_RULE, warn);
  let p99 = readNumber(annotations, P99_RULE, warn);
  // A p99 alone below the default median would be contradictory; lower the median to meet it.
  const effectiveMedian = median ?? Math.min(ProfileDefaults.latencyMedianMs, p99 ?? Number.POSITIVE_INFINITY);
  if (p99 !== undefined && p99 < effectiveMedian) {
    warn(`annotation ${MeshAnnotation.LatencyP99Ms}=${p99} is below the median ${effectiveMedian} ms; using the median (constant latency)`);
    p99 = effectiveMedian;
  }
  const effectiveP99 = p99 ?? effectiveMedian * ProfileDefaults.p99ToMedianRatio;
  return { profile: makeProfile(errorRate, effectiveMedian, effectiveP99), warnings };
}

/** Draws one latency in milliseconds from the profile's log-normal distribution. */
export function sampleLatencyMs(profile: BehaviourProfile, prng: Prng): number {
  if (profile.sigma === 0) return profile.latencyMedianMs;
  return Math.exp(profile.mu + profile.sigma * prng.nextNormal());
}
