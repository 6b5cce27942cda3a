import { expect } from 'chai';
import type { Canary } from '../../../src/api/canary-types.ts';
import type { Deployment } from '../../../src/controller/k8s-objects/object-shapes.ts';
import type { ResourceKindName } from '../../../src/controller/runtime/resource-kinds.ts';
import { replacingPatch } from '../../../src/controller/reconciler/config-copies.ts';
import { REVERT_FINALIZER, finalizerPatch, hasRevertFinalizer, removeFinalizerPatch } from '../../../src/controller/reconciler/deletion-finalizer.ts';
import { apexHandBackPatch, handBackReplicas, revertDeadlinePassed } from '../../../src/controller/reconciler/revert-on-deletion.ts';
import { isSuspended, suspendedReady } from '../../../src/controller/reconciler/suspension.ts';
import { targetRevision } from '../../../src/controller/reconciler/target-revision.ts';
import { trackedConfigsOf } from '../../../src/controller/reconciler/tracked-configs.ts';
import { podinfoCanary, podinfoDeployment } from '../k8s-objects/fixtures.ts';

type Cache = Partial<Record<string, unknown>>;

function lookup(cache: Cache): (kind: ResourceKindName, namespace: string, name: string) => unknown {
  return (kind, namespace, name) => cache[`${kind}/${namespace}/${name}`];
}

function withMeta(canary: Canary, meta: Partial<Canary['metadata']>): Canary {
  return { ...canary, metadata: { ...canary.metadata, ...meta } };
}

function deploymentWith(replicas: number | undefined): Deployment {
  const dep = podinfoDeployment();
  return { ...dep, spec: { ...dep.spec, replicas } };
}

describe('tracked configs', () => {
  const target = podinfoDeployment();

  it('tracks an existing referenced ConfigMap with its digest', () => {
    const result = trackedConfigsOf(target, lookup({ 'ConfigMap/shop/podinfo-config': { data: { level: 'info' } } }));
    expect(result.ok).to.equal(true);
    if (!result.ok) return;
    expect(result.refs.map((r) => r.name)).to.deep.equal(['podinfo-config']);
    expect(Object.keys(result.digests)).to.deep.equal(['ConfigMap/podinfo-config']);
  });

  it('reports a missing non-optional config with the Deployment, kind and name', () => {
    const result = trackedConfigsOf(target, lookup({}));
    expect(result).to.deep.include({ ok: false });
    if (result.ok) return;
    expect(result.message).to.equal('Deployment shop/podinfo references ConfigMap shop/podinfo-config in its pod template, which does not exist; create it, or mark every reference to it optional');
  });

  it('skips a missing optional config and an opted-out one', () => {
    const optional = structuredClone(target);
    const ref = optional.spec?.template?.spec?.containers?.[0]?.env?.[0]?.valueFrom?.configMapKeyRef;
    if (ref) ref.optional = true;
    expect(trackedConfigsOf(optional, lookup({}))).to.deep.equal({ ok: true, refs: [], digests: {} });
    const disabled = { metadata: { annotations: { 'glidepath.dev/config-tracking': 'disabled' } }, data: { level: 'info' } };
    expect(trackedConfigsOf(target, lookup({ 'ConfigMap/shop/podinfo-config': disabled }))).to.deep.equal({ ok: true, refs: [], digests: {} });
  });

  it('leaves an opted-out config out of the revision, so changing it releases nothing', () => {
    const off = (level: string): unknown => ({ metadata: { annotations: { 'flagger.app/config-tracking': 'disabled' } }, data: { level } });
    expect(targetRevision(target, lookup({ 'ConfigMap/shop/podinfo-config': off('a') }))).to.equal(targetRevision(target, lookup({ 'ConfigMap/shop/podinfo-config': off('b') })));
    const on = (level: string): unknown => ({ data: { level } });
    expect(targetRevision(target, lookup({ 'ConfigMap/shop/podinfo-config': on('a') }))).to.not.equal(targetRevision(target, lookup({ 'ConfigMap/shop/podinfo-config': on('b') })));
  });

  it('replaces a copy\'s data: new keys set, keys gone nulled', () => {
    expect(replacingPatch({ a: 'sha256:1', b: 'sha256:2' }, { a: 'x', c: 'y' })).to.deep.equal({ a: 'x', c: 'y', b: null });
    expect(replacingPatch(undefined, undefined)).to.deep.equal({});
  });
});

