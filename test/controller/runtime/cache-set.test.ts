import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { KubernetesObject } from '@kubernetes/client-node';
import { CoreV1Api, CustomObjectsApi, V1ConfigMap, V1Namespace, V1Secret } from '@kubernetes/client-node';
import { CacheSet, CONTROLLER_KINDS } from '../../../src/controller/runtime/cache-set.ts';
import { DIGEST_PREFIX, withDigestedData, withoutManagedFields } from '../../../src/controller/runtime/cache-transforms.ts';
import type { Sandbox } from '../../../src/sandbox/start-sandbox.ts';
import { startSandbox } from '../../../src/sandbox/start-sandbox.ts';
import { waitUntil } from './wait-until.ts';

const CRDS = [
  'manifests/crds/canaries.glidepath.dev.yaml', 'manifests/crds/metrictemplates.glidepath.dev.yaml',
  'manifests/istio/virtualservices.networking.istio.io.yaml', 'manifests/istio/destinationrules.networking.istio.io.yaml',
];

function exampleCanary(namespace: string, name: string, labels: Record<string, string>): Record<string, unknown> {
  const canary = parse(readFileSync('manifests/examples/podinfo-canary.yaml', 'utf8')) as { metadata: Record<string, unknown> };
  canary.metadata = { name, namespace, labels };
  return canary;
}

describe('cache transforms', () => {
  it('drops managedFields and digests data values without losing keys', () => {
    const cm = Object.assign(new V1ConfigMap(), {
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', managedFields: [{ manager: 'kubectl' }] }, data: { a: 'x', b: 'y' },
    });
    expect(withoutManagedFields(cm).metadata).to.deep.equal({ name: 'c' });
    const digested = withDigestedData(cm) as KubernetesObject & { data: Record<string, string> };
    expect(Object.keys(digested.data)).to.deep.equal(['a', 'b']);
    expect(digested.data.a).to.match(new RegExp(`^${DIGEST_PREFIX}[0-9a-f]{64}$`));
    expect(digested.data.a).to.not.equal(digested.data.b);
    const changed = Object.assign(new V1ConfigMap(), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'x', b: 'z' } });
    expect((withDigestedData(changed) as typeof digested).data.a).to.equal(digested.data.a);
    expect(cm.metadata.managedFields, 'input untouched').to.have.length(1);
  });
});

describe('CacheSet against the sandbox', function () {
  this.timeout(30_000);
  let sandbox: Sandbox | undefined;
  let caches: CacheSet | undefined;
  const changes: string[] = [];

  before(async () => {
    sandbox = await startSandbox({ startWorkloads: false, crdFiles: CRDS });
    const core = sandbox.kubeConfig.makeApiClient(CoreV1Api);
    for (const ns of ['shard-a', 'shard-b']) await core.createNamespace({ body: Object.assign(new V1Namespace(), { metadata: { name: ns } }) });
    caches = new CacheSet({ kubeConfig: sandbox.kubeConfig, namespace: 'shard-a', labelSelector: 'glidepath.dev/shard=a' });
    caches.onChange((kind, verb, obj) => changes.push(`${kind}:${verb}:${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`));
    caches.start();
    await caches.waitForSync(10_000);
  });

  after(async () => {
    await caches?.stop();
    await sandbox?.stop();
  });

  it('syncs every controller kind', () => {
    expect(caches?.syncStatus().map((s) => s.kind)).to.deep.equal([...CONTROLLER_KINDS]);
    expect(caches?.hasSynced()).to.equal(true);
  });

  it('shards by namespace and by the Canary label selector', async () => {
    const custom = sandbox?.kubeConfig.makeApiClient(CustomObjectsApi);
    const create = async (ns: string, name: string, shard: string): Promise<void> => {
      await custom?.createNamespacedCustomObject({
        group: 'glidepath.dev', version: 'v1alpha1', plural: 'canaries', namespace: ns,
        body: exampleCanary(ns, name, { 'glidepath.dev/shard': shard }),
      });
    };
    await create('shard-a', 'mine', 'a');
    await create('shard-a', 'other-shard', 'b');
    await create('shard-b', 'other-namespace', 'a');
    await waitUntil(() => changes.includes('Canary:add:shard-a/mine'), 'the Canary in this shard', 5000, () => changes.join(' '));
    // The excluded objects were created before "mine"; give the watch a moment to prove it ignores them.
    await waitUntil(() => caches?.list('Canary').length === 1, 'exactly one cached Canary');
    expect(caches?.get('Canary', 'shard-a', 'mine')?.spec.targetRef.name).to.equal('podinfo');
    expect(caches?.get('Canary', 'shard-a', 'other-shard')).to.equal(undefined);
    expect(changes.filter((c) => c.startsWith('Canary:'))).to.deep.equal(['Canary:add:shard-a/mine']);
  });

  it('caches ConfigMap data as digests and Secrets whole', async () => {
    const core = sandbox?.kubeConfig.makeApiClient(CoreV1Api);
    await core?.createNamespacedConfigMap({ namespace: 'shard-a', body: Object.assign(new V1ConfigMap(), { metadata: { name: 'settings' }, data: { level: 'debug' } }) });
    await core?.createNamespacedSecret({ namespace: 'shard-a', body: Object.assign(new V1Secret(), { metadata: { name: 'prom-auth' }, data: { token: Buffer.from('s3cr3t').toString('base64') } }) });
    await waitUntil(() => caches?.get('ConfigMap', 'shard-a', 'settings') !== undefined && caches.get('Secret', 'shard-a', 'prom-auth') !== undefined, 'the ConfigMap and Secret in the cache');
    const cm = caches?.get('ConfigMap', 'shard-a', 'settings') as KubernetesObject & { data: Record<string, string> };
    expect(cm.data.level).to.match(/^sha256:[0-9a-f]{64}$/);
    expect(cm.metadata).to.not.have.property('managedFields');
    const secret = caches?.get('Secret', 'shard-a', 'prom-auth') as KubernetesObject & { data: Record<string, string> };
    expect(Buffer.from(secret.data.token ?? '', 'base64').toString()).to.equal('s3cr3t');
  });

  it('names a kind it does not cache', () => {
    const partial = new CacheSet({ kubeConfig: sandbox!.kubeConfig, kinds: ['Canary'] });
    expect(() => partial.list('Secret')).to.throw(/kind Secret is not cached; cached kinds: Canary/);
  });
});
