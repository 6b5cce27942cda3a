import { expect } from 'chai';
import { summarize } from '../../src/page/canary-view.ts';
import { fixtureCanary } from './page-fixtures.ts';

describe('page: canary summary', () => {
  it('marks a Canary whose spec.suspend is true as suspended, and only that one', () => {
    const running = fixtureCanary();
    const suspended = fixtureCanary();
    suspended.spec.suspend = true;
    expect(summarize(running).suspended).to.equal(false);
    expect(summarize(suspended)).to.include({ suspended: true, phase: running.status?.phase, canaryWeight: running.status?.canaryWeight });
  });
});
