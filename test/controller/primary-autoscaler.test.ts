import { expect } from 'chai';
import type { Canary } from '../../src/api/canary-types.ts';
import { AutoscalerProblem, checkAutoscalerRef } from '../../src/controller/k8s-objects/autoscaler-reference.ts';
import type { HorizontalPodAutoscaler } from '../../src/controller/k8s-objects/primary-autoscaler.ts';
import { ObjectBuildError } from '../../src/controller/k8s-objects/ownership.ts';
import { clampToBounds, primaryAutoscaler, primaryAutoscalerName, primaryBounds } from '../../src/controller/k8s-objects/primary-autoscaler.ts';
import { autoscalerPatch, canaryScaleFor } from '../../src/controller/reconciler/autoscaler-sync.ts';
import { podinfoCanary, podinfoDeployment } from './k8s-objects/fixtures.ts';

function userHpa(spec: Partial<NonNullable<HorizontalPodAutoscaler['spec']>> = {}): HorizontalPodAutoscaler {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: {
      name: 'podinfo-hpa', namespace: 'shop', uid: 'hpa-uid', resourceVersion: '7', labels: { team: 'web' },
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}', 'example.com/owner': 'web-team' },
    },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'podinfo' },
      minReplicas: 2,
      maxReplicas: 4,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
      behavior: { scaleDown: { stabilizationWindowSeconds: 60 } },
      ...spec,
    },
    status: { currentReplicas: 3 },
  };
}

