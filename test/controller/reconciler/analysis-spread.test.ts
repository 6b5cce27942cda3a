import { expect } from 'chai';
import { firstAnalysisDelayMs, fnv1a32 } from '../../../src/controller/reconciler/analysis-spread.ts';
import { SpecChecker } from '../../../src/controller/reconciler/spec-check.ts';
import type { Canary } from '../../../src/api/canary-types.ts';

function canary(name: string, interval: string): Canary {
  return {
    apiVersion: 'glidepath.dev/v1alpha1', kind: 'Canary', metadata: { name, namespace: 'shop', generation: 1, uid: `uid-${name}` },
    spec: { targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name }, service: { port: 80 }, analysis: { interval, threshold: 2, stepWeight: 10, maxWeight: 50 } },
  };
}

describe('analysis spread', () => {
  it('hashes with 32-bit FNV-1a', () => {
    // Published FNV-1a test vectors.
    expect(fnv1a32('')).to.equal(0x811c9dc5);
    expect(fnv1a32('a')).to.equal(0xe40c292c);
    expect(fnv1a32('foobar')).to.equal(0xbf9cf968);
  });

  it('gives each Canary a stable delay inside its interval', () => {
    for (let i = 0; i < 200; i++) {
      const delay = firstAnalysisDelayMs('shop', `app-${i}`, 10_000);
      expect(delay).to.be.within(0, 9_999);
      expect(Number.isInteger(delay)).to.equal(true);
      expect(firstAnalysisDelayMs('shop', `app-${i}`, 10_000), 'same name, same delay').to.equal(delay);
    }
    expect(firstAnalysisDelayMs('shop', 'app', 0)).to.equal(0);
  });

  it('spreads 1,000 Canaries released together over the whole interval', () => {
    const perSecond = new Array<number>(10).fill(0);
    for (let i = 0; i < 1000; i++) {
      const second = Math.floor(firstAnalysisDelayMs('scale', `app-${String(i).padStart(4, '0')}`, 10_000) / 1000);
      perSecond[second] = (perSecond[second] ?? 0) + 1;
    }
    // An even spread puts 100 in each second; all in one second is what the delay exists to avoid.
    for (const count of perSecond) expect(count).to.be.within(60, 140);
  });

  it('is part of the config the spec check hands to the machine', () => {
    const result = new SpecChecker().check('shop/web', canary('web', '30s'));
    if (!result.ok) throw new Error(result.message);
    expect(result.config.firstAnalysisDelayMs).to.equal(firstAnalysisDelayMs('shop', 'web', 30_000));
    expect(result.config.intervalMs).to.equal(30_000);
  });
});
