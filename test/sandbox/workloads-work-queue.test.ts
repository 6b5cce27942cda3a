import { expect } from 'chai';
import { WorkQueue } from '../../src/sandbox/workloads/work-queue.ts';
import { ManualClock } from '../helpers/manual-clock.ts';
import { waitFor } from '../helpers/wait-for.ts';

describe('workloads WorkQueue', () => {
  it('runs a key queued many times while waiting once', async () => {
    const runs: string[] = [];
    let release: (() => void) | undefined;
    const queue = new WorkQueue(new ManualClock(), async (key) => {
      runs.push(key);
      if (key === 'block') await new Promise<void>((resolve) => { release = resolve; });
      return undefined;
    }, { concurrency: 1 });
    queue.add('block');
    queue.add('a');
    queue.add('a');
    queue.add('b');
    queue.add('a');
    await waitFor(() => release, { what: 'the blocking key to start' });
    release?.();
    await queue.idle();
    expect(runs).to.deep.equal(['block', 'a', 'b']);
    await queue.stop();
  });

  it('never runs one key twice at once, and re-runs it when it was queued meanwhile', async () => {
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    let release: (() => void) | undefined;
    const queue = new WorkQueue(new ManualClock(), async () => {
      active += 1;
      runs += 1;
      maxActive = Math.max(maxActive, active);
      if (runs === 1) await new Promise<void>((resolve) => { release = resolve; });
      active -= 1;
      return undefined;
    });
    queue.add('k');
    await waitFor(() => release, { what: 'the first run to start' });
    queue.add('k');
    queue.add('k');
    release?.();
    await waitFor(() => runs === 2 && queue.activeCount === 0, { what: 'the second run to finish' });
    expect(maxActive).to.equal(1);
    expect(runs).to.equal(2);
    await queue.stop();
  });

  it('bounds the number of keys running at once', async () => {
    let active = 0;
    let maxActive = 0;
    const queue = new WorkQueue(new ManualClock(), async () => {
      active += 1;
      maxActive = Math.max(maxActive, active);
      await new Promise((resolve) => setImmediate(resolve));
      active -= 1;
      return undefined;
    }, { concurrency: 3 });
    for (let i = 0; i < 20; i++) queue.add(`k${i}`);
    await queue.idle();
    expect(maxActive).to.equal(3);
    await queue.stop();
  });

  it('retries a failing key with doubling backoff and resets after success', async () => {
    const clock = new ManualClock();
    let attempts = 0;
    const errors: string[] = [];
    const queue = new WorkQueue(clock, () => {
      attempts += 1;
      return attempts <= 3 ? Promise.reject(new Error(`boom ${attempts}`)) : Promise.resolve(undefined);
    }, { baseBackoffMs: 100, onError: (key, err) => errors.push(`${key}:${(err as Error).message}`) });
    queue.add('k');
    await queue.idle();
    expect(attempts).to.equal(1);
    clock.advance(99);
    await queue.idle();
    expect(attempts).to.equal(1);
    clock.advance(1);
    await queue.idle();
    expect(attempts).to.equal(2);
    clock.advance(199);
    await queue.idle();
    expect(attempts).to.equal(2);
    clock.advance(1);
    await queue.idle();
    expect(attempts).to.equal(3);
    clock.advance(400);
    await queue.idle();
    expect(attempts).to.equal(4);
    expect(errors).to.deep.equal(['k:boom 1', 'k:boom 2', 'k:boom 3']);
    await queue.stop();
  });

  it('requeues after the delay a handler asks for', async () => {
    const clock = new ManualClock();
    let runs = 0;
    const queue = new WorkQueue(clock, () => {
      runs += 1;
      return Promise.resolve(runs === 1 ? { requeueAfterMs: 1000 } : undefined);
    });
    queue.add('k');
    await queue.idle();
    clock.advance(999);
    await queue.idle();
    expect(runs).to.equal(1);
    clock.advance(1);
    await queue.idle();
    expect(runs).to.equal(2);
    await queue.stop();
  });
});
