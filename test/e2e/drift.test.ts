// End to end (sandbox + simulated mesh + real Prometheus): objects Glidepath owns come back, and
// come back right, on the next pass after a user deletes or edits them with kubectl, whatever the
// phase: the primary at the promoted revision (never the canary's), VirtualService weights at the
// machine's weight at once, Services, DestinationRules and config copies. Scenarios run concurrently.
import { expect } from 'chai';
import type { KubernetesObject } from '@kubernetes/client-node';
import type { Canary } from '../../src/api/canary-types.ts';
import type { Deployment } from '../../src/controller/k8s-objects/object-shapes.ts';
import { deploymentReadiness } from '../../src/controller/reconciler/workload-readiness.ts';
import type { Environment } from './fixtures/environment.ts';
import { scenarioSuite } from './fixtures/concurrent-scenarios.ts';
import { configMapManifest, deploymentWithConfigs } from './fixtures/config-manifests.ts';
import { expectRestored, readOwned, restoredCount, restoredEvents, userDeletes, userPatches } from './fixtures/drift-steps.ts';
import { canaryManifest, imageOf } from './fixtures/manifests.ts';
import { vectorBy } from './fixtures/prometheus-queries.ts';
import { Given, Release, With, app } from './fixtures/scenario.ts';
import { expectPhase, expectPrimaryServes, expectWeightAtLeast, newImage } from './fixtures/steps.ts';
import { WeightRecorder } from './fixtures/weight-recorder.ts';
import { errorsByWorkload } from './fixtures/prometheus-queries.ts';

const NS = 'e2e-drift';
const INTERVAL_MS = 2000;

type Owned = KubernetesObject & { spec?: Record<string, unknown> };

/** Resource versions of the owned objects that have no status of their own (they change only when written). */
async function ownedVersions(r: Release): Promise<string[]> {
  const names: [string, string][] = [['Service', r.name], ['Service', `${r.name}-primary`], ['Service', `${r.name}-canary`],
    ['DestinationRule', `${r.name}-primary`], ['DestinationRule', `${r.name}-canary`], ['VirtualService', r.name]];
  const objects = await Promise.all(names.map(([kind, name]) => readOwned(r, kind, name)));
  const primary = await readOwned<Deployment>(r, 'Deployment', `${r.name}-primary`);
  return [...objects.map((o) => o?.metadata?.resourceVersion ?? 'missing'), `primary generation ${String(primary?.metadata.generation)}`];
}

