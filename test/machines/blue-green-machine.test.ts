import { expect } from 'chai';
import { Phase, Strategy } from '../../machines/release-types.ts';
import { Release, check } from './release-driver.ts';

function progressing(overrides: Parameters<typeof Release.of>[1] = {}): Release {
  return Release.of(Strategy.BlueGreen, overrides).bootstrapped().newRevision('B').tick();
}

describe('blue/green machine', () => {
  it('runs N iterations with no user traffic on the canary, then switches all traffic to it while promoting', () => {
    const release = progressing({ iterations: 4 });
    const trail: string[] = [];
    for (let i = 0; i < 10 && release.phase() === Phase.Progressing; i += 1) {
      release.wait(10_000).analyse([check('request-success-rate', 'Successful')]);
      trail.push(`${release.snapshot.context.iterations}:${release.weight()}`);
    }
    expect(trail, 'pre-rollout tick, then four iterations').to.deep.equal(['0:0', '1:0', '2:0', '3:0', '4:100']);
    expect(release.phase()).to.equal(Phase.Promoting);
    expect(release.desired()).to.deep.equal({
      canaryWeight: 100,
      mirrorWeight: 0,
      routeMatchedToCanary: false,
      canaryRunning: true,
      promoteTemplate: true,
    });
    release.wait(1_000).tick({ primaryRevision: 'A' });
    expect(release.weight(), 'still on the canary while the primary rolls out').to.equal(100);
    release.wait(1_000).tick();
    expect(release.phase()).to.equal(Phase.Finalising);
    expect(release.desired()).to.include({ canaryWeight: 0, canaryRunning: false });
    release.tick();
    expect(release.phase()).to.equal(Phase.Succeeded);
  });

  it('mirrors traffic to the canary during analysis when mirror is on (100% unless mirrorWeight says otherwise)', () => {
    const full = progressing({ mirror: true, mirrorWeight: 0 });
    expect(full.desired()).to.include({ canaryWeight: 0, mirrorWeight: 100 });
    const partial = progressing({ mirror: true, mirrorWeight: 30, iterations: 1 });
    expect(partial.desired().mirrorWeight).to.equal(30);
    partial.analyse().wait(10_000).analyse();
    expect(partial.phase()).to.equal(Phase.Promoting);
    expect(partial.desired().mirrorWeight, 'no mirror once promoting').to.equal(0);
  });

  it('switches only to a ready canary: a PROMOTE from waiting keeps traffic on the primary until the canary is up', () => {
    const release = Release.of(Strategy.BlueGreen).bootstrapped().newRevision('B').operator('PROMOTE');
    expect(release.phase()).to.equal(Phase.Promoting);
    expect(release.weight()).to.equal(0);
    release.wait(1_000).tick({ canaryReady: false, primaryRevision: 'A' });
    expect(release.weight()).to.equal(0);
    release.wait(1_000).tick({ canaryReady: true, primaryRevision: 'A' });
    expect(release.weight()).to.equal(100);
  });

  it('rolls back on failed iterations like the canary strategy', () => {
    const release = progressing({ threshold: 2, iterations: 5 });
    release.analyse().wait(10_000).analyse([check('m', 'Failed')]).wait(10_000).analyse();
    expect(release.snapshot.context.iterations).to.equal(1);
    release.wait(10_000).analyse([check('m', 'Error')]);
    expect(release.phase()).to.equal(Phase.Failed);
    expect(release.weight()).to.equal(0);
  });

  it('waits for confirm-promotion after the last iteration', () => {
    const release = progressing({ iterations: 1 });
    const closed = { confirmRollout: true, confirmTrafficIncrease: true, confirmPromotion: false };
    release.analyse([], { gates: closed }).wait(10_000).analyse([], { gates: closed });
    expect(release.phase()).to.equal(Phase.WaitingPromotion);
    expect(release.snapshot.context.iterations).to.equal(1);
    expect(release.weight()).to.equal(0);
    release.wait(10_000).analyse();
    expect(release.phase()).to.equal(Phase.Promoting);
    expect(release.weight()).to.equal(100);
  });
});
