import { expect } from 'chai';
import { startSandbox } from '../../src/sandbox/start-sandbox.ts';
import type { Sandbox } from '../../src/sandbox/start-sandbox.ts';
import { startWorkloadSimulator } from '../../src/sandbox/workloads/index.ts';
import type { WorkloadSimulator } from '../../src/sandbox/workloads/index.ts';
import type { DeploymentLike, PodLike } from '../../src/sandbox/workloads/api-shapes.ts';
import { kubeConfigFor, startFlakyProxy } from '../helpers/flaky-proxy.ts';
import type { FlakyProxy } from '../helpers/flaky-proxy.ts';
import { RestClient } from '../helpers/rest-client.ts';
import type { JsonObject } from '../helpers/rest-client.ts';
import { waitFor } from '../helpers/wait-for.ts';

const NS = 'default';
const READY_DELAY_MS = 400;
const deployments = `/apis/apps/v1/namespaces/${NS}/deployments`;

interface DeploymentJson extends DeploymentLike {
  metadata: NonNullable<DeploymentLike['metadata']>;
  status?: NonNullable<DeploymentLike['status']> & { observedGeneration?: number; unavailableReplicas?: number };
}

interface ManifestOptions {
  replicas?: number;
  image?: string;
  annotations?: Record<string, string>;
  progressDeadlineSeconds?: number;
  strategy?: JsonObject;
}

function manifest(name: string, opts: ManifestOptions = {}): JsonObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: NS },
    spec: {
      replicas: opts.replicas ?? 1,
      ...(opts.progressDeadlineSeconds === undefined ? {} : { progressDeadlineSeconds: opts.progressDeadlineSeconds }),
      ...(opts.strategy === undefined ? {} : { strategy: opts.strategy }),
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name }, ...(opts.annotations === undefined ? {} : { annotations: opts.annotations }) },
        spec: { containers: [{ name: 'app', image: opts.image ?? `${name}:1` }] },
      },
    },
  };
}

const isPodReady = (pod: PodLike): boolean => pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;

