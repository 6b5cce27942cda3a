import { expect } from 'chai';
import { InvalidCanarySpecError, expandStepWeights, toReleaseConfig } from '../../src/api/release-config.ts';
import type { CanaryAnalysis, CanarySpec } from '../../src/api/canary-types.ts';

const metrics = [{ name: 'request-success-rate', thresholdRange: { min: 99 } }];

function spec(analysis: CanaryAnalysis, extra: Partial<CanarySpec> = {}): CanarySpec {
  return {
    targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'podinfo' },
    service: { port: 9898 },
    analysis: { metrics, ...analysis },
    ...extra,
  };
}

describe('release-config', () => {
  it('expands stepWeight 10 / maxWeight 50 to [10, 20, 30, 40, 50]', () => {
    expect(toReleaseConfig(spec({ stepWeight: 10, maxWeight: 50 })).stepWeights).to.deep.equal([10, 20, 30, 40, 50]);
  });

  it('caps the last step at maxWeight (default 100)', () => {
    expect(toReleaseConfig(spec({ stepWeight: 30 })).stepWeights).to.deep.equal([30, 60, 90, 100]);
    expect(expandStepWeights(20, 50)).to.deep.equal([20, 40, 50]);
    expect(expandStepWeights(50, 50)).to.deep.equal([50]);
    expect(expandStepWeights(0, 50)).to.deep.equal([]);
  });

  it('uses stepWeights as given', () => {
    expect(toReleaseConfig(spec({ stepWeights: [1, 5, 25, 50] })).stepWeights).to.deep.equal([1, 5, 25, 50]);
  });

  it('applies Flagger defaults', () => {
    const config = toReleaseConfig(spec({ stepWeight: 10 }));
    expect(config).to.deep.equal({
      strategy: 'canary',
      intervalMs: 60_000,
      threshold: 1,
      stepWeights: [10, 20, 30, 40, 50, 60, 70, 80, 90, 100],
      stepWeightPromotion: 0,
      iterations: 0,
      mirror: false,
      mirrorWeight: 0,
      progressDeadlineMs: 600_000,
      skipAnalysis: false,
      metricWindowMs: 60_000,
    });
  });

  it('treats threshold 0 as 1, as Flagger does', () => {
    expect(toReleaseConfig(spec({ stepWeight: 10, threshold: 0 })).threshold).to.equal(1);
    expect(toReleaseConfig(spec({ stepWeight: 10, threshold: 3 })).threshold).to.equal(3);
  });

  it('converts interval and progress deadline to milliseconds', () => {
    const config = toReleaseConfig(spec({ stepWeight: 10, interval: '1m30s', stepWeightPromotion: 25 }, { progressDeadlineSeconds: 60, skipAnalysis: true }));
    expect(config).to.deep.include({ intervalMs: 90_000, progressDeadlineMs: 60_000, skipAnalysis: true, stepWeightPromotion: 25 });
  });

  it('takes the metric window from the longest metric interval, 1m when a metric names none, 0 without metrics', () => {
    const metric = (name: string, interval?: string) => ({ name, thresholdRange: { min: 99 }, ...(interval === undefined ? {} : { interval }) });
    const windows = [metric('request-success-rate', '30s'), metric('request-duration', '2m')];
    expect(toReleaseConfig(spec({ stepWeight: 10, metrics: windows })).metricWindowMs).to.equal(120_000);
    const oneDefault = [metric('request-success-rate', '30s'), metric('request-duration')];
    expect(toReleaseConfig(spec({ stepWeight: 10, metrics: oneDefault })).metricWindowMs).to.equal(60_000);
    expect(toReleaseConfig(spec({ stepWeight: 10, metrics: [] })).metricWindowMs).to.equal(0);
  });

  it('configures blue/green with iterations, no steps, and full mirroring when mirror is on', () => {
    const config = toReleaseConfig(spec({ iterations: 10, mirror: true }));
    expect(config).to.deep.include({ strategy: 'blueGreen', iterations: 10, stepWeights: [], mirror: true, mirrorWeight: 100 });
  });

  it('keeps an explicit mirrorWeight for a mirrored canary', () => {
    expect(toReleaseConfig(spec({ stepWeight: 10, mirror: true, mirrorWeight: 20 }))).to.deep.include({ mirror: true, mirrorWeight: 20 });
    expect(toReleaseConfig(spec({ stepWeight: 10, mirrorWeight: 20 }))).to.deep.include({ mirror: false, mirrorWeight: 0 });
  });

  it('configures A/B testing from match + iterations', () => {
    const config = toReleaseConfig(spec({ iterations: 5, match: [{ headers: { cookie: { regex: 'canary=always' } } }] }));
    expect(config).to.deep.include({ strategy: 'abTesting', iterations: 5, stepWeights: [] });
  });

  it('throws InvalidCanarySpecError with field causes for an unusable spec', () => {
    try {
      toReleaseConfig(spec({ interval: '1m' }));
      expect.fail('accepted a canary without steps');
    } catch (error) {
      expect(error).to.be.instanceOf(InvalidCanarySpecError);
      const causes = (error as InvalidCanarySpecError).causes;
      expect(causes.map((cause) => cause.field)).to.deep.equal(['spec.analysis.stepWeight']);
      expect((error as Error).message).to.contain('spec.analysis.stepWeight: Required value');
    }
  });
});
