import { expect } from 'chai';
import { createPrng, deriveSeed } from '../../src/mesh/prng.ts';

describe('mesh prng', () => {
  it('replays the same stream for the same seed and differs for another', () => {
    const a = createPrng(42);
    const b = createPrng(42);
    const c = createPrng(43);
    const sa = Array.from({ length: 50 }, () => a.next());
    expect(Array.from({ length: 50 }, () => b.next())).to.deep.equal(sa);
    expect(Array.from({ length: 50 }, () => c.next())).to.not.deep.equal(sa);
  });

  it('is uniform enough: ten equal bins each within 2% of their share', () => {
    const prng = createPrng(1);
    const bins = new Array<number>(10).fill(0);
    const n = 200_000;
    let outOfRange = 0;
    for (let i = 0; i < n; i++) {
      const u = prng.next();
      if (u < 0 || u >= 1) outOfRange++;
      else bins[Math.floor(u * 10)]!++;
    }
    expect(outOfRange).to.equal(0);
    for (const count of bins) expect(count / n).to.be.closeTo(0.1, 0.002);
  });

  it('normal draws have mean 0 and standard deviation 1', () => {
    const prng = createPrng(9);
    const xs = Array.from({ length: 100_000 }, () => prng.nextNormal());
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
    expect(mean).to.be.closeTo(0, 0.02);
    expect(sd).to.be.closeTo(1, 0.02);
  });

  it('derived seeds are stable per stream name and distinct across names', () => {
    expect(deriveSeed(5, 'shop/app')).to.equal(deriveSeed(5, 'shop/app'));
    expect(deriveSeed(5, 'shop/app')).to.not.equal(deriveSeed(5, 'shop/cart'));
    expect(deriveSeed(5, 'shop/app')).to.not.equal(deriveSeed(6, 'shop/app'));
  });
});