function withRef(replicas?: { minReplicas?: number; maxReplicas?: number }, ref: Partial<NonNullable<Canary['spec']['autoscalerRef']>> = {}): Canary {
  return podinfoCanary({
    autoscalerRef: { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', name: 'podinfo-hpa', ...(replicas === undefined ? {} : { primaryScalerReplicas: replicas }), ...ref },
  });
}

describe('primary autoscaler builder', () => {
  it('names the copy <hpa>-primary and points it at <target>-primary, owned by the Canary', () => {
    const hpa = primaryAutoscaler(userHpa(), withRef());
    expect(primaryAutoscalerName(withRef())).to.equal('podinfo-hpa-primary');
    expect(hpa.metadata.name).to.equal('podinfo-hpa-primary');
    expect(hpa.metadata.namespace).to.equal('shop');
    expect(hpa.spec.scaleTargetRef).to.deep.equal({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'podinfo-primary' });
    expect(hpa.metadata.ownerReferences[0]).to.include({ kind: 'Canary', name: 'podinfo', controller: true });
    expect(hpa.metadata.labels).to.deep.equal({ team: 'web', 'app.kubernetes.io/managed-by': 'glidepath' });
    expect(hpa.metadata.annotations).to.deep.equal({ 'example.com/owner': 'web-team' });
  });

  it('copies metrics and behavior and keeps the user\'s bounds without primaryScalerReplicas', () => {
    const hpa = primaryAutoscaler(userHpa(), withRef());
    expect(hpa.spec).to.deep.include({ minReplicas: 2, maxReplicas: 4, behavior: { scaleDown: { stabilizationWindowSeconds: 60 } } });
    expect(hpa.spec.metrics).to.deep.equal(userHpa().spec?.metrics);
    expect(hpa).to.not.have.property('status');
  });

  it('overrides min and max with primaryScalerReplicas, each on its own', () => {
    expect(primaryAutoscaler(userHpa(), withRef({ minReplicas: 5, maxReplicas: 9 })).spec).to.include({ minReplicas: 5, maxReplicas: 9 });
    expect(primaryAutoscaler(userHpa(), withRef({ maxReplicas: 10 })).spec).to.include({ minReplicas: 2, maxReplicas: 10 });
  });

  it('defaults minReplicas to 1 like the API server and rejects impossible bounds naming the field', () => {
    expect(primaryBounds(withRef(), userHpa({ minReplicas: undefined }))).to.deep.equal({ min: 1, max: 4 });
    expect(() => primaryBounds(withRef({ minReplicas: 6 }), userHpa())).to.throw(ObjectBuildError, /maxReplicas \(4\) must be an integer of at least minReplicas \(6\)/);
    expect(() => primaryBounds(withRef(), userHpa({ maxReplicas: undefined }))).to.throw(ObjectBuildError, /spec\.maxReplicas is missing/);
    expect(() => primaryAutoscaler(userHpa(), podinfoCanary())).to.throw(ObjectBuildError, /spec\.autoscalerRef is not set/);
  });

  it('clamps replica counts into bounds', () => {
    expect([0, 3, 9].map((n) => clampToBounds(n, { min: 2, max: 4 }))).to.deep.equal([2, 3, 4]);
  });
});

describe('autoscalerRef check', () => {
  const lookup = (hpa: HorizontalPodAutoscaler | undefined) => (ns: string, name: string): HorizontalPodAutoscaler | undefined => (ns === 'shop' && name === hpa?.metadata.name ? hpa : undefined);

  it('is null without autoscalerRef and returns the HPA when it targets the Canary\'s Deployment', () => {
    expect(checkAutoscalerRef(podinfoCanary(), lookup(userHpa()))).to.equal(null);
    const check = checkAutoscalerRef(withRef(), lookup(userHpa()));
    expect(check?.ok && check.hpa.metadata.name).to.equal('podinfo-hpa');
  });

  it('accepts the older autoscaling versions Flagger examples use (the same stored object)', () => {
    expect(checkAutoscalerRef(withRef(undefined, { apiVersion: 'autoscaling/v2beta2' }), lookup(userHpa()))?.ok).to.equal(true);
  });

  it('reports a missing HPA, a wrong kind or apiVersion, a foreign target and impossible bounds precisely', () => {
    const cases: [Canary, HorizontalPodAutoscaler | undefined, string, RegExp][] = [
      [withRef(), undefined, AutoscalerProblem.NotFound, /HorizontalPodAutoscaler shop\/podinfo-hpa \(spec\.autoscalerRef\.name\) does not exist/],
      [withRef(undefined, { kind: 'ScaledObject' }), userHpa(), AutoscalerProblem.Invalid, /spec\.autoscalerRef\.kind: Unsupported value "ScaledObject"/],
      [withRef(undefined, { apiVersion: 'keda.sh/v1alpha1' }), userHpa(), AutoscalerProblem.Invalid, /spec\.autoscalerRef\.apiVersion: Unsupported value "keda\.sh\/v1alpha1"/],
      [withRef(), userHpa({ scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'other' } }), AutoscalerProblem.Invalid, /scales Deployment\/other, not the Canary's target Deployment\/podinfo/],
      [withRef(), userHpa({ scaleTargetRef: undefined }), AutoscalerProblem.Invalid, /scales nothing \(spec\.scaleTargetRef is missing\)/],
      [withRef({ minReplicas: 9 }), userHpa(), AutoscalerProblem.Invalid, /maxReplicas \(4\) must be an integer of at least minReplicas \(9\)/],
    ];
    for (const [canary, hpa, reason, message] of cases) {
      const check = checkAutoscalerRef(canary, lookup(hpa));
      expect(check?.ok, String(message)).to.equal(false);
      if (check?.ok !== false) continue;
      expect(check.reason).to.equal(reason);
      expect(check.message).to.match(message);
    }
  });
});

describe('autoscaler sync decisions', () => {
  it('patches the copy\'s spec exactly (removed fields become null) and leaves an equal copy alone', () => {
    const canary = withRef();
    const copy = primaryAutoscaler(userHpa(), canary) as unknown as HorizontalPodAutoscaler;
    expect(autoscalerPatch(copy, primaryAutoscaler(userHpa(), canary))).to.equal(null);
    const changed = primaryAutoscaler(userHpa({ maxReplicas: 6, behavior: undefined }), canary);
    expect(autoscalerPatch(copy, changed)).to.deep.equal({ spec: { maxReplicas: 6, behavior: null } });
  });

  it('leaves a running canary to the HPA, scales it to 0 between releases and up from 0 within the HPA bounds', () => {
    const running = podinfoDeployment();
    const idle = { ...podinfoDeployment(), spec: { ...podinfoDeployment().spec, replicas: 0 } };
    const hpa = (): HorizontalPodAutoscaler => userHpa();
    expect(canaryScaleFor(withRef(), running, 2, hpa)).to.equal(null);
    expect(canaryScaleFor(withRef(), running, 0, hpa)).to.equal(0);
    expect(canaryScaleFor(withRef(), idle, 9, hpa)).to.equal(4);
    expect(canaryScaleFor(withRef(), idle, 1, hpa)).to.equal(2);
    expect(canaryScaleFor(podinfoCanary(), running, 2, hpa), 'without autoscalerRef the controller sets the count').to.equal(2);
  });
});