describe('revert finalizer', () => {
  it('adds the finalizer when revertOnDeletion is set, creating or extending the list', () => {
    expect(finalizerPatch(podinfoCanary({ revertOnDeletion: true }))).to.deep.equal([{ op: 'add', path: '/metadata/finalizers', value: [REVERT_FINALIZER] }]);
    const other = withMeta(podinfoCanary({ revertOnDeletion: true }), { finalizers: ['example.com/keep'] });
    expect(finalizerPatch(other)).to.deep.equal([
      { op: 'test', path: '/metadata/finalizers', value: ['example.com/keep'] },
      { op: 'add', path: '/metadata/finalizers/-', value: REVERT_FINALIZER },
    ]);
  });

  it('removes only its own finalizer when revertOnDeletion is unset, and does nothing when in step', () => {
    const held = withMeta(podinfoCanary(), { finalizers: ['example.com/keep', REVERT_FINALIZER] });
    expect(hasRevertFinalizer(held)).to.equal(true);
    expect(finalizerPatch(held)).to.deep.equal([{ op: 'test', path: '/metadata/finalizers/1', value: REVERT_FINALIZER }, { op: 'remove', path: '/metadata/finalizers/1' }]);
    expect(finalizerPatch(podinfoCanary())).to.equal(null);
    expect(finalizerPatch(withMeta(podinfoCanary({ revertOnDeletion: true }), { finalizers: [REVERT_FINALIZER] }))).to.equal(null);
    expect(removeFinalizerPatch(podinfoCanary())).to.equal(null);
  });

  it('never adds the finalizer to a Canary already being deleted', () => {
    expect(finalizerPatch(withMeta(podinfoCanary({ revertOnDeletion: true }), { deletionTimestamp: '2026-11-25T10:00:00Z' }))).to.equal(null);
  });
});

describe('handing the workload back', () => {
  it('gives the target the primary\'s replica count, at least 1', () => {
    expect(handBackReplicas(deploymentWith(0), deploymentWith(4))).to.equal(4);
    expect(handBackReplicas(deploymentWith(0), undefined)).to.equal(1);
    expect(handBackReplicas(deploymentWith(3), undefined)).to.equal(3);
    expect(handBackReplicas(deploymentWith(0), deploymentWith(0))).to.equal(1);
  });

  it('gives up waiting after progressDeadlineSeconds from the deletion', () => {
    const deleting = withMeta(podinfoCanary({ progressDeadlineSeconds: 60 }), { deletionTimestamp: '2026-11-25T10:00:00Z' });
    const at = Date.parse('2026-11-25T10:00:00Z');
    expect(revertDeadlinePassed(deleting, at + 59_000)).to.equal(false);
    expect(revertDeadlinePassed(deleting, at + 61_000)).to.equal(true);
    expect(revertDeadlinePassed(podinfoCanary(), at)).to.equal(false);
  });

  it('points the apex Service at the target and drops the Canary as owner, keeping other owners', () => {
    const canary = podinfoCanary();
    const uid = canary.metadata.uid ?? '';
    const mine = { apiVersion: 'glidepath.dev/v1alpha1', kind: 'Canary', name: 'podinfo', uid, controller: true, blockOwnerDeletion: true };
    const theirs = { ...mine, kind: 'Thing', uid: 'other' };
    const service = { metadata: { name: 'podinfo', ownerReferences: [mine, theirs] }, spec: { selector: { app: 'podinfo-primary' } } };
    expect(apexHandBackPatch(service, canary, podinfoDeployment())).to.deep.equal({
      metadata: { ownerReferences: [theirs], labels: { 'app.kubernetes.io/managed-by': null } },
      spec: { selector: { app: 'podinfo' } },
    });
    const alone = { metadata: { name: 'podinfo', ownerReferences: [mine] }, spec: { selector: { app: 'podinfo-primary' } } };
    expect(apexHandBackPatch(alone, canary, podinfoDeployment())).to.have.nested.property('metadata.ownerReferences', null);
    expect(apexHandBackPatch({ metadata: { name: 'podinfo' }, spec: { selector: { app: 'podinfo' } } }, canary, podinfoDeployment())).to.equal(null);
  });
});

describe('suspension', () => {
  it('holds phase and weight in a Ready=False Suspended condition that says how to resume', () => {
    const canary = { ...podinfoCanary({ suspend: true }), status: { phase: 'Progressing' as const, canaryWeight: 40 } };
    expect(isSuspended(canary)).to.equal(true);
    const ready = suspendedReady(canary);
    expect(ready.status).to.equal('False');
    expect(ready.reason).to.equal('Suspended');
    expect(ready.message).to.equal('spec.suspend is true: no analysis, traffic or scaling changes; phase Progressing and canary weight 40% are held. Set spec.suspend to false to resume from the persisted state');
  });

  it('names a pending action annotation, which is kept until resuming', () => {
    const canary = withMeta(podinfoCanary({ suspend: true }), { annotations: { 'glidepath.dev/promote': 'now' } });
    expect(suspendedReady(canary).message).to.match(/nothing has started yet.*annotation glidepath\.dev\/promote is kept and acted on after resuming$/);
    expect(isSuspended(podinfoCanary())).to.equal(false);
  });
});
