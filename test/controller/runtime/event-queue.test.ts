import { AsyncLocalStorage } from 'node:async_hooks';
import { expect } from 'chai';
import { FakeClock } from '../../../src/controller/runtime/fake-clock.ts';
import type { EventOutcome, EventWriter, QueuedEvent } from '../../../src/controller/runtime/event-queue.ts';
import { EventQueue } from '../../../src/controller/runtime/event-queue.ts';
import { createLogger } from '../../../src/controller/runtime/logger.ts';

interface Write {
  verb: 'create' | 'bump';
  name: string;
  count: number;
}

/** A failed write as client-node reports it: an Error with the HTTP status as `code` (none when no answer came). */
class WriteError extends Error {
  constructor(readonly code?: number) {
    super(code === undefined ? 'socket hang up' : `HTTP ${String(code)}`);
  }
}

/** An EventWriter whose answers the test releases one by one, or at once when `auto`. */
class HeldWriter implements EventWriter {
  readonly writes: Write[] = [];
  readonly held: { resolve: () => void; reject: (err: unknown) => void }[] = [];
  failNext: WriteError[] = [];

  constructor(private readonly auto: boolean) {}

  create(_namespace: string, event: QueuedEvent): Promise<void> {
    this.writes.push({ verb: 'create', name: event.metadata?.name ?? '', count: event.count ?? 0 });
    return this.answer();
  }

  bump(_namespace: string, name: string, patch: { count: number }): Promise<void> {
    this.writes.push({ verb: 'bump', name, count: patch.count });
    return this.answer();
  }

  private answer(): Promise<void> {
    const failure = this.failNext.shift();
    if (failure !== undefined) return Promise.reject(failure);
    if (this.auto) return Promise.resolve();
    return new Promise((resolve, reject) => { this.held.push({ resolve, reject }); });
  }
}

function event(name: string, reason: string, message = 'm'): QueuedEvent {
  return {
    metadata: { name, namespace: 'ns' },
    involvedObject: { apiVersion: 'glidepath.dev/v1alpha1', kind: 'Canary', namespace: 'ns', name: 'app', uid: 'u1' },
    type: 'Normal', reason, message, count: 1, lastTimestamp: '2026-01-01T00:00:00.000Z', source: { component: 'glidepath-controller' },
  };
}

const quiet = createLogger({ level: 'error', sink: () => undefined });
const settle = (): Promise<void> => new Promise((resolve) => { setImmediate(resolve); });

