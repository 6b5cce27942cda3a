// End to end with spec.autoscalerRef against the sandbox, the simulated mesh and a real
// Prometheus: the Canary bootstraps `<hpa>-primary` for `<target>-primary` with the overridden
// bounds, a release promotes without the controller touching replica counts an autoscaler set,
// the copy follows a change to the user's HPA, and a Canary naming a missing HPA is refused
// while the other one runs. The sandbox stores HPAs but runs no autoscaler, so the test scales
// the Deployments itself where an HPA would.
import { CustomObjectsApi } from '@kubernetes/client-node';
import { expect } from 'chai';
import type { HorizontalPodAutoscaler } from '../../src/controller/k8s-objects/primary-autoscaler.ts';
import { startEnvironment } from './fixtures/environment.ts';
import type { Environment } from './fixtures/environment.ts';
import { canaryManifest, deploymentManifest } from './fixtures/manifests.ts';
import { Release, With } from './fixtures/scenario.ts';
import type { Step } from './fixtures/scenario.ts';
import { expectNotReady, expectPhase, expectPrimaryServes, expectWeightAtLeast } from './fixtures/steps.ts';
import { WeightRecorder } from './fixtures/weight-recorder.ts';

const NS = 'e2e-hpa';
const CPU = Object.freeze({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } });
const RPS = Object.freeze({ type: 'Pods', pods: { metric: { name: 'requests_per_second' }, target: { type: 'AverageValue', averageValue: '50' } } });

function userHpa(app: string, metrics: unknown[]): Record<string, unknown> {
  return {
    apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler',
    metadata: { name: `${app}-hpa`, namespace: NS },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: app }, minReplicas: 1, maxReplicas: 3, metrics },
  };
}

/** The app's Deployment without spec.replicas, as Flagger advises with an HPA (the autoscaler owns the count). */
function autoscaledDeployment(app: string, version: string): Record<string, unknown> {
  const manifest = deploymentManifest(app, NS, { version });
  const spec = { ...(manifest.spec as Record<string, unknown>) };
  delete spec.replicas;
  return { ...manifest, spec };
}

