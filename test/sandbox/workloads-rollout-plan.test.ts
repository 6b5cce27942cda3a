import { expect } from 'chai';
import type { DeploymentLike, PodLike } from '../../src/sandbox/workloads/api-shapes.ts';
import { planRollout, removalOrder } from '../../src/sandbox/workloads/rollout-plan.ts';
import { WorkloadSpecError, resolveIntOrPercent, rolloutBounds } from '../../src/sandbox/workloads/rollout-strategy.ts';
import type { RolloutBounds } from '../../src/sandbox/workloads/rollout-strategy.ts';

const NOW = 1_700_000_000_000;

function pod(name: string, hash: string, opts: { ready?: boolean; createdAgoMs?: number } = {}): PodLike {
  const created = new Date(NOW - (opts.createdAgoMs ?? 60_000)).toISOString();
  return {
    metadata: { name, labels: { 'pod-template-hash': hash }, creationTimestamp: created },
    status: opts.ready === true
      ? { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: created }] }
      : { phase: 'Pending' },
  };
}

function rolling(desired: number, maxSurge: number, maxUnavailable: number): RolloutBounds {
  return { type: 'RollingUpdate', desired, maxSurge, maxUnavailable };
}

const names = (pods: PodLike[]): string[] => pods.map((p) => p.metadata?.name ?? '').sort();

describe('workloads rollout strategy', () => {
  it('resolves int-or-percent with Kubernetes rounding (surge up, unavailable down)', () => {
    expect(resolveIntOrPercent('25%', 3, true, 'f')).to.equal(1);
    expect(resolveIntOrPercent('25%', 3, false, 'f')).to.equal(0);
    expect(resolveIntOrPercent(2, 10, false, 'f')).to.equal(2);
    expect(resolveIntOrPercent('3', 10, false, 'f')).to.equal(3);
  });

  it('rejects a malformed value naming the field', () => {
    expect(() => resolveIntOrPercent('lots', 3, true, 'spec.strategy.rollingUpdate.maxSurge'))
      .to.throw(WorkloadSpecError, /spec\.strategy\.rollingUpdate\.maxSurge.*"lots"/);
  });

  it('defaults to 25%/25% rolling, lifts 0/0 to one unavailable, and maps Recreate', () => {
    const base: DeploymentLike = { spec: { replicas: 4, template: {} } };
    expect(rolloutBounds(base)).to.deep.equal(rolling(4, 1, 1));
    const zero: DeploymentLike = { spec: { replicas: 4, template: {}, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } } };
    expect(rolloutBounds(zero)).to.deep.equal(rolling(4, 0, 1));
    const recreate: DeploymentLike = { spec: { replicas: 2, template: {}, strategy: { type: 'Recreate' } } };
    expect(rolloutBounds(recreate)).to.deep.equal({ type: 'Recreate', desired: 2, maxSurge: 0, maxUnavailable: 2 });
    expect(() => rolloutBounds({ spec: { replicas: 1, template: {}, strategy: { type: 'BlueGreen' } } }))
      .to.throw(WorkloadSpecError, /spec\.strategy\.type/);
  });
});

