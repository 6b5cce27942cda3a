import { expect } from 'chai';
import { checkCanarySemantics } from '../../src/api/semantic-rules.ts';
import type { CanaryAnalysis, CanarySpec } from '../../src/api/canary-types.ts';

const metrics = [{ name: 'request-success-rate', thresholdRange: { min: 99 } }];

function spec(analysis: CanaryAnalysis, strategy?: CanarySpec['strategy']): CanarySpec {
  const base: CanarySpec = {
    targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'podinfo' },
    service: { port: 9898 },
    analysis: { metrics, ...analysis },
  };
  return strategy === undefined ? base : { ...base, strategy };
}

function fields(analysis: CanaryAnalysis, strategy?: CanarySpec['strategy']): string[] {
  return checkCanarySemantics(spec(analysis, strategy)).map((cause) => cause.field);
}

describe('semantic-rules', () => {
  it('accepts well-formed specs of every strategy', () => {
    expect(fields({ stepWeight: 10, maxWeight: 50 })).to.deep.equal([]);
    expect(fields({ stepWeights: [1, 5, 25, 50], maxWeight: 50 })).to.deep.equal([]);
    expect(fields({ iterations: 3 })).to.deep.equal([]);
    expect(fields({ iterations: 3, match: [{ headers: { 'x-canary': { exact: 'yes' } } }] }, 'abTesting')).to.deep.equal([]);
  });

  it('requires strictly increasing stepWeights that start above 0', () => {
    expect(fields({ stepWeights: [0, 10] })).to.deep.equal(['spec.analysis.stepWeights[0]']);
    expect(fields({ stepWeights: [10, 10, 20] })).to.deep.equal(['spec.analysis.stepWeights[1]']);
  });

  it('requires maxWeight to cover the steps', () => {
    expect(fields({ stepWeights: [10, 60], maxWeight: 50 })).to.deep.equal(['spec.analysis.maxWeight']);
    expect(fields({ stepWeight: 10, maxWeight: 0 })).to.deep.equal(['spec.analysis.maxWeight']);
    expect(fields({ stepWeight: 0 })).to.deep.equal(['spec.analysis.stepWeight']);
  });

  it('requires iterations for an explicit blue/green', () => {
    expect(fields({}, 'blueGreen')).to.deep.equal(['spec.analysis.iterations']);
  });

  it('requires iterations and match for an explicit A/B test', () => {
    expect(fields({}, 'abTesting')).to.deep.equal(['spec.analysis.iterations', 'spec.analysis.match']);
  });

  it('forbids fields of other strategies beside an explicit strategy, but not when inferred', () => {
    expect(fields({ iterations: 3, stepWeight: 10 }, 'blueGreen')).to.deep.equal(['spec.analysis.stepWeight']);
    expect(fields({ iterations: 3, stepWeight: 10 })).to.deep.equal([]);
    const causes = checkCanarySemantics(spec({ stepWeight: 10, match: [{ uri: { prefix: '/' } }] }, 'canary'));
    expect(causes[0]?.message).to.equal('spec.analysis.match: Forbidden: spec.strategy is canary, but match is only used by abTesting');
  });

  it('checks intervals and webhook timeouts', () => {
    expect(fields({ stepWeight: 10, interval: '999ms' })).to.deep.equal(['spec.analysis.interval']);
    expect(fields({ stepWeight: 10, interval: '1s' })).to.deep.equal([]);
    expect(fields({ stepWeight: 10, interval: '1 minute' })).to.deep.equal(['spec.analysis.interval']);
    expect(fields({ stepWeight: 10, webhooks: [{ name: 'a', url: 'http://a/', timeout: '0' }] })).to.deep.equal(['spec.analysis.webhooks[0].timeout']);
  });

  it('needs a source and a threshold for each metric', () => {
    const custom = [{ name: 'latency', thresholdRange: { max: 1 } }];
    expect(fields({ stepWeight: 10, metrics: custom })).to.deep.equal(['spec.analysis.metrics[0].templateRef']);
    expect(fields({ stepWeight: 10, metrics: [{ ...custom[0]!, templateRef: { name: 't' } }] })).to.deep.equal([]);
    expect(fields({ stepWeight: 10, metrics: [{ ...custom[0]!, query: 'up' }] })).to.deep.equal([]);
    expect(fields({ stepWeight: 10, metrics: [{ ...custom[0]!, query: 'up', templateRef: { name: 't' } }] })).to.deep.equal(['spec.analysis.metrics[0].query']);
    expect(fields({ stepWeight: 10, metrics: [{ name: 'request-duration' }] })).to.deep.equal(['spec.analysis.metrics[0].thresholdRange']);
    expect(fields({ stepWeight: 10, metrics: [{ name: 'request-duration', threshold: 500 }] })).to.deep.equal([]);
    expect(fields({ stepWeight: 10, metrics: [{ name: 'request-duration', thresholdRange: { min: 2, max: 1 } }] })).to.deep.equal(['spec.analysis.metrics[0].thresholdRange']);
  });

  it('rejects duplicate metric and webhook names at the repeated name', () => {
    const hooks = [{ name: 'h', url: 'http://a/' }, { name: 'h', url: 'http://b/' }];
    expect(fields({ stepWeight: 10, metrics: [metrics[0]!, metrics[0]!], webhooks: hooks })).to.deep.equal([
      'spec.analysis.metrics[1].name',
      'spec.analysis.webhooks[1].name',
    ]);
  });

  it('reports a missing analysis instead of throwing', () => {
    const noAnalysis = { ...spec({}), analysis: undefined } as unknown as CanarySpec;
    expect(checkCanarySemantics(noAnalysis).map((cause) => cause.field)).to.deep.equal(['spec.analysis']);
  });
});
