import { expect } from 'chai';
import type { V1Pod } from '@kubernetes/client-node';
import { SupervisedInformer } from '../../src/sandbox/workloads/informer-supervisor.ts';
import type { InformerLike } from '../../src/sandbox/workloads/informer-supervisor.ts';
import { ManualClock } from '../helpers/manual-clock.ts';

/** Stands in for client-node's ListWatch: it stops itself on error, exactly like the real one. */
class FakeInformer implements InformerLike<V1Pod> {
  starts = 0;
  stops = 0;
  private readonly handlers = new Map<string, ((arg?: unknown) => void)[]>();

  on(verb: 'add' | 'update' | 'delete', cb: (obj: V1Pod) => void): void;
  on(verb: 'error' | 'connect', cb: (err?: unknown) => void): void;
  on(verb: string, cb: ((obj: V1Pod) => void) | ((err?: unknown) => void)): void {
    const list = this.handlers.get(verb) ?? [];
    list.push(cb as (arg?: unknown) => void);
    this.handlers.set(verb, list);
  }
  emit(verb: string, arg?: unknown): void {
    for (const cb of this.handlers.get(verb) ?? []) cb(arg);
  }
  start(): Promise<void> {
    this.starts += 1;
    return Promise.resolve();
  }
  stop(): Promise<void> {
    this.stops += 1;
    return Promise.resolve();
  }
  list(): V1Pod[] {
    return [];
  }
  get(): V1Pod | undefined {
    return undefined;
  }
}

describe('workloads informer supervisor', () => {
  it('restarts a failed informer after the backoff, doubling it for repeated failures', async () => {
    const clock = new ManualClock();
    const fake = new FakeInformer();
    const supervised = new SupervisedInformer(fake, clock, { initialMs: 1000, maxMs: 4000 });
    const delays: number[] = [];
    supervised.onRestart((_err, delay) => delays.push(delay));
    await supervised.start();
    expect(fake.starts).to.equal(1);

    fake.emit('error', Object.assign(new Error('connection refused'), { code: 'ECONNREFUSED' }));
    clock.advance(999);
    expect(fake.starts).to.equal(1);
    clock.advance(1);
    expect(fake.starts).to.equal(2);

    fake.emit('error', new Error('500'));
    clock.advance(2000);
    expect(fake.starts).to.equal(3);
    fake.emit('error', new Error('500'));
    clock.advance(4000);
    fake.emit('error', new Error('500'));
    clock.advance(4000);
    expect(delays).to.deep.equal([1000, 2000, 4000, 4000]);
    expect(supervised.restarts).to.equal(4);
  });

  it('resets the backoff after a successful event', async () => {
    const clock = new ManualClock();
    const fake = new FakeInformer();
    const supervised = new SupervisedInformer(fake, clock, { initialMs: 100, maxMs: 10_000 });
    const delays: number[] = [];
    supervised.onRestart((_err, delay) => delays.push(delay));
    await supervised.start();
    fake.emit('error', new Error('a'));
    clock.advance(100);
    fake.emit('error', new Error('b'));
    clock.advance(200);
    fake.emit('add', { metadata: { name: 'p' } });
    fake.emit('error', new Error('c'));
    clock.advance(100);
    expect(delays).to.deep.equal([100, 200, 100]);
  });

  it('collapses a burst of errors into one restart and never restarts after stop', async () => {
    const clock = new ManualClock();
    const fake = new FakeInformer();
    const supervised = new SupervisedInformer(fake, clock, { initialMs: 100, maxMs: 1000 });
    await supervised.start();
    fake.emit('error', new Error('x'));
    fake.emit('error', new Error('y'));
    clock.advance(100);
    expect(fake.starts).to.equal(2);
    fake.emit('error', new Error('z'));
    await supervised.stop();
    clock.advance(10_000);
    expect(fake.starts).to.equal(2);
    expect(fake.stops).to.equal(1);
  });
});
