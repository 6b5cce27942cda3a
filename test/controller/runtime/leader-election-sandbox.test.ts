import { expect } from 'chai';
import { CoordinationV1Api } from '@kubernetes/client-node';
import type { V1LeaseSpec } from '@kubernetes/client-node';
import { LeaderElector } from '../../../src/controller/runtime/leader-election.ts';
import type { LeaseStore } from '../../../src/controller/runtime/lease-store.ts';
import { kubeLeaseStore } from '../../../src/controller/runtime/lease-store.ts';
import type { Sandbox } from '../../../src/sandbox/start-sandbox.ts';
import { startSandbox } from '../../../src/sandbox/start-sandbox.ts';
import { waitUntil } from './wait-until.ts';

const TIMINGS = { leaseDurationMs: 2000, renewDeadlineMs: 1200, retryPeriodMs: 250 };

interface Node {
  elector: LeaderElector;
  cut: { on: boolean };
  log: string[];
}

/** A store that can be cut off from the API, to play a leader whose renewals fail. */
function cuttable(store: LeaseStore, cut: { on: boolean }): LeaseStore {
  const guard = <T>(op: () => Promise<T>): Promise<T> => (cut.on ? Promise.reject(new Error('partitioned')) : op());
  return {
    description: store.description,
    get: () => guard(() => store.get()),
    create: (r) => guard(() => store.create(r)),
    update: (r, rv) => guard(() => store.update(r, rv)),
  };
}

describe('LeaderElector against the sandbox', function () {
  this.timeout(30_000);
  let sandbox: Sandbox | undefined;
  const nodes: Node[] = [];

  const node = (identity: string, leaseName: string): Node => {
    if (!sandbox) throw new Error('no sandbox');
    const cut = { on: false };
    const log: string[] = [];
    const elector = new LeaderElector({
      identity, timings: TIMINGS, store: cuttable(kubeLeaseStore(sandbox.kubeConfig, 'glidepath-system', leaseName), cut),
      callbacks: {
        onStartedLeading: () => log.push(`started@${Date.now()}`),
        onStoppedLeading: (reason) => log.push(`stopped(${reason})@${Date.now()}`),
      },
    });
    const n = { elector, cut, log };
    nodes.push(n);
    return n;
  };
  const readLeaseSpec = async (name: string): Promise<V1LeaseSpec> => {
    const lease = await sandbox?.kubeConfig.makeApiClient(CoordinationV1Api).readNamespacedLease({ name, namespace: 'glidepath-system' });
    if (!lease?.spec) throw new Error(`lease ${name} has no spec`);
    return lease.spec;
  };
  const when = (n: Node, prefix: string): number => Number(/@(\d+)$/.exec(n.log.find((l) => l.startsWith(prefix)) ?? '')?.[1] ?? NaN);

  before(async () => {
    // The sandbox, like a Glidepath install, already has the glidepath-system namespace.
    sandbox = await startSandbox({ startWorkloads: false });
  });

  after(async () => {
    for (const n of nodes) await n.elector.stop({ release: false });
    await sandbox?.stop();
  });

  it('two candidates: exactly one leads, and the Lease records it', async () => {
    const a = node('controller-a', 'lease-one');
    const b = node('controller-b', 'lease-one');
    a.elector.start();
    b.elector.start();
    await waitUntil(() => a.elector.isLeader() || b.elector.isLeader(), 'a leader');
    const end = Date.now() + 1000;
    while (Date.now() < end) {
      expect(Number(a.elector.isLeader()) + Number(b.elector.isLeader())).to.be.at.most(1);
      await new Promise((r) => setTimeout(r, 20));
    }
    const leader = a.elector.isLeader() ? 'controller-a' : 'controller-b';
    const spec = await readLeaseSpec('lease-one');
    expect(spec.holderIdentity).to.equal(leader);
    expect(spec.leaseDurationSeconds).to.equal(2);
    expect(spec.leaseTransitions).to.equal(0);
    expect(String(spec.renewTime), 'MicroTime keeps microseconds').to.match(/\.\d{6}Z$/);
    await a.elector.stop({ release: false });
    await b.elector.stop({ release: false });
  });

  it('a leader that cannot renew stops at the renew deadline; the other takes over after the lease expires', async () => {
    const a = node('controller-a', 'lease-two');
    a.elector.start();
    await waitUntil(() => a.elector.isLeader(), 'a to lead');
    const b = node('controller-b', 'lease-two');
    b.elector.start();
    await waitUntil(() => b.elector.status().leader === 'controller-a', 'b to see a as leader');

    a.cut.on = true;
    const cutAt = Date.now();
    await waitUntil(() => !a.elector.isLeader(), 'a to stop leading', 3000);
    const fencedAfter = Date.now() - cutAt;
    expect(fencedAfter, 'a is fenced within the renew deadline').to.be.at.most(TIMINGS.renewDeadlineMs + 100);
    await waitUntil(() => b.elector.isLeader(), 'b to take over', 6000);
    expect(when(a, 'stopped'), 'a stopped before b started').to.be.below(when(b, 'started'));
    expect(when(b, 'started') - cutAt, 'b waited for the lease to expire').to.be.at.least(TIMINGS.leaseDurationMs - TIMINGS.retryPeriodMs - 100);
    expect(when(b, 'started') - cutAt, 'b took over within lease duration plus two retries').to.be.at.most(TIMINGS.leaseDurationMs + 2 * TIMINGS.retryPeriodMs + 500);
    const spec = await readLeaseSpec('lease-two');
    expect(spec.holderIdentity).to.equal('controller-b');
    expect(spec.leaseTransitions).to.equal(1);

    a.cut.on = false;
    await new Promise((r) => setTimeout(r, 3 * TIMINGS.retryPeriodMs));
    expect(a.elector.isLeader(), 'a stays in standby once it can reach the API again').to.equal(false);
    expect(b.elector.isLeader()).to.equal(true);
  });

  it('a leader that is killed (stops renewing, no release) is replaced within the lease duration', async () => {
    const a = node('controller-a', 'lease-three');
    const b = node('controller-b', 'lease-three');
    a.elector.start();
    await waitUntil(() => a.elector.isLeader(), 'a to lead');
    b.elector.start();
    await waitUntil(() => b.elector.status().leader === 'controller-a', 'b to see a as leader');
    const killedAt = Date.now();
    await a.elector.stop({ release: false });
    await waitUntil(() => b.elector.isLeader(), 'b to take over', 6000);
    expect(Date.now() - killedAt).to.be.at.most(TIMINGS.leaseDurationMs + 2 * TIMINGS.retryPeriodMs + 500);
  });

  it('a graceful stop releases the lease and the other takes over at its next retry', async () => {
    const a = node('controller-a', 'lease-four');
    const b = node('controller-b', 'lease-four');
    a.elector.start();
    await waitUntil(() => a.elector.isLeader(), 'a to lead');
    b.elector.start();
    await waitUntil(() => b.elector.status().leader === 'controller-a', 'b to see a as leader');
    const stoppedAt = Date.now();
    await a.elector.stop();
    await waitUntil(() => b.elector.isLeader(), 'b to take over', 3000);
    expect(Date.now() - stoppedAt).to.be.below(TIMINGS.leaseDurationMs);
  });
});
