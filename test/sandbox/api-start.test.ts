import { expect } from 'chai';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppsV1Api, CoreV1Api, CustomObjectsApi, V1ConfigMap, V1Deployment } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { startSandbox } from '../../src/sandbox/start-sandbox.ts';
import type { Sandbox } from '../../src/sandbox/start-sandbox.ts';
import { deployment, field, typed, waitFor, widgetCrd } from './api-fixture.ts';

describe('startSandbox: kubeconfig, CRD files and the snapshot file', () => {
  let dir: string;
  const running: Sandbox[] = [];

  async function start(opts: Parameters<typeof startSandbox>[0]): Promise<Sandbox> {
    const sandbox = await startSandbox({ startWorkloads: false, ...opts });
    running.push(sandbox);
    return sandbox;
  }

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sandbox-start-test-'));
  });

  afterEach(async () => {
    for (const s of running.splice(0)) await s.stop();
  });

  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes a kubeconfig for http://127.0.0.1 with the glidepath-sandbox context and a working KubeConfig', async () => {
    const kubeconfigPath = join(dir, 'kubeconfig');
    const sandbox = await start({ kubeconfigPath });
    expect(sandbox.url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    const doc = parse(readFileSync(kubeconfigPath, 'utf8')) as unknown;
    expect(field(doc, 'current-context')).to.equal('glidepath-sandbox');
    expect(field(doc, 'clusters[0].cluster')).to.deep.equal({ server: sandbox.url, 'insecure-skip-tls-verify': true });
    expect(field(doc, 'contexts[0].context.namespace')).to.equal('default');
    expect(field(doc, 'users[0].user.token')).to.be.a('string');
    const names = (await sandbox.kubeConfig.makeApiClient(CoreV1Api).listNamespace()).items.map((n) => n.metadata?.name);
    expect(names).to.include.members(['default', 'kube-system', 'glidepath-system']);
  });

  it('pre-installs CRDs from crdFiles (files or directories)', async () => {
    const crdDir = join(dir, 'crds');
    mkdirSync(crdDir, { recursive: true });
    writeFileSync(join(crdDir, 'widget.yaml'), `# a comment\n---\n${JSON.stringify(widgetCrd)}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: skipped}\n`);
    const sandbox = await start({ crdFiles: [crdDir] });
    const custom = sandbox.kubeConfig.makeApiClient(CustomObjectsApi);
    const created: unknown = await custom.createNamespacedCustomObject({ group: 'test.glidepath.dev', version: 'v1', namespace: 'default', plural: 'widgets', body: { apiVersion: 'test.glidepath.dev/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { size: 1 } } });
    expect(field(created, 'spec.color')).to.equal('blue');
  });

  it('fails clearly on a bad CRD file', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: wrong}\nspec: {group: x.io, scope: Namespaced, names: {plural: ys, kind: Y}, versions: []}\n');
    let message = '';
    try {
      await start({ crdFiles: [bad] });
    } catch (err) {
      message = err instanceof Error ? err.message : String(err);
    }
    expect(message).to.include('bad.yaml').and.include('CRD wrong was rejected');
  });

  it('persists the store to the snapshot file on stop and reloads it, resourceVersion continuing', async () => {
    const snapshotFile = join(dir, 'snapshot.json');
    const first = await start({ snapshotFile });
    const core = first.kubeConfig.makeApiClient(CoreV1Api);
    const cm = await core.createNamespacedConfigMap({ namespace: 'default', body: typed(V1ConfigMap, { metadata: { name: 'kept' }, data: { a: 'b' } }) });
    await first.stop();
    running.splice(0);
    const second = await start({ snapshotFile });
    const core2 = second.kubeConfig.makeApiClient(CoreV1Api);
    const reloaded = await core2.readNamespacedConfigMap({ name: 'kept', namespace: 'default' });
    expect(reloaded.data).to.deep.equal({ a: 'b' });
    expect(reloaded.metadata?.uid).to.equal(cm.metadata?.uid);
    const next = await core2.createNamespacedConfigMap({ namespace: 'default', body: typed(V1ConfigMap, { metadata: { name: 'after' } }) });
    expect(Number(next.metadata?.resourceVersion)).to.be.greaterThan(Number(cm.metadata?.resourceVersion));
  });

  it('starts the simulated workloads by default, so a Deployment becomes ready, and stops them with the server', async () => {
    const sandbox = await startSandbox({ readyDelayMs: 50 });
    running.push(sandbox);
    const apps = sandbox.kubeConfig.makeApiClient(AppsV1Api);
    await apps.createNamespacedDeployment({ namespace: 'default', body: typed(V1Deployment, deployment('ready')) });
    const ready = await waitFor('the deployment to report a ready replica', async () => {
      const d = await apps.readNamespacedDeployment({ name: 'ready', namespace: 'default' });
      return d.status?.readyReplicas === 1 ? d : undefined;
    }, 8000);
    expect(ready.status?.observedGeneration).to.equal(ready.metadata?.generation);
  });
});
