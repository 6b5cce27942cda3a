// Leader election end to end: two controller processes share a Lease; only the leader reconciles.
// Killing the leader (SIGKILL) lets the other take over within the lease duration, and the
// release goes on under the new leader.
import { expect } from 'chai';
import { CoordinationV1Api } from '@kubernetes/client-node';
import { startEnvironment } from './fixtures/environment.ts';
import type { Environment } from './fixtures/environment.ts';
import { ControllerProcess } from './fixtures/controller-process.ts';
import { Given, With, app } from './fixtures/scenario.ts';
import { expectPhase, expectPrimaryServes, newImage } from './fixtures/steps.ts';
import { WeightRecorder } from './fixtures/weight-recorder.ts';
import { waitFor } from '../helpers/wait-for.ts';

const NS = 'ha';
const LEASE = 'glidepath-controller-leader';
// The child processes run with a 3 s lease, 2 s renew deadline and 0.5 s retry period.
const LEASE_DURATION_MS = 3000;
const RETRY_MS = 500;

describe('e2e: leader election between two controller processes', function () {
  this.timeout(120_000);
  let env: Environment | undefined;
  let weights: WeightRecorder | undefined;
  const procs = new Map<string, ControllerProcess>();

  before(async function () {
    this.timeout(90_000);
    env = await startEnvironment({ namespace: NS, controller: false });
    weights = new WeightRecorder(env.kc, NS);
    await weights.start();
    const base = { GLIDEPATH_KUBECONFIG: env.sandbox.kubeconfigPath, GLIDEPATH_PROMETHEUS: env.prometheus.url, GLIDEPATH_LEASE_NAMESPACE: NS };
    const [a, b] = await Promise.all([
      ControllerProcess.start({ ...base, GLIDEPATH_LEADER_ID: 'replica-a' }),
      ControllerProcess.start({ ...base, GLIDEPATH_LEADER_ID: 'replica-b' }),
    ]);
    procs.set('replica-a', a);
    procs.set('replica-b', b);
  });

  after(async function () {
    this.timeout(60_000);
    for (const proc of procs.values()) await proc.kill();
    await weights?.stop();
    await env?.stop();
  });

  async function holder(): Promise<string | null> {
    const api = env?.kc.makeApiClient(CoordinationV1Api);
    const lease = await api?.readNamespacedLease({ name: LEASE, namespace: NS });
    const id = lease?.spec?.holderIdentity ?? '';
    return id === '' ? null : id;
  }

  it('one leader reconciles; killing it hands over within the lease duration and the release completes', async () => {
    if (env === undefined || weights === undefined) throw new Error('environment not started');
    const first = await waitFor(() => holder(), { what: 'a lease holder', timeoutMs: 15_000 });
    const release = await Given(env, app('ha', { stepWeight: 20, maxWeight: 40 }), weights).run();
    await With(release).When(newImage('v2')).Then(async (r) => { await r.until('weight 20', async () => (await r.routedWeight()) === 20); }).run();
    const killedAt = Date.now();
    await procs.get(first)?.kill();
    const second = await waitFor(async () => { const h = await holder(); return h !== null && h !== first ? h : null; }, { what: `a new holder after killing ${first}`, timeoutMs: 15_000, intervalMs: 50 });
    const takeoverMs = Date.now() - killedAt;
    expect(second).to.not.equal(first);
    expect(takeoverMs, 'takeover time').to.be.at.most(LEASE_DURATION_MS + RETRY_MS + 1500);
    await With(release).Then(expectPhase('Succeeded')).And(expectPrimaryServes('v2')).run();
    expect(weights.weights('ha')).to.deep.equal([0, 20, 40, 0]);
  });
});