/** Given: the Deployment, (optionally) the user's HPA and a Canary whose autoscalerRef names `hpaName`. */
function bootstrap(hpaName: string, withHpa: boolean, waitForInitialized: boolean): Step {
  return async (r) => {
    await r.apply(autoscaledDeployment(r.name, 'v1'));
    if (withHpa) await r.apply(userHpa(r.name, [CPU]));
    const canary = canaryManifest(r.name, NS, {});
    const spec = { ...(canary.spec as Record<string, unknown>), autoscalerRef: { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', name: hpaName, primaryScalerReplicas: { minReplicas: 2, maxReplicas: 5 } } };
    await r.apply({ ...canary, spec });
    if (waitForInitialized) await r.until('bootstrap to Initialized', async () => (await r.canary()).status?.phase === 'Initialized', 30_000);
  };
}

/** When: the app is applied at a new version (still without replicas). */
function newVersion(version: string): Step {
  return async (r) => {
    r.weights.reset(r.name);
    await r.apply(autoscaledDeployment(r.name, version));
  };
}

/** When: `deployment` is scaled, as an HPA would scale it. */
function scaledByAutoscaler(deployment: string, replicas: number): Step {
  return async (r) => {
    await r.env.kubectl.ok(['scale', 'deployment', deployment, '-n', NS, `--replicas=${replicas}`]);
  };
}

/** Given: Prometheus has scraped traffic to `workload` (a release right after start would otherwise be judged on no data). */
function prometheusSees(workload: string): Step {
  const query = encodeURIComponent(`istio_requests_total{reporter="destination",destination_workload_namespace="${NS}",destination_workload="${workload}"}`);
  return async (r) => {
    await r.until(`Prometheus has samples of ${workload}`, async () => {
      const res = await fetch(`${r.env.prometheus.url}/api/v1/query?query=${query}`);
      const body = (await res.json()) as { data?: { result?: unknown[] } };
      return (body.data?.result?.length ?? 0) > 0;
    }, 20_000);
  };
}

async function readHpa(env: Environment, name: string): Promise<HorizontalPodAutoscaler | undefined> {
  const api = env.kc.makeApiClient(CustomObjectsApi);
  try {
    return (await api.getNamespacedCustomObject({ group: 'autoscaling', version: 'v2', plural: 'horizontalpodautoscalers', namespace: NS, name })) as HorizontalPodAutoscaler;
  } catch {
    return undefined;
  }
}

async function replicasOf(r: Release, name: string): Promise<number | undefined> {
  return ((await r.deployment(name)))?.spec?.replicas;
}

/** Asserts the target keeps `replicas` while the release is Progressing, over `ms` (an invariant over a window, checked every 50 ms). */
async function canaryKeeps(r: Release, replicas: number, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until && (await r.canary()).status?.phase === 'Progressing') {
    expect(await replicasOf(r, r.name), 'canary replicas the autoscaler set').to.equal(replicas);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface Outcome {
  bootstrapCopy: HorizontalPodAutoscaler | undefined;
  bootstrapPrimaryReplicas: number | undefined;
  canaryFromZero: number | undefined;
  primaryReplicasAfterPromotion: number | undefined;
  followedCopy: HorizontalPodAutoscaler;
}

async function autoscaledRelease(env: Environment, weights: WeightRecorder): Promise<Outcome> {
  const web = new Release(env, { name: 'web', first: { version: 'v1' }, canary: {}, initializes: true }, weights);
  await With(web).When(bootstrap('web-hpa', true, true)).run();
  const bootstrapCopy = await web.until('web-hpa-primary created', () => readHpa(env, 'web-hpa-primary'), 15_000);
  const bootstrapPrimaryReplicas = await replicasOf(web, 'web-primary');
  await With(web).When(prometheusSees('web-primary')).When(scaledByAutoscaler('web-primary', 4)).When(newVersion('v2')).Then(expectWeightAtLeast(20)).run();
  const canaryFromZero = await replicasOf(web, 'web');
  await With(web).When(scaledByAutoscaler('web', 2)).run();
  await canaryKeeps(web, 2, 1500);
  await With(web).Then(expectPhase('Succeeded')).And(expectPrimaryServes('v2')).run();
  const primaryReplicasAfterPromotion = await replicasOf(web, 'web-primary');
  await web.apply(userHpa('web', [CPU, RPS]));
  const followedCopy = await web.until('web-hpa-primary follows the user HPA', async () => {
    const copy = await readHpa(env, 'web-hpa-primary');
    return (copy?.spec?.metrics as unknown[] | undefined)?.length === 2 ? copy : undefined;
  }, 15_000);
  return { bootstrapCopy, bootstrapPrimaryReplicas, canaryFromZero, primaryReplicasAfterPromotion, followedCopy };
}

describe('e2e: spec.autoscalerRef (sandbox + simulated mesh + real Prometheus)', function () {
  this.timeout(120_000);
  let env: Environment | undefined;
  let weights: WeightRecorder | undefined;
  let outcome: Promise<Outcome> | undefined;
  let refused: Promise<Release> | undefined;

  before(async function () {
    this.timeout(60_000);
    env = await startEnvironment({ namespace: NS });
    weights = new WeightRecorder(env.kc, NS);
    await weights.start();
    outcome = autoscaledRelease(env, weights);
    outcome.catch(() => undefined);
    const lost = new Release(env, { name: 'lost', first: { version: 'v1' }, canary: {}, initializes: false }, weights);
    refused = With(lost).When(bootstrap('no-such-hpa', false, false))
      .Then(expectNotReady('AutoscalerNotFound', /HorizontalPodAutoscaler e2e-hpa\/no-such-hpa \(spec\.autoscalerRef\.name\) does not exist/)).run();
    refused.catch(() => undefined);
  });

  after(async function () {
    this.timeout(60_000);
    await weights?.stop();
    await env?.stop();
  });

  async function result(): Promise<Outcome> {
    if (outcome === undefined) throw new Error('scenario not launched');
    try {
      return await outcome;
    } catch (err) {
      throw new Error(`${err instanceof Error ? err.message : String(err)}\ncontroller log tail:\n${env?.logs.slice(-10).join('\n') ?? ''}`);
    }
  }

  it('bootstraps <hpa>-primary for <target>-primary with primaryScalerReplicas, owned by the Canary; the primary starts within its bounds', async () => {
    const { bootstrapCopy, bootstrapPrimaryReplicas } = await result();
    expect(bootstrapCopy?.spec?.scaleTargetRef).to.deep.equal({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web-primary' });
    expect(bootstrapCopy?.spec).to.deep.include({ minReplicas: 2, maxReplicas: 5 });
    expect((bootstrapCopy?.metadata.ownerReferences as { kind: string }[] | undefined)?.[0]?.kind).to.equal('Canary');
    expect(bootstrapPrimaryReplicas, 'target had 1 replica; the primary HPA minimum is 2').to.equal(2);
  });

  it('a release scales the canary up from 0 within the user HPA bounds, leaves autoscaled counts alone and promotes', async () => {
    const { canaryFromZero, primaryReplicasAfterPromotion } = await result();
    expect(canaryFromZero, 'primary at 4, user HPA max 3').to.equal(3);
    expect(primaryReplicasAfterPromotion, 'promotion keeps what the primary HPA set').to.equal(4);
  });

  it('the copy follows a change to the user HPA (bounds stay overridden)', async () => {
    const { followedCopy } = await result();
    expect(followedCopy.spec?.metrics).to.deep.equal([CPU, RPS]);
    expect(followedCopy.spec).to.deep.include({ minReplicas: 2, maxReplicas: 5 });
  });

  it('a Canary naming a missing HPA gets Ready=False AutoscalerNotFound and creates nothing', async () => {
    if (refused === undefined || env === undefined) throw new Error('scenario not launched');
    const lost = await refused;
    expect(await lost.deployment('lost-primary')).to.equal(undefined);
    await result();
  });
});
