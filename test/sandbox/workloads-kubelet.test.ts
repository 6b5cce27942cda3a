import { expect } from 'chai';
import { Kubelet } from '../../src/sandbox/workloads/kubelet.ts';
import type { KubeletDeps } from '../../src/sandbox/workloads/kubelet.ts';
import { makeRequestOptions } from '../../src/sandbox/workloads/request-options.ts';
import type { PodLike } from '../../src/sandbox/workloads/api-shapes.ts';
import { ManualClock } from '../helpers/manual-clock.ts';

interface Call { verb: 'patch' | 'delete'; name: string; body?: unknown }

/** A kubelet wired to an in-memory pod cache and a recording API. */
function rig(readyDelayMs: number) {
  const clock = new ManualClock(1_700_000_000_500);
  const pods = new Map<string, PodLike>();
  const calls: Call[] = [];
  const requests = makeRequestOptions();
  const deps = {
    clock,
    readyDelayMs,
    requests,
    pods: {
      get: (name: string, namespace?: string) => pods.get(`${namespace ?? ''}/${name}`),
      list: () => [...pods.values()],
      on: () => undefined,
      start: () => Promise.resolve(),
      stop: () => Promise.resolve(),
    },
    core: {
      patchNamespacedPodStatus: (p: { name: string; body: unknown }) => { calls.push({ verb: 'patch', name: p.name, body: p.body }); return Promise.resolve({}); },
      deleteNamespacedPod: (p: { name: string }) => { calls.push({ verb: 'delete', name: p.name }); return Promise.resolve({}); },
    },
  } as unknown as KubeletDeps;
  return { kubelet: new Kubelet(deps), clock, pods, calls, close: () => { requests.close(); } };
}

function pod(name: string, extra: { annotations?: Record<string, string>; createdAt?: string; deleting?: boolean } = {}): PodLike {
  return {
    metadata: {
      name, namespace: 'ns',
      ...(extra.annotations === undefined ? {} : { annotations: extra.annotations }),
      ...(extra.createdAt === undefined ? {} : { creationTimestamp: extra.createdAt }),
      ...(extra.deleting === true ? { deletionTimestamp: '2023-11-14T22:13:20Z' } : {}),
    },
    spec: { containers: [{ name: 'c', image: 'i' }] },
    status: { phase: 'Pending' },
  };
}

const readyOf = (call: Call | undefined): string | undefined =>
  ((call?.body as { status: { conditions: { type: string; status: string }[] } } | undefined)?.status.conditions.find((c) => c.type === 'Ready'))?.status;

describe('workloads kubelet', () => {
  it('starts a pod only once readyDelayMs has passed since it was first seen', async () => {
    const r = rig(1000);
    r.pods.set('ns/a', pod('a'));
    expect(r.kubelet.observe(pod('a'))).to.equal(true);
    expect(await r.kubelet.sync('ns/a')).to.deep.equal({ requeueAfterMs: 1000 });
    r.clock.advance(600);
    expect(await r.kubelet.sync('ns/a')).to.deep.equal({ requeueAfterMs: 400 });
    expect(r.calls).to.have.length(0);
    r.clock.advance(400);
    await r.kubelet.sync('ns/a');
    expect(r.calls.map((c) => c.verb)).to.deep.equal(['patch']);
    expect(readyOf(r.calls[0])).to.equal('True');
    r.close();
  });

  it('never counts from a second-precision creation time that would start a fresh pod early', async () => {
    const r = rig(1000);
    // Created "at" the start of the current second, but seen now (500 ms into it).
    const fresh = pod('fresh', { createdAt: '2023-11-14T22:13:20Z' });
    r.pods.set('ns/fresh', fresh);
    r.kubelet.observe(fresh);
    expect(await r.kubelet.sync('ns/fresh')).to.deep.equal({ requeueAfterMs: 1000 });
    r.close();
  });

  it('counts from the creation time for pods that existed long before it started', async () => {
    const r = rig(1000);
    const old = pod('old', { createdAt: '2023-11-14T22:00:00Z' });
    r.pods.set('ns/old', old);
    r.kubelet.observe(old);
    expect(await r.kubelet.sync('ns/old')).to.equal(undefined);
    expect(r.calls).to.have.length(1);
    r.close();
  });

  it('runs a never-ready pod without making it Ready', async () => {
    const r = rig(0);
    const never = pod('never', { annotations: { 'sandbox.glidepath.dev/never-ready': 'true' } });
    r.pods.set('ns/never', never);
    r.kubelet.observe(never);
    await r.kubelet.sync('ns/never');
    expect(readyOf(r.calls[0])).to.equal('False');
    expect((r.calls[0]?.body as { status: { phase: string } }).status.phase).to.equal('Running');
    r.close();
  });

  it('finishes a pod marked for deletion and ignores pods that are gone', async () => {
    const r = rig(0);
    const leaving = pod('leaving', { deleting: true });
    r.pods.set('ns/leaving', leaving);
    r.kubelet.observe(leaving);
    await r.kubelet.sync('ns/leaving');
    expect(await r.kubelet.sync('ns/missing')).to.equal(undefined);
    expect(r.calls).to.deep.equal([{ verb: 'delete', name: 'leaving' }]);
    r.close();
  });
});
