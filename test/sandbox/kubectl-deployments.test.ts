// Real kubectl against the sandbox and its simulated deployment controller/kubelet:
// scale, rollout status and wait behave as they do on a real cluster.
import { expect } from 'chai';
import { stringify } from 'yaml';
import { useSandbox } from '../helpers/sandbox-fixture.ts';
import { waitFor } from '../helpers/wait-for.ts';

interface PodView {
  metadata: { name: string; labels: Record<string, string> };
  spec: { containers: { image: string }[] };
  status: { phase: string };
}

function deployment(name: string, opts: { replicas: number; image: string; neverReady?: boolean; deadlineSeconds?: number }): string {
  return stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas: opts.replicas,
      ...(opts.deadlineSeconds === undefined ? {} : { progressDeadlineSeconds: opts.deadlineSeconds }),
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name }, ...(opts.neverReady === true ? { annotations: { 'sandbox.glidepath.dev/never-ready': 'true' } } : {}) },
        spec: { containers: [{ name: 'web', image: opts.image }] },
      },
    },
  });
}

describe('kubectl scale, rollout status and wait against the simulated workloads', function suite() {
  this.timeout(60_000);
  // Slow enough that a 3-replica rollout (one pod at a time) outlasts kubectl's start-up, so
  // rollout status must observe it in progress rather than only its end.
  const env = useSandbox({ readyDelayMs: 1000 });

  async function pods(app: string): Promise<PodView[]> {
    const list = await env().kubectl.json(['get', 'pods', '-l', `app=${app}`]);
    return list.items as PodView[];
  }

  before(async () => {
    const { kubectl, dir } = env();
    await kubectl.ok(['apply', '-f', await dir.write('web.yaml', deployment('web', { replicas: 2, image: 'web:1' }))]);
  });

  it('finishes rollout status for a new Deployment', async () => {
    const out = await env().kubectl.ok(['rollout', 'status', 'deployment/web', '--timeout=20s']);
    expect(out).to.include('deployment "web" successfully rolled out');
    const running = await pods('web');
    expect(running).to.have.length(2);
    expect(running.every((p) => p.status.phase === 'Running')).to.equal(true);
  });

  it('scales with kubectl scale (the scale subresource) and the pods follow', async () => {
    const { kubectl } = env();
    expect(await kubectl.ok(['scale', 'deployment/web', '--replicas=4'])).to.include('deployment.apps/web scaled');
    await kubectl.ok(['rollout', 'status', 'deployment/web', '--timeout=20s']);
    expect(await pods('web')).to.have.length(4);
    const d = await kubectl.json(['get', 'deployment', 'web']);
    expect(d).to.have.nested.property('spec.replicas', 4);
    expect(d).to.have.nested.property('status.availableReplicas', 4);
    await kubectl.ok(['scale', 'deployment/web', '--replicas=3']);
    await waitFor(async () => (await pods('web')).length === 3, { what: 'web to scale down to 3 pods' });
  });

  it('waits in rollout status through an image change until the new revision is out', async () => {
    const { kubectl } = env();
    const oldHash = (await pods('web'))[0]?.metadata.labels['pod-template-hash'];
    await kubectl.ok(['set', 'image', 'deployment/web', 'web=web:2']);
    const out = await kubectl.ok(['rollout', 'status', 'deployment/web', '--timeout=30s']);
    expect(out).to.match(/Waiting for deployment "web" rollout to finish/);
    expect(out).to.include('deployment "web" successfully rolled out');
    const after = await waitFor(async () => { const p = await pods('web'); return p.length === 3 && p; }, { what: 'three web pods after the rollout' });
    expect(after.every((p) => p.spec.containers[0]?.image === 'web:2')).to.equal(true);
    expect(after.some((p) => p.metadata.labels['pod-template-hash'] === oldHash)).to.equal(false);
  });

  it('satisfies kubectl wait --for=condition=Available', async () => {
    const out = await env().kubectl.ok(['wait', '--for=condition=Available', 'deployment/web', '--timeout=20s']);
    expect(out).to.include('deployment.apps/web condition met');
  });

  it('makes rollout status fail with the progress-deadline message for a never-ready revision', async () => {
    const { kubectl, dir } = env();
    await kubectl.ok(['apply', '-f', await dir.write('stuck.yaml', deployment('stuck', { replicas: 1, image: 'stuck:1', neverReady: true, deadlineSeconds: 1 }))]);
    const result = await kubectl.fail(['rollout', 'status', 'deployment/stuck', '--timeout=20s']);
    expect(result.stderr).to.include('deployment "stuck" exceeded its progress deadline');
    const waited = await kubectl.fail(['wait', '--for=condition=Available', 'deployment/stuck', '--timeout=1s']);
    expect(waited.stderr).to.match(/timed out waiting for the condition/);
  });
});
