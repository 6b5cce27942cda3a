import { expect } from 'chai';
import type { OperatorEvent } from '../../machines/release-types.ts';
import { Phase, Strategy } from '../../machines/release-types.ts';
import { Release, check } from './release-driver.ts';

type Operator = OperatorEvent['type'];
const OPERATORS: readonly Operator[] = ['PROMOTE', 'ABORT', 'PAUSE', 'RESUME', 'RETRY'];
const closedPromotion = { confirmRollout: true, confirmTrafficIncrease: true, confirmPromotion: false };

/** A canary release brought into each state an operator might meet. */
const reach: Readonly<Record<string, () => Release>> = {
  initializing: () => Release.of(Strategy.Canary),
  initialized: () => Release.of(Strategy.Canary).bootstrapped(),
  waiting: () => Release.of(Strategy.Canary).bootstrapped().newRevision('B'),
  'progressing.analysing': () => reach['waiting']!().tick().analyse(),
  'progressing.paused': () => reach['progressing.analysing']!().operator('PAUSE'),
  waitingPromotion: () =>
    Release.of(Strategy.Canary, { stepWeights: [50] }).bootstrapped().newRevision('B').tick()
      .analyse([], { gates: closedPromotion }).wait(10_000).analyse([], { gates: closedPromotion }),
  promoting: () => reach['waiting']!().operator('PROMOTE'),
  finalising: () => reach['promoting']!().tick(),
  succeeded: () => reach['finalising']!().tick(),
  failed: () => reach['progressing.analysing']!().operator('ABORT'),
};

const accepted: Readonly<Record<string, readonly Operator[]>> = {
  initializing: [],
  initialized: [],
  waiting: ['PROMOTE', 'ABORT'],
  'progressing.analysing': ['PROMOTE', 'ABORT', 'PAUSE'],
  'progressing.paused': ['PROMOTE', 'ABORT', 'RESUME'],
  waitingPromotion: ['PROMOTE', 'ABORT'],
  promoting: [],
  finalising: [],
  succeeded: [],
  failed: ['RETRY'],
};

describe('operator events', () => {
  for (const [state, make] of Object.entries(reach)) {
    it(`in ${state} accepts exactly ${accepted[state]!.join(', ') || 'none'} and explains every refusal`, () => {
      const release = make();
      expect(release.state()).to.equal(state);
      for (const operator of OPERATORS) {
        const answer = release.accepts(operator);
        const expected = accepted[state]!.includes(operator);
        expect(answer.accepted, `${operator} in ${state}`).to.equal(expected);
        if (!answer.accepted) {
          expect(answer.reason).to.match(new RegExp(`^${operator.toLowerCase()} is not possible while ${release.phase()}`));
          const before = release.snapshot;
          release.operator(operator);
          expect(release.last?.changed, `a refused ${operator} changes nothing`).to.equal(false);
          expect(release.snapshot.value).to.deep.equal(before.value);
        }
      }
    });
  }

  it('says why promote is refused after success', () => {
    expect(reach['succeeded']!().accepts('PROMOTE')).to.deep.equal({
      accepted: false,
      reason: 'promote is not possible while Succeeded: nothing is progressing',
    });
    expect(reach['progressing.paused']!().accepts('PAUSE')).to.deep.equal({
      accepted: false,
      reason: 'pause is not possible while Progressing (paused): the release is already paused',
    });
  });

  it('PROMOTE skips the remaining steps and keeps the weight until the primary runs the revision', () => {
    const release = reach['progressing.analysing']!();
    expect(release.weight()).to.equal(10);
    release.operator('PROMOTE', 'bob');
    expect(release.phase()).to.equal(Phase.Promoting);
    expect(release.desired()).to.include({ canaryWeight: 10, promoteTemplate: true });
    expect(release.snapshot.context.message).to.match(/^promoted by bob/);
  });

  it('PROMOTE from waiting skips confirm-rollout and analysis', () => {
    const release = reach['waiting']!().operator('PROMOTE');
    expect(release.phase()).to.equal(Phase.Promoting);
    release.tick().tick();
    expect(release.phase()).to.equal(Phase.Succeeded);
  });

  it('ABORT sends all traffic back to the primary and names who aborted', () => {
    for (const state of ['waiting', 'progressing.analysing', 'progressing.paused', 'waitingPromotion']) {
      const release = reach[state]!().operator('ABORT', 'carol');
      expect(release.phase(), state).to.equal(Phase.Failed);
      expect(release.snapshot.context.message).to.equal('aborted by carol');
      expect(release.desired()).to.include({ canaryWeight: 0, canaryRunning: false });
    }
  });

  it('PAUSE holds the weight across due ticks, ignoring analysis and the progress deadline, until RESUME', () => {
    const release = Release.of(Strategy.Canary, { progressDeadlineMs: 30_000, threshold: 1 }).bootstrapped().newRevision('B').tick().analyse();
    release.operator('PAUSE', 'dave');
    expect(release.snapshot.context.message).to.equal('paused by dave at weight 10%');
    for (let i = 0; i < 5; i += 1) {
      release.wait(20_000).tick({ checks: [check('m', 'Failed')], canaryReady: false });
    }
    expect(release.state()).to.equal('progressing.paused');
    expect(release.weight()).to.equal(10);
    expect(release.snapshot.context.failedChecks).to.equal(0);
    expect(release.desired().canaryRunning).to.equal(true);
    release.operator('RESUME', 'dave');
    expect(release.state()).to.equal('progressing.analysing');
    release.wait(1).tick({ canaryReady: false });
    expect(release.phase(), 'the unready clock restarts at resume').to.equal(Phase.Progressing);
    release.wait(10_000).analyse();
    expect(release.weight()).to.equal(20);
  });

  it('a rollback webhook still rolls back a paused release', () => {
    const release = reach['progressing.paused']!().wait(1).tick({ rollbackRequested: true });
    expect(release.phase()).to.equal(Phase.Failed);
  });

  it('RETRY starts a fresh attempt at the failed revision without a new revision', () => {
    const release = Release.of(Strategy.Canary, { threshold: 1 }).bootstrapped().newRevision('B').tick().analyse();
    release.wait(10_000).analyse([check('m', 'Failed')]);
    expect(release.phase()).to.equal(Phase.Failed);
    release.operator('RETRY', 'erin');
    expect(release.phase()).to.equal(Phase.Waiting);
    expect(release.snapshot.context).to.include({ revision: 'B', failedChecks: 0, canaryWeight: 0, stepIndex: -1 });
    expect(release.snapshot.context.message).to.equal('retry of revision B requested by erin');
    release.tick().analyse();
    expect(release.weight()).to.equal(10);
  });

  it('RETRY with skipAnalysis in force promotes at once', () => {
    const release = Release.of(Strategy.Canary, { skipAnalysis: true, progressDeadlineMs: 1_000 }).bootstrapped().newRevision('B');
    release.wait(10).tick({ primaryRevision: 'A' }).wait(1_001).tick({ primaryRevision: 'A' });
    expect(release.phase()).to.equal(Phase.Failed);
    release.operator('RETRY');
    expect(release.phase()).to.equal(Phase.Promoting);
  });
});
