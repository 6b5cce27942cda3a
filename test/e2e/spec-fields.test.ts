// End to end (sandbox + simulated mesh + real Prometheus): the Flagger spec fields that change
// what the controller does around a release — config tracking, spec.suspend and
// spec.revertOnDeletion (and deletion without it). Scenarios run concurrently, one app each.
import { CoreV1Api } from '@kubernetes/client-node';
import type { V1ConfigMap, V1Secret, V1Service } from '@kubernetes/client-node';
import { expect } from 'chai';
import type { Canary } from '../../src/api/canary-types.ts';
import type { Deployment } from '../../src/controller/k8s-objects/object-shapes.ts';
import type { Environment } from './fixtures/environment.ts';
import { scenarioSuite } from './fixtures/concurrent-scenarios.ts';
import { configMapManifest, deploymentWithConfigs, secretManifest } from './fixtures/config-manifests.ts';
import type { ConfigUse } from './fixtures/config-manifests.ts';
import { canaryManifest } from './fixtures/manifests.ts';
import { Given, Release, With, app } from './fixtures/scenario.ts';
import { annotate, expectNotReady, expectPhase, expectPrimaryServes, expectWeightAtLeast, newImage } from './fixtures/steps.ts';
import type { Step } from './fixtures/scenario.ts';
import { WeightRecorder } from './fixtures/weight-recorder.ts';

const NS = 'e2e-fields';
const INTERVAL_MS = 2000;

async function readConfigMap(env: Environment, name: string): Promise<V1ConfigMap | undefined> {
  return env.kc.makeApiClient(CoreV1Api).readNamespacedConfigMap({ namespace: NS, name }).catch(() => undefined);
}

async function readSecret(env: Environment, name: string): Promise<V1Secret | undefined> {
  return env.kc.makeApiClient(CoreV1Api).readNamespacedSecret({ namespace: NS, name }).catch(() => undefined);
}

async function readService(env: Environment, name: string): Promise<V1Service | undefined> {
  return env.kc.makeApiClient(CoreV1Api).readNamespacedService({ namespace: NS, name }).catch(() => undefined);
}

