import { expect } from 'chai';
import { Phase, Strategy } from '../../machines/release-types.ts';
import { Release, check } from './release-driver.ts';

describe('A/B testing machine', () => {
  it('routes matched requests to the canary for N iterations, then promotes', () => {
    const release = Release.of(Strategy.ABTesting, { iterations: 3 }).bootstrapped().newRevision('B').tick();
    expect(release.desired()).to.deep.equal({
      canaryWeight: 0,
      mirrorWeight: 0,
      routeMatchedToCanary: true,
      canaryRunning: true,
      promoteTemplate: false,
    });
    const iterations: number[] = [];
    for (let i = 0; i < 10 && release.phase() === Phase.Progressing; i += 1) {
      release.wait(10_000).analyse([check('request-success-rate', 'Successful')]);
      iterations.push(release.snapshot.context.iterations);
      expect(release.weight(), 'A/B never shifts weighted traffic').to.equal(0);
    }
    expect(iterations).to.deep.equal([0, 1, 2, 3]);
    expect(release.phase()).to.equal(Phase.Promoting);
    expect(release.desired()).to.include({ routeMatchedToCanary: true, promoteTemplate: true, canaryWeight: 0 });
    release.wait(1_000).tick().tick();
    expect(release.phase()).to.equal(Phase.Succeeded);
    expect(release.desired().routeMatchedToCanary).to.equal(false);
  });

  it('holds the iteration count on inconclusive checks', () => {
    const release = Release.of(Strategy.ABTesting, { iterations: 3 }).bootstrapped().newRevision('B').tick();
    release.analyse().wait(10_000).analyse();
    release.wait(10_000).analyse([check('request-success-rate', 'Inconclusive')]);
    expect(release.snapshot.context.iterations).to.equal(1);
    expect(release.snapshot.context.failedChecks).to.equal(0);
  });

  it('stops routing matched requests to the canary on rollback', () => {
    const release = Release.of(Strategy.ABTesting, { threshold: 1 }).bootstrapped().newRevision('B').tick();
    release.analyse().wait(10_000).analyse([check('m', 'Failed')]);
    expect(release.phase()).to.equal(Phase.Failed);
    expect(release.desired()).to.include({ routeMatchedToCanary: false, canaryRunning: false });
  });
});
