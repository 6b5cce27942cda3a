/**
 * A small driver for release machines in tests: a simulated clock, ticks with
 * healthy defaults, and the desired state after each step. Time only moves
 * when the test says so; nothing sleeps.
 *
 * ```ts
 * const release = Release.of('canary', { stepWeights: [10, 20] }).bootstrapped();
 * release.newRevision('B').tick();       // confirm-rollout opens: progressing
 * release.analyse();                      // pre-rollout passes, weight 10
 * ```
 */
import { expect } from 'chai';
import { desiredStateOf, phaseOf } from '../../machines/desired-state.ts';
import type { ReleaseSnapshot } from '../../machines/registry.ts';
import { analysisDueAt, canAccept, start, stateOf, step } from '../../machines/run.ts';
import type { StepResult } from '../../machines/run.ts';
import type {
  CheckResult,
  DesiredState,
  Gates,
  OperatorEvent,
  Phase,
  ReleaseConfig,
  Strategy,
  TickEvent,
  Verdict,
} from '../../machines/release-types.ts';

export const T0 = 1_700_000_000_000;

/** A valid config for a strategy with small numbers, overridable per test. */
export function configFor(strategy: Strategy, overrides: Partial<ReleaseConfig> = {}): ReleaseConfig {
  return {
    strategy,
    intervalMs: 10_000,
    threshold: 3,
    stepWeights: [10, 20, 30, 40, 50],
    stepWeightPromotion: 0,
    iterations: 3,
    mirror: false,
    mirrorWeight: 0,
    progressDeadlineMs: 60_000,
    skipAnalysis: false,
    ...overrides,
  };
}

export const OPEN_GATES: Gates = Object.freeze({ confirmRollout: true, confirmTrafficIncrease: true, confirmPromotion: true });

/** One check result. */
export function check(name: string, verdict: Verdict, kind = 'metric'): CheckResult {
  return { name, kind, verdict, value: null, message: `${name} is ${verdict}` };
}

/** A running release under test. */
export class Release {
  snapshot: ReleaseSnapshot;
  now = T0;
  config: ReleaseConfig;
  last: StepResult | null = null;

  private constructor(strategy: Strategy, config: ReleaseConfig) {
    this.config = config;
    this.snapshot = start(strategy, config, this.now);
  }

  /** A fresh machine for the strategy, in `initializing`. */
  static of(strategy: Strategy, overrides: Partial<ReleaseConfig> = {}): Release {
    return new Release(strategy, configFor(strategy, overrides));
  }

  /** Moves the simulated clock forward. */
  wait(ms: number): this {
    this.now += ms;
    return this;
  }

  /** The primary revision a healthy cluster reports: the released one once promoting. */
  primaryRevision(): string | null {
    const { revision, promotedRevision } = this.snapshot.context;
    return this.snapshot.matches('promoting') ? revision : (promotedRevision ?? 'A');
  }

  /** A TICK at the current time with a healthy cluster, open gates and no checks, then the overrides. */
  tickEvent(overrides: Partial<TickEvent> = {}): TickEvent {
    return {
      type: 'TICK',
      now: this.now,
      config: this.config,
      canaryReady: true,
      primaryReady: true,
      primaryRevision: this.primaryRevision(),
      checks: [],
      gates: OPEN_GATES,
      rollbackRequested: false,
      ...overrides,
    };
  }

  /** Sends a TICK now (no time passes). */
  tick(overrides: Partial<TickEvent> = {}): this {
    return this.send(this.tickEvent(overrides));
  }

  /** Waits until analysis is due, then sends a TICK carrying `checks`. */
  analyse(checks: CheckResult[] = [], overrides: Partial<TickEvent> = {}): this {
    const due = analysisDueAt(this.snapshot);
    if (due !== null && due > this.now) this.now = due;
    return this.tick({ checks, ...overrides });
  }

  /** Sends a passing analysis tick every interval until the predicate holds; fails after `limit` ticks. */
  analyseUntil(done: (release: Release) => boolean, overrides: Partial<TickEvent> = {}, limit = 50): this {
    for (let i = 0; i < limit && !done(this); i += 1) this.wait(this.config.intervalMs).analyse([], overrides);
    expect(done(this), `condition not reached after ${limit} analysis ticks; state ${this.state()}`).to.equal(true);
    return this;
  }

  /** Brings the primary up: initializing → initialized with promoted revision A. */
  bootstrapped(): this {
    this.tick({ primaryRevision: 'A' });
    expect(this.state()).to.equal('initialized');
    return this;
  }

  /** Sends NEW_REVISION now. */
  newRevision(revision: string, config: ReleaseConfig = this.config): this {
    return this.send({ type: 'NEW_REVISION', now: this.now, revision, config });
  }

  /** Sends an operator event now. */
  operator(type: OperatorEvent['type'], actor = 'alice'): this {
    return this.send({ type, now: this.now, actor });
  }

  /** Whether the machine would take an operator event now. */
  accepts(type: OperatorEvent['type']): ReturnType<typeof canAccept> {
    return canAccept(this.snapshot, { type, now: this.now, actor: 'alice' });
  }

  /** Sends any event and keeps the result. */
  send(event: Parameters<typeof step>[1]): this {
    this.last = step(this.snapshot, event);
    this.snapshot = this.last.snapshot;
    return this;
  }

  state(): string {
    return stateOf(this.snapshot);
  }

  phase(): Phase {
    return phaseOf(this.snapshot);
  }

  desired(): DesiredState {
    return desiredStateOf(this.snapshot);
  }

  weight(): number {
    return this.desired().canaryWeight;
  }
}