/** Asserts `check` holds at every look for `ms` (an invariant over a window, checked every 100 ms). */
async function holds(what: string, check: () => Promise<boolean>, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    expect(await check(), what).to.equal(true);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function patchCanarySpec(spec: Record<string, unknown>): Step {
  return async (r) => {
    await r.env.kubectl.ok(['patch', 'canary', r.name, '-n', NS, '--type', 'merge', '-p', JSON.stringify({ spec })]);
  };
}

const CONFIG_USE: ConfigUse = { envFromConfigMaps: ['cfg-settings'], secretKeys: [{ secret: 'cfg-token', key: 'token' }], volumeConfigMaps: ['cfg-static'] };

interface ConfigOutcome {
  initialTemplate: string;
  initialTracked: Record<string, string>;
  copyDuringAnalysis: string | undefined;
  final: Canary;
  finalCopy: string | undefined;
  secretCopy: V1Secret | undefined;
}

/** Config tracking: copies at bootstrap, an opted-out ConfigMap changes nothing, a tracked one is released. */
async function configScenario(env: Environment, weights: WeightRecorder): Promise<ConfigOutcome> {
  const r = new Release(env, app('cfg'), weights);
  await r.apply(configMapManifest('cfg-settings', NS, { mode: 'v1' }));
  await r.apply(secretManifest('cfg-token', NS, { token: 'first' }));
  await r.apply(configMapManifest('cfg-static', NS, { motd: 'hello' }, { 'flagger.app/config-tracking': 'disabled' }));
  await r.apply(deploymentWithConfigs('cfg', NS, { version: 'v1' }, CONFIG_USE));
  await r.apply(canaryManifest('cfg', NS));
  await expectPhase('Initialized', 30_000)(r);
  await r.until('-primary copies', async () => (await readConfigMap(env, 'cfg-settings-primary')) !== undefined && (await readSecret(env, 'cfg-token-primary')) !== undefined);
  const initialTemplate = JSON.stringify((await r.deployment('cfg-primary'))?.spec?.template?.spec);
  const initialTracked = (await r.canary()).status?.trackedConfigs ?? {};
  await r.apply(configMapManifest('cfg-static', NS, { motd: 'changed' }, { 'flagger.app/config-tracking': 'disabled' }));
  await holds('an opted-out ConfigMap starts no release', async () => (await r.canary()).status?.phase === 'Initialized', 2 * INTERVAL_MS);
  weights.reset('cfg');
  await r.apply(configMapManifest('cfg-settings', NS, { mode: 'v2' }));
  await With(r).Then(expectPhase('Progressing', 20_000)).run();
  const copyDuringAnalysis = (await readConfigMap(env, 'cfg-settings-primary'))?.data?.mode;
  await With(r).Then(expectPhase('Succeeded')).run();
  await r.until('copy updated after promotion', async () => (await readConfigMap(env, 'cfg-settings-primary'))?.data?.mode === 'v2');
  return {
    initialTemplate, initialTracked, copyDuringAnalysis,
    final: await r.canary(), finalCopy: (await readConfigMap(env, 'cfg-settings-primary'))?.data?.mode, secretCopy: await readSecret(env, 'cfg-token-primary'),
  };
}

/** A Deployment referencing a ConfigMap that does not exist is refused with a precise message. */
async function missingConfigScenario(env: Environment, weights: WeightRecorder): Promise<Canary> {
  const r = new Release(env, app('cfgless'), weights);
  await r.apply(deploymentWithConfigs('cfgless', NS, { version: 'v1' }, { envFromConfigMaps: ['cfg-absent'] }));
  await r.apply(canaryManifest('cfgless', NS));
  await expectNotReady('ConfigNotFound', /references ConfigMap e2e-fields\/cfg-absent in its pod template, which does not exist/)(r);
  return r.canary();
}

interface SuspendOutcome {
  heldWeight: number | null;
  suspended: Canary;
  final: Canary;
}

/** Suspend mid-analysis: weight and phase are held, a promote annotation waits; resuming promotes at once. */
async function suspendScenario(env: Environment, weights: WeightRecorder): Promise<SuspendOutcome> {
  const r = await Given(env, app('susp', { stepWeight: 20, maxWeight: 60 }), weights)
    .When(newImage('v2')).Then(expectWeightAtLeast(20)).When(patchCanarySpec({ suspend: true })).run();
  await r.until('Ready=False Suspended', async () => (await r.canary()).status?.conditions?.some((c) => c.type === 'Ready' && c.reason === 'Suspended'), 10_000);
  const heldWeight = await r.routedWeight();
  await annotate('promote')(r);
  await holds('weight held while suspended', async () => (await r.routedWeight()) === heldWeight && (await r.canary()).status?.phase === 'Progressing', 3 * INTERVAL_MS);
  const suspended = await r.canary();
  await With(r).When(patchCanarySpec({ suspend: false })).Then(expectPhase('Succeeded', 20_000)).And(expectPrimaryServes('v2')).run();
  return { heldWeight, suspended, final: await r.canary() };
}

interface RevertOutcome {
  finalizers: unknown;
  target: Deployment | undefined;
  apex: V1Service | undefined;
  primaryGone: boolean;
}

/** revertOnDeletion: the finalizer is added; deleting the Canary hands the target and its Service back. */
async function revertScenario(env: Environment, weights: WeightRecorder): Promise<RevertOutcome> {
  const r = await Given(env, app('revert'), weights).When(patchCanarySpec({ revertOnDeletion: true })).run();
  const finalizers = await r.until('finalizer added', async () => (await r.canary()).metadata.finalizers, 10_000);
  await r.until('target at 0 replicas', async () => (await r.deployment('revert'))?.spec?.replicas === 0);
  await env.kubectl.ok(['delete', 'canary', 'revert', '-n', NS, '--wait=false']);
  await r.until('Canary gone', async () => (await r.canary().then(() => false, () => true)), 30_000);
  const primaryGone = await r.until('primary garbage-collected', async () => (await r.deployment('revert-primary')) === undefined, 15_000);
  return { finalizers, target: await r.deployment('revert'), apex: await readService(env, 'revert'), primaryGone };
}

/** Deleting a Canary without revertOnDeletion leaves the target at 0: a Warning Event on the Deployment says so. */
async function plainDeletionScenario(env: Environment, weights: WeightRecorder): Promise<string> {
  const r = await Given(env, app('plain'), weights).run();
  await r.until('target at 0 replicas', async () => (await r.deployment('plain'))?.spec?.replicas === 0);
  await env.kubectl.ok(['delete', 'canary', 'plain', '-n', NS]);
  return r.until('Warning TargetScaledToZero on the Deployment', async () => {
    const events = await env.kc.makeApiClient(CoreV1Api).listNamespacedEvent({ namespace: NS });
    return events.items.find((e) => e.involvedObject.kind === 'Deployment' && e.involvedObject.name === 'plain' && e.reason === 'TargetScaledToZero')?.message;
  }, 15_000);
}

describe('e2e: config tracking, suspend and revertOnDeletion (sandbox + simulated mesh + real Prometheus)', function () {
  this.timeout(120_000);
  const { outcome } = scenarioSuite(NS, (launch) => {
    launch('config', configScenario);
    launch('missing-config', missingConfigScenario);
    launch('suspend', suspendScenario);
    launch('revert', revertScenario);
    launch('plain-deletion', plainDeletionScenario);
  });

  it('config tracking: the primary reads -primary copies, which keep the old values until a tracked change is promoted', async () => {
    const result = await outcome<ConfigOutcome>('config');
    expect(result.initialTemplate).to.contain('"cfg-settings-primary"').and.to.contain('"cfg-token-primary"');
    expect(result.initialTemplate, 'an opted-out ConfigMap is referenced as is').to.contain('"cfg-static"').and.not.to.contain('cfg-static-primary');
    expect(Object.keys(result.initialTracked).sort()).to.deep.equal(['ConfigMap/cfg-settings', 'Secret/cfg-token']);
    expect(result.copyDuringAnalysis, 'the primary keeps the old config during the analysis').to.equal('v1');
    expect(result.finalCopy).to.equal('v2');
    const tracked = result.final.status?.trackedConfigs ?? {};
    expect(tracked['ConfigMap/cfg-settings']).to.not.equal(result.initialTracked['ConfigMap/cfg-settings']);
    expect(tracked['Secret/cfg-token']).to.equal(result.initialTracked['Secret/cfg-token']);
    const secret = result.secretCopy;
    expect(Buffer.from(secret?.data?.token ?? '', 'base64').toString()).to.equal('first');
    expect(secret?.metadata?.ownerReferences?.[0]?.kind).to.equal('Canary');
  });

  it('config tracking: a missing non-optional ConfigMap gives Ready=False ConfigNotFound naming it', async () => {
    const canary = await outcome<Canary>('missing-config');
    expect(canary.status?.phase).to.equal(undefined);
  });

  it('suspend: holds phase and weight, keeps a promote annotation until resume, then acts on it', async () => {
    const result = await outcome<SuspendOutcome>('suspend');
    expect(result.heldWeight).to.be.at.least(20);
    expect(result.suspended.metadata.annotations?.['glidepath.dev/promote'], 'the annotation waits for resume').to.not.equal(undefined);
    expect(result.suspended.status?.conditions?.find((c) => c.type === 'Ready')?.message).to.match(/spec\.suspend is true.*phase Progressing.*glidepath\.dev\/promote is kept/);
    const actions = (result.final.status?.history ?? []).filter((h) => h.actor !== undefined).map((h) => h.event);
    expect(actions).to.deep.equal(['PROMOTE']);
  });

  it('revertOnDeletion: deleting the Canary scales the target back up and leaves a Service selecting it', async () => {
    const result = await outcome<RevertOutcome>('revert');
    expect(result.finalizers).to.deep.equal(['glidepath.dev/finalizer']);
    expect(result.target?.spec?.replicas).to.equal(2);
    expect(result.target?.status?.readyReplicas).to.equal(2);
    expect(result.apex?.spec?.selector).to.deep.equal({ app: 'revert' });
    expect(result.apex?.metadata?.ownerReferences ?? []).to.deep.equal([]);
    expect(result.primaryGone).to.equal(true);
  });

  it('deletion without revertOnDeletion: a Warning Event on the Deployment says it is left at 0 replicas', async () => {
    const message = await outcome<string>('plain-deletion');
    expect(message).to.match(/left Deployment e2e-fields\/plain at 0 replicas/);
  });
});