describe('EventQueue', () => {
  it('returns at once and sends at most `concurrency` Events at a time, oldest first', async () => {
    const writer = new HeldWriter(false);
    const queue = new EventQueue({ writer, logger: quiet, concurrency: 2 });
    for (const n of [1, 2, 3]) queue.record('ns', event(`e${String(n)}`, `R${String(n)}`));
    expect(writer.writes.map((w) => w.name)).to.deep.equal(['e1', 'e2']);
    expect(queue.depth).to.equal(1);
    writer.held.shift()?.resolve();
    await settle();
    expect(writer.writes.map((w) => w.name)).to.deep.equal(['e1', 'e2', 'e3']);
    writer.held.splice(0).forEach((h) => { h.resolve(); });
    await queue.idle();
  });

  it('turns a repeat of a sent Event into a count bump of that Event', async () => {
    const writer = new HeldWriter(true);
    const queue = new EventQueue({ writer, logger: quiet });
    queue.record('ns', event('first', 'Progressing'));
    await queue.idle();
    queue.record('ns', event('second', 'Progressing'));
    await queue.idle();
    queue.record('ns', event('third', 'Progressing', 'another message'));
    await queue.idle();
    expect(writer.writes).to.deep.equal([
      { verb: 'create', name: 'first', count: 1 },
      { verb: 'bump', name: 'first', count: 2 },
      { verb: 'create', name: 'third', count: 1 },
    ]);
  });

  it('folds a repeat into the same Event still waiting, and never writes one repeat key twice at once', async () => {
    const writer = new HeldWriter(false);
    const outcomes: EventOutcome[] = [];
    const queue = new EventQueue({ writer, logger: quiet, concurrency: 4, onOutcome: (o) => outcomes.push(o) });
    queue.record('ns', event('a1', 'A'));
    queue.record('ns', event('a2', 'A'));
    queue.record('ns', event('a3', 'A'));
    // a1 is in flight; a2 waits for it (same key), and a3 folds into a2.
    expect(writer.writes).to.deep.equal([{ verb: 'create', name: 'a1', count: 1 }]);
    writer.held.shift()?.resolve();
    await settle();
    expect(writer.writes.at(-1)).to.deep.equal({ verb: 'bump', name: 'a1', count: 3 });
    writer.held.shift()?.resolve();
    await queue.idle();
    expect(outcomes).to.deep.equal(['folded', 'created', 'bumped']);
  });

  it('creates a new Event when the repeated one is gone (404)', async () => {
    const writer = new HeldWriter(true);
    const queue = new EventQueue({ writer, logger: quiet });
    queue.record('ns', event('old', 'R'));
    await queue.idle();
    writer.failNext = [new WriteError(404)];
    queue.record('ns', event('new', 'R'));
    await queue.idle();
    expect(writer.writes.slice(1)).to.deep.equal([{ verb: 'bump', name: 'old', count: 2 }, { verb: 'create', name: 'new', count: 1 }]);
  });

  it('drops the oldest waiting Event when full, and counts it', async () => {
    const writer = new HeldWriter(false);
    const outcomes: EventOutcome[] = [];
    const queue = new EventQueue({ writer, logger: quiet, concurrency: 1, maxQueued: 2, onOutcome: (o) => outcomes.push(o) });
    for (const n of [1, 2, 3, 4]) queue.record('ns', event(`e${String(n)}`, `R${String(n)}`));
    expect(queue.dropped).to.equal(1);
    expect(outcomes).to.deep.equal(['dropped']);
    for (let i = 0; i < 3; i += 1) {
      writer.held.shift()?.resolve();
      await settle();
    }
    await queue.idle();
    expect(writer.writes.map((w) => w.name)).to.deep.equal(['e1', 'e3', 'e4']);
  });

  it('retries transient failures after a delay and gives up on a refusal', async () => {
    const clock = new FakeClock();
    const writer = new HeldWriter(true);
    const queue = new EventQueue({ writer, logger: quiet, clock, retryDelayMs: 100 });
    writer.failNext = [new WriteError(503), new WriteError()];
    queue.record('ns', event('flaky', 'R'));
    await settle();
    clock.advance(100);
    await settle();
    clock.advance(200);
    await queue.idle();
    expect(writer.writes.map((w) => w.name)).to.deep.equal(['flaky', 'flaky', 'flaky']);
    writer.failNext = [new WriteError(422)];
    queue.record('ns', event('invalid', 'Other'));
    await queue.idle();
    expect(writer.writes.filter((w) => w.name === 'invalid')).to.have.length(1);
  });

  it('stop() sends what is queued, then drops Events recorded afterwards', async () => {
    const writer = new HeldWriter(true);
    const queue = new EventQueue({ writer, logger: quiet, concurrency: 1 });
    for (const n of [1, 2, 3]) queue.record('ns', event(`e${String(n)}`, `R${String(n)}`));
    await queue.stop(1000);
    expect(writer.writes.map((w) => w.name)).to.deep.equal(['e1', 'e2', 'e3']);
    queue.record('ns', event('late', 'Late'));
    expect(queue.dropped).to.equal(1);
    expect(writer.writes).to.have.length(3);
  });

  it('sends outside the async context of the caller that recorded the Event', async () => {
    const context = new AsyncLocalStorage<string>();
    const seen: (string | undefined)[] = [];
    const writer: EventWriter = {
      create: () => { seen.push(context.getStore()); return Promise.resolve(); },
      bump: () => Promise.resolve(),
    };
    const queue = new EventQueue({ writer, logger: quiet, concurrency: 1 });
    context.run('pass-1', () => { queue.record('ns', event('a', 'A')); queue.record('ns', event('b', 'B')); });
    await queue.idle();
    expect(seen).to.deep.equal([undefined, undefined]);
  });
});
