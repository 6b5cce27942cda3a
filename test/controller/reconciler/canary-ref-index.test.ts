import { expect } from 'chai';
import type { Canary } from '../../../src/api/canary-types.ts';
import { canaryKeysFor } from '../../../src/controller/reconciler/canary-keys.ts';
import { CanaryRefIndex } from '../../../src/controller/reconciler/canary-ref-index.ts';

function canary(name: string, target: string, autoscaler?: string, namespace = 'shop'): Canary {
  return {
    apiVersion: 'glidepath.dev/v1alpha1', kind: 'Canary',
    metadata: { name, namespace },
    spec: { targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: target }, ...(autoscaler === undefined ? {} : { autoscalerRef: { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', name: autoscaler } }) },
  } as unknown as Canary;
}

function object(name: string, namespace = 'shop'): { metadata: { name: string; namespace: string } } {
  return { metadata: { name, namespace } };
}

describe('CanaryRefIndex', () => {
  it('finds the Canaries targeting a Deployment or scaled by an HPA, per namespace', () => {
    const index = new CanaryRefIndex();
    index.apply('add', 'shop/a', canary('a', 'web', 'web-hpa'));
    index.apply('add', 'shop/b', canary('b', 'web'));
    index.apply('add', 'other/c', canary('c', 'web', undefined, 'other'));
    expect(index.targeting('shop', 'web')).to.have.members(['shop/a', 'shop/b']);
    expect(index.targeting('other', 'web')).to.deep.equal(['other/c']);
    expect(index.scaledBy('shop', 'web-hpa')).to.deep.equal(['shop/a']);
    expect(index.inNamespace('shop')).to.have.members(['shop/a', 'shop/b']);
    expect(index.targeting('shop', 'api')).to.deep.equal([]);
  });

  it('follows a changed targetRef and autoscalerRef, and forgets a deleted Canary', () => {
    const index = new CanaryRefIndex();
    index.apply('add', 'shop/a', canary('a', 'web', 'web-hpa'));
    index.apply('update', 'shop/a', canary('a', 'api'));
    expect(index.targeting('shop', 'web')).to.deep.equal([]);
    expect(index.targeting('shop', 'api')).to.deep.equal(['shop/a']);
    expect(index.scaledBy('shop', 'web-hpa')).to.deep.equal([]);
    index.apply('delete', 'shop/a', canary('a', 'api'));
    expect(index.targeting('shop', 'api')).to.deep.equal([]);
    expect(index.inNamespace('shop')).to.deep.equal([]);
  });

  it('feeds canaryKeysFor: owners and targeting Canaries for a Deployment, the namespace for a MetricTemplate', () => {
    const index = new CanaryRefIndex();
    index.apply('add', 'shop/a', canary('a', 'web'));
    index.apply('add', 'shop/b', canary('b', 'api'));
    const primary = { metadata: { name: 'api-primary', namespace: 'shop', ownerReferences: [{ apiVersion: 'glidepath.dev/v1alpha1', kind: 'Canary', name: 'b', uid: 'u' }] } };
    expect(canaryKeysFor('Deployment', object('web'), index)).to.deep.equal(['shop/a']);
    expect(canaryKeysFor('Deployment', primary, index)).to.deep.equal(['shop/b']);
    expect(canaryKeysFor('MetricTemplate', object('latency'), index)).to.have.members(['shop/a', 'shop/b']);
    expect(canaryKeysFor('Deployment', object('web', 'elsewhere'), index)).to.deep.equal([]);
  });
});