async function pause(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits for `<app>-primary` to exist under a uid other than `oldUid`; returns it as first seen. */
async function recreatedPrimary(r: Release, oldUid: string | undefined): Promise<Deployment> {
  return r.until('primary recreated', async () => {
    const primary = await r.deployment(`${r.name}-primary`);
    return primary !== undefined && primary.metadata.uid !== oldUid ? primary : undefined;
  }, 15_000);
}

function versionOf(deployment: Deployment | undefined): string | undefined {
  return deployment?.spec?.template?.metadata?.annotations?.['example.test/version'];
}

/** 5xx answers users (source sidecars) saw for the app, by Istio response flag, over the last `windowS` seconds. */
async function userErrorsByFlag(env: Environment, app: string, windowS: number): Promise<Record<string, number>> {
  const selector = `reporter="source",destination_service_namespace="${NS}",destination_service_name=~"${app}-primary|${app}-canary",response_code=~"5.."`;
  const all = await vectorBy(env.prometheus.url, 'response_flags', `sum by (response_flags) (increase(istio_requests_total{${selector}}[${String(windowS)}s]))`);
  return Object.fromEntries(Object.entries(all).filter(([, n]) => n > 0));
}

interface RestOutcome {
  quiet: { before: string[]; after: string[]; restoredBefore: (string | undefined)[] };
  recreated: Deployment;
  outageMs: number;
  imageAfterEdit: string | undefined;
  replicasAfterScale: number | undefined;
  revisionBefore: string | undefined;
  final: Canary;
  windowS: number;
}

/** Succeeded: nothing is rewritten at rest; the primary deleted, edited and scaled to 0 comes back at v2. */
async function restScenario(env: Environment, weights: WeightRecorder): Promise<RestOutcome> {
  const r = await Given(env, app('rest'), weights).When(newImage('v2')).Then(expectPhase('Succeeded')).And(expectPrimaryServes('v2')).run();
  const startedAt = Date.now();
  const before = await ownedVersions(r);
  await pause(3 * INTERVAL_MS);
  const quiet = { before, after: await ownedVersions(r), restoredBefore: (await restoredEvents(r)).map((e) => e.message) };
  const revisionBefore = (await r.canary()).status?.revision;
  const old = await r.deployment('rest-primary');
  const deletedAt = Date.now();
  await userDeletes('Deployment', 'rest-primary')(r);
  const recreated = await recreatedPrimary(r, old?.metadata.uid);
  await r.until('recreated primary ready', async () => deploymentReadiness(await r.deployment('rest-primary'), 100).ready, 15_000);
  const outageMs = Date.now() - deletedAt;
  await expectRestored('Deployment', 'rest-primary', /recreated at revision/)(r);
  await userPatches('Deployment', 'rest-primary', { spec: { template: { spec: { containers: [{ name: 'app', image: imageOf('rest', 'hacked') }] } } } })(r);
  const imageAfterEdit = await r.until('primary image back to v2', async () => {
    const image = (await r.deployment('rest-primary'))?.spec?.template?.spec?.containers?.[0]?.image;
    return image === imageOf('rest', 'v2') ? image : undefined;
  }, 10_000);
  await env.kubectl.ok(['scale', 'deployment', 'rest-primary', '--replicas=0', '-n', NS]);
  const replicasAfterScale = await r.until('primary scaled back up', async () => {
    const replicas = (await r.deployment('rest-primary'))?.spec?.replicas;
    return replicas !== undefined && replicas > 0 ? replicas : undefined;
  }, 10_000);
  await With(r).Then(expectPrimaryServes('v2')).run();
  return { quiet, recreated, outageMs, imageAfterEdit, replicasAfterScale, revisionBefore, final: await r.canary(), windowS: Math.ceil((Date.now() - startedAt) / 1000) + 2 };
}

interface ProgressingOutcome {
  recreatedVersion: string | undefined;
  final: Canary;
  windowS: number;
  weightsSeen: number[];
}

/** Progressing: the primary deleted mid-analysis comes back at the promoted v1, and the release goes on to `phase`. */
async function progressingScenario(env: Environment, weights: WeightRecorder, name: string, faulty: boolean): Promise<ProgressingOutcome> {
  const r = await Given(env, app(name, { threshold: faulty ? 4 : 2 }), weights).run();
  const startedAt = Date.now();
  const behaviour: Record<string, string> = faulty ? { 'sandbox.glidepath.dev/error-rate': '0.3' } : {};
  await With(r).When(newImage('v2', behaviour)).Then(expectWeightAtLeast(20)).run();
  const old = await r.deployment(`${name}-primary`);
  await userDeletes('Deployment', `${name}-primary`)(r);
  const recreated = await recreatedPrimary(r, old?.metadata.uid);
  await expectRestored('Deployment', `${name}-primary`, /recreated at revision/)(r);
  await With(r).Then(expectPhase(faulty ? 'Failed' : 'Succeeded', 60_000)).And(expectPrimaryServes(faulty ? 'v1' : 'v2')).run();
  return { recreatedVersion: versionOf(recreated), final: await r.canary(), windowS: Math.ceil((Date.now() - startedAt) / 1000) + 2, weightsSeen: weights.weights(name) };
}

interface WeightOutcome {
  machineWeightAtEdit: number | undefined;
  restored: { weight: number; machineWeight: number | undefined; ms: number };
  weightsSeen: number[];
  final: Canary;
}

const HAND_WEIGHT = 90;

/** A hand-edited VirtualService mid-analysis goes back to the machine's weight within a pass, long before the next step. */
async function weightScenario(env: Environment, weights: WeightRecorder): Promise<WeightOutcome> {
  const r = await Given(env, app('vs', { stepWeight: 10, maxWeight: 50, interval: '5s' }), weights).When(newImage('v2')).Then(expectWeightAtLeast(10)).run();
  const machineWeightAtEdit = (await r.canary()).status?.canaryWeight;
  const editedAt = Date.now();
  await userPatches('VirtualService', 'vs', [
    { op: 'replace', path: '/spec/http/0/route/0/weight', value: 100 - HAND_WEIGHT },
    { op: 'replace', path: '/spec/http/0/route/1/weight', value: HAND_WEIGHT },
  ], 'json')(r);
  await r.until('the hand edit seen', () => Promise.resolve(weights.weights('vs').includes(HAND_WEIGHT)), 5000);
  const restored = await r.until('weight back to the machine\'s', async () => {
    const weight = await r.routedWeight();
    const machineWeight = (await r.canary()).status?.canaryWeight;
    return weight !== null && weight !== HAND_WEIGHT && weight === machineWeight ? { weight, machineWeight, ms: Date.now() - editedAt } : undefined;
  }, 10_000);
  await expectRestored('VirtualService', 'vs', /canary weight \d+%/)(r);
  await With(r).Then(expectPhase('Succeeded', 60_000)).And(expectPrimaryServes('v2')).run();
  return { machineWeightAtEdit, restored, weightsSeen: weights.weights('vs'), final: await r.canary() };
}

interface NetworkOutcome {
  primaryService: Owned | undefined;
  apex: Owned | undefined;
  canaryRule: Owned | undefined;
  phase: string | undefined;
}

/** Initialized: a deleted Service and DestinationRule and an edited apex selector come back. */
async function networkScenario(env: Environment, weights: WeightRecorder): Promise<NetworkOutcome> {
  const r = await Given(env, app('net'), weights).run();
  await userDeletes('Service', 'net-primary')(r);
  await userDeletes('DestinationRule', 'net-canary')(r);
  await userPatches('Service', 'net', { spec: { selector: { app: 'net' } } })(r);
  await expectRestored('Service', 'net-primary', /it was missing/)(r);
  await expectRestored('DestinationRule', 'net-canary', /it was missing/)(r);
  await expectRestored('Service', 'net', /it differed from the desired state/)(r);
  const apex = await r.until('apex selects the primary again', async () => {
    const svc = await readOwned(r, 'Service', 'net');
    return (svc?.spec?.selector as Record<string, string> | undefined)?.app === 'net-primary' ? svc : undefined;
  });
  return { primaryService: await readOwned(r, 'Service', 'net-primary'), apex, canaryRule: await readOwned(r, 'DestinationRule', 'net-canary'), phase: (await r.canary()).status?.phase };
}

interface ConfigOutcome {
  atRest: Record<string, string> | undefined;
  midRelease: Record<string, string> | undefined;
  final: Canary;
}

async function copyData(r: Release): Promise<Record<string, string> | undefined> {
  return (await readOwned<KubernetesObject & { data?: Record<string, string> }>(r, 'ConfigMap', 'cf-settings-primary'))?.data;
}

/** A deleted config copy comes back with the promoted data, at rest and mid-release (template-only release). */
async function configScenario(env: Environment, weights: WeightRecorder): Promise<ConfigOutcome> {
  const r = new Release(env, app('cf'), weights);
  const use = { envFromConfigMaps: ['cf-settings'] };
  await r.apply(configMapManifest('cf-settings', NS, { mode: 'one' }));
  await r.apply(deploymentWithConfigs('cf', NS, { version: 'v1' }, use));
  await r.apply(canaryManifest('cf', NS, { interval: '3s' }));
  await expectPhase('Initialized', 30_000)(r);
  await r.until('copy made', async () => (await copyData(r))?.mode === 'one');
  await userDeletes('ConfigMap', 'cf-settings-primary')(r);
  await expectRestored('ConfigMap', 'cf-settings-primary', /copied again from cf-settings/)(r);
  const atRest = await r.until('copy back', () => copyData(r));
  weights.reset('cf');
  await r.apply(deploymentWithConfigs('cf', NS, { version: 'v2' }, use));
  await expectWeightAtLeast(20)(r);
  const restoredSoFar = await restoredCount(r);
  await userDeletes('ConfigMap', 'cf-settings-primary')(r);
  await r.until('second Restored Event', async () => (await restoredCount(r)) > restoredSoFar);
  const midRelease = await r.until('copy back mid-release', () => copyData(r));
  await With(r).Then(expectPhase('Succeeded', 60_000)).And(expectPrimaryServes('v2')).run();
  return { atRest, midRelease, final: await r.canary() };
}

interface AutoscaledOutcome {
  recreatedReplicas: number | undefined;
  primaryHpa: Owned | undefined;
  phase: string | undefined;
}

/** With spec.autoscalerRef: a deleted primary comes back with the count the HPA had set; a deleted `<hpa>-primary` comes back. */
async function autoscaledScenario(env: Environment, weights: WeightRecorder): Promise<AutoscaledOutcome> {
  const r = new Release(env, app('auto'), weights);
  const deployment = deploymentWithConfigs('auto', NS, { version: 'v1' }, {}) as { spec: Record<string, unknown> };
  delete deployment.spec.replicas;
  await r.apply(deployment);
  await r.apply({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'auto-hpa', namespace: NS },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'auto' }, minReplicas: 1, maxReplicas: 3 } });
  const canary = canaryManifest('auto', NS) as { spec: Record<string, unknown> };
  canary.spec.autoscalerRef = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', name: 'auto-hpa', primaryScalerReplicas: { minReplicas: 2, maxReplicas: 5 } };
  await r.apply(canary);
  await expectPhase('Initialized', 30_000)(r);
  // The sandbox runs no autoscaler: scale the primary as its HPA would.
  await env.kubectl.ok(['scale', 'deployment', 'auto-primary', '--replicas=4', '-n', NS]);
  const old = await r.until('primary at 4 replicas', async () => { const d = await r.deployment('auto-primary'); return d?.spec?.replicas === 4 ? d : undefined; });
  await userDeletes('Deployment', 'auto-primary')(r);
  const recreated = await recreatedPrimary(r, old.metadata.uid);
  await userDeletes('HorizontalPodAutoscaler', 'auto-hpa-primary')(r);
  await expectRestored('HorizontalPodAutoscaler', 'auto-hpa-primary', /it was missing/)(r);
  const primaryHpa = await r.until('primary HPA back', () => readOwned(r, 'HorizontalPodAutoscaler', 'auto-hpa-primary'));
  return { recreatedReplicas: recreated.spec?.replicas, primaryHpa, phase: (await r.canary()).status?.phase };
}

