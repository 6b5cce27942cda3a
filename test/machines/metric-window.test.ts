import { expect } from 'chai';
import { persist, restore } from '../../machines/persistence.ts';
import { analysisDueAt } from '../../machines/run.ts';
import { Phase, Strategy } from '../../machines/release-types.ts';
import { Release, T0, check } from './release-driver.ts';

const INTERVAL = 10_000;
const WINDOW = 30_000;
const failing = [check('request-success-rate', 'Failed')];
const passing = [check('request-success-rate', 'Successful')];

/** A canary release of B with a 30 s metric window, rolled back on its first failed check. */
function rolledBack(): Release {
  const release = Release.of(Strategy.Canary, { intervalMs: INTERVAL, metricWindowMs: WINDOW, threshold: 1 }).bootstrapped();
  release.wait(10 * WINDOW).newRevision('B').tick().analyse();
  release.wait(INTERVAL).analyse(failing);
  expect(release.phase()).to.equal(Phase.Failed);
  return release;
}

/** Sends checks on every tick between `from` and `until` (exclusive) and expects none to count. */
function expectChecksIgnored(release: Release, from: number, until: number): void {
  for (const at of [from, from + INTERVAL, until - 1]) {
    release.now = at;
    release.tick({ checks: failing });
  }
  expect(release.snapshot.context.failedChecks, 'checks judged before the window is clear').to.equal(0);
}

describe('metric windows never reach back before the attempt', () => {
  it("keeps a rolled-back revision's requests out of the next revision's checks", () => {
    const release = rolledBack();
    const failedAt = release.now;
    release.wait(1_000).newRevision('C').tick().analyse();
    expect(release.weight(), 'pre-rollout is not a metric check, so the first step is not held').to.equal(10);
    expect(analysisDueAt(release.snapshot)).to.equal(failedAt + WINDOW);
    expectChecksIgnored(release, release.now + INTERVAL, failedAt + WINDOW);
    expect(release.weight()).to.equal(10);
    release.analyse(passing);
    expect(release.now).to.equal(failedAt + WINDOW);
    expect(release.weight(), 'judged once the window holds only C').to.equal(20);
  });

  it('counts from the supersede when a new revision replaces one that had traffic', () => {
    const release = Release.of(Strategy.Canary, { intervalMs: INTERVAL, metricWindowMs: WINDOW }).bootstrapped();
    release.wait(10 * WINDOW).newRevision('B').tick().analyse().wait(INTERVAL).analyse(passing);
    expect(release.weight()).to.equal(20);
    const supersededAt = release.now;
    release.newRevision('C').tick().analyse();
    expect(release.weight()).to.equal(10);
    expect(analysisDueAt(release.snapshot)).to.equal(supersededAt + WINDOW);
  });

  it('makes a retry wait for the failed attempt to leave the window', () => {
    const release = rolledBack();
    const failedAt = release.now;
    release.wait(1_000).operator('RETRY').tick().analyse();
    expect(analysisDueAt(release.snapshot)).to.equal(failedAt + WINDOW);
  });

  it('does not hold a release whose canary has been quiet for longer than the window', () => {
    const release = Release.of(Strategy.Canary, { intervalMs: INTERVAL, metricWindowMs: WINDOW }).bootstrapped();
    release.wait(WINDOW).newRevision('B').tick().analyse();
    const steppedAt = release.now;
    expect(analysisDueAt(release.snapshot)).to.equal(steppedAt + INTERVAL);
  });

  it('holds blue/green iterations the same way', () => {
    const release = Release.of(Strategy.BlueGreen, { intervalMs: INTERVAL, metricWindowMs: WINDOW, threshold: 1 }).bootstrapped();
    release.newRevision('B').tick().analyse();
    expect(analysisDueAt(release.snapshot), 'the target served traffic until bootstrap').to.equal(T0 + WINDOW);
  });

  it('analyses by interval alone for a snapshot written before the field existed', () => {
    const release = rolledBack();
    release.wait(1_000).newRevision('C').tick().analyse();
    const persisted = persist('canary', release.snapshot);
    const oldContext: Record<string, unknown> = { ...persisted.snapshot.context };
    delete oldContext.canaryQuietSince;
    const restored = restore({ ...persisted, snapshot: { ...persisted.snapshot, context: oldContext } });
    expect(analysisDueAt(restored)).to.equal(release.now + INTERVAL);
  });
});