describe('workloads rollout plan', () => {
  const base = { hash: 'new', terminating: 0, minReadySeconds: 0, now: NOW };

  it('creates the missing pods of a fresh Deployment', () => {
    expect(planRollout({ ...base, bounds: rolling(3, 1, 0), pods: [] })).to.deep.equal({ create: 3, remove: [] });
  });

  it('scales down by removing unready pods first, then the newest', () => {
    const pods = [pod('old-ready', 'new', { ready: true, createdAgoMs: 90_000 }), pod('young-ready', 'new', { ready: true, createdAgoMs: 10_000 }),
      pod('unready', 'new', { createdAgoMs: 100_000 })];
    const plan = planRollout({ ...base, bounds: rolling(1, 1, 0), pods });
    expect(plan.create).to.equal(0);
    expect(plan.remove.map((p) => p.metadata?.name)).to.deep.equal(['unready', 'young-ready']);
  });

  it('surges new pods but keeps old ones while new ones are not ready (maxUnavailable 0)', () => {
    const pods = [pod('o1', 'old', { ready: true }), pod('o2', 'old', { ready: true }), pod('o3', 'old', { ready: true })];
    const plan = planRollout({ ...base, bounds: rolling(3, 1, 0), pods });
    expect(plan).to.deep.equal({ create: 1, remove: [] });
    const stuck = planRollout({ ...base, bounds: rolling(3, 1, 0), pods: [...pods, pod('n1', 'new')] });
    expect(stuck).to.deep.equal({ create: 0, remove: [] });
  });

  it('removes an old pod once a new one is ready, then surges again', () => {
    const pods = [pod('o1', 'old', { ready: true }), pod('o2', 'old', { ready: true }), pod('o3', 'old', { ready: true }), pod('n1', 'new', { ready: true })];
    const plan = planRollout({ ...base, bounds: rolling(3, 1, 0), pods });
    expect(plan.create).to.equal(0);
    expect(plan.remove).to.have.length(1);
    expect(plan.remove[0]?.metadata?.labels?.['pod-template-hash']).to.equal('old');
  });

  it('uses maxUnavailable to drop old pods before new ones are ready', () => {
    const pods = [pod('o1', 'old', { ready: true }), pod('o2', 'old', { ready: true }), pod('o3', 'old', { ready: true }), pod('o4', 'old', { ready: true })];
    const plan = planRollout({ ...base, bounds: rolling(4, 1, 1), pods });
    expect(plan.create).to.equal(1);
    expect(plan.remove).to.have.length(1);
  });

  it('drops unready old pods at once (they hold no availability)', () => {
    const pods = [pod('o1', 'old'), pod('o2', 'old'), pod('n1', 'new', { ready: true }), pod('n2', 'new', { ready: true })];
    const plan = planRollout({ ...base, bounds: rolling(2, 1, 0), pods });
    expect(names(plan.remove)).to.deep.equal(['o1', 'o2']);
  });

  it('completes a rollout by running the plan against its own results', () => {
    let pods = [pod('o1', 'old', { ready: true }), pod('o2', 'old', { ready: true }), pod('o3', 'old', { ready: true })];
    let counter = 0;
    for (let pass = 0; pass < 20; pass++) {
      const plan = planRollout({ ...base, bounds: rolling(3, 1, 0), pods });
      if (plan.create === 0 && plan.remove.length === 0) break;
      pods = pods.filter((p) => !plan.remove.includes(p));
      for (let i = 0; i < plan.create; i++) pods.push(pod(`n${counter++}`, 'new', { ready: true }));
      expect(pods.length).to.be.at.most(4);
      expect(pods.filter((p) => p.status?.phase === 'Running').length).to.be.at.least(3);
    }
    expect(pods.map((p) => p.metadata?.labels?.['pod-template-hash'])).to.deep.equal(['new', 'new', 'new']);
  });

  it('Recreate deletes every old pod and creates new ones only once the old ones are gone', () => {
    const bounds: RolloutBounds = { type: 'Recreate', desired: 2, maxSurge: 0, maxUnavailable: 2 };
    const olds = [pod('o1', 'old', { ready: true }), pod('o2', 'old', { ready: true })];
    expect(names(planRollout({ ...base, bounds, pods: olds }).remove)).to.deep.equal(['o1', 'o2']);
    expect(planRollout({ ...base, bounds, pods: [], terminating: 2 })).to.deep.equal({ create: 0, remove: [] });
    expect(planRollout({ ...base, bounds, pods: [] })).to.deep.equal({ create: 2, remove: [] });
  });

  it('orders removal unavailable-first and newest-first', () => {
    const ordered = removalOrder([pod('a', 'h', { ready: true, createdAgoMs: 5000 }), pod('b', 'h', { createdAgoMs: 9000 }),
      pod('c', 'h', { ready: true, createdAgoMs: 1000 })], 0, NOW);
    expect(ordered.map((p) => p.metadata?.name)).to.deep.equal(['b', 'c', 'a']);
  });
});
