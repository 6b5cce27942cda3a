// The informer-backed source's start and recovery: start() returns with what the cluster already
// holds, an unreachable API server neither throws nor blocks start(), the runtime supervisor
// catches up once the server is back, and Events about other kinds never reach the source.
import { expect } from 'chai';
import { CoreV1Api, CustomObjectsApi, V1Namespace } from '@kubernetes/client-node';
import type { CoreV1Event } from '@kubernetes/client-node';
import { startSandbox } from '../../src/sandbox/start-sandbox.ts';
import type { Sandbox } from '../../src/sandbox/start-sandbox.ts';
import { InformerCanarySource } from '../../src/page/informer-canary-source.ts';
import { canaryManifest } from '../e2e/fixtures/manifests.ts';
import { waitFor } from '../helpers/wait-for.ts';

const NS = 'pagestart';
const CANARIES = { group: 'glidepath.dev', version: 'v1alpha1', plural: 'canaries', namespace: NS };
const FAST_RESTART = Object.freeze({ initialMs: 20, maxMs: 100 });

// client-node types bodies as its model classes; the API takes plain JSON.
const asEvent = (body: Record<string, unknown>): CoreV1Event => body as unknown as CoreV1Event;

function eventAbout(kind: string, about: string): CoreV1Event {
  return asEvent({
    metadata: { name: `${about}.${kind.toLowerCase()}`, namespace: NS, resourceVersion: '7', uid: 'u1', managedFields: [{ manager: 'test' }] },
    involvedObject: { kind, name: about, namespace: NS },
    type: 'Normal', reason: 'Test', message: `about ${kind}`, count: 1, source: { component: 'test' },
  });
}

async function seed(sandbox: Sandbox): Promise<void> {
  await sandbox.kubeConfig.makeApiClient(CoreV1Api).createNamespace({ body: Object.assign(new V1Namespace(), { metadata: { name: NS } }) });
  await sandbox.kubeConfig.makeApiClient(CustomObjectsApi).createNamespacedCustomObject({ ...CANARIES, body: canaryManifest('early', NS) });
  const event = eventAbout('Canary', 'early');
  delete event.metadata.managedFields;
  delete event.metadata.resourceVersion;
  delete event.metadata.uid;
  await sandbox.kubeConfig.makeApiClient(CoreV1Api).createNamespacedEvent({ namespace: NS, body: event });
}

describe('page: informer-backed CanarySource start and recovery (sandbox)', function () {
  this.timeout(30_000);
  const sandboxes: Sandbox[] = [];
  const sources: InformerCanarySource[] = [];

  after(async () => {
    for (const source of sources) await source.stop();
    for (const sandbox of sandboxes) await sandbox.stop();
  });

  it('resolves start() with the Canaries and Events the cluster already holds', async () => {
    const sandbox = await startSandbox({ crdFiles: ['manifests/crds'], startWorkloads: false });
    sandboxes.push(sandbox);
    await seed(sandbox);
    const source = new InformerCanarySource({ kubeConfig: sandbox.kubeConfig, namespace: NS });
    sources.push(source);
    await source.start();
    expect(source.get(NS, 'early')?.metadata.name).to.equal('early');
    expect(source.events(NS, 'early').map((e) => e.message)).to.deep.equal(['about Canary']);
  });

  it('starts against an unreachable API server without throwing, then catches up when it is back', async () => {
    const first = await startSandbox({ crdFiles: ['manifests/crds'], startWorkloads: false });
    const port = Number(new URL(first.url).port);
    await first.stop();
    const source = new InformerCanarySource({ kubeConfig: first.kubeConfig, backoff: FAST_RESTART });
    sources.push(source);
    await source.start();
    expect(source.list()).to.deep.equal([]);
    const again = await startSandbox({ port, crdFiles: ['manifests/crds'], startWorkloads: false });
    sandboxes.push(again);
    await seed(again);
    await waitFor(() => source.get(NS, 'early'), { what: 'the Canary after the API server came back', timeoutMs: 10_000 });
    await waitFor(() => source.events(NS, 'early').length === 1, { what: 'the Canary Event after the API server came back', timeoutMs: 10_000 });
  });

  it('shows only Events about Canaries, even when another kind shares the name', async () => {
    const sandbox = await startSandbox({ crdFiles: ['manifests/crds'], startWorkloads: false });
    sandboxes.push(sandbox);
    await seed(sandbox);
    const other = eventAbout('Deployment', 'early');
    delete other.metadata.managedFields;
    delete other.metadata.resourceVersion;
    delete other.metadata.uid;
    await sandbox.kubeConfig.makeApiClient(CoreV1Api).createNamespacedEvent({ namespace: NS, body: other });
    const source = new InformerCanarySource({ kubeConfig: sandbox.kubeConfig, namespace: NS });
    sources.push(source);
    await source.start();
    expect(source.events(NS, 'early').map((e) => e.message)).to.deep.equal(['about Canary']);
  });
});
