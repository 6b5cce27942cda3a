import { expect } from 'chai';
import type { DeploymentLike } from '../../src/sandbox/workloads/api-shapes.ts';
import { buildPod, controllingDeploymentKey } from '../../src/sandbox/workloads/pod-builder.ts';
import { runningStatus } from '../../src/sandbox/workloads/kubelet-status.ts';
import { WorkloadSpecError } from '../../src/sandbox/workloads/rollout-strategy.ts';
import { SAFE_ALPHABET, podTemplateHash } from '../../src/sandbox/workloads/template-hash.ts';

const deployment: DeploymentLike = {
  metadata: { name: 'web', namespace: 'shop', uid: 'uid-1' },
  spec: {
    
    template: {
      metadata: { labels: { app: 'web' }, annotations: { 'sandbox.glidepath.dev/never-ready': 'true' } },
      spec: { containers: [{ name: 'app', image: 'web:1' }, { name: 'sidecar', image: 'proxy:1' }] },
    },
  },
};

describe('workloads pod template hash and pod builder', () => {
  it('hashes equal templates equally regardless of key order, and differently when they differ', () => {
    const a = podTemplateHash({ metadata: { labels: { app: 'x', tier: 'y' } }, spec: { containers: [{ name: 'c', image: 'i:1' }] } });
    const b = podTemplateHash({ spec: { containers: [{ image: 'i:1', name: 'c' }] }, metadata: { labels: { tier: 'y', app: 'x' } } });
    const c = podTemplateHash({ spec: { containers: [{ image: 'i:2', name: 'c' }] }, metadata: { labels: { tier: 'y', app: 'x' } } });
    expect(a).to.equal(b);
    expect(a).to.not.equal(c);
    expect(a).to.have.length(10);
    expect(a).to.match(new RegExp(`^[${SAFE_ALPHABET}]{10}$`));
  });

  it('builds <deploy>-<hash10>-<rand5> pods with template labels, the hash label and a controller reference', () => {
    const hash = podTemplateHash(deployment.spec?.template);
    const pod = buildPod(deployment, hash);
    expect(pod.metadata.name).to.match(new RegExp(`^web-${hash}-[${SAFE_ALPHABET}]{5}$`));
    expect(pod.metadata.namespace).to.equal('shop');
    expect(pod.metadata.labels).to.deep.equal({ app: 'web', 'pod-template-hash': hash });
    expect(pod.metadata.annotations).to.deep.equal({ 'sandbox.glidepath.dev/never-ready': 'true' });
    expect(pod.metadata.ownerReferences).to.deep.equal([{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'uid-1', controller: true, blockOwnerDeletion: true }]);
    expect(pod.spec.containers.map((c) => c.name)).to.deep.equal(['app', 'sidecar']);
    pod.spec.containers.pop();
    expect(deployment.spec?.template?.spec?.containers).to.have.length(2);
    expect(controllingDeploymentKey(pod)).to.equal('shop/web');
  });

  it('refuses a Deployment without uid or template, naming the field', () => {
    expect(() => buildPod({ metadata: { name: 'x' }, spec: deployment.spec }, 'h')).to.throw(WorkloadSpecError, /metadata\.uid/);
    expect(() => buildPod({ metadata: { name: 'x', uid: 'u' }, spec: { template: {} } }, 'h')).to.throw(WorkloadSpecError, /spec\.template\.spec/);
  });

  it('reports a started pod Running with the four conditions and per-container readiness', () => {
    const pod = { metadata: { name: 'p', namespace: 'n', uid: 'u' }, spec: { containers: [{ name: 'a', image: 'i' }] } };
    const ready = runningStatus(pod, true, 1_700_000_000_000);
    expect(ready.phase).to.equal('Running');
    const conditions = ready.conditions as { type: string; status: string }[];
    expect(conditions.map((c) => `${c.type}=${c.status}`)).to.deep.equal(['PodScheduled=True', 'Initialized=True', 'ContainersReady=True', 'Ready=True']);
    expect(ready.podIP).to.match(/^10\.\d+\.\d+\.\d+$/);
    expect(ready.containerStatuses).to.deep.include({ name: 'a', image: 'i', imageID: '', ready: true, started: true, restartCount: 0, state: { running: { startedAt: '2023-11-14T22:13:20Z' } } });
    const notReady = runningStatus(pod, false, 1_700_000_000_000);
    expect((notReady.conditions as { type: string; status: string }[]).find((c) => c.type === 'Ready')?.status).to.equal('False');
  });
});
