import { expect } from 'chai';
import type { DeploymentObject } from '../../src/mesh/cluster-objects.ts';
import { buildWorkloadIndex, serviceEndpoints } from '../../src/mesh/workload-index.ts';
import { NS, deployment, pod, service } from './mesh-fixtures.ts';

function inNamespace<T extends { metadata?: { namespace?: string } }>(obj: T, namespace: string): T {
  return { ...obj, metadata: { ...obj.metadata, namespace } };
}

describe('mesh workload index', () => {
  it('matches Deployments with only matchExpressions, which have no label pair to be indexed by', () => {
    const byExpression: DeploymentObject = { metadata: { name: 'expr', namespace: NS }, spec: { selector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['web'] }] } } };
    const index = buildWorkloadIndex([pod('p-1', { tier: 'web' })], [byExpression]);
    expect(index.endpointsByNamespace.get(NS)?.[0]?.workload.name).to.equal('expr');
  });

  it('tests every matchLabels pair, not only the one a Deployment is indexed by', () => {
    const index = buildWorkloadIndex([pod('p-1', { app: 'x' }, { owner: 'other' })], [deployment('strict', { app: 'x', track: 'stable' })]);
    expect(index.endpointsByNamespace.get(NS)?.[0]?.workload.name).to.equal('other');
  });

  it('picks the first matching Deployment in input order when no owner decides, as a full scan would', () => {
    const deployments = [deployment('first', { tier: 'web' }), deployment('second', { app: 'x' }), deployment('third', { tier: 'web', app: 'x' })];
    const index = buildWorkloadIndex([pod('p-1', { app: 'x', tier: 'web' })], deployments);
    expect(index.endpointsByNamespace.get(NS)?.[0]?.workload.name).to.equal('first');
  });

  it('never matches a Deployment or a Service of another namespace', () => {
    const index = buildWorkloadIndex([pod('p-1', { app: 'x' })], [inNamespace(deployment('elsewhere', { app: 'x' }), 'other')]);
    expect(index.endpointsByNamespace.get(NS)?.[0]?.workload.name).to.equal('p-1');
    expect(serviceEndpoints(inNamespace(service('x', { app: 'x' }), 'other'), index)).to.deep.equal([]);
  });

  it('gives a Service the ready pods matching its whole selector', () => {
    const pods = [pod('a-1', { app: 'a', version: 'v1' }), pod('a-2', { app: 'a', version: 'v2' }), pod('a-3', { app: 'a', version: 'v1' }, { ready: false })];
    const index = buildWorkloadIndex(pods, [deployment('a', { app: 'a' })]);
    expect(serviceEndpoints(service('a-v1', { app: 'a', version: 'v1' }), index).map((e) => e.podName)).to.deep.equal(['a-1']);
    expect(serviceEndpoints(service('a', { app: 'a' }), index).map((e) => e.podName)).to.deep.equal(['a-1', 'a-2']);
    expect(serviceEndpoints(service('none', {}), index)).to.deep.equal([]);
  });

  it('indexes 2,000 pods against 2,000 Deployments without comparing every pair', () => {
    const names = Array.from({ length: 2000 }, (_, i) => `app-${String(i)}`);
    const deployments = names.map((name) => deployment(name, { app: name }));
    let selectorReads = 0;
    const counted = deployments.map((d) => ({ ...d, spec: { get selector() { selectorReads += 1; return d.spec?.selector; } } }));
    const index = buildWorkloadIndex(names.map((name) => pod(`${name}-1`, { app: name })), counted);
    expect(index.endpointsByNamespace.get(NS)).to.have.length(2000);
    // Indexing reads each selector once, matching once per pod: far below 2,000 x 2,000.
    expect(selectorReads).to.be.below(10_000);
  });
});
