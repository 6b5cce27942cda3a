import { expect } from 'chai';
import { Phase, Strategy } from '../../machines/release-types.ts';
import { Release, check } from './release-driver.ts';

/** Starts a canary release of revision B and lets confirm-rollout open. */
function progressing(overrides: Parameters<typeof Release.of>[1] = {}): Release {
  const release = Release.of(Strategy.Canary, overrides).bootstrapped().newRevision('B');
  expect(release.state()).to.equal('waiting');
  return release.tick();
}

/** Analysis ticks until the machine leaves `progressing`, recording the weight after each. */
function weightsUntilPromotion(release: Release): number[] {
  const weights: number[] = [];
  for (let i = 0; i < 30 && release.state().startsWith('progressing'); i += 1) {
    release.wait(release.config.intervalMs).analyse([check('request-success-rate', 'Successful')]);
    weights.push(release.weight());
  }
  return weights;
}

describe('canary machine', () => {
  describe('Flagger parity', () => {
    it('stepWeight 10 / maxWeight 50 passes through 10, 20, 30, 40, 50 and then promotes', () => {
      const release = progressing({ stepWeights: [10, 20, 30, 40, 50] });
      const weights = weightsUntilPromotion(release);
      expect(weights).to.deep.equal([10, 20, 30, 40, 50, 50]);
      expect(release.state()).to.equal('promoting');
      expect(release.desired()).to.include({ canaryWeight: 50, promoteTemplate: true, canaryRunning: true });
      release.wait(1000).tick();
      expect(release.state()).to.equal('finalising');
      expect(release.desired()).to.include({ canaryWeight: 0, canaryRunning: false, promoteTemplate: false });
      release.wait(1000).tick();
      expect(release.phase()).to.equal(Phase.Succeeded);
      expect(release.snapshot.context.promotedRevision).to.equal('B');
    });

    it('follows stepWeights [1, 5, 25, 50] exactly', () => {
      const release = progressing({ stepWeights: [1, 5, 25, 50] });
      expect(weightsUntilPromotion(release)).to.deep.equal([1, 5, 25, 50, 50]);
      expect(release.state()).to.equal('promoting');
      expect(release.snapshot.context.iterations).to.equal(4);
    });

    it('threshold 3 rolls back on the third failed check', () => {
      const release = progressing({ threshold: 3 });
      release.analyse();
      expect(release.weight()).to.equal(10);
      const failing = [check('request-success-rate', 'Failed')];
      release.wait(10_000).analyse(failing);
      expect(release.snapshot.context.failedChecks).to.equal(1);
      expect(release.state()).to.equal('progressing.analysing');
      release.wait(10_000).analyse(failing);
      expect(release.snapshot.context.failedChecks).to.equal(2);
      expect(release.weight(), 'a failed check holds the weight').to.equal(10);
      release.wait(10_000).analyse(failing);
      expect(release.phase()).to.equal(Phase.Failed);
      expect(release.snapshot.context.failedChecks).to.equal(3);
      expect(release.desired()).to.deep.equal({
        canaryWeight: 0,
        mirrorWeight: 0,
        routeMatchedToCanary: false,
        canaryRunning: false,
        promoteTemplate: false,
      });
      expect(release.snapshot.context.message).to.match(/request-success-rate.*3 of 3 failed checks: rolled back/);
    });

    it('counts failed checks cumulatively: fail, pass, fail, pass, fail rolls back with threshold 3', () => {
      const release = progressing({ threshold: 3, stepWeights: [10, 20, 30, 40, 50, 60, 70] });
      release.analyse();
      const verdicts = ['Failed', 'Successful', 'Error', 'Successful', 'Failed'] as const;
      const trail = verdicts.map((verdict) => {
        release.wait(10_000).analyse([check('latency', verdict)]);
        return `${release.phase()}:${release.snapshot.context.failedChecks}:${release.weight()}`;
      });
      expect(trail).to.deep.equal(['Progressing:1:10', 'Progressing:1:20', 'Progressing:2:20', 'Progressing:2:30', 'Failed:3:0']);
    });

    it('takes at least interval × steps to promote and interval × threshold to roll back', () => {
      const promoted = progressing({ intervalMs: 10_000, stepWeights: [25, 50] });
      const startedAt = promoted.now;
      weightsUntilPromotion(promoted);
      expect(promoted.now - startedAt).to.equal(3 * 10_000);
      const rolledBack = progressing({ intervalMs: 10_000, threshold: 2 });
      rolledBack.analyse();
      const failingFrom = rolledBack.now;
      rolledBack.wait(10_000).analyse([check('m', 'Failed')]).wait(10_000).analyse([check('m', 'Failed')]);
      expect(rolledBack.phase()).to.equal(Phase.Failed);
      expect(rolledBack.now - failingFrom).to.equal(2 * 10_000);
    });
  });

  describe('analysis ticks', () => {
    it('runs only pre-rollout webhooks on the first analysis tick, then takes the first step on that tick', () => {
      const release = progressing();
      release.analyse([check('load-test', 'Successful', 'pre-rollout'), check('latency', 'Failed')]);
      expect(release.snapshot.context.preRolloutDone).to.equal(true);
      expect(release.snapshot.context.failedChecks, 'metrics are not judged before pre-rollout').to.equal(0);
      expect(release.weight()).to.equal(10);
    });

    it('counts a failing pre-rollout webhook as a failed check and retries it on the next analysis tick', () => {
      const release = progressing();
      release.analyse([check('load-test', 'Failed', 'pre-rollout')]);
      expect(release.snapshot.context).to.include({ failedChecks: 1, preRolloutDone: false, canaryWeight: 0 });
      expect(release.snapshot.context.message).to.match(/pre-rollout check 'load-test'/);
      release.wait(10_000).analyse([check('load-test', 'Successful', 'pre-rollout')]);
      expect(release.snapshot.context).to.include({ failedChecks: 1, preRolloutDone: true, canaryWeight: 10 });
    });

    it('ignores pre-rollout results after pre-rollout has passed', () => {
      const release = progressing();
      release.analyse().wait(10_000).analyse([check('load-test', 'Failed', 'pre-rollout')]);
      expect(release.snapshot.context.failedChecks).to.equal(0);
      expect(release.weight()).to.equal(20);
    });

    it('holds the weight on an inconclusive check, naming it, without counting a failure', () => {
      const release = progressing();
      release.analyse().wait(10_000).analyse();
      expect(release.weight()).to.equal(20);
      for (let i = 0; i < 4; i += 1) {
        release.wait(10_000).analyse([check('request-success-rate', 'Inconclusive'), check('latency', 'Successful')]);
        expect(release.weight()).to.equal(20);
      }
      expect(release.snapshot.context.failedChecks).to.equal(0);
      expect(release.snapshot.context.message).to.match(/holding at weight 20%.*'request-success-rate'.*inconclusive/);
      release.wait(10_000).analyse([check('request-success-rate', 'Successful')]);
      expect(release.weight()).to.equal(30);
    });

    it('a failed check outweighs an inconclusive one on the same tick', () => {
      const release = progressing();
      release.analyse().wait(10_000).analyse([check('a', 'Inconclusive'), check('b', 'Failed')]);
      expect(release.snapshot.context.failedChecks).to.equal(1);
    });

    it('non-due ticks never advance and their checks do not count', () => {
      const release = progressing({ intervalMs: 10_000 });
      release.analyse();
      expect(release.weight()).to.equal(10);
      const analysedAt = release.snapshot.context.lastAnalysisAt!;
      for (const offset of [1, 2_000, 9_999]) {
        release.now = analysedAt + offset;
        release.tick({ checks: [check('latency', 'Failed')] });
        release.tick({ checks: [] });
      }
      expect(release.weight()).to.equal(10);
      expect(release.snapshot.context.failedChecks).to.equal(0);
      const due = release.snapshot.context.lastAnalysisAt! + 10_000;
      release.now = due - 1;
      release.tick();
      expect(release.weight(), 'one millisecond early').to.equal(10);
      release.now = due;
      release.tick();
      expect(release.weight(), 'exactly due').to.equal(20);
    });

    it('rolls back at once when a rollback webhook answers success', () => {
      const release = progressing();
      release.analyse().wait(1).tick({ rollbackRequested: true });
      expect(release.phase()).to.equal(Phase.Failed);
      expect(release.snapshot.context.message).to.match(/rollback webhook/);
    });
  });

  describe('progress deadline', () => {
    it('holds while the canary is not ready and rolls back once it stays unready past the deadline', () => {
      const release = progressing({ progressDeadlineMs: 60_000 });
      release.analyse();
      release.wait(10_000).analyse([], { canaryReady: false });
      expect(release.snapshot.context.unreadySince).to.equal(release.now);
      expect(release.weight()).to.equal(10);
      expect(release.snapshot.context.message).to.match(/canary not ready/);
      release.wait(60_000).tick({ canaryReady: false });
      expect(release.state(), 'exactly at the deadline is still within it').to.equal('progressing.analysing');
      release.wait(1).tick({ canaryReady: false });
      expect(release.phase()).to.equal(Phase.Failed);
      expect(release.snapshot.context.message).to.match(/canary not ready for 60s, past the progress deadline of 60s/);
    });

    it('restarts the unready clock when the workloads recover', () => {
      const release = progressing({ progressDeadlineMs: 60_000 });
      release.analyse();
      release.wait(1_000).tick({ primaryReady: false });
      release.wait(50_000).tick();
      expect(release.snapshot.context.unreadySince).to.equal(null);
      release.wait(1_000).tick({ canaryReady: false }).wait(50_000).tick({ canaryReady: false });
      expect(release.phase()).to.equal(Phase.Progressing);
    });

    it('fails initialization when the primary never becomes ready', () => {
      const release = Release.of(Strategy.Canary, { progressDeadlineMs: 30_000 });
      release.tick({ primaryReady: false }).wait(30_001).tick({ primaryReady: false });
      expect(release.phase()).to.equal(Phase.Failed);
      expect(release.snapshot.context.message).to.match(/primary not ready/);
      expect(release.accepts('RETRY').accepted).to.equal(true);
      release.operator('RETRY');
      expect(release.phase()).to.equal(Phase.Initializing);
      release.tick({ primaryRevision: 'A' });
      expect(release.phase()).to.equal(Phase.Initialized);
    });

    it('fails a promotion whose primary does not run the new revision in time', () => {
      const release = progressing({ stepWeights: [50], progressDeadlineMs: 20_000 });
      release.analyse().wait(10_000).analyse();
      expect(release.state()).to.equal('promoting');
      release.wait(1_000).tick({ primaryRevision: 'A' }).wait(20_001).tick({ primaryRevision: 'A' });
      expect(release.phase()).to.equal(Phase.Failed);
      expect(release.snapshot.context.message).to.match(/primary runs A, not B yet/);
    });
  });

  describe('gates', () => {
    it('confirm-rollout keeps the release waiting, with the canary scaled down, until it opens', () => {
      const release = Release.of(Strategy.Canary).bootstrapped().newRevision('B');
      const closed = { confirmRollout: false, confirmTrafficIncrease: true, confirmPromotion: true };
      release.tick({ gates: closed }).wait(60_000).tick({ gates: closed });
      expect(release.state()).to.equal('waiting');
      expect(release.desired().canaryRunning).to.equal(false);
      expect(release.snapshot.context.message).to.match(/waiting for confirm-rollout/);
      release.tick();
      expect(release.state()).to.equal('progressing.analysing');
      expect(release.desired().canaryRunning).to.equal(true);
    });

    it('confirm-traffic-increase holds the weight on passing ticks until it opens', () => {
      const release = progressing();
      release.analyse();
      const closed = { confirmRollout: true, confirmTrafficIncrease: false, confirmPromotion: true };
      release.wait(10_000).analyse([], { gates: closed }).wait(10_000).analyse([], { gates: closed });
      expect(release.weight()).to.equal(10);
      expect(release.snapshot.context.message).to.match(/waiting for confirm-traffic-increase/);
      release.wait(10_000).analyse();
      expect(release.weight()).to.equal(20);
    });

    it('confirm-promotion waits in WaitingPromotion with analysis going on, then promotes when it opens', () => {
      const release = progressing({ stepWeights: [50], threshold: 2 });
      const closed = { confirmRollout: true, confirmTrafficIncrease: true, confirmPromotion: false };
      release.analyse([], { gates: closed }).wait(10_000).analyse([], { gates: closed });
      expect(release.phase()).to.equal(Phase.WaitingPromotion);
      expect(release.weight()).to.equal(50);
      release.wait(10_000).analyse([check('latency', 'Failed')], { gates: closed });
      expect(release.snapshot.context.failedChecks).to.equal(1);
      release.wait(10_000).analyse([check('latency', 'Inconclusive')]);
      expect(release.phase(), 'an inconclusive tick does not promote').to.equal(Phase.WaitingPromotion);
      release.wait(1).tick();
      expect(release.phase(), 'an open gate promotes on a non-due tick').to.equal(Phase.Promoting);
    });

    it('analysis failures in WaitingPromotion still roll back', () => {
      const release = progressing({ stepWeights: [50], threshold: 1 });
      const closed = { confirmRollout: true, confirmTrafficIncrease: true, confirmPromotion: false };
      release.analyse([], { gates: closed }).wait(10_000).analyse([], { gates: closed });
      release.wait(10_000).analyse([check('latency', 'Error')], { gates: closed });
      expect(release.phase()).to.equal(Phase.Failed);
    });
  });

  describe('revisions', () => {
    it('a new revision mid-analysis sends all traffic back to the primary, resets counters and restarts', () => {
      const release = progressing();
      release.analyse().wait(10_000).analyse([check('latency', 'Failed')]).wait(10_000).analyse();
      expect(release.snapshot.context).to.include({ canaryWeight: 20, failedChecks: 1 });
      release.newRevision('C');
      expect(release.last).to.include({ from: 'progressing.analysing', to: 'waiting', changed: true });
      expect(release.snapshot.context).to.include({ revision: 'C', canaryWeight: 0, failedChecks: 0, iterations: 0, stepIndex: -1, preRolloutDone: false });
      expect(release.snapshot.context.message).to.match(/revision B superseded by C/);
      expect(release.desired()).to.include({ canaryWeight: 0, canaryRunning: false });
      release.tick().analyse();
      expect(release.weight()).to.equal(10);
    });

    it('the same revision again starts nothing, and neither does the promoted one at rest', () => {
      const release = progressing();
      release.analyse();
      expect(release.accepts('PAUSE').accepted).to.equal(true);
      release.newRevision('B');
      expect(release.last?.changed).to.equal(false);
      const done = Release.of(Strategy.Canary).bootstrapped();
      done.newRevision('A');
      expect(done.last).to.include({ changed: false, to: 'initialized' });
    });

    it('a target reverted to the promoted revision withdraws the release in flight', () => {
      const release = progressing();
      release.analyse();
      release.newRevision('A');
      expect(release.phase()).to.equal(Phase.Initialized);
      expect(release.snapshot.context).to.include({ revision: 'A', promotedRevision: 'A', canaryWeight: 0 });
      expect(release.snapshot.context.message).to.match(/withdrawn/);
    });

    it('skipAnalysis promotes a new revision without analysis', () => {
      const release = Release.of(Strategy.Canary, { skipAnalysis: true }).bootstrapped().newRevision('B');
      expect(release.phase()).to.equal(Phase.Promoting);
      expect(release.desired()).to.include({ promoteTemplate: true, canaryWeight: 0 });
      release.tick().tick();
      expect(release.phase()).to.equal(Phase.Succeeded);
      expect(release.snapshot.context.promotedRevision).to.equal('B');
    });

    it('a new revision after success starts the next release', () => {
      const release = progressing({ stepWeights: [50] });
      release.analyse().wait(10_000).analyse().tick().tick();
      expect(release.phase()).to.equal(Phase.Succeeded);
      release.newRevision('C');
      expect(release.phase()).to.equal(Phase.Waiting);
      expect(release.snapshot.context).to.include({ revision: 'C', promotedRevision: 'B' });
    });

    it('adopts spec edits from each tick', () => {
      const release = progressing({ stepWeights: [10, 20, 30] });
      release.analyse();
      release.config = { ...release.config, stepWeights: [10, 60] };
      release.wait(10_000).analyse();
      expect(release.weight()).to.equal(60);
      expect(release.snapshot.context.config.stepWeights).to.deep.equal([10, 60]);
    });
  });

  describe('weighted promotion (stepWeightPromotion)', () => {
    it('moves traffic back to the promoted primary one step per interval', () => {
      const release = progressing({ stepWeights: [50], stepWeightPromotion: 20 });
      release.analyse().wait(10_000).analyse();
      expect(release.state()).to.equal('promoting');
      release.wait(1_000).tick({ primaryRevision: 'A' });
      expect(release.weight(), 'no step before the primary runs B').to.equal(50);
      const weights: number[] = [];
      for (let i = 0; i < 5 && release.state() === 'promoting'; i += 1) {
        release.wait(10_000).tick();
        weights.push(release.weight());
      }
      expect(weights).to.deep.equal([30, 10, 0]);
      expect(release.state()).to.equal('finalising');
    });

    it('does not step on ticks that come before the interval', () => {
      const release = progressing({ stepWeights: [50], stepWeightPromotion: 20 });
      release.analyse().wait(10_000).analyse().wait(10_000).tick();
      expect(release.weight()).to.equal(30);
      release.wait(5_000).tick();
      expect(release.weight()).to.equal(30);
      expect(release.state()).to.equal('promoting');
    });
  });
});
