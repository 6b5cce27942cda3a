import { expect } from 'chai';
import { FakeClock } from '../../../src/controller/runtime/fake-clock.ts';
import { createLogger } from '../../../src/controller/runtime/logger.ts';
import { TerminalError } from '../../../src/controller/runtime/reconcile-errors.ts';
import type { ReconcileOutcome, ReconcileResult } from '../../../src/controller/runtime/work-queue.ts';
import { WorkQueue } from '../../../src/controller/runtime/work-queue.ts';

interface Gate {
  promise: Promise<void>;
  open: () => void;
}

function gate(): Gate {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => { open = resolve; });
  return { promise, open };
}

/** Polls `cond` on the macrotask queue until it holds, failing with `what` after the deadline. */
async function until(cond: () => boolean, what: string, deadlineMs = 2000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

describe('WorkQueue', () => {
  it('rejects a worker count that is not a positive integer', () => {
    expect(() => new WorkQueue({ handler: () => Promise.resolve(undefined), workers: 0 })).to.throw(/workers must be a positive integer/);
  });

  it('deduplicates: a key queued several times while waiting is reconciled once', async () => {
    const blocker = gate();
    const calls: string[] = [];
    const queue = new WorkQueue({
      workers: 1,
      handler: async (key) => { calls.push(key); if (key === 'busy') await blocker.promise; return undefined; },
    });
    queue.add('busy');
    queue.add('a');
    queue.add('a');
    queue.add('a');
    expect(queue.depth).to.equal(1);
    blocker.open();
    await queue.whenIdle();
    expect(calls).to.deep.equal(['busy', 'a']);
  });

  it('never runs one key twice at once; a key added while running runs again right after', async () => {
    const gates = [gate(), gate()];
    let running = 0;
    let maxRunning = 0;
    let calls = 0;
    const queue = new WorkQueue({
      workers: 4,
      handler: async () => {
        const mine = gates[calls];
        calls += 1;
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        await mine?.promise;
        running -= 1;
        return undefined;
      },
    });
    queue.add('k');
    await until(() => calls === 1, 'the first reconcile to start');
    queue.add('k');
    queue.add('k');
    expect(queue.active).to.equal(1);
    expect(queue.depth).to.equal(0);
    gates[0]?.open();
    await until(() => calls === 2, 'the second reconcile to start');
    gates[1]?.open();
    await queue.whenIdle();
    expect(calls).to.equal(2);
    expect(maxRunning).to.equal(1);
  });

  it('runs at most `workers` reconciles at once and drains every key', async () => {
    const done = new Set<string>();
    let running = 0;
    let maxRunning = 0;
    const queue = new WorkQueue({
      workers: 3,
      handler: async (key) => {
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        await new Promise((r) => setImmediate(r));
        running -= 1;
        done.add(key);
        return undefined;
      },
    });
    for (let i = 0; i < 20; i += 1) queue.add(`k${i}`);
    await queue.whenIdle();
    expect(done.size).to.equal(20);
    expect(maxRunning).to.equal(3);
  });

  it('backs off per key on errors (5, 10, 20 ms …), and resets after a success', async () => {
    const clock = new FakeClock(0);
    let failNext = 3;
    let calls = 0;
    const queue = new WorkQueue({
      workers: 1,
      clock,
      handler: () => {
        calls += 1;
        if (failNext > 0) {
          failNext -= 1;
          return Promise.reject(new Error('api unavailable'));
        }
        return Promise.resolve(undefined);
      },
    });
    queue.add('k');
    await queue.whenIdle();
    const delays: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const due = queue.dueAt('k');
      expect(due, `a retry scheduled after failure ${i + 1}`).to.be.a('number');
      delays.push((due ?? 0) - clock.now());
      clock.advance((due ?? 0) - clock.now() - 1);
      expect(calls, 'no retry before the backoff elapses').to.equal(i + 1);
      clock.advance(1);
      await queue.whenIdle();
    }
    expect(delays).to.deep.equal([5, 10, 20]);
    expect(calls).to.equal(4);
    expect(queue.failuresOf('k')).to.equal(0);
    expect(queue.dueAt('k')).to.equal(undefined);
    failNext = 1;
    queue.add('k');
    await queue.whenIdle();
    expect((queue.dueAt('k') ?? 0) - clock.now(), 'backoff starts over after a success').to.equal(5);
  });

  it('caps the backoff', async () => {
    const clock = new FakeClock(0);
    const queue = new WorkQueue({
      workers: 1, clock, backoff: { initialMs: 5, maxMs: 30 },
      handler: () => Promise.reject(new Error('always')),
    });
    queue.add('k');
    await queue.whenIdle();
    const delays: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      const due = queue.dueAt('k') ?? Number.NaN;
      delays.push(due - clock.now());
      clock.advance(due - clock.now());
      await queue.whenIdle();
    }
    expect(delays).to.deep.equal([5, 10, 20, 30, 30, 30]);
  });

  it('requeues after the interval a reconcile asks for', async () => {
    const clock = new FakeClock(0);
    const calls: number[] = [];
    const queue = new WorkQueue({
      workers: 2, clock,
      handler: (): Promise<ReconcileResult> => { calls.push(clock.now()); return Promise.resolve({ requeueAfterMs: 10_000 }); },
    });
    queue.add('k');
    await queue.whenIdle();
    clock.advance(9_999);
    await queue.whenIdle();
    expect(calls).to.deep.equal([0]);
    clock.advance(1);
    await queue.whenIdle();
    expect(calls).to.deep.equal([0, 10_000]);
    expect(clock.pendingTimers()).to.equal(1);
  });

  it('does not retry a TerminalError and logs it', async () => {
    const clock = new FakeClock(0);
    const lines: string[] = [];
    let calls = 0;
    const outcomes: ReconcileOutcome[] = [];
    const queue = new WorkQueue({
      workers: 1, clock, logger: createLogger({ sink: (l) => lines.push(l) }),
      hooks: { onReconciled: (_key, outcome) => outcomes.push(outcome) },
      handler: () => { calls += 1; return Promise.reject(new TerminalError('spec.targetRef.name is required')); },
    });
    queue.add('shop/podinfo');
    await queue.whenIdle();
    clock.advance(60 * 60_000);
    await queue.whenIdle();
    expect(calls).to.equal(1);
    expect(queue.dueAt('shop/podinfo')).to.equal(undefined);
    expect(outcomes).to.deep.equal(['terminal_error']);
    const line = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    expect(line).to.include({ level: 'error', key: 'shop/podinfo' });
    expect(line.err).to.deep.include({ message: 'spec.targetRef.name is required' });
  });

  it('reports depth and every outcome through its hooks', async () => {
    const depths: number[] = [];
    const outcomes: string[] = [];
    const blocker = gate();
    const queue = new WorkQueue({
      workers: 1,
      hooks: { onDepth: (d) => depths.push(d), onReconciled: (key, outcome) => outcomes.push(`${key}:${outcome}`) },
      handler: async (key) => {
        if (key === 'a') await blocker.promise;
        if (key === 'c') throw new Error('x');
        return key === 'b' ? { requeueAfterMs: 50 } : undefined;
      },
    });
    queue.add('a');
    queue.add('b');
    queue.add('c');
    expect(Math.max(...depths)).to.equal(2);
    blocker.open();
    await queue.whenIdle();
    expect(depths.at(-1)).to.equal(0);
    expect(outcomes).to.deep.equal(['a:success', 'b:requeue_after', 'c:error']);
    await queue.shutdown();
  });

  it('shuts down: waits for running reconciles, then ignores new keys', async () => {
    const blocker = gate();
    const calls: string[] = [];
    const queue = new WorkQueue({
      workers: 1,
      handler: async (key) => { calls.push(key); await blocker.promise; return undefined; },
    });
    queue.add('a');
    queue.add('b');
    let finished = false;
    const stopping = queue.shutdown().then(() => { finished = true; });
    await new Promise((r) => setImmediate(r));
    expect(finished).to.equal(false);
    blocker.open();
    await stopping;
    queue.add('c');
    await queue.whenIdle();
    expect(calls).to.deep.equal(['a']);
  });
});
