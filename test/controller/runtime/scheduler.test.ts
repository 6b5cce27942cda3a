import { expect } from 'chai';
import { FakeClock } from '../../../src/controller/runtime/fake-clock.ts';
import { MinHeap } from '../../../src/controller/runtime/min-heap.ts';
import { Scheduler } from '../../../src/controller/runtime/scheduler.ts';

function setup(): { clock: FakeClock; fired: string[]; scheduler: Scheduler } {
  const clock = new FakeClock(0);
  const fired: string[] = [];
  const scheduler = new Scheduler({ clock, onDue: (key) => fired.push(`${key}@${clock.now()}`) });
  return { clock, fired, scheduler };
}

describe('MinHeap', () => {
  it('pops numbers in ascending order', () => {
    const heap = new MinHeap<number>((a, b) => a < b);
    const input = [9, 3, 7, 1, 8, 2, 6, 4, 5, 0, 3];
    input.forEach((n) => { heap.push(n); });
    const out: number[] = [];
    for (let n = heap.pop(); n !== undefined; n = heap.pop()) out.push(n);
    expect(out).to.deep.equal([...input].sort((a, b) => a - b));
  });

  it('keeps heap order after retain', () => {
    const heap = new MinHeap<number>((a, b) => a < b);
    [5, 1, 4, 2, 3, 6].forEach((n) => { heap.push(n); });
    heap.retain((n) => n % 2 === 0);
    expect([heap.pop(), heap.pop(), heap.pop(), heap.pop()]).to.deep.equal([2, 4, 6, undefined]);
  });
});

describe('Scheduler', () => {
  it('fires keys in due-time order, each at its own time', () => {
    const { clock, fired, scheduler } = setup();
    scheduler.schedule('c', 300);
    scheduler.schedule('a', 100);
    scheduler.schedule('b', 200);
    clock.advance(1000);
    expect(fired).to.deep.equal(['a@100', 'b@200', 'c@300']);
    expect(scheduler.size).to.equal(0);
  });

  it('uses a single timer for any number of keys', () => {
    const { clock, scheduler } = setup();
    for (let i = 0; i < 500; i += 1) scheduler.schedule(`k${i}`, 1000 + i);
    expect(clock.pendingTimers()).to.equal(1);
    expect(clock.nextTimerAt()).to.equal(1000);
  });

  it('lets an earlier due time replace a later one, and ignores a later one', () => {
    const { clock, fired, scheduler } = setup();
    expect(scheduler.schedule('k', 500)).to.equal(true);
    expect(scheduler.schedule('k', 200)).to.equal(true);
    expect(scheduler.schedule('k', 800)).to.equal(false);
    expect(scheduler.dueAt('k')).to.equal(200);
    expect(clock.nextTimerAt()).to.equal(200);
    clock.advance(1000);
    expect(fired).to.deep.equal(['k@200']);
  });

  it('re-arms its one timer when an earlier key arrives', () => {
    const { clock, fired, scheduler } = setup();
    scheduler.schedule('late', 1000);
    scheduler.schedule('early', 10);
    expect(clock.pendingTimers()).to.equal(1);
    clock.advance(10);
    expect(fired).to.deep.equal(['early@10']);
    expect(clock.nextTimerAt()).to.equal(1000);
  });

  it('fires keys that share a due time together and allows rescheduling from the callback', () => {
    const clock = new FakeClock(0);
    const fired: string[] = [];
    const scheduler = new Scheduler({
      clock,
      onDue: (key) => {
        fired.push(`${key}@${clock.now()}`);
        if (key === 'a' && clock.now() < 300) scheduler.schedule('a', clock.now() + 100);
      },
    });
    scheduler.schedule('a', 100);
    scheduler.schedule('b', 100);
    clock.advance(1000);
    expect(fired).to.deep.equal(['a@100', 'b@100', 'a@200', 'a@300']);
  });

  it('cancels a key without firing it', () => {
    const { clock, fired, scheduler } = setup();
    scheduler.schedule('x', 100);
    scheduler.schedule('y', 150);
    scheduler.cancel('x');
    clock.advance(200);
    expect(fired).to.deep.equal(['y@150']);
  });

  it('keeps its heap bounded when one key is rescheduled earlier many times', () => {
    const { clock, fired, scheduler } = setup();
    for (let t = 100_000; t > 0; t -= 1) scheduler.schedule('k', t);
    const heapSize = (scheduler as unknown as { heap: MinHeap<unknown> }).heap.size;
    expect(heapSize).to.be.below(200);
    clock.advance(10);
    expect(fired).to.deep.equal(['k@1']);
  });

  it('stops: no timer left, later schedules ignored', () => {
    const { clock, fired, scheduler } = setup();
    scheduler.schedule('a', 10);
    scheduler.stop();
    expect(clock.pendingTimers()).to.equal(0);
    expect(scheduler.schedule('b', 5)).to.equal(false);
    clock.advance(100);
    expect(fired).to.deep.equal([]);
  });

  it('handles a key due in the past by firing it on the next timer turn', () => {
    const { clock, fired, scheduler } = setup();
    clock.advance(1000);
    scheduler.schedule('past', 10);
    clock.advance(0);
    expect(fired).to.deep.equal(['past@1000']);
  });
});
