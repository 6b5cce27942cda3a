import { expect } from 'chai';
import { describeChecks, judgeChecks } from '../../machines/analysis-verdict.ts';
import { check } from './release-driver.ts';

describe('analysis verdict', () => {
  it('judges only pre-rollout webhooks before pre-rollout is done, and ignores them afterwards', () => {
    const checks = [check('hook', 'Failed', 'pre-rollout'), check('latency', 'Successful')];
    expect(judgeChecks(checks, false)).to.include({ outcome: 'failed', stage: 'pre-rollout' });
    expect(judgeChecks(checks, true)).to.include({ outcome: 'passed', stage: 'analysis' });
  });

  it('fails on Failed or Error, holds on Inconclusive, passes otherwise (including no checks)', () => {
    expect(judgeChecks([check('a', 'Error'), check('b', 'Inconclusive')], true).outcome).to.equal('failed');
    expect(judgeChecks([check('a', 'Successful'), check('b', 'Inconclusive')], true).outcome).to.equal('inconclusive');
    expect(judgeChecks([check('a', 'Successful')], true).outcome).to.equal('passed');
    expect(judgeChecks([], true).outcome).to.equal('passed');
    expect(judgeChecks([], false).outcome).to.equal('passed');
  });

  it('names the checks behind a verdict', () => {
    const verdict = judgeChecks([check('a', 'Failed'), check('b', 'Error'), check('c', 'Successful')], true);
    expect(verdict.failed.map((c) => c.name)).to.deep.equal(['a', 'b']);
    expect(describeChecks(verdict.failed)).to.equal("'a' (Failed: a is Failed), 'b' (Error: b is Error)");
    expect(describeChecks([{ name: 'x', kind: 'metric', verdict: 'Inconclusive' }])).to.equal("'x' (Inconclusive)");
  });
});
