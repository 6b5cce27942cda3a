import { expect } from 'chai';
import { nextPassIn, wantsFollowUp } from '../../../src/controller/reconciler/pass-timing.ts';
import { Release } from '../../machines/release-driver.ts';

const TIMING = Object.freeze({ pollMs: 1000, restResyncMs: 300_000 });

describe('pass timing', () => {
  it('at rest: a resync later and no follow-up', () => {
    const release = Release.of('canary').bootstrapped();
    expect(nextPassIn(release.snapshot, release.now, TIMING)).to.equal(300_000);
    expect(wantsFollowUp(release.snapshot, release.now)).to.equal(false);
  });

  it('with the next analysis due later: that due time and no follow-up', () => {
    const release = Release.of('canary').bootstrapped().newRevision('B').tick().analyse();
    expect(release.weight()).to.be.greaterThan(0);
    const wait = nextPassIn(release.snapshot, release.now, TIMING);
    expect(wait).to.be.greaterThan(TIMING.pollMs);
    expect(wantsFollowUp(release.snapshot, release.now)).to.equal(false);
  });

  it('in a state that polls (a new revision waiting to start, promoting): a poll, and a follow-up once the cache has the write', () => {
    const release = Release.of('canary', { stepWeights: [10] }).bootstrapped().newRevision('B');
    expect(release.state()).to.equal('waiting');
    expect(nextPassIn(release.snapshot, release.now, TIMING)).to.equal(TIMING.pollMs);
    expect(wantsFollowUp(release.snapshot, release.now)).to.equal(true);
    release.analyseUntil((r) => r.state() === 'promoting');
    expect(wantsFollowUp(release.snapshot, release.now)).to.equal(true);
  });

  it('while the canary is not ready: a poll and a follow-up, even with an analysis due later', () => {
    const release = Release.of('canary').bootstrapped().newRevision('B').tick({ canaryReady: false }).wait(100).tick({ canaryReady: false });
    expect(release.snapshot.context.unreadySince).to.not.equal(null);
    expect(nextPassIn(release.snapshot, release.now, TIMING)).to.be.at.most(TIMING.pollMs);
    expect(wantsFollowUp(release.snapshot, release.now)).to.equal(true);
  });
});
