// The simulated mesh end to end: sandbox API server + simulated workloads,
// VirtualServices written through client-node, the mesh watching them, and a
// real Prometheus scraping the mesh every second. Statistics use 300–600 rps
// per host over 15 s windows so the tolerances hold by a wide margin.
import { expect } from 'chai';
import { AppsV1Api, CoreV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import type { KubeConfig, V1Deployment, V1Namespace, V1Service } from '@kubernetes/client-node';
import { startSandbox } from '../../src/sandbox/start-sandbox.ts';
import type { Sandbox } from '../../src/sandbox/start-sandbox.ts';
import { startPrometheus, waitForFirstScrape } from '../../src/prometheus-supervisor/index.ts';
import type { RunningPrometheus } from '../../src/prometheus-supervisor/index.ts';
import { BuiltinMetric, PrometheusClient, WorkloadRole, builtinQuery } from '../../src/telemetry/index.ts';
import type { QueryOutcome } from '../../src/telemetry/index.ts';
import { startMesh } from '../../src/mesh/mesh-simulator.ts';
import type { RunningMesh } from '../../src/mesh/mesh-simulator.ts';
import { VIRTUAL_SERVICE_API } from '../../src/mesh/cluster-watch.ts';

const NS = 'meshtest';
const WINDOW = '15s';
const SCRAPE_MS = 1000;

interface VersionSpec {
  deployment: string;
  service: string;
  version: string;
  annotations?: Record<string, string>;
}

/** Polls `probe` every `everyMs` until it returns a value, or fails saying what was awaited. */
async function waitFor<T>(what: string, deadlineMs: number, probe: () => Promise<T | undefined>, everyMs = 100): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() >= deadline) {
      const cause = last instanceof Error ? ` (last error: ${last.message})` : '';
      throw new Error(`timed out after ${deadlineMs} ms waiting for ${what}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Runs a PromQL query through the HTTP API and returns the vector as {label value → number}. */
async function vectorBy(promUrl: string, label: string, promql: string): Promise<Record<string, number>> {
  const res = await fetch(`${promUrl}/api/v1/query?${new URLSearchParams({ query: promql }).toString()}`);
  const body = (await res.json()) as { status: string; data?: { result?: { metric: Record<string, string>; value: [number, string] }[] } };
  if (body.status !== 'success') throw new Error(`query failed: ${promql}`);
  return Object.fromEntries((body.data?.result ?? []).map((r) => [r.metric[label] ?? '', Number(r.value[1])]));
}

function valueOf(outcome: QueryOutcome, query: string): number {
  if (outcome.kind !== 'value') throw new Error(`expected a value from ${query}, got ${JSON.stringify(outcome)}`);
  return outcome.value;
}

// client-node types request bodies as its model classes (all-optional fields); the API takes plain JSON.
type Json = Record<string, unknown>;
const deploymentBody = (body: Json): V1Deployment => body;
const serviceBody = (body: Json): V1Service => body;
const namespaceBody = (body: Json): V1Namespace => body;

async function createVersion(kc: KubeConfig, v: VersionSpec): Promise<void> {
  const labels = { app: v.deployment, version: v.version };
  await kc.makeApiClient(AppsV1Api).createNamespacedDeployment({
    namespace: NS,
    body: deploymentBody({
      metadata: { name: v.deployment },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: v.deployment } },
        template: { metadata: { labels, annotations: v.annotations }, spec: { containers: [{ name: 'app', image: 'example/app:1' }] } },
      },
    }),
  });
  await kc.makeApiClient(CoreV1Api).createNamespacedService({
    namespace: NS,
    body: serviceBody({ metadata: { name: v.service }, spec: { selector: { app: v.deployment }, ports: [{ port: 80, name: 'http' }] } }),
  });
}

function canaryPair(app: string, canaryAnnotations: Record<string, string> = {}, primaryAnnotations: Record<string, string> = {}): VersionSpec[] {
  return [
    { deployment: `${app}-primary`, service: `${app}-primary`, version: 'v1', annotations: primaryAnnotations },
    { deployment: app, service: `${app}-canary`, version: 'v2', annotations: canaryAnnotations },
  ];
}

function splitRoute(app: string, primaryWeight: number): unknown[] {
  return [{ route: [
    { destination: { host: `${app}-primary` }, weight: primaryWeight },
    { destination: { host: `${app}-canary` }, weight: 100 - primaryWeight },
  ] }];
}

async function createVirtualService(kc: KubeConfig, name: string, http: unknown[], annotations: Record<string, string>): Promise<void> {
  const { group, version, plural } = VIRTUAL_SERVICE_API;
  await kc.makeApiClient(CustomObjectsApi).createNamespacedCustomObject({
    group, version, plural, namespace: NS,
    body: { apiVersion: `${group}/${version}`, kind: 'VirtualService', metadata: { name, annotations }, spec: { hosts: [name], http } },
  });
}

async function allPodsReady(kc: KubeConfig, expected: number): Promise<true | undefined> {
  const pods = await kc.makeApiClient(CoreV1Api).listNamespacedPod({ namespace: NS });
  const ready = pods.items.filter((p) => (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'));
  return ready.length >= expected ? true : undefined;
}

describe('mesh integration: sandbox + simulated mesh + real Prometheus', function () {
  this.timeout(90_000);
  let sandbox: Sandbox | undefined;
  let mesh: RunningMesh | undefined;
  let prom: RunningPrometheus | undefined;
  let client: PrometheusClient;
  const ask = async (promql: string): Promise<number> => valueOf(await client.query(promql), promql);

  before(async () => {
    sandbox = await startSandbox({ crdFiles: ['manifests/crds', 'manifests/istio'], readyDelayMs: 200 });
    const kc = sandbox.kubeConfig;
    await kc.makeApiClient(CoreV1Api).createNamespace({ body: namespaceBody({ metadata: { name: NS } }) });
    const versions = [
      ...canaryPair('split'),
      ...canaryPair('rate', { 'sandbox.glidepath.dev/error-rate': '0.1' }),
      { deployment: 'slow', service: 'slow', version: 'v1', annotations: { 'sandbox.glidepath.dev/latency-ms': '80', 'sandbox.glidepath.dev/latency-p99-ms': '400' } },
      ...canaryPair('ab'),
    ];
    for (const v of versions) await createVersion(kc, v);
    await createVirtualService(kc, 'split', splitRoute('split', 80), { 'sandbox.glidepath.dev/rps': '400' });
    await createVirtualService(kc, 'rate', splitRoute('rate', 50), { 'sandbox.glidepath.dev/rps': '600' });
    await createVirtualService(kc, 'slow', [{ route: [{ destination: { host: 'slow' } }] }], { 'sandbox.glidepath.dev/rps': '300' });
    await createVirtualService(kc, 'ab', [
      { match: [{ headers: { 'x-canary': { exact: 'insider' } } }], route: [{ destination: { host: 'ab-canary' } }] },
      { route: [{ destination: { host: 'ab-primary' } }] },
    ], {
      'sandbox.glidepath.dev/rps': '400',
      // 30 % of requests carry x-canary, but only a third of those with the matching value.
      'sandbox.glidepath.dev/request-mix': '[{"fraction":0.1,"headers":{"x-canary":"insider"}},{"fraction":0.2,"headers":{"x-canary":"outsider"}}]',
    });
    await waitFor(`${versions.length * 2} ready pods in ${NS}`, 15_000, () => allPodsReady(kc, versions.length * 2), 50);
    mesh = await startMesh(kc, { seed: 42, tickMs: 50 });
    prom = await startPrometheus({ scrapeTargets: [mesh.scrapeTarget], scrapeIntervalMs: SCRAPE_MS });
    client = new PrometheusClient({ address: prom.url });
    await waitForFirstScrape(prom, 1);
    // Fill one analysis window with samples before judging anything.
    await waitFor(`${WINDOW} of scraped samples`, 30_000, async () => {
      const n = await ask(`min(count_over_time(istio_requests_total{reporter="destination",destination_workload_namespace="${NS}"}[${WINDOW}]))`);
      return n >= 14 ? n : undefined;
    }, 250);
  });

  after(async () => {
    await mesh?.stop();
    await prom?.stop();
    await sandbox?.stop();
  });

  it('VirtualService weights 80/20 produce a 80/20 split (±3 points) at the destinations', async () => {
    const counts = await vectorBy(prom!.url, 'destination_workload',
      `sum by (destination_workload) (increase(istio_requests_total{reporter="destination",destination_workload_namespace="${NS}",destination_service_name=~"split-primary|split-canary"}[${WINDOW}]))`);
    const all = (counts['split-primary'] ?? 0) + (counts.split ?? 0);
    expect(all).to.be.greaterThan(3000);
    expect((100 * (counts.split ?? 0)) / all).to.be.closeTo(20, 3);
    expect((100 * (counts['split-primary'] ?? 0)) / all).to.be.closeTo(80, 3);
  });

  it('the builtin success rate reads 90 ± 2 for a 10 % error version and ≥ 99.5 for a healthy one', async () => {
    const canary = await ask(builtinQuery(BuiltinMetric.RequestSuccessRate, { namespace: NS, target: 'rate', interval: WINDOW }));
    const primary = await ask(builtinQuery(BuiltinMetric.RequestSuccessRate, { namespace: NS, target: 'rate', interval: WINDOW, role: WorkloadRole.Primary }));
    expect(canary).to.be.closeTo(90, 2);
    expect(primary).to.be.at.least(99.5);
  });

  it('the builtin p99 of a version with p99 400 ms lies in Istio\'s bucket holding 400 ms, (250, 500]', async () => {
    const p99 = await ask(builtinQuery(BuiltinMetric.RequestDuration, { namespace: NS, target: 'slow', interval: WINDOW }));
    expect(p99).to.be.greaterThan(250).and.at.most(500);
  });

  it('a header-matched route sends only the matching requests to the canary', async () => {
    const counts = await vectorBy(prom!.url, 'destination_workload',
      `sum by (destination_workload) (increase(istio_requests_total{reporter="destination",destination_workload_namespace="${NS}",destination_service_name=~"ab-primary|ab-canary"}[${WINDOW}]))`);
    const all = (counts['ab-primary'] ?? 0) + (counts.ab ?? 0);
    // 10 % match; had the 20 % "outsider" requests leaked, the canary would see about 30 %.
    expect((100 * (counts.ab ?? 0)) / all).to.be.closeTo(10, 2);
  });

  it('changed weights show up in Prometheus within 3 scrape intervals', async () => {
    const { group, version, plural } = VIRTUAL_SERVICE_API;
    await sandbox!.kubeConfig.makeApiClient(CustomObjectsApi).patchNamespacedCustomObject(
      { group, version, plural, namespace: NS, name: 'split', body: { spec: { hosts: ['split'], http: splitRoute('split', 0) } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    const patchedAt = Date.now();
    // irate uses the last two scrapes, so it turns to 0 once two scrapes follow the change.
    const rate = (workload: string): string =>
      `sum(irate(istio_requests_total{reporter="destination",destination_workload_namespace="${NS}",destination_workload="${workload}"}[5s]))`;
    await waitFor('the primary to stop receiving and the canary to take the traffic', 3 * SCRAPE_MS, async () => {
      const [primary, canary] = [await ask(rate('split-primary')), await ask(rate('split'))];
      return primary === 0 && canary > 300 ? true : undefined;
    }, 50);
    expect(Date.now() - patchedAt).to.be.at.most(3 * SCRAPE_MS + 100);
  });
});
