import { expect } from 'chai';
import type { DeploymentLike, PodLike } from '../../src/sandbox/workloads/api-shapes.ts';
import { computeStatus, statusUnchanged } from '../../src/sandbox/workloads/deployment-status.ts';
import type { StatusResult } from '../../src/sandbox/workloads/deployment-status.ts';
import { rolloutBounds } from '../../src/sandbox/workloads/rollout-strategy.ts';

const T0 = 1_700_000_000_000;

function pod(hash: string, readySince?: number): PodLike {
  return {
    metadata: { name: `p-${hash}-${Math.random()}`, labels: { 'pod-template-hash': hash } },
    status: readySince === undefined ? { phase: 'Pending' }
      : { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: new Date(readySince).toISOString() }] },
  };
}

function deployment(replicas: number, extra: Partial<NonNullable<DeploymentLike['spec']>> = {}): DeploymentLike {
  return { metadata: { name: 'web', namespace: 'default', generation: 3 }, spec: { replicas, template: {}, ...extra } };
}

/** Feeds a computed status back into the Deployment, as the API server would after our write. */
function written(d: DeploymentLike, result: StatusResult): DeploymentLike {
  return { ...d, status: JSON.parse(JSON.stringify(result.status)) as DeploymentLike['status'] };
}

function condition(result: StatusResult, type: string): { status: string; reason: string; message: string } | undefined {
  return result.status.conditions.find((c) => c.type === type);
}

describe('workloads deployment status', () => {
  it('counts replicas, updated, ready, available and unavailable pods and echoes the generation', () => {
    const d = deployment(3);
    const pods = [pod('new', T0 - 5000), pod('new'), pod('old', T0 - 9000)];
    const result = computeStatus({ deployment: d, bounds: rolloutBounds(d), hash: 'new', pods, now: T0 });
    expect(result.status).to.include({ observedGeneration: 3, replicas: 3, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2, unavailableReplicas: 1 });
  });

  it('reports Available=True when available >= replicas - maxUnavailable, else False with Kubernetes reasons', () => {
    const d = deployment(4);
    const bounds = rolloutBounds(d);
    const three = computeStatus({ deployment: d, bounds, hash: 'h', pods: [pod('h', T0), pod('h', T0), pod('h', T0), pod('h')], now: T0 });
    expect(condition(three, 'Available')).to.include({ status: 'True', reason: 'MinimumReplicasAvailable' });
    const two = computeStatus({ deployment: d, bounds, hash: 'h', pods: [pod('h', T0), pod('h', T0), pod('h'), pod('h')], now: T0 });
    expect(condition(two, 'Available')).to.include({ status: 'False', reason: 'MinimumReplicasUnavailable' });
  });

  it('says NewReplicaSetAvailable once complete and ReplicaSetUpdated while rolling', () => {
    const d = deployment(2);
    const bounds = rolloutBounds(d);
    const rolling = computeStatus({ deployment: d, bounds, hash: 'h', pods: [pod('h', T0), pod('h')], now: T0 });
    expect(condition(rolling, 'Progressing')).to.include({ status: 'True', reason: 'ReplicaSetUpdated', message: 'ReplicaSet "web-h" is progressing.' });
    const done = computeStatus({ deployment: written(d, rolling), bounds, hash: 'h', pods: [pod('h', T0), pod('h', T0)], now: T0 + 1000 });
    expect(condition(done, 'Progressing')).to.include({ status: 'True', reason: 'NewReplicaSetAvailable', message: 'ReplicaSet "web-h" has successfully progressed.' });
  });

  it('exceeds the progress deadline when nothing moves for progressDeadlineSeconds, and recovers on a new revision', () => {
    const d = deployment(1, { progressDeadlineSeconds: 30 });
    const bounds = rolloutBounds(d);
    const stuckPods = [pod('old', T0 - 60_000), pod('bad')];
    const first = computeStatus({ deployment: d, bounds, hash: 'bad', pods: stuckPods, now: T0 });
    expect(condition(first, 'Progressing')?.reason).to.equal('ReplicaSetUpdated');
    // T0 is a whole second; stored second-precision times count from the end of their second, so never early.
    expect(first.recheckAt).to.equal(T0 + 31_000);
    const before = computeStatus({ deployment: written(d, first), bounds, hash: 'bad', pods: stuckPods, now: T0 + 30_999 });
    expect(condition(before, 'Progressing')?.reason).to.equal('ReplicaSetUpdated');
    const after = computeStatus({ deployment: written(d, first), bounds, hash: 'bad', pods: stuckPods, now: T0 + 31_000 });
    expect(condition(after, 'Progressing')).to.include({ status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "web-bad" has timed out progressing.' });
    const fixed = computeStatus({ deployment: written(d, after), bounds, hash: 'good', pods: [pod('old', T0 - 60_000)], now: T0 + 32_000 });
    expect(condition(fixed, 'Progressing')).to.include({ status: 'True', reason: 'ReplicaSetUpdated' });
  });

  it('counts a pod as available only after minReadySeconds and asks to be re-checked then', () => {
    const d = deployment(1, { minReadySeconds: 10 });
    const result = computeStatus({ deployment: d, bounds: rolloutBounds(d), hash: 'h', pods: [pod('h', T0)], now: T0 + 4000 });
    expect(result.status).to.include({ readyReplicas: 1, availableReplicas: 0 });
    expect(result.recheckAt).to.equal(T0 + 10_000);
  });

  it('recognises an unchanged status across the Date/string round trip so nothing is rewritten', () => {
    const d = deployment(1);
    const result = computeStatus({ deployment: d, bounds: rolloutBounds(d), hash: 'h', pods: [pod('h', T0)], now: T0 + 1234 });
    const stored = written(d, result);
    const again = computeStatus({ deployment: stored, bounds: rolloutBounds(d), hash: 'h', pods: [pod('h', T0)], now: T0 + 5000 });
    expect(statusUnchanged(stored.status, again)).to.equal(true);
    const asDates = { ...stored.status, conditions: stored.status?.conditions?.map((c) => ({ ...c, lastUpdateTime: new Date(String(c.lastUpdateTime)) })) };
    expect(statusUnchanged(asDates, again)).to.equal(true);
    const scaled = computeStatus({ deployment: stored, bounds: rolloutBounds(d), hash: 'h', pods: [pod('h', T0), pod('h')], now: T0 + 5000 });
    expect(statusUnchanged(stored.status, scaled)).to.equal(false);
  });
});
