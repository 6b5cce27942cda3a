import { expect } from 'chai';
import { ReleaseEventError } from '../../machines/event-validation.ts';
import { UnknownStrategyError, machineEntries, machineFor } from '../../machines/registry.ts';
import { analysisDueAt, canAccept, start, step } from '../../machines/run.ts';
import type { ReleaseEvent } from '../../machines/release-types.ts';
import { Strategy } from '../../machines/release-types.ts';
import { Release, T0, check, configFor } from './release-driver.ts';

function expectEventError(event: unknown, message: RegExp): void {
  const snapshot = start('canary', configFor(Strategy.Canary), T0);
  expect(() => step(snapshot, event as ReleaseEvent)).to.throw(ReleaseEventError, message);
}

describe('run helpers', () => {
  it('start gives each strategy its own machine in initializing, stamped with now', () => {
    for (const strategy of Object.values(Strategy)) {
      const snapshot = start(strategy, configFor(strategy), T0);
      expect(snapshot.machine.id).to.equal(strategy);
      expect(snapshot.value).to.equal('initializing');
      expect(snapshot.context).to.include({ lastTransitionAt: T0, canaryWeight: 0, stepIndex: -1, revision: null });
    }
  });

  it('registers every strategy with an integer version and refuses unknown strategies by name', () => {
    expect(machineEntries().map((entry) => [entry.name, entry.version])).to.deep.equal([
      ['canary', 1],
      ['blueGreen', 1],
      ['abTesting', 1],
    ]);
    expect(() => machineFor('rainbow')).to.throw(UnknownStrategyError, "unknown strategy 'rainbow': expected one of canary, blueGreen, abTesting");
  });

  it('step reports from, to and whether anything visible changed', () => {
    const release = Release.of(Strategy.Canary).bootstrapped().newRevision('B');
    expect(release.last).to.include({ from: 'initialized', to: 'waiting', changed: true });
    release.tick();
    expect(release.last).to.include({ from: 'waiting', to: 'progressing.analysing', changed: true });
    release.analyse();
    expect(release.last, 'a weight step is a visible change without a state change').to.include({ from: 'progressing.analysing', to: 'progressing.analysing', changed: true });
    release.wait(1).tick();
    expect(release.last, 'a non-due tick changes nothing visible').to.include({ changed: false });
    const before = release.snapshot.context.lastTransitionAt;
    release.wait(1).tick();
    expect(release.snapshot.context.lastTransitionAt, 'no state change, no new transition time').to.equal(before);
  });

  it('lastTransitionAt follows every state change', () => {
    const release = Release.of(Strategy.Canary).wait(5).bootstrapped();
    expect(release.snapshot.context.lastTransitionAt).to.equal(T0 + 5);
    release.wait(7).newRevision('B');
    expect(release.snapshot.context.lastTransitionAt).to.equal(T0 + 12);
  });

  it('analysisDueAt is null where nothing is analysed, immediate before the first analysis, then one interval on', () => {
    const release = Release.of(Strategy.Canary, { intervalMs: 15_000 }).bootstrapped();
    expect(analysisDueAt(release.snapshot)).to.equal(null);
    release.newRevision('B');
    expect(analysisDueAt(release.snapshot), 'waiting').to.equal(null);
    release.wait(100).tick();
    expect(analysisDueAt(release.snapshot)).to.equal(release.now);
    release.wait(3).tick();
    expect(analysisDueAt(release.snapshot)).to.equal(release.now + 15_000);
    release.operator('PAUSE');
    expect(analysisDueAt(release.snapshot), 'paused').to.equal(null);
    release.operator('PROMOTE');
    expect(analysisDueAt(release.snapshot), 'promoting').to.equal(null);
  });

  it('with firstAnalysisDelayMs, the first analysis waits that long after the transition, later ones an interval apart', () => {
    const release = Release.of(Strategy.Canary, { intervalMs: 10_000, firstAnalysisDelayMs: 4_000 }).bootstrapped().newRevision('B');
    release.wait(100).tick();
    const entered = release.snapshot.context.lastTransitionAt;
    expect(analysisDueAt(release.snapshot)).to.equal(entered + 4_000);
    release.wait(3_999).tick();
    expect(release.snapshot.context.canaryWeight, 'not yet due: no step').to.equal(0);
    release.wait(1).tick();
    expect(release.snapshot.context.canaryWeight, 'due: the first step').to.equal(10);
    expect(analysisDueAt(release.snapshot)).to.equal(entered + 4_000 + 10_000);
  });

  it('refuses malformed events with a message naming the field', () => {
    expectEventError({ type: 'TICK' }, /TICK\.now must be a finite number/);
    expectEventError({ type: 'JUMP', now: 1 }, /event type "JUMP" is not one of TICK, NEW_REVISION, PROMOTE/);
    expectEventError('TICK', /an event must be an object/);
    expectEventError({ type: 'NEW_REVISION', now: 1, revision: '', config: {} }, /NEW_REVISION\.revision must be a non-empty string/);
    expectEventError({ type: 'NEW_REVISION', now: 1, revision: 'B' }, /NEW_REVISION\.config must be an object/);
    const tick = Release.of(Strategy.Canary).tickEvent();
    expectEventError({ ...tick, checks: undefined }, /TICK\.checks must be an array/);
    expectEventError({ ...tick, canaryReady: 'yes' }, /TICK\.canaryReady must be boolean/);
    expectEventError({ ...tick, now: Number.NaN }, /TICK\.now must be a finite number/);
    expectEventError({ ...tick, primaryRevision: 7 }, /TICK\.primaryRevision must be a string or null/);
  });

  it('explains refused revisions', () => {
    const release = Release.of(Strategy.Canary).bootstrapped().newRevision('B').operator('PROMOTE');
    const refusal = canAccept(release.snapshot, { type: 'NEW_REVISION', now: release.now, revision: 'C', config: release.config });
    expect(refusal).to.deep.equal({
      accepted: false,
      reason: 'new-revision is not possible while Promoting: a new revision starts once the promotion completes',
    });
    release.tick().tick().newRevision('C');
    expect(release.state()).to.equal('waiting');
    expect(canAccept(release.snapshot, { type: 'NEW_REVISION', now: release.now, revision: 'C', config: release.config })).to.deep.equal({
      accepted: false,
      reason: 'new-revision is not possible while Waiting: revision C is the current revision',
    });
  });

  it('a revision superseding one still in waiting stamps a new transition time', () => {
    const release = Release.of(Strategy.Canary).bootstrapped().newRevision('B').wait(500).newRevision('C');
    expect(release.last).to.include({ from: 'waiting', to: 'waiting', changed: true });
    expect(release.snapshot.context.lastTransitionAt).to.equal(release.now);
    expect(release.snapshot.context.revision).to.equal('C');
  });

  it('explains why an abort during promotion is refused', () => {
    const release = Release.of(Strategy.Canary).bootstrapped().newRevision('B').operator('PROMOTE');
    expect(release.accepts('ABORT')).to.deep.equal({
      accepted: false,
      reason: 'abort is not possible while Promoting: the primary is already taking the new revision; a promotion cannot be undone midway',
    });
  });

  it('keeps time only from events: the same events give the same snapshot', () => {
    const run = (): unknown => {
      const release = Release.of(Strategy.Canary).bootstrapped().newRevision('B').tick().analyse();
      release.wait(10_000).analyse([check('m', 'Inconclusive')]);
      return JSON.stringify(release.snapshot.context);
    };
    expect(run()).to.equal(run());
  });
});
