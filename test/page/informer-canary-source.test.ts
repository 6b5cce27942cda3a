// The informer-backed source against the sandbox API server: Canaries and the Events
// about them arrive in memory, changes are announced, deletions forgotten.
import { expect } from 'chai';
import { CoreV1Api, CustomObjectsApi, V1Namespace } from '@kubernetes/client-node';
import type { CoreV1Event } from '@kubernetes/client-node';
import { startSandbox } from '../../src/sandbox/start-sandbox.ts';
import type { Sandbox } from '../../src/sandbox/start-sandbox.ts';
import { InformerCanarySource, eventRecordOf } from '../../src/page/informer-canary-source.ts';
import type { SourceChange } from '../../src/page/canary-source.ts';
import { canaryManifest } from '../e2e/fixtures/manifests.ts';
import { waitFor } from '../helpers/wait-for.ts';

const NS = 'pagesrc';
const CANARIES = { group: 'glidepath.dev', version: 'v1alpha1', plural: 'canaries', namespace: NS };

// client-node types bodies as its model classes; the API takes plain JSON.
const asEvent = (body: Record<string, unknown>): CoreV1Event => body as unknown as CoreV1Event;

function event(name: string, kind: string, about: string, message: string): CoreV1Event {
  return asEvent({
    metadata: { name, namespace: NS },
    involvedObject: { kind, name: about, namespace: NS, apiVersion: kind === 'Canary' ? 'glidepath.dev/v1alpha1' : 'apps/v1' },
    type: 'Normal', reason: 'Test', message, count: 1, lastTimestamp: new Date('2026-01-01T00:00:00Z'), source: { component: 'test' },
  });
}

describe('page: informer-backed CanarySource (sandbox)', function () {
  this.timeout(30_000);
  let sandbox: Sandbox | undefined;
  let source: InformerCanarySource | undefined;
  const changes: SourceChange[] = [];

  before(async () => {
    sandbox = await startSandbox({ crdFiles: ['manifests/crds'], startWorkloads: false });
    await sandbox.kubeConfig.makeApiClient(CoreV1Api).createNamespace({ body: Object.assign(new V1Namespace(), { metadata: { name: NS } }) });
    source = new InformerCanarySource({ kubeConfig: sandbox.kubeConfig });
    await source.start();
    source.onChange((change) => { changes.push(change); });
  });

  after(async () => {
    await source?.stop();
    await sandbox?.stop();
  });

  it('holds a created Canary and announces it', async () => {
    const api = sandbox?.kubeConfig.makeApiClient(CustomObjectsApi);
    await api?.createNamespacedCustomObject({ ...CANARIES, body: canaryManifest('podinfo', NS) });
    const canary = await waitFor(() => source?.get(NS, 'podinfo'), { what: 'the Canary in the source' });
    expect(canary.spec.analysis.stepWeight).to.equal(20);
    expect(source?.list().map((c) => c.metadata.name)).to.deep.equal(['podinfo']);
    expect(changes).to.deep.include({ kind: 'canary', verb: 'add', namespace: NS, name: 'podinfo' });
  });

  it('keeps the Events about the Canary, and only those', async () => {
    const core = sandbox?.kubeConfig.makeApiClient(CoreV1Api);
    await core?.createNamespacedEvent({ namespace: NS, body: event('podinfo.1', 'Canary', 'podinfo', 'weight 20') });
    await core?.createNamespacedEvent({ namespace: NS, body: event('podinfo.2', 'Deployment', 'podinfo', 'scaled') });
    const events = await waitFor(() => (source?.events(NS, 'podinfo').length === 1 ? source.events(NS, 'podinfo') : undefined), { what: 'one Event for the Canary' });
    expect(events[0]).to.deep.equal({ type: 'Normal', reason: 'Test', message: 'weight 20', time: '2026-01-01T00:00:00.000Z', count: 1, source: 'test' });
    expect(changes).to.deep.include({ kind: 'event', verb: 'update', namespace: NS, name: 'podinfo' });
  });

  it('follows status updates and forgets a deleted Canary', async () => {
    const api = sandbox?.kubeConfig.makeApiClient(CustomObjectsApi);
    await api?.patchNamespacedCustomObjectStatus({ ...CANARIES, name: 'podinfo', body: [{ op: 'add', path: '/status', value: { phase: 'Progressing', canaryWeight: 40 } }] });
    await waitFor(() => source?.get(NS, 'podinfo')?.status?.canaryWeight === 40, { what: 'the status update in the source' });
    await api?.deleteNamespacedCustomObject({ ...CANARIES, name: 'podinfo' });
    await waitFor(() => source?.get(NS, 'podinfo') === undefined, { what: 'the deletion in the source' });
    expect(source?.events(NS, 'podinfo')).to.deep.equal([]);
    expect(changes.at(-1)).to.deep.include({ kind: 'canary', verb: 'delete', name: 'podinfo' });
  });

  it('reduces an Event to what the page shows, whichever time field it carries', () => {
    const bare = asEvent({ metadata: { name: 'x', creationTimestamp: new Date('2026-02-02T00:00:00Z') }, involvedObject: {} });
    expect(eventRecordOf(bare)).to.deep.equal({ type: 'Normal', reason: '', message: '', time: '2026-02-02T00:00:00.000Z', count: 1, source: '' });
  });
});
