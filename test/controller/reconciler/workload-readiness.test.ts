import { expect } from 'chai';
import type { Deployment } from '../../../src/controller/k8s-objects/object-shapes.ts';
import { deploymentReadiness, primaryRevisionOf } from '../../../src/controller/reconciler/workload-readiness.ts';

function deployment(replicas: number, status: Record<string, number>, generation = 2): Deployment {
  return { metadata: { name: 'shop', generation, annotations: { 'glidepath.dev/revision': 'abc' } }, spec: { replicas }, status };
}

describe('reconciler workload readiness', () => {
  it('is ready when the rollout is observed and complete and enough pods are available', () => {
    expect(deploymentReadiness(deployment(4, { observedGeneration: 2, updatedReplicas: 4, availableReplicas: 4 }), 100).ready).to.equal(true);
    expect(deploymentReadiness(deployment(4, { observedGeneration: 2, updatedReplicas: 4, availableReplicas: 3 }), 75).ready).to.equal(true);
  });

  it('says what is missing otherwise', () => {
    expect(deploymentReadiness(undefined, 100).detail).to.equal('does not exist');
    expect(deploymentReadiness(deployment(4, { observedGeneration: 1 }), 100).detail).to.equal('generation 2 not yet observed');
    expect(deploymentReadiness(deployment(0, { observedGeneration: 2 }), 100).detail).to.equal('scaled to 0');
    expect(deploymentReadiness(deployment(4, { observedGeneration: 2, updatedReplicas: 2 }), 100).detail).to.equal('2 of 4 pods updated');
    expect(deploymentReadiness(deployment(4, { observedGeneration: 2, updatedReplicas: 4, availableReplicas: 2 }), 100).detail).to.equal('2 of 4 pods available (50% < 100%)');
  });

  it('reads the primary revision annotation', () => {
    expect(primaryRevisionOf(deployment(1, {}))).to.equal('abc');
    expect(primaryRevisionOf(undefined)).to.equal(null);
  });
});