describe('sandbox workload simulator (against the sandbox API server)', function suite() {
  this.timeout(30_000);
  let sandbox: Sandbox | undefined;
  let proxy: FlakyProxy | undefined;
  let simulator: WorkloadSimulator | undefined;
  let api: RestClient;
  const logged: string[] = [];

  before(async () => {
    sandbox = await startSandbox({ startWorkloads: false });
    proxy = await startFlakyProxy(sandbox.url);
    api = new RestClient(sandbox.url);
    simulator = await startWorkloadSimulator(kubeConfigFor(proxy.url), {
      readyDelayMs: READY_DELAY_MS,
      restartBackoff: { initialMs: 50, maxMs: 400 },
      log: (message, fields) => logged.push(`${message} ${JSON.stringify(fields)}`),
    });
  });

  after(async () => {
    await simulator?.stop();
    await proxy?.stop();
    await sandbox?.stop();
  });

  async function podsOf(app: string): Promise<PodLike[]> {
    const list = await api.get(`/api/v1/namespaces/${NS}/pods?labelSelector=${encodeURIComponent(`app=${app}`)}`);
    return (list.items as PodLike[]).filter((p) => p.metadata?.deletionTimestamp === undefined);
  }

  async function deployment(name: string): Promise<DeploymentJson> {
    return (await api.get(`${deployments}/${name}`)) as unknown as DeploymentJson;
  }

  /** Waits until the Deployment reports a finished rollout, the way `kubectl rollout status` decides it. */
  async function rolledOut(name: string, timeoutMs = 10_000): Promise<DeploymentJson> {
    let last: DeploymentJson | undefined;
    return waitFor(async () => {
      last = await deployment(name);
      const want = last.spec?.replicas ?? 1;
      const s = last.status;
      const done = s !== undefined && (s.observedGeneration ?? 0) >= (last.metadata.generation ?? 0)
        && s.updatedReplicas === want && s.replicas === want && s.availableReplicas === want;
      return done && last;
    }, { what: `deployment ${name} to finish rolling out`, timeoutMs, describeLast: () => JSON.stringify(last?.status) });
  }

  it('creates the pods a Deployment asks for and makes them Ready no sooner than readyDelayMs', async () => {
    const started = Date.now();
    await api.create(deployments, manifest('delay', { replicas: 2 }));
    const pods = await waitFor(async () => { const p = await podsOf('delay'); return p.length === 2 && p; }, { what: 'two pods of delay' });
    for (const pod of pods) {
      expect(pod.metadata?.name).to.match(/^delay-[a-z0-9]{10}-[a-z0-9]{5}$/);
      expect(pod.metadata?.ownerReferences?.[0]).to.include({ kind: 'Deployment', name: 'delay', controller: true });
    }
    if (Date.now() - started < READY_DELAY_MS - 50) expect(pods.some(isPodReady)).to.equal(false);
    await waitFor(async () => (await podsOf('delay')).filter(isPodReady).length === 2, { what: 'both delay pods Ready' });
    expect(Date.now() - started).to.be.at.least(READY_DELAY_MS);
    const ready = await podsOf('delay');
    expect(ready.every((p) => p.status?.phase === 'Running')).to.equal(true);
  });

  it('reports every status field and the Available/Progressing conditions once rolled out', async () => {
    const d = await rolledOut('delay');
    expect(d.status).to.include({ observedGeneration: 1, replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2, unavailableReplicas: 0 });
    const conditions = d.status?.conditions ?? [];
    expect(conditions.find((c) => c.type === 'Available')).to.include({ status: 'True', reason: 'MinimumReplicasAvailable' });
    expect(conditions.find((c) => c.type === 'Progressing')).to.include({ status: 'True', reason: 'NewReplicaSetAvailable' });
  });

  it('keeps a never-ready revision Running but not Ready, and exceeds the progress deadline', async () => {
    const created = Date.now();
    await api.create(deployments, manifest('stuck', { annotations: { 'sandbox.glidepath.dev/never-ready': 'true' }, progressDeadlineSeconds: 1 }));
    const [pod] = await waitFor(async () => {
      const p = await podsOf('stuck');
      return p.length === 1 && p[0]?.status?.phase === 'Running' && p;
    }, { what: 'the stuck pod to be Running' });
    expect(pod && isPodReady(pod)).to.equal(false);
    const d = await waitFor(async () => {
      const dep = await deployment('stuck');
      return dep.status?.conditions?.some((c) => c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded') === true && dep;
    }, { what: 'stuck to exceed its progress deadline', timeoutMs: 8000 });
    expect(Date.now() - created).to.be.at.least(1000);
    expect(d.status).to.include({ replicas: 1, readyReplicas: 0, availableReplicas: 0, unavailableReplicas: 1 });
    expect(d.status?.conditions?.find((c) => c.type === 'Available')).to.include({ status: 'False', reason: 'MinimumReplicasUnavailable' });
    expect(d.status?.conditions?.find((c) => c.type === 'Progressing')).to.include({ status: 'False' });
  });

  it('rolls a template change: new-revision pods replace the old ones', async () => {
    await api.create(deployments, manifest('roll', { replicas: 3 }));
    const before = await rolledOut('roll');
    const oldNames = new Set((await podsOf('roll')).map((p) => p.metadata?.name));
    await api.patch(`${deployments}/roll`, { spec: { template: { spec: { containers: [{ name: 'app', image: 'roll:2' }] } } } });
    const after = await waitFor(async () => {
      const d = await rolledOut('roll');
      return (d.metadata.generation ?? 0) > (before.metadata.generation ?? 0) && d;
    }, { what: 'roll to roll out generation 2' });
    expect(after.status?.observedGeneration).to.equal(after.metadata.generation);
    const pods = await waitFor(async () => { const p = await podsOf('roll'); return p.length === 3 && p; }, { what: 'three roll pods' });
    expect(pods.some((p) => oldNames.has(p.metadata?.name))).to.equal(false);
    const hashes = new Set(pods.map((p) => p.metadata?.labels?.['pod-template-hash']));
    expect(hashes.size).to.equal(1);
    expect(pods.every((p) => p.spec?.containers[0]?.image === 'roll:2')).to.equal(true);
  });

  it('scales up and down through spec.replicas and through the scale subresource', async () => {
    await api.create(deployments, manifest('scale', { replicas: 1 }));
    await rolledOut('scale');
    await api.patch(`${deployments}/scale`, { spec: { replicas: 4 } });
    await rolledOut('scale');
    expect(await podsOf('scale')).to.have.length(4);
    await api.patch(`${deployments}/scale/scale`, { spec: { replicas: 2 } });
    const d = await waitFor(async () => { const dep = await rolledOut('scale'); return dep.spec?.replicas === 2 && dep; }, { what: 'scale to settle at 2' });
    expect(d.status).to.include({ replicas: 2, availableReplicas: 2 });
    await waitFor(async () => (await podsOf('scale')).length === 2, { what: 'two scale pods left' });
    await api.patch(`${deployments}/scale/scale`, { spec: { replicas: 0 } });
    await waitFor(async () => (await podsOf('scale')).length === 0, { what: 'scale to reach zero pods' });
  });

  it('lets the API server garbage-collect the pods of a deleted Deployment and carries on', async () => {
    await api.create(deployments, manifest('gone', { replicas: 2 }));
    await rolledOut('gone');
    await api.remove(`${deployments}/gone`);
    await waitFor(async () => (await podsOf('gone')).length === 0, { what: 'gone pods to be garbage-collected' });
    await api.create(deployments, manifest('gone', { replicas: 1 }));
    await rolledOut('gone');
    expect(await podsOf('gone')).to.have.length(1);
  });

  it('restarts its informers after the API server fails and converges again', async () => {
    const before = simulator?.stats().informerRestarts ?? 0;
    proxy?.fail();
    await waitFor(() => (simulator?.stats().informerRestarts ?? 0) > before || ((proxy?.rejected ?? 0) >= 2 && logged.some((l) => l.includes('informer failed'))),
      { what: 'the simulator to notice the failing API server' });
    await api.create(deployments, manifest('after-outage', { replicas: 2 }));
    proxy?.heal();
    await rolledOut('after-outage');
    expect(simulator?.stats().informerRestarts ?? 0).to.be.greaterThan(before);
    expect(logged.some((l) => l.startsWith('informer failed; restarting'))).to.equal(true);
  });

  it('reports an unusable strategy as a ReplicaFailure condition naming the field', async () => {
    await api.create(deployments, manifest('bad-strategy', { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 'lots' } } }));
    const d = await waitFor(async () => {
      const dep = await deployment('bad-strategy');
      return dep.status?.conditions?.some((c) => c.type === 'ReplicaFailure') === true && dep;
    }, { what: 'a ReplicaFailure condition on bad-strategy' });
    expect(d.status?.conditions?.find((c) => c.type === 'ReplicaFailure')?.message).to.match(/spec\.strategy\.rollingUpdate\.maxSurge/);
    expect(await podsOf('bad-strategy')).to.have.length(0);
  });
});
