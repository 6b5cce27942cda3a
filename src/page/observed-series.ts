/**
 * What the page itself has seen of each Canary over time: weight samples and every
 * check measurement that appeared in `status.checks`. The status only holds the latest
 * measurement, so this series starts when the page process starts; before that, only
 * `status.history` (weights at transitions) is known.
 */
import type { Canary, CheckStatus } from '../api/canary-types.ts';
import { statePathOf } from '../../machines/persistence.ts';

/** The canary weight and phase at one moment. */
export interface WeightSample {
  time: string;
  weight: number;
  phase: string;
  state: string;
}

/** One measurement of one check. */
export interface CheckSample {
  time: string;
  value: number | null;
  min: number | null;
  max: number | null;
  verdict: string;
  message: string;
  query: string;
}

/** How much is kept in memory. */
export interface SeriesLimits {
  weightSamples: number;
  samplesPerCheck: number;
  checksPerCanary: number;
}

/** Defaults: roughly two hours of 30 s ticks per check, at most 20 checks per Canary. */
export const DEFAULT_SERIES_LIMITS: SeriesLimits = Object.freeze({ weightSamples: 500, samplesPerCheck: 240, checksPerCanary: 20 });

interface CanarySeries {
  weights: WeightSample[];
  checks: Map<string, CheckSample[]>;
}

function keyOf(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

function pushBounded<T>(list: T[], item: T, limit: number): void {
  list.push(item);
  if (list.length > limit) list.splice(0, list.length - limit);
}

/** The state path of a Canary's persisted machine, or '' when it has none. */
export function currentStateOf(canary: Canary): string {
  const value = (canary.status?.machine?.snapshot as { value?: unknown } | undefined)?.value;
  if (typeof value === 'string') return value;
  return typeof value === 'object' && value !== null ? statePathOf(value as Record<string, string>) : '';
}

function weightSampleOf(canary: Canary, now: string): WeightSample {
  const status = canary.status ?? {};
  return { time: now, weight: status.canaryWeight ?? 0, phase: status.phase ?? '', state: currentStateOf(canary) };
}

function checkSampleOf(check: CheckStatus, now: string): CheckSample {
  return {
    time: check.time ?? now,
    value: check.value ?? null,
    min: check.thresholdMin ?? null,
    max: check.thresholdMax ?? null,
    verdict: check.verdict,
    message: check.message ?? '',
    query: check.query ?? '',
  };
}

function sameMoment(a: WeightSample | undefined, b: WeightSample): boolean {
  return a !== undefined && a.weight === b.weight && a.phase === b.phase && a.state === b.state;
}

/** Bounded per-Canary series, fed by `observe` with every Canary update the page sees. */
export class ObservedSeries {
  private readonly series = new Map<string, CanarySeries>();

  /** When observation began: nothing earlier than this is in the series. */
  readonly since: string;

  constructor(now: string, private readonly limits: SeriesLimits = DEFAULT_SERIES_LIMITS) {
    this.since = now;
  }

  /** Records what is new in the Canary's status at `now`; returns true when something was added. */
  observe(canary: Canary, now: string): boolean {
    const key = keyOf(canary.metadata.namespace ?? 'default', canary.metadata.name);
    const entry = this.series.get(key) ?? { weights: [], checks: new Map<string, CheckSample[]>() };
    this.series.set(key, entry);
    const sample = weightSampleOf(canary, now);
    let added = false;
    if (!sameMoment(entry.weights.at(-1), sample)) {
      pushBounded(entry.weights, sample, this.limits.weightSamples);
      added = true;
    }
    return this.observeChecks(entry, canary, now) || added;
  }

  /** Drops everything kept about a Canary. */
  forget(namespace: string, name: string): void {
    this.series.delete(keyOf(namespace, name));
  }

  /** The weight samples seen, oldest first. */
  weights(namespace: string, name: string): readonly WeightSample[] {
    return this.series.get(keyOf(namespace, name))?.weights ?? [];
  }

  /** Each check's measurements seen, oldest first, by check name. */
  checks(namespace: string, name: string): Readonly<Record<string, readonly CheckSample[]>> {
    const checks = this.series.get(keyOf(namespace, name))?.checks;
    return checks === undefined ? {} : Object.fromEntries(checks);
  }

  private observeChecks(entry: CanarySeries, canary: Canary, now: string): boolean {
    let added = false;
    for (const check of canary.status?.checks ?? []) {
      const list = entry.checks.get(check.name) ?? [];
      const sample = checkSampleOf(check, now);
      // The same measurement is seen on every status write until the next tick replaces it.
      if (list.at(-1)?.time === sample.time) continue;
      if (list.length === 0 && entry.checks.size >= this.limits.checksPerCanary) continue;
      entry.checks.set(check.name, list);
      pushBounded(list, sample, this.limits.samplesPerCheck);
      added = true;
    }
    return added;
  }
}
