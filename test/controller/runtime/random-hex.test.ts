import { expect } from 'chai';
import { randomHex } from '../../../src/controller/runtime/random-hex.ts';

describe('randomHex', () => {
  it('gives 2 × bytes lowercase hex characters, without repeats across pool refills', () => {
    const seen = new Set<string>();
    // 3,000 × 6 bytes spans several 4 KiB pools.
    for (let i = 0; i < 3000; i += 1) {
      const id = randomHex(6);
      expect(id).to.match(/^[0-9a-f]{12}$/);
      seen.add(id);
    }
    expect(seen.size).to.equal(3000);
    expect(randomHex(5000)).to.have.length(10_000);
  });
});
