// The reconciler with spec.autoscalerRef, against an in-memory cluster (the same object serves
// as ClusterApi and cache): bootstrap makes <hpa>-primary, a changed user HPA reaches the copy,
// promotion never rewrites the primary's replicas, and bad references stop only their Canary.
import { expect } from 'chai';
import type { Canary } from '../../src/api/canary-types.ts';
import { CanaryReconciler } from '../../src/controller/reconciler/reconcile-canary.ts';
import type { ClusterApi, KubeObject } from '../../src/controller/reconciler/cluster-api.ts';
import { convergePrimary } from '../../src/controller/reconciler/primary-convergence.ts';
import { createLogger } from '../../src/controller/runtime/logger.ts';
import { alwaysLeader } from '../../src/controller/runtime/leader-gate.ts';
import type { ResourceKind, ResourceKindName } from '../../src/controller/runtime/resource-kinds.ts';
import type { Deployment } from '../../src/controller/k8s-objects/object-shapes.ts';
import { REVISION_ANNOTATION } from '../../src/controller/k8s-objects/primary-deployment.ts';
import { podinfoCanary, podinfoDeployment } from './k8s-objects/fixtures.ts';

type Obj = KubeObject & { metadata: { name: string; namespace?: string; [field: string]: unknown } };

function mergeInto(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  const base = typeof target === 'object' && target !== null && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  const merged = Object.entries(patch).reduce<Record<string, unknown>>((acc, [key, value]) => ({ ...acc, [key]: mergeInto(acc[key], value) }), base);
  return Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== null));
}

/** An in-memory cluster: writes land in the store, which the reconciler also reads as its cache. */
class MemoryCluster implements ClusterApi {
  readonly store = new Map<string, Obj>();
  readonly writes: string[] = [];
  private version = 100;

  put(kind: string, obj: Obj | Canary): void {
    this.store.set(`${kind}/${obj.metadata.namespace ?? 'default'}/${obj.metadata.name}`, structuredClone(obj) as Obj);
  }

  get(kind: string, namespace: string, name: string): Obj | undefined {
    return this.store.get(`${kind}/${namespace}/${name}`);
  }

  private save(kind: string, namespace: string, obj: Obj): Obj {
    obj.metadata.resourceVersion = String(++this.version);
    obj.metadata.namespace = namespace;
    this.put(kind, obj);
    return obj;
  }

  create(kind: ResourceKind, namespace: string, body: KubeObject): Promise<KubeObject> {
    this.writes.push(`create ${kind.kind} ${String(body.metadata?.name)}`);
    return Promise.resolve(this.save(kind.kind, namespace, structuredClone(body) as Obj));
  }

  mergePatch(kind: ResourceKind, namespace: string, name: string, patch: object): Promise<KubeObject> {
    this.writes.push(`patch ${kind.kind} ${name} ${JSON.stringify(patch)}`);
    const current = this.get(kind.kind, namespace, name);
    if (current === undefined) return Promise.reject(Object.assign(new Error('not found'), { code: 404 }));
    return Promise.resolve(this.save(kind.kind, namespace, mergeInto(current, patch) as Obj));
  }

  patchCanaryStatus(namespace: string, name: string, patch: object): Promise<KubeObject> {
    const current = this.get('Canary', namespace, name);
    if (current === undefined) return Promise.reject(Object.assign(new Error('not found'), { code: 404 }));
    const { status } = patch as { status: unknown };
    return Promise.resolve(this.save('Canary', namespace, mergeInto(current, { status }) as Obj));
  }

  jsonPatchCanary(namespace: string, name: string): Promise<KubeObject> {
    return Promise.resolve(this.get('Canary', namespace, name) ?? {});
  }

  scaleDeployment(namespace: string, name: string, replicas: number): Promise<void> {
    this.writes.push(`scale ${name} ${replicas}`);
    const current = this.get('Deployment', namespace, name);
    if (current !== undefined) this.save('Deployment', namespace, mergeInto(current, { spec: { replicas } }) as Obj);
    return Promise.resolve();
  }

  createEvent(): Promise<void> {
    return Promise.resolve();
  }

  patchEvent(): Promise<void> {
    return Promise.resolve();
  }

  readConfig(kind: 'ConfigMap' | 'Secret', namespace: string, name: string): Promise<KubeObject | undefined> {
    return Promise.resolve(this.get(kind, namespace, name));
  }
}

function hpa(name: string, spec: Record<string, unknown> = {}): Obj {
  return {
    apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler',
    metadata: { name, namespace: 'shop', uid: `${name}-uid` },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'podinfo' }, minReplicas: 2, maxReplicas: 4, ...spec },
  };
}

function canaryWith(name: string, ref: Canary['spec']['autoscalerRef']): Canary {
  const canary = podinfoCanary(ref === undefined ? {} : { autoscalerRef: ref });
  return { ...canary, metadata: { ...canary.metadata, name, uid: `${name}-uid`, generation: 1, resourceVersion: '1' } };
}

