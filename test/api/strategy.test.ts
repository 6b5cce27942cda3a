import { expect } from 'chai';
import { inferStrategy, resolveStrategy } from '../../src/api/strategy.ts';

const match = [{ headers: { 'x-canary': { exact: 'insider' } } }];

describe('strategy', () => {
  it('infers like Flagger: match + iterations is A/B testing', () => {
    expect(inferStrategy({ iterations: 10, match })).to.equal('abTesting');
  });

  it('infers like Flagger: iterations alone is blue/green', () => {
    expect(inferStrategy({ iterations: 10 })).to.equal('blueGreen');
    expect(inferStrategy({ iterations: 10, match: [] })).to.equal('blueGreen');
  });

  it('infers like Flagger: everything else is canary', () => {
    expect(inferStrategy({ stepWeight: 10 })).to.equal('canary');
    expect(inferStrategy({ match, stepWeight: 10 })).to.equal('canary');
    expect(inferStrategy({ iterations: 0, stepWeight: 5 })).to.equal('canary');
    expect(inferStrategy(undefined)).to.equal('canary');
  });

  it('prefers an explicit spec.strategy', () => {
    expect(resolveStrategy({ strategy: 'blueGreen', analysis: { stepWeight: 10 } })).to.equal('blueGreen');
    expect(resolveStrategy({ analysis: { iterations: 3 } })).to.equal('blueGreen');
  });
});
