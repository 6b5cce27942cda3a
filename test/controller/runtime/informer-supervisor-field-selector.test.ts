// A field selector reaches both the list and the watch: objects that do not match are never cached.
import { expect } from 'chai';
import { CoreV1Api } from '@kubernetes/client-node';
import type { CoreV1Event, KubernetesListObject, KubernetesObject } from '@kubernetes/client-node';
import { InformerSupervisor } from '../../../src/controller/runtime/informer-supervisor.ts';
import { rawLister } from '../../../src/controller/runtime/raw-list.ts';
import type { RawLister } from '../../../src/controller/runtime/raw-list.ts';
import type { Sandbox } from '../../../src/sandbox/start-sandbox.ts';
import { startSandbox } from '../../../src/sandbox/start-sandbox.ts';
import { waitUntil } from './wait-until.ts';

const EVENTS = Object.freeze({ group: '', version: 'v1', plural: 'events', kind: 'Event' });

function eventAbout(kind: string, name: string): CoreV1Event {
  // client-node types bodies as its model classes; the API takes plain JSON.
  const body: Record<string, unknown> = {
    metadata: { name: `${name}.${kind.toLowerCase()}`, namespace: 'default' },
    involvedObject: { kind, name, namespace: 'default' },
    type: 'Normal', reason: 'Test', message: `about ${kind} ${name}`,
  };
  return body as unknown as CoreV1Event;
}

describe('InformerSupervisor fieldSelector (sandbox)', function () {
  this.timeout(20_000);
  let sandbox: Sandbox | undefined;
  let supervisor: InformerSupervisor<CoreV1Event> | undefined;
  const listedWith: (string | undefined)[] = [];

  const create = async (kind: string, name: string): Promise<void> => {
    if (!sandbox) throw new Error('sandbox not running');
    await sandbox.kubeConfig.makeApiClient(CoreV1Api).createNamespacedEvent({ namespace: 'default', body: eventAbout(kind, name) });
  };
  const cachedNames = (): string[] => (supervisor?.list('default') ?? []).map((e) => e.metadata.name ?? '').sort();

  before(async () => {
    sandbox = await startSandbox({ startWorkloads: false });
    await create('Canary', 'before');
    await create('Deployment', 'before');
    const lister = rawLister(sandbox.kubeConfig);
    const observed: RawLister = (path, labelSelector, fieldSelector): Promise<KubernetesListObject<KubernetesObject>> => {
      listedWith.push(fieldSelector);
      return lister(path, labelSelector, fieldSelector);
    };
    supervisor = new InformerSupervisor<CoreV1Event>({
      kubeConfig: sandbox.kubeConfig, kind: EVENTS, namespace: 'default', fieldSelector: 'involvedObject.kind=Canary', lister: observed,
    });
    supervisor.start();
    await waitUntil(() => supervisor?.hasSynced() ?? false, 'the Event informer to sync');
  });

  after(async () => {
    await supervisor?.stop();
    await sandbox?.stop();
  });

  it('lists with the selector, so only matching objects are cached', () => {
    expect(listedWith).to.deep.equal(['involvedObject.kind=Canary']);
    expect(cachedNames()).to.deep.equal(['before.canary']);
  });

  it('watches with the selector, so later non-matching objects never arrive', async () => {
    await create('Deployment', 'after');
    await create('Canary', 'after');
    await waitUntil(() => cachedNames().includes('after.canary'), 'the Canary Event created after the list', 5000, () => cachedNames().join(' '));
    expect(cachedNames()).to.deep.equal(['after.canary', 'before.canary']);
  });
});