function nonDecreasingUntilReset(weights: number[]): boolean {
  const release = weights.slice(0, weights.lastIndexOf(0) > 0 ? weights.lastIndexOf(0) : weights.length);
  return release.every((w, i) => i === 0 || w >= (release[i - 1] ?? 0));
}

describe('e2e: owned objects converge back after drift (sandbox + simulated mesh + real Prometheus)', function () {
  this.timeout(150_000);
  const { outcome, env } = scenarioSuite(NS, (launch) => {
    launch('rest', restScenario);
    launch('progressing', (e, w) => progressingScenario(e, w, 'prog', false));
    launch('faulty', (e, w) => progressingScenario(e, w, 'bad', true));
    launch('weights', weightScenario);
    launch('network', networkScenario);
    launch('config', configScenario);
    launch('autoscaled', autoscaledScenario);
  });

  it('Succeeded: nothing is rewritten at rest; a deleted, edited or scaled-to-0 primary comes back at the promoted revision', async () => {
    const o = await outcome<RestOutcome>('rest');
    expect(o.quiet.after, 'owned objects untouched over 3 intervals at rest').to.deep.equal(o.quiet.before);
    expect(o.quiet.restoredBefore, 'no Restored Event before any drift').to.deep.equal([]);
    expect(versionOf(o.recreated), 'recreated primary runs the promoted v2').to.equal('v2');
    expect(o.recreated.spec?.replicas, 'with the replica count it had').to.equal(2);
    expect(o.outageMs, 'primary back and ready').to.be.below(10_000);
    expect(o.imageAfterEdit).to.equal(imageOf('rest', 'v2'));
    expect(o.replicasAfterScale).to.equal(2);
    expect(o.final.status?.phase).to.equal('Succeeded');
    expect(o.final.status?.revision, 'a repair is no new revision').to.equal(o.revisionBefore);
    const errors = await errorsByWorkload(env().prometheus.url, NS, 'rest', o.windowS);
    expect(errors['rest-primary'], 'no errors from the primary workload').to.equal(undefined);
    const flags = await userErrorsByFlag(env(), 'rest', o.windowS);
    expect(Object.keys(flags).filter((f) => f !== 'UH'), `users saw only "no healthy upstream" while the primary was gone: ${JSON.stringify(flags)}`).to.deep.equal([]);
  });

  it('Progressing: a primary deleted mid-analysis comes back at the promoted v1 and the release goes on to Succeeded', async () => {
    const o = await outcome<ProgressingOutcome>('progressing');
    expect(o.recreatedVersion, 'never the canary\'s in-flight v2').to.equal('v1');
    expect(o.final.status?.phase).to.equal('Succeeded');
    expect(nonDecreasingUntilReset(o.weightsSeen), `weights never went backwards: ${JSON.stringify(o.weightsSeen)}`).to.equal(true);
    expect(o.weightsSeen.at(-1)).to.equal(0);
    expect(o.final.status?.history?.filter((h) => h.event === 'NEW_REVISION').length, 'the repair started no release').to.equal(1);
  });

  it('Progressing a faulty revision: the recreated primary runs v1, so only the canary\'s share of traffic saw its errors; rolled back', async () => {
    const o = await outcome<ProgressingOutcome>('faulty');
    expect(o.recreatedVersion).to.equal('v1');
    expect(o.final.status?.phase).to.equal('Failed');
    const errors = await errorsByWorkload(env().prometheus.url, NS, 'bad', o.windowS);
    expect(errors.bad, 'the canary workload failed requests').to.be.greaterThan(0);
    expect(errors['bad-primary'], 'the primary workload never ran the faulty revision').to.equal(undefined);
  });

  it('VirtualService weights edited mid-analysis go back to the machine\'s weight within one pass', async () => {
    const o = await outcome<WeightOutcome>('weights');
    expect(o.restored.ms, 'restored long before the next 5 s analysis step').to.be.below(2500);
    expect(o.restored.weight).to.be.at.least(o.machineWeightAtEdit ?? 0);
    const withoutEdit = o.weightsSeen.filter((w) => w !== HAND_WEIGHT).filter((w, i, all) => i === 0 || w !== all[i - 1]);
    expect(withoutEdit, 'the release walked its steps as if nothing happened').to.deep.equal([0, 10, 20, 30, 40, 50, 0]);
    expect(o.final.status?.phase).to.equal('Succeeded');
  });

  it('a deleted Service and DestinationRule and an edited apex selector come back', async () => {
    const o = await outcome<NetworkOutcome>('network');
    expect(o.primaryService?.spec?.selector).to.deep.equal({ app: 'net-primary' });
    expect(o.apex?.spec?.selector).to.deep.equal({ app: 'net-primary' });
    expect(o.canaryRule?.spec?.host).to.equal('net-canary');
    expect(o.phase).to.equal('Initialized');
  });

  it('a deleted config copy comes back with the promoted data, at rest and mid-release', async () => {
    const o = await outcome<ConfigOutcome>('config');
    expect(o.atRest).to.deep.equal({ mode: 'one' });
    expect(o.midRelease).to.deep.equal({ mode: 'one' });
    expect(o.final.status?.phase).to.equal('Succeeded');
  });

  it('with spec.autoscalerRef: a deleted primary comes back with the count its HPA set, and a deleted <hpa>-primary comes back', async () => {
    const o = await outcome<AutoscaledOutcome>('autoscaled');
    expect(o.recreatedReplicas).to.equal(4);
    expect(o.primaryHpa?.spec?.scaleTargetRef).to.deep.include({ kind: 'Deployment', name: 'auto-primary' });
    expect(o.primaryHpa?.spec).to.include({ minReplicas: 2, maxReplicas: 5 });
    expect(o.phase).to.equal('Initialized');
  });
});
