import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api, V1ConfigMap } from '@kubernetes/client-node';
import { InformerSupervisor } from '../../../src/controller/runtime/informer-supervisor.ts';
import { createLogger } from '../../../src/controller/runtime/logger.ts';
import { ResourceKinds } from '../../../src/controller/runtime/resource-kinds.ts';
import type { Sandbox } from '../../../src/sandbox/start-sandbox.ts';
import { startSandbox } from '../../../src/sandbox/start-sandbox.ts';
import { waitUntil } from './wait-until.ts';

describe('InformerSupervisor against the sandbox', function () {
  this.timeout(30_000);
  let dir = '';
  let sandbox: Sandbox | undefined;
  let supervisor: InformerSupervisor<V1ConfigMap> | undefined;
  let port = 0;
  const events: string[] = [];
  const logLines: string[] = [];

  const snapshotFile = (): string => join(dir, 'store.json');
  const core = (): CoreV1Api => {
    if (!sandbox) throw new Error('sandbox not running');
    return sandbox.kubeConfig.makeApiClient(CoreV1Api);
  };
  const configMap = (name: string, value: string): V1ConfigMap => Object.assign(new V1ConfigMap(), {
    apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: { value },
  });
  const cachedValue = (name: string): string | undefined =>
    supervisor?.get('default', name)?.data?.value;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'glidepath-informer-'));
    sandbox = await startSandbox({ startWorkloads: false, snapshotFile: snapshotFile(), kubeconfigPath: join(dir, 'kubeconfig') });
    port = Number(new URL(sandbox.url).port);
    supervisor = new InformerSupervisor<V1ConfigMap>({
      kubeConfig: sandbox.kubeConfig,
      kind: ResourceKinds.ConfigMap,
      namespace: 'default',
      restartBackoff: { initialMs: 1500, maxMs: 3000 },
      logger: createLogger({ sink: (l) => logLines.push(l) }),
    });
    supervisor.onChange((verb, obj) => events.push(`${verb}:${obj.metadata?.name ?? ''}`));
    supervisor.start();
    await waitUntil(() => supervisor?.hasSynced() ?? false, 'the ConfigMap informer to sync');
  });

  after(async () => {
    await supervisor?.stop();
    await sandbox?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sees adds, updates and deletes and serves them from its cache', async () => {
    await core().createNamespacedConfigMap({ namespace: 'default', body: configMap('alpha', '1') });
    await waitUntil(() => events.includes('add:alpha'), 'add of alpha', 5000, () => events.join(' '));
    expect(cachedValue('alpha')).to.equal('1');
    await core().replaceNamespacedConfigMap({ name: 'alpha', namespace: 'default', body: configMap('alpha', '2') });
    await waitUntil(() => cachedValue('alpha') === '2', 'the cache to hold alpha=2');
    expect(events).to.include('update:alpha');
    await core().deleteNamespacedConfigMap({ name: 'alpha', namespace: 'default' });
    await waitUntil(() => events.includes('delete:alpha'), 'delete of alpha', 5000, () => events.join(' '));
    expect(supervisor?.get('default', 'alpha')).to.equal(undefined);
    expect(supervisor?.lists).to.equal(1);
  });

  it('restarts after the API server goes away, keeps serving the old cache meanwhile, and re-syncs what changed', async () => {
    await core().createNamespacedConfigMap({ namespace: 'default', body: configMap('keep', 'k') });
    await core().createNamespacedConfigMap({ namespace: 'default', body: configMap('gone', 'g') });
    await waitUntil(() => events.includes('add:keep') && events.includes('add:gone'), 'adds of keep and gone');
    events.length = 0;

    await sandbox?.stop();
    sandbox = undefined;
    await waitUntil(() => logLines.some((l) => l.includes('informer failed; restarting')), 'the informer to report its failure');
    expect(cachedValue('keep'), 'the old cache answers while disconnected').to.equal('k');
    expect(supervisor?.hasSynced()).to.equal(true);

    // Same port, same stored objects: then change things before the supervisor reconnects.
    sandbox = await startSandbox({ port, startWorkloads: false, snapshotFile: snapshotFile(), kubeconfigPath: join(dir, 'kubeconfig') });
    await core().deleteNamespacedConfigMap({ name: 'gone', namespace: 'default' });
    await core().createNamespacedConfigMap({ namespace: 'default', body: configMap('fresh', 'f') });
    await core().replaceNamespacedConfigMap({ name: 'keep', namespace: 'default', body: configMap('keep', 'k2') });

    await waitUntil(
      () => events.includes('delete:gone') && events.includes('add:fresh') && cachedValue('keep') === 'k2',
      'the re-sync to report gone deleted, fresh added and keep updated', 15_000, () => events.join(' '),
    );
    expect(supervisor?.restarts).to.be.at.least(1);
    expect(supervisor?.get('default', 'gone')).to.equal(undefined);
    expect(events.filter((e) => e === 'delete:gone')).to.have.length(1);

    // And the restarted informer is watching again.
    await core().deleteNamespacedConfigMap({ name: 'fresh', namespace: 'default' });
    await waitUntil(() => events.includes('delete:fresh'), 'delete of fresh over the new watch', 5000, () => events.join(' '));
  });
});
