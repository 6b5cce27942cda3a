import { expect } from 'chai';
import {
  ApiException,
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { V1ConfigMap, V1Service } from '@kubernetes/client-node';
import type { V1Deployment } from '@kubernetes/client-node';
import type { SandboxServer } from '../../src/sandbox/sandbox-server.ts';
import { deployment, field, kubeConfigFor, raw, startTestServer, typed, widget, widgetCrd } from './api-fixture.ts';

function cm(plain: Record<string, unknown>): V1ConfigMap {
  return typed(V1ConfigMap, plain);
}

const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
const group = 'test.glidepath.dev';

async function apiError(promise: Promise<unknown>): Promise<ApiException<unknown>> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ApiException) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

describe('sandbox API through client-node: CRUD, status, conflicts', () => {
  let server: SandboxServer;
  let core: CoreV1Api;
  let apps: AppsV1Api;
  let custom: CustomObjectsApi;

  before(async () => {
    server = await startTestServer();
    const kc = kubeConfigFor(server.url);
    core = kc.makeApiClient(CoreV1Api);
    apps = kc.makeApiClient(AppsV1Api);
    custom = kc.makeApiClient(CustomObjectsApi);
    const res = await raw(server.url, 'POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { body: widgetCrd });
    expect(res.status).to.equal(201);
  });

  after(async () => {
    await server.stop();
  });

  it('starts with the default, kube-system and glidepath-system namespaces', async () => {
    const list = await core.listNamespace();
    expect(list.items.map((n) => n.metadata?.name)).to.include.members(['default', 'kube-system', 'glidepath-system']);
    expect(list.items.every((n) => n.status?.phase === 'Active')).to.equal(true);
  });

  it('creates, reads, updates and deletes a ConfigMap; resourceVersion increases on every write', async () => {
    const created = await core.createNamespacedConfigMap({ namespace: 'default', body: cm({ metadata: { name: 'cm1', labels: { a: '1' } }, data: { k: 'v' } }) });
    expect(created.metadata?.uid).to.match(/^[0-9a-f-]{36}$/);
    expect(created.metadata?.creationTimestamp).to.be.instanceOf(Date);
    const rv1 = Number(created.metadata?.resourceVersion);
    const read = await core.readNamespacedConfigMap({ name: 'cm1', namespace: 'default' });
    expect(read.data).to.deep.equal({ k: 'v' });
    const updated = await core.replaceNamespacedConfigMap({ name: 'cm1', namespace: 'default', body: cm({ metadata: read.metadata, data: { k: 'w' } }) });
    const rv2 = Number(updated.metadata?.resourceVersion);
    expect(rv2).to.be.greaterThan(rv1);
    expect(updated.metadata?.generation).to.equal(undefined);
    const patched = await core.patchNamespacedConfigMap({ name: 'cm1', namespace: 'default', body: { data: { extra: 'x' } } }, merge);
    expect(patched.data).to.deep.equal({ k: 'w', extra: 'x' });
    expect(Number(patched.metadata?.resourceVersion)).to.be.greaterThan(rv2);
    await core.deleteNamespacedConfigMap({ name: 'cm1', namespace: 'default' });
    const gone = await apiError(core.readNamespacedConfigMap({ name: 'cm1', namespace: 'default' }));
    expect(gone.code).to.equal(404);
  });

  it('applies JSON patches (the client-node default) and rejects a failed test operation with 422', async () => {
    await core.createNamespacedConfigMap({ namespace: 'default', body: cm({ metadata: { name: 'jp' }, data: { a: '1' } }) });
    const patched = await core.patchNamespacedConfigMap({ name: 'jp', namespace: 'default', body: [{ op: 'replace', path: '/data/a', value: '2' }] });
    expect(patched.data).to.deep.equal({ a: '2' });
    const failed = await apiError(core.patchNamespacedConfigMap({ name: 'jp', namespace: 'default', body: [{ op: 'test', path: '/data/a', value: 'nope' }] }));
    expect(failed.code).to.equal(422);
    expect((await core.readNamespacedConfigMap({ name: 'jp', namespace: 'default' })).data).to.deep.equal({ a: '2' });
  });

  it('answers 409 AlreadyExists for a duplicate create and 404 when the namespace does not exist', async () => {
    await core.createNamespacedConfigMap({ namespace: 'default', body: cm({ metadata: { name: 'dup' } }) });
    const dup = await apiError(core.createNamespacedConfigMap({ namespace: 'default', body: cm({ metadata: { name: 'dup' } }) }));
    expect(dup.code).to.equal(409);
    expect(JSON.parse(String(dup.body))).to.include({ reason: 'AlreadyExists' });
    const noNs = await apiError(core.createNamespacedConfigMap({ namespace: 'missing', body: cm({ metadata: { name: 'x' } }) }));
    expect(noNs.code).to.equal(404);
    expect(String(noNs.body)).to.include('namespaces \\"missing\\" not found');
  });

  it('answers 409 Conflict for a stale resourceVersion on PUT and on PATCH', async () => {
    const first = await core.createNamespacedConfigMap({ namespace: 'default', body: cm({ metadata: { name: 'occ' }, data: { n: '0' } }) });
    await core.replaceNamespacedConfigMap({ name: 'occ', namespace: 'default', body: cm({ metadata: first.metadata, data: { n: '1' } }) });
    const stalePut = await apiError(core.replaceNamespacedConfigMap({ name: 'occ', namespace: 'default', body: cm({ metadata: first.metadata, data: { n: '2' } }) }));
    expect(stalePut.code).to.equal(409);
    expect(JSON.parse(String(stalePut.body))).to.include({ reason: 'Conflict' });
    const stalePatch = await apiError(core.patchNamespacedConfigMap({ name: 'occ', namespace: 'default', body: { metadata: { resourceVersion: first.metadata?.resourceVersion }, data: { n: '3' } } }, merge));
    expect(stalePatch.code).to.equal(409);
    expect((await core.readNamespacedConfigMap({ name: 'occ', namespace: 'default' })).data).to.deep.equal({ n: '1' });
  });

  it('does not bump resourceVersion for a no-op update', async () => {
    const noop = await core.createNamespacedConfigMap({ namespace: 'default', body: cm({ metadata: { name: 'noop' }, data: { a: 'b' } }) });
    const again = await core.patchNamespacedConfigMap({ name: 'noop', namespace: 'default', body: { data: { a: 'b' } } }, merge);
    expect(again.metadata?.resourceVersion).to.equal(noop.metadata?.resourceVersion);
  });

  it('generates names from generateName', async () => {
    const made = await core.createNamespacedConfigMap({ namespace: 'default', body: cm({ metadata: { generateName: 'gen-' } }) });
    expect(made.metadata?.name).to.match(/^gen-[a-z0-9]{5}$/);
  });

  it('honours dryRun=All without storing anything', async () => {
    const dry = await core.createNamespacedConfigMap({ namespace: 'default', body: cm({ metadata: { name: 'dry' } }), dryRun: 'All' });
    expect(dry.metadata?.name).to.equal('dry');
    expect((await apiError(core.readNamespacedConfigMap({ name: 'dry', namespace: 'default' }))).code).to.equal(404);
  });

  it('bumps Deployment generation on spec changes only; status writes ignore spec and keep generation', async () => {
    const created: V1Deployment = await apps.createNamespacedDeployment({ namespace: 'default', body: deployment('web') });
    expect(created.metadata?.generation).to.equal(1);
    expect(created.spec?.progressDeadlineSeconds).to.equal(600);
    const labelled = await apps.patchNamespacedDeployment({ name: 'web', namespace: 'default', body: { metadata: { labels: { extra: 'yes' } } } }, merge);
    expect(labelled.metadata?.generation).to.equal(1);
    const scaled = await apps.patchNamespacedDeployment({ name: 'web', namespace: 'default', body: { spec: { replicas: 3 } } }, merge);
    expect(scaled.metadata?.generation).to.equal(2);
    const status = await apps.patchNamespacedDeploymentStatus(
      { name: 'web', namespace: 'default', body: { spec: { replicas: 9 }, status: { observedGeneration: 2, replicas: 3, readyReplicas: 3 } } },
      merge,
    );
    expect(status.spec?.replicas).to.equal(3);
    expect(status.status?.readyReplicas).to.equal(3);
    expect(status.metadata?.generation).to.equal(2);
    const mainWrite = await apps.patchNamespacedDeployment({ name: 'web', namespace: 'default', body: { status: { readyReplicas: 0 } } }, merge);
    expect(mainWrite.status?.readyReplicas).to.equal(3);
  });

  it('reads and writes the Deployment scale subresource as autoscaling/v1 Scale', async () => {
    await apps.createNamespacedDeployment({ namespace: 'default', body: deployment('scaled') });
    const scale = await apps.readNamespacedDeploymentScale({ name: 'scaled', namespace: 'default' });
    expect(scale.kind).to.equal('Scale');
    expect(scale.spec?.replicas).to.equal(1);
    expect(scale.status?.selector).to.equal('app=scaled');
    await apps.patchNamespacedDeploymentScale({ name: 'scaled', namespace: 'default', body: { spec: { replicas: 5 } } }, merge);
    const after = await apps.readNamespacedDeployment({ name: 'scaled', namespace: 'default' });
    expect(after.spec?.replicas).to.equal(5);
    expect(after.metadata?.generation).to.equal(2);
  });

  it('merges containers by name with a strategic merge patch', async () => {
    await apps.createNamespacedDeployment({ namespace: 'default', body: deployment('smp') });
    const body = { spec: { template: { spec: { containers: [{ name: 'main', image: 'nginx:1.28' }, { name: 'side', image: 'busybox' }] } } } };
    const patched = await apps.patchNamespacedDeployment({ name: 'smp', namespace: 'default', body }, setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch));
    const containers = patched.spec?.template.spec?.containers ?? [];
    expect(containers.map((c) => [c.name, c.image])).to.deep.equal([['main', 'nginx:1.28'], ['side', 'busybox']]);
    expect(containers[0]?.ports?.[0]?.containerPort).to.equal(8080);
  });

  it('assigns a cluster IP to Services and keeps it on update', async () => {
    const svc = await core.createNamespacedService({ namespace: 'default', body: typed(V1Service, { metadata: { name: 'svc' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } }) });
    expect(svc.spec?.clusterIP).to.match(/^10\.96\.\d+\.\d+$/);
    expect(svc.spec?.ports?.[0]?.protocol).to.equal('TCP');
    const replaced = await core.replaceNamespacedService({ name: 'svc', namespace: 'default', body: typed(V1Service, { metadata: { name: 'svc', resourceVersion: svc.metadata?.resourceVersion }, spec: { selector: { app: 'x' }, ports: [{ port: 81 }] } }) });
    expect(replaced.spec?.clusterIP).to.equal(svc.spec?.clusterIP);
  });

  it('serves custom resources: defaults from the schema, status subresource, generation and 409 on stale writes', async () => {
    const created: unknown = await custom.createNamespacedCustomObject({ group, version: 'v1', namespace: 'default', plural: 'widgets', body: widget('w1', 2) });
    expect(field(created, 'spec')).to.deep.equal({ size: 2, color: 'blue' });
    expect(field(created, 'metadata.generation')).to.equal(1);
    const status: unknown = await custom.patchNamespacedCustomObjectStatus(
      { group, version: 'v1', namespace: 'default', plural: 'widgets', name: 'w1', body: { spec: { size: 99 }, status: { phase: 'Ready' } } },
      merge,
    );
    expect(field(status, 'status')).to.deep.equal({ phase: 'Ready' });
    expect(field(status, 'spec.size')).to.equal(2);
    expect(field(status, 'metadata.generation')).to.equal(1);
    const spec: unknown = await custom.patchNamespacedCustomObject({ group, version: 'v1', namespace: 'default', plural: 'widgets', name: 'w1', body: { spec: { size: 3 } } }, merge);
    expect(field(spec, 'metadata.generation')).to.equal(2);
    expect(field(spec, 'status')).to.deep.equal({ phase: 'Ready' });
    const stale = await apiError(custom.replaceNamespacedCustomObject({ group, version: 'v1', namespace: 'default', plural: 'widgets', name: 'w1', body: created }));
    expect(stale.code).to.equal(409);
    await custom.deleteNamespacedCustomObject({ group, version: 'v1', namespace: 'default', plural: 'widgets', name: 'w1' });
    expect((await apiError(custom.getNamespacedCustomObject({ group, version: 'v1', namespace: 'default', plural: 'widgets', name: 'w1' }))).code).to.equal(404);
  });

  it('creates with server-side apply, then merges and records the field manager', async () => {
    const path = '/apis/test.glidepath.dev/v1/namespaces/default/widgets/ssa?fieldManager=tester';
    const created = await raw(server.url, 'PATCH', path, { body: 'apiVersion: test.glidepath.dev/v1\nkind: Widget\nmetadata:\n  name: ssa\nspec:\n  size: 4\n', contentType: 'application/apply-patch+yaml' });
    expect(created.status).to.equal(201);
    const merged = await raw(server.url, 'PATCH', path, { body: { apiVersion: 'test.glidepath.dev/v1', kind: 'Widget', metadata: { name: 'ssa' }, spec: { color: 'red' } }, contentType: 'application/apply-patch+yaml' });
    expect(merged.status).to.equal(200);
    expect(field(merged.json, 'spec')).to.deep.equal({ size: 4, color: 'red' });
    const managers = (field(merged.json, 'metadata.managedFields') as Record<string, unknown>[]).map((m) => [m.manager, m.operation]);
    expect(managers).to.deep.include(['tester', 'Apply']);
    const noManager = await raw(server.url, 'PATCH', '/apis/test.glidepath.dev/v1/namespaces/default/widgets/ssa', { body: '{}', contentType: 'application/apply-patch+yaml' });
    expect(noManager.status).to.equal(400);
  });

  it('serves the scale subresource of a custom resource through its spec path', async () => {
    await custom.createNamespacedCustomObject({ group, version: 'v1', namespace: 'default', plural: 'widgets', body: widget('sc', 1, { replicas: 2 }) });
    const scale = await raw(server.url, 'GET', '/apis/test.glidepath.dev/v1/namespaces/default/widgets/sc/scale');
    expect((scale.json.spec as Record<string, unknown>).replicas).to.equal(2);
    const put = await raw(server.url, 'PUT', '/apis/test.glidepath.dev/v1/namespaces/default/widgets/sc/scale', { body: { kind: 'Scale', apiVersion: 'autoscaling/v1', metadata: { name: 'sc' }, spec: { replicas: 6 } } });
    expect(put.status).to.equal(200);
    const obj: unknown = await custom.getNamespacedCustomObject({ group, version: 'v1', namespace: 'default', plural: 'widgets', name: 'sc' });
    expect(field(obj, 'spec.replicas')).to.equal(6);
  });
});
