import { expect } from 'chai';
import type { Canary } from '../../../src/api/canary-types.ts';
import type { ClusterApi, KubeObject } from '../../../src/controller/reconciler/cluster-api.ts';
import { NetworkingConvergence, networkingFingerprint } from '../../../src/controller/reconciler/networking-convergence.ts';
import type { ConvergeDeps } from '../../../src/controller/reconciler/owned-objects.ts';
import type { ResourceKind, ResourceKindName } from '../../../src/controller/runtime/resource-kinds.ts';
import { podinfoCanary, podinfoDeployment } from '../k8s-objects/fixtures.ts';

interface World {
  deps: ConvergeDeps;
  cache: Map<string, KubeObject>;
  writes: string[];
  cached: (kind: ResourceKindName, namespace: string, name: string) => unknown;
}

/** Writes land in the cache at once with a new resourceVersion, as the informers would bring them. */
function world(): World {
  const cache = new Map<string, KubeObject>();
  const writes: string[] = [];
  let version = 0;
  const land = (verb: string, kind: ResourceKind, name: string, body: KubeObject): Promise<KubeObject> => {
    writes.push(`${verb} ${kind.kind} ${name}`);
    version += 1;
    const stored = { ...structuredClone(body), metadata: { ...(body.metadata ?? {}), name, resourceVersion: String(version) } };
    cache.set(`${kind.kind}/${name}`, stored);
    return Promise.resolve(stored);
  };
  const unused = (): never => { throw new Error('not used in this test'); };
  const api: ClusterApi = {
    create: (kind, _ns, body) => land('create', kind, body.metadata?.name ?? '', body),
    mergePatch: (kind, _ns, name, patch) => land('patch', kind, name, { ...cache.get(`${kind.kind}/${name}`), ...(patch as KubeObject) }),
    patchCanaryStatus: unused, jsonPatchCanary: unused, scaleDeployment: unused, createEvent: unused, patchEvent: unused, readConfig: unused,
  };
  const cached = (kind: ResourceKindName, _ns: string, name: string): unknown => cache.get(`${kind}/${name}`);
  return { deps: { api, cached, fence: () => undefined }, cache, writes, cached };
}

function canary(generation: number | undefined): Canary {
  const base = podinfoCanary();
  return { ...base, metadata: { ...base.metadata, ...(generation === undefined ? {} : { generation }) } };
}

describe('networking convergence', () => {
  it('skips a pass once nothing the objects depend on changed, and checks again after any change', async () => {
    const { deps, cache, writes, cached } = world();
    const networking = new NetworkingConvergence();
    const target = podinfoDeployment();
    expect(await networking.converge(deps, 'shop/podinfo', canary(1), target), 'bootstrap creates five').to.equal(5);
    expect(await networking.converge(deps, 'shop/podinfo', canary(1), target), 'all in place').to.equal(0);
    const apex = cache.get('Service/podinfo') ?? {};
    // A drift at an unchanged resourceVersion cannot happen in a real cluster; here it proves the pass skipped the check.
    cache.set('Service/podinfo', { ...apex, spec: { type: 'NodePort' } });
    expect(await networking.converge(deps, 'shop/podinfo', canary(1), target), 'same fingerprint: skipped').to.equal(0);
    cache.set('Service/podinfo', { ...apex, spec: { type: 'NodePort' }, metadata: { ...(apex.metadata ?? {}), resourceVersion: '99' } });
    writes.length = 0;
    expect(await networking.converge(deps, 'shop/podinfo', canary(1), target), 'an edited Service is repaired').to.equal(1);
    expect(writes).to.deep.equal(['patch Service podinfo']);
    expect(networkingFingerprint(canary(2), target, cached), 'a new Canary generation').to.not.equal(networkingFingerprint(canary(1), target, cached));
    cache.delete('DestinationRule/podinfo-canary');
    writes.length = 0;
    await networking.converge(deps, 'shop/podinfo', canary(1), target);
    expect(writes).to.deep.equal(['create DestinationRule podinfo-canary']);
  });

  it('never skips without generations to trust', async () => {
    const { deps, cache, writes, cached } = world();
    const networking = new NetworkingConvergence();
    expect(networkingFingerprint(canary(undefined), podinfoDeployment(), cached)).to.equal(null);
    await networking.converge(deps, 'shop/podinfo', canary(undefined), podinfoDeployment());
    await networking.converge(deps, 'shop/podinfo', canary(undefined), podinfoDeployment());
    const apex = cache.get('Service/podinfo') ?? {};
    cache.set('Service/podinfo', { ...apex, spec: { type: 'NodePort' } });
    writes.length = 0;
    expect(await networking.converge(deps, 'shop/podinfo', canary(undefined), podinfoDeployment())).to.equal(1);
    expect(writes).to.deep.equal(['patch Service podinfo']);
  });
});
