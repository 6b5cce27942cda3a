import { expect } from 'chai';
import { OwnWriteEchoes, recordingOwnWrites } from '../../../src/controller/reconciler/own-write-echoes.ts';
import type { ClusterApi, KubeObject } from '../../../src/controller/reconciler/cluster-api.ts';
import { ResourceKinds } from '../../../src/controller/runtime/resource-kinds.ts';

function object(name: string, resourceVersion: string): KubeObject {
  return { metadata: { name, namespace: 'shop', resourceVersion } };
}

/** A ClusterApi whose writes answer with the next resourceVersion. */
function fakeApi(): ClusterApi {
  let version = 100;
  const answer = async (name: string): Promise<KubeObject> => {
    await Promise.resolve();
    version += 1;
    return object(name, String(version));
  };
  const unused = (): never => { throw new Error('not used in this test'); };
  return {
    create: async (_kind, _ns, body) => answer(body.metadata?.name ?? ''),
    mergePatch: async (_kind, _ns, name) => answer(name),
    patchCanaryStatus: async (_ns, name) => answer(name),
    jsonPatchCanary: async (_ns, name) => answer(name),
    scaleDeployment: unused,
    createEvent: unused,
    patchEvent: unused,
    readConfig: unused,
  };
}

describe('own write echoes', () => {
  it('recognises the update carrying the version our write returned, once', async () => {
    const echoes = new OwnWriteEchoes();
    const api = recordingOwnWrites(fakeApi(), echoes);
    const written = await api.patchCanaryStatus('shop', 'web', {});
    const version = written.metadata?.resourceVersion ?? '';
    expect(echoes.isEcho('Canary', object('web', version))).to.equal(true);
    expect(echoes.isEcho('Canary', object('web', version)), 'only once').to.equal(false);
    expect(echoes.size).to.equal(0);
  });

  it('does not take someone else\'s update, another kind or another object for an echo', async () => {
    const echoes = new OwnWriteEchoes();
    const api = recordingOwnWrites(fakeApi(), echoes);
    const vs = await api.mergePatch(ResourceKinds.VirtualService, 'shop', 'web', {});
    const version = vs.metadata?.resourceVersion ?? '';
    expect(echoes.isEcho('VirtualService', object('other', version)), 'other object').to.equal(false);
    expect(echoes.isEcho('Service', object('web', version)), 'other kind').to.equal(false);
    expect(echoes.isEcho('VirtualService', object('web', `${version}9`)), 'a later write by someone else').to.equal(false);
    const created = await api.create(ResourceKinds.Service, 'shop', object('web-canary', ''));
    expect(echoes.isEcho('Service', object('web-canary', created.metadata?.resourceVersion ?? ''))).to.equal(true);
  });

  it('keeps only the last write per object', async () => {
    const echoes = new OwnWriteEchoes();
    const api = recordingOwnWrites(fakeApi(), echoes);
    const first = await api.patchCanaryStatus('shop', 'web', {});
    const second = await api.jsonPatchCanary('shop', 'web', []);
    expect(echoes.isEcho('Canary', object('web', second.metadata?.resourceVersion ?? ''))).to.equal(true);
    await api.patchCanaryStatus('shop', 'web', {});
    expect(echoes.isEcho('Canary', object('web', first.metadata?.resourceVersion ?? '')), 'superseded write').to.equal(false);
  });
});