const REF = Object.freeze({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', name: 'podinfo-hpa', primaryScalerReplicas: { minReplicas: 4, maxReplicas: 8 } });

function setup(): { cluster: MemoryCluster; reconciler: CanaryReconciler } {
  const cluster = new MemoryCluster();
  const reconciler = new CanaryReconciler({
    api: cluster, caches: cluster, gate: alwaysLeader(),
    prometheus: { query: () => Promise.resolve({ kind: 'error', message: 'no Prometheus in this test' }) },
    hooks: () => Promise.resolve([]),
    logger: createLogger({ level: 'error', sink: () => undefined }),
  });
  cluster.put('Deployment', podinfoDeployment() as Obj);
  // The fixture's pod template reads a key of this ConfigMap.
  cluster.put('ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'podinfo-config', namespace: 'shop', resourceVersion: '5' }, data: { level: 'info' } });
  return { cluster, reconciler };
}

function readyOf(cluster: MemoryCluster, name: string): { status?: string; reason?: string; message?: string } | undefined {
  const canary = cluster.get('Canary', 'shop', name) as Canary | undefined;
  return canary?.status?.conditions?.find((c) => c.type === 'Ready');
}

describe('reconciler with spec.autoscalerRef', () => {
  it('bootstraps <hpa>-primary targeting <target>-primary with the overridden bounds, and the primary within them', async () => {
    const { cluster, reconciler } = setup();
    cluster.put('HorizontalPodAutoscaler', hpa('podinfo-hpa'));
    cluster.put('Canary', canaryWith('podinfo', { ...REF }));
    await reconciler.reconcile('shop/podinfo');
    const copy = cluster.get('HorizontalPodAutoscaler', 'shop', 'podinfo-hpa-primary');
    expect(copy?.spec).to.deep.include({ minReplicas: 4, maxReplicas: 8, scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'podinfo-primary' } });
    expect((cluster.get('Deployment', 'shop', 'podinfo-primary') as Deployment | undefined)?.spec?.replicas, 'target has 3, primary HPA min is 4').to.equal(4);
    expect(readyOf(cluster, 'podinfo')?.status).to.not.equal('False');
  });

  it('follows a change to the user\'s HPA on the next pass and writes nothing when nothing changed', async () => {
    const { cluster, reconciler } = setup();
    cluster.put('HorizontalPodAutoscaler', hpa('podinfo-hpa', { behavior: { scaleDown: { stabilizationWindowSeconds: 30 } } }));
    cluster.put('Canary', canaryWith('podinfo', { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', name: 'podinfo-hpa' }));
    await reconciler.reconcile('shop/podinfo');
    cluster.writes.length = 0;
    await reconciler.reconcile('shop/podinfo');
    expect(cluster.writes.filter((w) => w.includes('HorizontalPodAutoscaler'))).to.deep.equal([]);
    cluster.put('HorizontalPodAutoscaler', hpa('podinfo-hpa', { maxReplicas: 10, metrics: [{ type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 70 } } }] }));
    await reconciler.reconcile('shop/podinfo');
    const copy = cluster.get('HorizontalPodAutoscaler', 'shop', 'podinfo-hpa-primary');
    expect(copy?.spec).to.deep.include({ minReplicas: 2, maxReplicas: 10 });
    expect(copy?.spec).to.not.have.property('behavior');
    expect((copy?.spec as { metrics: unknown[] }).metrics).to.have.length(1);
  });

  it('gives Ready=False with a precise reason for a missing or foreign HPA, creating nothing, while another Canary goes on', async () => {
    const { cluster, reconciler } = setup();
    cluster.put('HorizontalPodAutoscaler', hpa('other-hpa', { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'other' } }));
    cluster.put('Canary', canaryWith('missing', { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', name: 'nope' }));
    cluster.put('Canary', canaryWith('foreign', { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', name: 'other-hpa' }));
    cluster.put('Canary', canaryWith('plain', undefined));
    for (const name of ['missing', 'foreign', 'plain']) await reconciler.reconcile(`shop/${name}`);
    expect(readyOf(cluster, 'missing')).to.include({ status: 'False', reason: 'AutoscalerNotFound' });
    expect(readyOf(cluster, 'missing')?.message).to.match(/HorizontalPodAutoscaler shop\/nope \(spec\.autoscalerRef\.name\) does not exist/);
    expect(readyOf(cluster, 'foreign')).to.include({ status: 'False', reason: 'AutoscalerInvalid' });
    expect(readyOf(cluster, 'foreign')?.message).to.match(/scales Deployment\/other, not the Canary's target Deployment\/podinfo/);
    expect(cluster.writes.filter((w) => w.startsWith('create HorizontalPodAutoscaler'))).to.deep.equal([]);
    expect(readyOf(cluster, 'plain')?.status, 'the Canary without autoscalerRef still runs').to.not.equal('False');
    expect(cluster.get('Deployment', 'shop', 'podinfo-primary'), 'created for the runnable Canary').to.not.equal(undefined);
  });

  it('promotion copies the template but never the replicas the HPA set on the primary', async () => {
    const { cluster } = setup();
    const canary = canaryWith('podinfo', { ...REF });
    const target = podinfoDeployment();
    cluster.put('Deployment', { ...structuredClone(target), metadata: { ...target.metadata, name: 'podinfo-primary', annotations: { [REVISION_ANNOTATION]: 'old' } }, spec: { ...target.spec, replicas: 7 } });
    const deps = { api: cluster, cached: (k: ResourceKindName, ns: string, n: string): unknown => cluster.get(k, ns, n), fence: () => undefined };
    const desired = { canaryWeight: 0, mirrorWeight: 0, routeMatchedToCanary: false, canaryRunning: true, promoteTemplate: true };
    expect(await convergePrimary(deps, canary, target, { desired, targetRevision: 'new', releasing: 'new', replicas: 4 })).to.equal(1);
    const patch = cluster.writes.find((w) => w.startsWith('patch Deployment podinfo-primary')) ?? '';
    expect(patch).to.include(REVISION_ANNOTATION).and.not.include('replicas');
    expect((cluster.get('Deployment', 'shop', 'podinfo-primary') as Deployment | undefined)?.spec?.replicas).to.equal(7);
  });
});
