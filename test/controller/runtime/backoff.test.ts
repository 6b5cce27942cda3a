import { expect } from 'chai';
import { backoffDelay, KeyedBackoff } from '../../../src/controller/runtime/backoff.ts';

describe('backoff', () => {
  it('doubles from the initial delay up to the cap', () => {
    const policy = { initialMs: 5, maxMs: 100 };
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelay(policy, n))).to.deep.equal([5, 10, 20, 40, 80, 100, 100]);
  });

  it('stays at the cap for huge failure counts', () => {
    expect(backoffDelay({ initialMs: 5, maxMs: 300_000 }, 5000)).to.equal(300_000);
  });

  it('counts per key and resets one key without touching another', () => {
    const backoff = new KeyedBackoff({ initialMs: 1000, maxMs: 30_000 });
    expect([backoff.failure('a'), backoff.failure('a'), backoff.failure('b')]).to.deep.equal([1000, 2000, 1000]);
    backoff.reset('a');
    expect(backoff.failure('a')).to.equal(1000);
    expect(backoff.failuresOf('b')).to.equal(1);
  });
});
