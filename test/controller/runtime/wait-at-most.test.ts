import { expect } from 'chai';
import { waitAtMost } from '../../../src/controller/runtime/wait-at-most.ts';

describe('waitAtMost', () => {
  it('is true when the work finishes first', async () => {
    expect(await waitAtMost(Promise.resolve(), 10_000)).to.equal(true);
  });

  it('is false when the time runs out first, without waiting for the work', async () => {
    const never = new Promise<void>(() => undefined);
    expect(await waitAtMost(never, 5)).to.equal(false);
  });
});
