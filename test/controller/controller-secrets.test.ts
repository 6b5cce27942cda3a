// The running controller keeps no Secret value in its caches (digests only), while provider
// credentials are still readable through kubeSecretReader.
import { expect } from 'chai';
import { CoreV1Api, V1Secret } from '@kubernetes/client-node';
import { startController } from '../../src/controller/controller.ts';
import type { RunningController } from '../../src/controller/controller.ts';
import { kubeSecretReader } from '../../src/controller/reconciler/cluster-api.ts';
import { createLogger } from '../../src/controller/runtime/logger.ts';
import type { Sandbox } from '../../src/sandbox/start-sandbox.ts';
import { startSandbox } from '../../src/sandbox/start-sandbox.ts';
import { waitUntil } from './runtime/wait-until.ts';

const TOKEN = Buffer.from('s3cret-token').toString('base64');

describe('controller Secrets (sandbox)', function () {
  this.timeout(30_000);
  let sandbox: Sandbox | undefined;
  let controller: RunningController | undefined;

  before(async () => {
    sandbox = await startSandbox({ crdFiles: ['manifests/crds', 'manifests/istio'], startWorkloads: false });
    await sandbox.kubeConfig.makeApiClient(CoreV1Api).createNamespacedSecret({
      namespace: 'default', body: Object.assign(new V1Secret(), { metadata: { name: 'prom-auth', namespace: 'default' }, data: { token: TOKEN } }),
    });
    controller = await startController({
      kubeConfig: sandbox.kubeConfig, prometheusUrl: 'http://127.0.0.1:1', logger: createLogger({ level: 'error', sink: () => undefined }),
    });
  });

  after(async () => {
    await controller?.stop();
    await sandbox?.stop();
  });

  it('caches Secret data as digests only', async () => {
    const cached = (): Record<string, unknown> | undefined => controller?.caches.get('Secret', 'default', 'prom-auth') as Record<string, unknown> | undefined;
    await waitUntil(() => cached() !== undefined, 'the Secret in the controller cache');
    const token = (cached()?.data as Record<string, string> | undefined)?.token ?? '';
    expect(token).to.match(/^sha256:[0-9a-f]{64}$/);
    expect(JSON.stringify(cached())).to.not.include(TOKEN);
  });

  it('resolves startController only after every cache has listed', () => {
    expect(controller?.caches.hasSynced()).to.equal(true);
  });

  it('reads a provider Secret whole with a GET, and a missing one as undefined', async () => {
    if (!sandbox) throw new Error('sandbox not running');
    const read = kubeSecretReader(sandbox.kubeConfig);
    expect((await read('default', 'prom-auth'))?.data?.token).to.equal(TOKEN);
    expect(await read('default', 'nope')).to.equal(undefined);
  });
});
