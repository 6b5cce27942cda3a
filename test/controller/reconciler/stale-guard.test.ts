import { expect } from 'chai';
import { StaleGuard } from '../../../src/controller/reconciler/stale-guard.ts';

describe('reconciler stale-cache guard', () => {
  it('flags a cache older than the last write and clears once the cache catches up', () => {
    const guard = new StaleGuard();
    expect(guard.isStale('ns/a', '5')).to.equal(false);
    guard.wrote('ns/a', '10');
    expect(guard.isStale('ns/a', '9')).to.equal(true);
    expect(guard.isStale('ns/a', '10')).to.equal(false);
    expect(guard.isStale('ns/a', '12')).to.equal(false);
    expect(guard.isStale('ns/b', '1')).to.equal(false);
    guard.forget('ns/a');
    expect(guard.isStale('ns/a', '9')).to.equal(false);
  });

  it('trusts only equality for resourceVersions that are not integers', () => {
    const guard = new StaleGuard();
    guard.wrote('ns/a', 'abc');
    expect(guard.isStale('ns/a', 'abb')).to.equal(false);
  });

  it('remembers which keys want their next pass once the cache catches up, until a pass runs or the Canary is forgotten', () => {
    const guard = new StaleGuard();
    expect(guard.awaitsCatchUp('ns/a')).to.equal(false);
    guard.passOnCatchUp('ns/a');
    guard.passOnCatchUp('ns/b');
    expect(guard.awaitsCatchUp('ns/a')).to.equal(true);
    guard.caughtUp('ns/a');
    expect(guard.awaitsCatchUp('ns/a')).to.equal(false);
    expect(guard.awaitsCatchUp('ns/b')).to.equal(true);
    guard.forget('ns/b');
    expect(guard.awaitsCatchUp('ns/b')).to.equal(false);
  });
});
