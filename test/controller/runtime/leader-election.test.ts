import { expect } from 'chai';
import type { Clock } from '../../../src/controller/runtime/clock.ts';
import { FakeClock } from '../../../src/controller/runtime/fake-clock.ts';
import { LeaderElector } from '../../../src/controller/runtime/leader-election.ts';
import { alwaysLeader, NotLeaderError } from '../../../src/controller/runtime/leader-gate.ts';
import { MemoryLeaseBackend } from './memory-lease-store.ts';

/** Lets promise chains started by fired timers run to completion. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await new Promise((r) => setImmediate(r));
}

interface Candidate {
  elector: LeaderElector;
  link: { mode: 'up' | 'failing' | 'hanging' };
  events: string[];
}

function candidate(identity: string, backend: MemoryLeaseBackend, clock: Clock, log: string[]): Candidate {
  const link: Candidate['link'] = { mode: 'up' };
  const events: string[] = [];
  const note = (e: string): void => { events.push(e); log.push(`${identity}:${e}@${clock.now()}`); };
  const elector = new LeaderElector({
    identity, clock, store: backend.storeFor(link),
    callbacks: {
      onStartedLeading: () => { note('started'); },
      onStoppedLeading: (reason) => { note(`stopped(${reason})`); },
      onNewLeader: (id) => { note(`leader=${id ?? 'none'}`); },
    },
  });
  return { elector, link, events };
}

describe('LeaderElector (fake clock)', () => {
  it('rejects timings where the leader would not give up before others may take over', () => {
    const backend = new MemoryLeaseBackend();
    expect(() => new LeaderElector({
      identity: 'a', store: backend.storeFor({ mode: 'up' }),
      timings: { leaseDurationMs: 10_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 },
    })).to.throw(RangeError, /retryPeriod < renewDeadline < leaseDuration/);
  });

  it('creates the lease with kube\'s fields and renews it every retry period', async () => {
    const clock = new FakeClock(0);
    const backend = new MemoryLeaseBackend();
    const a = candidate('a', backend, clock, []);
    a.elector.start();
    await settle();
    expect(a.elector.isLeader()).to.equal(true);
    expect(a.events).to.include('started');
    expect(backend.lease?.record).to.deep.equal({
      holderIdentity: 'a', leaseDurationSeconds: 15, acquireTime: 0, renewTime: 0, leaseTransitions: 0,
    });
    clock.advance(2_000);
    await settle();
    clock.advance(2_000);
    await settle();
    expect(backend.lease?.record).to.include({ holderIdentity: 'a', acquireTime: 0, renewTime: 4_000, leaseTransitions: 0 });
    expect(a.events.filter((e) => e === 'started')).to.have.length(1);
    await a.elector.stop({ release: false });
  });

  it('with two candidates, exactly one leads and the other stands by healthily', async () => {
    const clock = new FakeClock(0);
    const backend = new MemoryLeaseBackend();
    const a = candidate('a', backend, clock, []);
    const b = candidate('b', backend, clock, []);
    a.elector.start();
    b.elector.start();
    for (let t = 0; t < 10; t += 1) {
      await settle();
      expect([a.elector.isLeader(), b.elector.isLeader()].filter(Boolean), `one leader at step ${t}`).to.have.length(1);
      clock.advance(1_000);
    }
    const standby = a.elector.isLeader() ? b : a;
    expect(standby.elector.status()).to.deep.include({ state: 'standby', healthy: true });
    expect(standby.elector.status().message).to.match(/standing by; leader is [ab]/);
    expect(() => { standby.elector.leaderFence(); }).to.throw(NotLeaderError, /not the leader/);
    await a.elector.stop({ release: false });
    await b.elector.stop({ release: false });
  });

  it('a leader that cannot renew stops at the renew deadline; the other takes over only after the lease expires', async () => {
    const clock = new FakeClock(0);
    const backend = new MemoryLeaseBackend();
    const log: string[] = [];
    const a = candidate('a', backend, clock, log);
    a.elector.start();
    await settle();
    const b = candidate('b', backend, clock, log);
    b.elector.start();
    await settle();
    expect(a.elector.isLeader()).to.equal(true);
    a.link.mode = 'failing';
    // a last renewed at t=0: it must be writing until 9.999 s and not at 10 s.
    clock.advance(9_999);
    await settle();
    expect(a.elector.isLeader(), 'still leading just before the deadline').to.equal(true);
    clock.advance(1);
    expect(a.elector.isLeader(), 'fenced exactly at the deadline').to.equal(false);
    await settle();
    expect(a.events).to.include('stopped(renew deadline passed)');
    expect(b.elector.isLeader(), 'b must wait for the lease to expire').to.equal(false);
    for (let i = 0; i < 12 && !b.elector.isLeader(); i += 1) {
      clock.advance(1_000);
      await settle();
    }
    expect(b.elector.isLeader()).to.equal(true);
    const bStartedAt = Number(/b:started@(\d+)/.exec(log.join(' '))?.[1]);
    expect(bStartedAt).to.be.at.least(15_000).and.at.most(17_000);
    expect(backend.lease?.record).to.include({ holderIdentity: 'b', leaseTransitions: 1, acquireTime: bStartedAt, renewTime: bStartedAt });
    const aStopped = log.findIndex((l) => l.startsWith('a:stopped'));
    const bStarted = log.findIndex((l) => l.startsWith('b:started'));
    expect(aStopped).to.be.below(bStarted);
    // When a comes back it sees b holding the lease and stays in standby.
    a.link.mode = 'up';
    clock.advance(2_000);
    await settle();
    expect(a.elector.isLeader()).to.equal(false);
    expect(a.elector.status().leader).to.equal('b');
    await a.elector.stop({ release: false });
    await b.elector.stop({ release: false });
  });

  it('fences writes synchronously once the deadline passes, even if no timer has run', async () => {
    let now = 0;
    const frozenTimers: Clock = { now: () => now, setTimer: () => ({}), clearTimer: () => undefined };
    const backend = new MemoryLeaseBackend();
    const a = candidate('a', backend, frozenTimers, []);
    a.elector.start();
    await settle();
    expect(a.elector.isLeader()).to.equal(true);
    now = 9_999;
    expect(() => { a.elector.leaderFence(); }).to.not.throw();
    now = 10_000;
    expect(a.elector.isLeader()).to.equal(false);
    expect(() => { a.elector.leaderFence(); }).to.throw(NotLeaderError);
  });

  it('a hanging renew does not extend leadership', async () => {
    const clock = new FakeClock(0);
    const backend = new MemoryLeaseBackend();
    const a = candidate('a', backend, clock, []);
    a.elector.start();
    await settle();
    a.link.mode = 'hanging';
    clock.advance(2_000);
    await settle();
    clock.advance(8_000);
    expect(a.elector.isLeader()).to.equal(false);
    expect(a.events).to.include('stopped(renew deadline passed)');
  });

  it('releases the lease on stop so the next candidate takes over at once', async () => {
    const clock = new FakeClock(0);
    const backend = new MemoryLeaseBackend();
    const a = candidate('a', backend, clock, []);
    const b = candidate('b', backend, clock, []);
    a.elector.start();
    await settle();
    b.elector.start();
    await settle();
    await a.elector.stop();
    expect(a.elector.isLeader()).to.equal(false);
    expect(a.events).to.include('stopped(elector stopped)');
    expect(backend.lease?.record.holderIdentity).to.equal(null);
    clock.advance(2_000);
    await settle();
    expect(b.elector.isLeader()).to.equal(true);
    expect(backend.lease?.record.leaseTransitions).to.equal(1);
    await b.elector.stop({ release: false });
  });

  it('reports unhealthy when the API has been unreachable for a lease duration', async () => {
    const clock = new FakeClock(0);
    const backend = new MemoryLeaseBackend();
    const a = candidate('a', backend, clock, []);
    a.link.mode = 'failing';
    a.elector.start();
    await settle();
    expect(a.elector.status().healthy).to.equal(true);
    for (let i = 0; i < 8; i += 1) {
      clock.advance(2_000);
      await settle();
    }
    const status = a.elector.status();
    expect(status.healthy).to.equal(false);
    expect(status.message).to.match(/cannot reach the lease .*ECONNREFUSED/);
    await a.elector.stop();
  });

  it('alwaysLeader never fences', () => {
    const gate = alwaysLeader();
    expect(gate.isLeader()).to.equal(true);
    expect(() => { gate.leaderFence(); }).to.not.throw();
  });
});
