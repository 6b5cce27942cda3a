// convergePrimary and restoreDeletedCopies against a cache and an API that records writes: what a
// deleted, edited or scaled-to-0 primary and a deleted config copy are put back to, and that an
// unchanged cluster gets no write.
import { expect } from 'chai';
import { V1ObjectMeta, V1OwnerReference } from '@kubernetes/client-node';
import type { KubernetesObject } from '@kubernetes/client-node';
import { ConfigKind } from '../../../src/controller/k8s-objects/config-references.ts';
import type { Deployment } from '../../../src/controller/k8s-objects/object-shapes.ts';
import { REVISION_ANNOTATION, primaryDeployment } from '../../../src/controller/k8s-objects/primary-deployment.ts';
import { CanaryRefIndex } from '../../../src/controller/reconciler/canary-ref-index.ts';
import { canaryKeysFor } from '../../../src/controller/reconciler/canary-keys.ts';
import type { ClusterApi, KubeObject } from '../../../src/controller/reconciler/cluster-api.ts';
import { restoreDeletedCopies } from '../../../src/controller/reconciler/config-copies.ts';
import type { Repair } from '../../../src/controller/reconciler/drift-repairs.ts';
import type { ConvergeDeps } from '../../../src/controller/reconciler/owned-objects.ts';
import { ConvergeError } from '../../../src/controller/reconciler/owned-objects.ts';
import { convergePrimary } from '../../../src/controller/reconciler/primary-convergence.ts';
import type { PrimaryFacts } from '../../../src/controller/reconciler/primary-convergence.ts';
import { CACHE_LAG_GRACE_MS, OwnedWrites } from '../../../src/controller/reconciler/owned-writes.ts';
import { PrimaryRecords } from '../../../src/controller/reconciler/primary-records.ts';
import type { PrimaryRecord } from '../../../src/controller/reconciler/primary-records.ts';
import type { ResourceKindName } from '../../../src/controller/runtime/resource-kinds.ts';
import { podinfoCanary, podinfoDeployment } from '../k8s-objects/fixtures.ts';

interface World {
  cache: Map<string, unknown>;
  writes: { verb: string; name: string | undefined; body: unknown }[];
  repairs: Repair[];
  deps: ConvergeDeps;
}

function world(sources: Record<string, KubeObject> = {}): World {
  const cache = new Map<string, unknown>();
  const writes: World['writes'] = [];
  const repairs: Repair[] = [];
  const api: ClusterApi = {
    create: (_kind, _ns, body) => { writes.push({ verb: 'create', name: body.metadata?.name, body }); return Promise.resolve(body); },
    mergePatch: (_kind, _ns, name, patch) => { writes.push({ verb: 'patch', name, body: patch }); return Promise.resolve({}); },
    patchCanaryStatus: () => Promise.resolve({}),
    jsonPatchCanary: () => Promise.resolve({}),
    scaleDeployment: (_ns, name, replicas) => { writes.push({ verb: 'scale', name, body: replicas }); return Promise.resolve(); },
    createEvent: () => Promise.resolve(),
    patchEvent: () => Promise.resolve(),
    readConfig: (kind, _ns, name) => Promise.resolve(sources[`${kind}/${name}`]),
  };
  const deps: ConvergeDeps = { api, cached: (kind: ResourceKindName, _ns: string, name: string) => cache.get(`${kind}/${name}`), fence: () => undefined, repaired: (r) => { repairs.push(r); } };
  return { cache, writes, repairs, deps };
}

const AT_REST = { canaryWeight: 0, mirrorWeight: 0, routeMatchedToCanary: false, canaryRunning: false, promoteTemplate: false };
const ANALYSING = { ...AT_REST, canaryWeight: 20, canaryRunning: true };

function targetAt(image: string, replicas = 0): Deployment {
  const target = podinfoDeployment();
  const container = target.spec?.template?.spec?.containers?.[0];
  if (container !== undefined) container.image = image;
  if (target.spec !== undefined) target.spec.replicas = replicas;
  return target;
}

