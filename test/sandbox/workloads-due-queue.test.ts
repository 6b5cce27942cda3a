import { expect } from 'chai';
import { DueQueue } from '../../src/sandbox/workloads/due-queue.ts';
import { ManualClock } from '../helpers/manual-clock.ts';

describe('workloads DueQueue', () => {
  let clock: ManualClock;
  let fired: string[];
  let queue: DueQueue;

  beforeEach(() => {
    clock = new ManualClock();
    fired = [];
    queue = new DueQueue(clock, (key) => fired.push(key));
  });

  it('fires keys in due-time order once their time has come', () => {
    const t = clock.now();
    queue.schedule('c', t + 300);
    queue.schedule('a', t + 100);
    queue.schedule('b', t + 200);
    clock.advance(99);
    expect(fired).to.deep.equal([]);
    clock.advance(150);
    expect(fired).to.deep.equal(['a', 'b']);
    clock.advance(100);
    expect(fired).to.deep.equal(['a', 'b', 'c']);
    expect(queue.size).to.equal(0);
  });

  it('keeps a single armed timer however many keys wait', () => {
    for (let i = 0; i < 1000; i++) queue.schedule(`pod-${i}`, clock.now() + 1000 + i);
    expect(clock.pendingTimers).to.equal(1);
    clock.advance(2000);
    expect(fired).to.have.length(1000);
    expect(clock.pendingTimers).to.equal(0);
  });

  it('lets the earlier time win when a key is scheduled twice, and fires it once', () => {
    queue.schedule('k', clock.now() + 500);
    queue.schedule('k', clock.now() + 100);
    queue.schedule('k', clock.now() + 900);
    clock.advance(100);
    expect(fired).to.deep.equal(['k']);
    clock.advance(1000);
    expect(fired).to.deep.equal(['k']);
  });

  it('does not fire cancelled keys, and fires nothing after stop', () => {
    queue.schedule('x', clock.now() + 10);
    queue.schedule('y', clock.now() + 20);
    queue.cancel('x');
    clock.advance(30);
    expect(fired).to.deep.equal(['y']);
    queue.schedule('z', clock.now() + 10);
    queue.stop();
    queue.schedule('w', clock.now() + 10);
    clock.advance(100);
    expect(fired).to.deep.equal(['y']);
  });

  it('accepts keys scheduled from inside a firing callback', () => {
    const chained = new DueQueue(clock, (key) => {
      fired.push(key);
      if (key === 'first') chained.schedule('second', clock.now() + 50);
    });
    chained.schedule('first', clock.now() + 10);
    clock.advance(100);
    expect(fired).to.deep.equal(['first', 'second']);
  });
});
