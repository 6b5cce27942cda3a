import { expect } from 'chai';
import type { Canary } from '../../../src/api/canary-types.ts';
import { ConfigKind } from '../../../src/controller/k8s-objects/config-references.ts';
import type { ClusterApi, KubeObject } from '../../../src/controller/reconciler/cluster-api.ts';
import { copyTrackedConfigs } from '../../../src/controller/reconciler/config-copies.ts';
import type { ConvergeDeps } from '../../../src/controller/reconciler/owned-objects.ts';
import { ConvergeError } from '../../../src/controller/reconciler/owned-objects.ts';
import { revertStep } from '../../../src/controller/reconciler/revert-on-deletion.ts';
import type { ResourceKindName } from '../../../src/controller/runtime/resource-kinds.ts';
import { podinfoCanary, podinfoDeployment } from '../k8s-objects/fixtures.ts';

interface Call {
  verb: string;
  plural?: string;
  name?: string;
  body?: unknown;
}

/** A ClusterApi that records writes and answers reads from `live`. */
function fakeApi(calls: Call[], live: Record<string, KubeObject> = {}): ClusterApi {
  return {
    create: (kind, _ns, body) => { calls.push({ verb: 'create', plural: kind.plural, name: body.metadata?.name, body }); return Promise.resolve(body); },
    mergePatch: (kind, _ns, name, patch) => { calls.push({ verb: 'patch', plural: kind.plural, name, body: patch }); return Promise.resolve({}); },
    patchCanaryStatus: () => Promise.resolve({}),
    jsonPatchCanary: () => Promise.resolve({}),
    scaleDeployment: (_ns, name, replicas) => { calls.push({ verb: 'scale', name, body: replicas }); return Promise.resolve(); },
    createEvent: () => Promise.resolve(),
    patchEvent: () => Promise.resolve(),
    readConfig: (kind, _ns, name) => { calls.push({ verb: 'get', name }); return Promise.resolve(live[`${kind}/${name}`]); },
  };
}

function deps(calls: Call[], cache: Record<string, unknown>, live: Record<string, KubeObject> = {}): ConvergeDeps {
  return { api: fakeApi(calls, live), cached: (kind: ResourceKindName, _ns: string, name: string) => cache[`${kind}/${name}`], fence: () => undefined };
}

const SETTINGS = [{ kind: ConfigKind.ConfigMap, name: 'settings', optional: false }];

describe('copyTrackedConfigs', () => {
  it('reads the source and creates the copy when there is none', async () => {
    const calls: Call[] = [];
    const writes = await copyTrackedConfigs(deps(calls, { 'ConfigMap/settings': { data: { a: 'sha256:1' } } }, { 'ConfigMap/settings': { data: { a: '1' } } }), podinfoCanary(), SETTINGS);
    expect(writes).to.equal(1);
    expect(calls.map((c) => `${c.verb} ${c.name ?? ''}`)).to.deep.equal(['get settings', 'create settings-primary']);
    expect(calls[1]?.body).to.nested.include({ 'data.a': '1', 'metadata.ownerReferences[0].kind': 'Canary' });
  });

  it('skips a copy whose cached digest already matches the source, without reading it', async () => {
    const calls: Call[] = [];
    const cache = { 'ConfigMap/settings': { data: { a: 'sha256:1' } }, 'ConfigMap/settings-primary': { data: { a: 'sha256:1' } } };
    expect(await copyTrackedConfigs(deps(calls, cache), podinfoCanary(), SETTINGS)).to.equal(0);
    expect(calls).to.deep.equal([]);
  });

  it('patches a stale copy, nulling keys the source no longer has', async () => {
    const calls: Call[] = [];
    const cache = { 'ConfigMap/settings': { data: { a: 'sha256:2' } }, 'ConfigMap/settings-primary': { data: { a: 'sha256:1', old: 'sha256:9' } } };
    await copyTrackedConfigs(deps(calls, cache, { 'ConfigMap/settings': { data: { a: '2' } } }), podinfoCanary(), SETTINGS);
    expect(calls[1]).to.deep.include({ verb: 'patch', name: 'settings-primary' });
    expect(calls[1]?.body).to.nested.include({ 'data.a': '2', 'data.old': null });
  });

  it('throws ConfigNotFound when the source is gone by the time it is read', async () => {
    const err: unknown = await copyTrackedConfigs(deps([], {}), podinfoCanary(), SETTINGS).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(ConvergeError);
    expect((err as ConvergeError).reason).to.equal('ConfigNotFound');
    expect((err as Error).message).to.match(/ConfigMap shop\/settings to settings-primary: it does not exist/);
  });
});

describe('revertStep', () => {
  const deleting: Canary = { ...podinfoCanary(), metadata: { ...podinfoCanary().metadata, deletionTimestamp: '2026-11-25T10:00:00Z' } };
  const now = Date.parse('2026-11-25T10:00:05Z');
  const primary = { ...podinfoDeployment(), metadata: { name: 'podinfo-primary', namespace: 'shop' }, spec: { replicas: 4 } };
  const apex = { metadata: { name: 'podinfo', ownerReferences: [{ uid: deleting.metadata.uid }] }, spec: { selector: { app: 'podinfo-primary' } } };

  it('first scales the target to the primary\'s replicas and waits for it', async () => {
    const calls: Call[] = [];
    const target = { ...podinfoDeployment(), spec: { ...podinfoDeployment().spec, replicas: 0 } };
    const outcome = await revertStep(deps(calls, { 'Deployment/podinfo': target, 'Deployment/podinfo-primary': primary, 'Service/podinfo': apex }), deleting, now);
    expect(outcome.state).to.equal('waiting');
    expect(calls).to.deep.equal([{ verb: 'scale', name: 'podinfo', body: 4 }]);
  });

  it('once the target is ready, routes all traffic to it and hands the apex Service back', async () => {
    const calls: Call[] = [];
    const ready = { ...podinfoDeployment(), spec: { ...podinfoDeployment().spec, replicas: 4 }, status: { observedGeneration: 3, updatedReplicas: 4, availableReplicas: 4, readyReplicas: 4, replicas: 4 } };
    const vs = { metadata: { name: 'podinfo' }, spec: {} };
    const outcome = await revertStep(deps(calls, { 'Deployment/podinfo': ready, 'Deployment/podinfo-primary': primary, 'Service/podinfo': apex, 'VirtualService/podinfo': vs }), deleting, now);
    expect(outcome).to.deep.include({ state: 'done', warning: false });
    expect(calls.map((c) => `${c.verb} ${c.plural ?? ''} ${c.name ?? ''}`)).to.deep.equal(['patch virtualservices podinfo', 'patch services podinfo']);
    const weights = (calls[0]?.body as { spec: { http: { route: { weight: number }[] }[] } }).spec.http[0]?.route.map((r) => r.weight);
    expect(weights).to.deep.equal([0, 100]);
    expect(calls[1]?.body).to.deep.equal({ metadata: { ownerReferences: null, labels: { 'app.kubernetes.io/managed-by': null } }, spec: { selector: { app: 'podinfo' } } });
  });

  it('has nothing to hand back when the target is gone', async () => {
    const outcome = await revertStep(deps([], {}), deleting, now);
    expect(outcome).to.deep.include({ state: 'done', warning: true });
  });
});
