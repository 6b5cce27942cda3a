import { expect } from 'chai';
import { DEFAULT_PROFILE, ProfileDefaults, parseBehaviourProfile, sampleLatencyMs } from '../../src/mesh/behaviour-profile.ts';
import { createPrng } from '../../src/mesh/prng.ts';

const REF = 'Deployment shop/app (pod template)';

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

describe('mesh behaviour profile', () => {
  it('no annotations give the defaults without warnings', () => {
    const { profile, warnings } = parseBehaviourProfile(undefined, REF);
    expect(warnings).to.deep.equal([]);
    expect(profile).to.deep.equal(DEFAULT_PROFILE);
    expect(profile.latencyMedianMs).to.equal(ProfileDefaults.latencyMedianMs);
  });

  it('reads error rate, median and p99', () => {
    const { profile, warnings } = parseBehaviourProfile(
      { 'sandbox.glidepath.dev/error-rate': '0.15', 'sandbox.glidepath.dev/latency-ms': '80', 'sandbox.glidepath.dev/latency-p99-ms': '400' },
      REF,
    );
    expect(warnings).to.deep.equal([]);
    expect(profile.errorRate).to.equal(0.15);
    expect(profile.latencyMedianMs).to.equal(80);
    expect(profile.latencyP99Ms).to.equal(400);
  });

  it('a median alone implies p99 = 4 × median', () => {
    const { profile } = parseBehaviourProfile({ 'sandbox.glidepath.dev/latency-ms': '50' }, REF);
    expect(profile.latencyP99Ms).to.equal(200);
  });

  for (const [name, value] of [
    ['error-rate', '1.5'],
    ['error-rate', 'lots'],
    ['error-rate', ''],
    ['latency-ms', '-3'],
    ['latency-ms', '0'],
    ['latency-p99-ms', 'NaN'],
    ['latency-p99-ms', 'Infinity'],
  ] as const) {
    it(`invalid ${name}=${JSON.stringify(value)} warns, names the annotation, and keeps the default`, () => {
      const { profile, warnings } = parseBehaviourProfile({ [`sandbox.glidepath.dev/${name}`]: value }, REF);
      expect(warnings).to.have.length(1);
      expect(warnings[0]!.object).to.equal(REF);
      expect(warnings[0]!.message).to.contain(`sandbox.glidepath.dev/${name}=${JSON.stringify(value)}`).and.contain('default');
      expect(profile).to.deep.equal(DEFAULT_PROFILE);
    });
  }

  it('a p99 below the median warns and becomes a constant latency', () => {
    const { profile, warnings } = parseBehaviourProfile({ 'sandbox.glidepath.dev/latency-ms': '100', 'sandbox.glidepath.dev/latency-p99-ms': '50' }, REF);
    expect(warnings[0]!.message).to.match(/below the median/);
    expect(profile.sigma).to.equal(0);
    expect(sampleLatencyMs(profile, createPrng(1))).to.equal(100);
  });

  it('samples a log-normal whose median and p99 match the annotations', () => {
    const { profile } = parseBehaviourProfile({ 'sandbox.glidepath.dev/latency-ms': '60', 'sandbox.glidepath.dev/latency-p99-ms': '400' }, REF);
    const prng = createPrng(7);
    const draws = Array.from({ length: 100_000 }, () => sampleLatencyMs(profile, prng)).sort((a, b) => a - b);
    expect(quantile(draws, 0.5)).to.be.closeTo(60, 2);
    expect(quantile(draws, 0.99)).to.be.closeTo(400, 20);
    expect(draws[0]).to.be.greaterThan(0);
  });
});