/** The primary as Glidepath built it from `image` at `revision` (what the cache would hold). */
function builtPrimary(image: string, revision: string, replicas = 3): Deployment {
  const built = primaryDeployment(targetAt(image), podinfoCanary(), { revision, replicas });
  const cached: Deployment = { ...built, metadata: { ...built.metadata, generation: 1 } };
  return cached;
}

function imageOf(obj: unknown): string | undefined {
  const image: unknown = (obj as Deployment).spec?.template?.spec?.containers?.[0]?.image;
  return typeof image === 'string' ? image : undefined;
}

describe('convergePrimary after drift', () => {
  it('writes nothing while the primary holds the promoted template, pass after pass', async () => {
    const w = world();
    const record = new PrimaryRecords().of('shop/podinfo');
    w.cache.set('Deployment/podinfo-primary', builtPrimary('podinfo:v1', 'r1'));
    const f: PrimaryFacts = { desired: AT_REST, targetRevision: 'r1', releasing: 'r1', promotedRevision: 'r1', record };
    for (let pass = 0; pass < 3; pass++) expect(await convergePrimary(w.deps, podinfoCanary(), targetAt('podinfo:v1'), f)).to.equal(0);
    expect(w.writes).to.deep.equal([]);
  });

  it('recreates a primary deleted mid-release at the promoted template it recorded, with its last replica count', async () => {
    const w = world();
    const record = new PrimaryRecords().of('shop/podinfo');
    w.cache.set('Deployment/podinfo-primary', builtPrimary('podinfo:v1', 'r1', 5));
    await convergePrimary(w.deps, podinfoCanary(), targetAt('podinfo:v1'), { desired: AT_REST, targetRevision: 'r1', releasing: 'r1', promotedRevision: 'r1', record });
    w.cache.delete('Deployment/podinfo-primary');
    const facts: PrimaryFacts = { desired: ANALYSING, targetRevision: 'r2', releasing: 'r2', promotedRevision: 'r1', record, replicas: record.replicas ?? 1 };
    expect(await convergePrimary(w.deps, podinfoCanary(), targetAt('podinfo:v2', 5), facts)).to.equal(1);
    const created = w.writes[0]?.body as Deployment;
    expect(imageOf(created), 'never the canary\'s v2').to.equal('podinfo:v1');
    expect(created.metadata.annotations?.[REVISION_ANNOTATION]).to.equal('r1');
    expect(created.spec?.replicas).to.equal(5);
    expect(w.repairs.map((r) => r.what)).to.deep.equal(['it was missing; recreated at revision r1 with 5 replicas']);
  });

  it('refuses to recreate mid-release when the promoted template is unknown (restart), saying how to recover', async () => {
    const w = world();
    const err: unknown = await convergePrimary(w.deps, podinfoCanary(), targetAt('podinfo:v2', 3), { desired: ANALYSING, targetRevision: 'r2', releasing: 'r2', promotedRevision: 'r1' }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(ConvergeError);
    expect((err as ConvergeError).reason).to.equal('PrimaryUnrecoverable');
    expect((err as ConvergeError).message).to.match(/shop\/podinfo-primary is missing.*promoted revision r1.*apply the target at revision r1 again/);
    expect(w.writes).to.deep.equal([]);
  });

  it('mid-promotion recreates the primary at the revision being promoted', async () => {
    const w = world();
    const facts: PrimaryFacts = { desired: { ...ANALYSING, promoteTemplate: true }, targetRevision: 'r2', releasing: 'r2', promotedRevision: 'r1' };
    await convergePrimary(w.deps, podinfoCanary(), targetAt('podinfo:v2', 3), facts);
    expect(imageOf(w.writes[0]?.body)).to.equal('podinfo:v2');
    expect((w.writes[0]?.body as Deployment).metadata.annotations?.[REVISION_ANNOTATION]).to.equal('r2');
  });

  it('puts back a hand-edited template once, and a primary scaled to 0', async () => {
    const w = world();
    const record = new PrimaryRecords().of('shop/podinfo');
    const facts: PrimaryFacts = { desired: ANALYSING, targetRevision: 'r2', releasing: 'r2', promotedRevision: 'r1', record };
    w.cache.set('Deployment/podinfo-primary', builtPrimary('podinfo:v1', 'r1'));
    await convergePrimary(w.deps, podinfoCanary(), targetAt('podinfo:v2', 3), facts);
    const edited = builtPrimary('podinfo:hacked', 'r1', 0);
    edited.metadata.generation = 2;
    w.cache.set('Deployment/podinfo-primary', edited);
    expect(await convergePrimary(w.deps, podinfoCanary(), targetAt('podinfo:v2', 3), facts)).to.equal(2);
    expect(w.writes.map((x) => x.verb)).to.deep.equal(['patch', 'scale']);
    expect(JSON.stringify(w.writes[0]?.body)).to.include('podinfo:v1').and.not.include('v2');
    expect(w.writes[1]?.body, 'the last count it had').to.equal(3);
  });
});

describe('restoreDeletedCopies', () => {
  const refs = [{ kind: ConfigKind.ConfigMap, name: 'settings', optional: false }];
  const digested = (value: string): KubeObject => ({ metadata: { name: 'x' }, data: { mode: `sha256:${value}` } });

  it('restores a deleted copy from its source when the source still holds the copied data', async () => {
    const w = world({ 'ConfigMap/settings': { metadata: { name: 'settings' }, data: { mode: 'one' } } });
    const record = new PrimaryRecords().of('shop/podinfo');
    w.cache.set('ConfigMap/settings', digested('1'));
    w.cache.set('ConfigMap/settings-primary', digested('1'));
    expect(await restoreDeletedCopies(w.deps, podinfoCanary(), refs, { sourcesArePromoted: false, record })).to.equal(0);
    w.cache.delete('ConfigMap/settings-primary');
    expect(await restoreDeletedCopies(w.deps, podinfoCanary(), refs, { sourcesArePromoted: false, record, repaired: w.deps.repaired })).to.equal(1);
    expect((w.writes[0]?.body as { data?: unknown }).data).to.deep.equal({ mode: 'one' });
    expect(w.repairs[0]?.what).to.equal('it was missing; copied again from settings');
  });

  it('warns once and writes nothing when the source changed since the copy was made', async () => {
    const w = world();
    const record = new PrimaryRecords().of('shop/podinfo');
    w.cache.set('ConfigMap/settings', digested('1'));
    w.cache.set('ConfigMap/settings-primary', digested('1'));
    await restoreDeletedCopies(w.deps, podinfoCanary(), refs, { sourcesArePromoted: false, record });
    w.cache.delete('ConfigMap/settings-primary');
    w.cache.set('ConfigMap/settings', digested('2'));
    for (let pass = 0; pass < 3; pass++) await restoreDeletedCopies(w.deps, podinfoCanary(), refs, { sourcesArePromoted: false, record, repaired: w.deps.repaired });
    expect(w.writes).to.deep.equal([]);
    expect(w.repairs.map((r) => r.failed)).to.deep.equal([true]);
  });

  it('takes a copy it created moments ago and the cache has not seen for cache lag, not a deletion, for 5 s at most', async () => {
    const w = world({ 'ConfigMap/settings': { metadata: { name: 'settings' }, data: { mode: 'one' } } });
    let now = 1_000;
    let version = 20;
    w.deps.api.create = (_kind, _ns, body) => {
      w.writes.push({ verb: 'create', name: body.metadata?.name, body });
      version += 1;
      return Promise.resolve({ ...body, metadata: { ...body.metadata, resourceVersion: String(version) } });
    };
    const record: PrimaryRecord = { copies: new Map(), unrestorable: new Set(), writes: new OwnedWrites(() => now) };
    const pass = (): Promise<number> => restoreDeletedCopies({ ...w.deps, writes: record.writes }, podinfoCanary(), refs, { sourcesArePromoted: true, record, repaired: w.deps.repaired });
    w.cache.set('ConfigMap/settings', digested('1'));
    expect(await pass(), 'deleted before any pass saw it: restored').to.equal(1);
    now += 100;
    expect(await pass(), 'the cache has not seen the copy just created').to.equal(0);
    expect(w.repairs).to.have.length(1);
    now += CACHE_LAG_GRACE_MS;
    expect(await pass(), 'still missing after the grace: deleted again').to.equal(1);
    w.cache.set('ConfigMap/settings-primary', { ...digested('1'), metadata: { name: 'settings-primary', resourceVersion: String(version) } });
    expect(await pass()).to.equal(0);
    w.cache.delete('ConfigMap/settings-primary');
    expect(await pass(), 'seen cached, then gone: a deletion, restored at once').to.equal(1);
    expect(w.repairs).to.have.length(3);
  });

  it('leaves a never-seen copy alone mid-release (it may belong to the revision in flight)', async () => {
    const w = world();
    w.cache.set('ConfigMap/settings', digested('1'));
    expect(await restoreDeletedCopies(w.deps, podinfoCanary(), refs, { sourcesArePromoted: false, record: new PrimaryRecords().of('k') })).to.equal(0);
    expect(w.writes).to.deep.equal([]);
  });
});

describe('events on owned objects', () => {
  it('queue the owning Canary for every kind Glidepath creates', () => {
    const ownerReferences = [Object.assign(new V1OwnerReference(), { apiVersion: 'glidepath.dev/v1alpha1', kind: 'Canary', name: 'podinfo', uid: 'u' })];
    const owned = (name: string): KubernetesObject => ({ metadata: Object.assign(new V1ObjectMeta(), { name, namespace: 'shop', ownerReferences }) });
    const kinds: ResourceKindName[] = ['Deployment', 'Service', 'DestinationRule', 'VirtualService', 'HorizontalPodAutoscaler', 'ConfigMap', 'Secret'];
    for (const kind of kinds) {
      const index = new CanaryRefIndex();
      index.apply('add', 'shop/podinfo', { ...podinfoCanary(), metadata: { ...podinfoCanary().metadata, namespace: 'shop' } });
      const keys = canaryKeysFor(kind, owned('podinfo-primary'), index);
      expect(keys, kind).to.include('shop/podinfo');
    }
  });
});

describe('OwnedWrites', () => {
  it('calls a cached object stale only when it is older than the last write of it', () => {
    const writes = new OwnedWrites();
    expect(writes.isStale('Service', 'a', '5'), 'nothing written').to.equal(false);
    writes.wrote('Service', 'a', '10');
    expect(writes.isStale('Service', 'a', '9')).to.equal(true);
    expect(writes.isStale('Service', 'a', '10')).to.equal(false);
    expect(writes.isStale('Service', 'a', '11'), 'a later edit is compared').to.equal(false);
    expect(writes.isStale('Service', 'b', '1')).to.equal(false);
    writes.wrote('Service', 'c', 'opaque-2');
    expect(writes.isStale('Service', 'c', 'opaque-1'), 'non-integer versions: only equality is trusted').to.equal(false);
  });

  it('keeps convergePrimary from patching or reporting a primary whose cache has not seen its own promotion yet', async () => {
    const w = world();
    const record = new PrimaryRecords().of('shop/podinfo');
    const stale = builtPrimary('podinfo:v1', 'r1');
    stale.metadata.resourceVersion = '7';
    w.cache.set('Deployment/podinfo-primary', stale);
    record.writes.wrote('Deployment', 'podinfo-primary', '8');
    const facts: PrimaryFacts = { desired: AT_REST, targetRevision: 'r2', releasing: 'r2', promotedRevision: 'r2', record };
    expect(await convergePrimary(w.deps, podinfoCanary(), targetAt('podinfo:v2'), facts)).to.equal(0);
    expect(w.repairs).to.deep.equal([]);
  });
});
