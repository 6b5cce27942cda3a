// Real kubectl against the sandbox: creating CRDs and objects with apply, re-applying edited
// files (strategic merge for built-ins, JSON merge for custom resources), server-side apply,
// and the error paths kubectl users meet first.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { PROJECT_ROOT, crdPaths, useSandbox } from '../helpers/sandbox-fixture.ts';
import { waitFor } from '../helpers/wait-for.ts';

interface Container {
  name: string;
  image: string;
  env?: { name: string; value: string }[];
}

function deploymentManifest(appImage: string, mode: string): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'shop', namespace: 'test', labels: { app: 'shop' } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'shop' } },
      template: {
        metadata: { labels: { app: 'shop' } },
        spec: {
          containers: [
            { name: 'app', image: appImage, env: [{ name: 'MODE', value: mode }, { name: 'KEEP', value: 'kept' }] },
            { name: 'sidecar', image: 'proxy:1', env: [{ name: 'SIDE', value: 'car' }] },
          ],
        },
      },
    },
  };
}

const serviceManifest = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'shop', namespace: 'test' },
  spec: { selector: { app: 'shop' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
};

async function exampleCanary(): Promise<Record<string, unknown>> {
  const text = await readFile(join(PROJECT_ROOT, 'manifests', 'examples', 'podinfo-canary.yaml'), 'utf8');
  return parse(text) as Record<string, unknown>;
}

describe('kubectl apply against the sandbox (server started without CRDs)', function suite() {
  this.timeout(60_000);
  const env = useSandbox({ crdFiles: [], readyDelayMs: 100 });

  async function writeYaml(name: string, ...docs: unknown[]): Promise<string> {
    return env().dir.write(name, docs.map((d) => stringify(d)).join('---\n'));
  }

  async function getJson(...args: string[]): Promise<Record<string, unknown>> {
    return env().kubectl.json(['get', ...args]);
  }

  it('applies our CRDs and the Istio ones, after which their kinds are served', async () => {
    const { kubectl } = env();
    for (const dir of crdPaths()) {
      const out = await kubectl.ok(['apply', '-f', dir]);
      expect(out).to.match(/customresourcedefinition\.apiextensions\.k8s\.io\/\S+ created/);
    }
    const crds = await kubectl.ok(['get', 'crd', '-o', 'name']);
    for (const name of ['canaries.glidepath.dev', 'metrictemplates.glidepath.dev', 'virtualservices.networking.istio.io', 'destinationrules.networking.istio.io']) {
      expect(crds).to.include(`customresourcedefinition.apiextensions.k8s.io/${name}`);
    }
    await waitFor(async () => (await kubectl.run(['get', 'canaries', '-A'])).code === 0, { what: 'canaries to become servable', timeoutMs: 10_000 });
  });

  it('applies a Namespace, a Deployment, a Service and a Canary', async () => {
    const { kubectl } = env();
    const canary = await exampleCanary();
    const file = await writeYaml('app.yaml', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'test' } },
      deploymentManifest('shop:1', 'fast'), serviceManifest, canary);
    const out = await kubectl.ok(['apply', '-f', file]);
    expect(out).to.include('namespace/test created');
    expect(out).to.include('deployment.apps/shop created');
    expect(out).to.include('service/shop created');
    expect(out).to.include('canary.glidepath.dev/podinfo created');
    const stored = await getJson('canary', 'podinfo', '-n', 'test');
    expect(stored).to.have.nested.property('spec.analysis.stepWeight', 10);
    expect(stored).to.have.nested.property('metadata.generation', 1);
  });

  it('re-applies an edited Deployment with a strategic merge: containers and env entries merge by name', async () => {
    const { kubectl } = env();
    // Changes made outside the file: an env entry and a container that apply must not wipe out.
    await kubectl.ok(['patch', 'deployment', 'shop', '-n', 'test', '--type=strategic', '-p', JSON.stringify({
      spec: { template: { spec: { containers: [{ name: 'app', env: [{ name: 'INJECTED', value: '1' }] }, { name: 'extra', image: 'extra:1' }] } } },
    })]);
    const file = await writeYaml('deploy-v2.yaml', deploymentManifest('shop:2', 'safe'));
    expect(await kubectl.ok(['apply', '-f', file])).to.include('deployment.apps/shop configured');
    const d = await getJson('deployment', 'shop', '-n', 'test');
    const containers = (d.spec as { template: { spec: { containers: Container[] } } }).template.spec.containers;
    const byName = new Map(containers.map((c) => [c.name, c]));
    expect(byName.get('app')?.image).to.equal('shop:2');
    const appEnv = Object.fromEntries((byName.get('app')?.env ?? []).map((e) => [e.name, e.value]));
    expect(appEnv).to.deep.equal({ MODE: 'safe', KEEP: 'kept', INJECTED: '1' });
    expect(byName.get('sidecar')).to.deep.include({ image: 'proxy:1', env: [{ name: 'SIDE', value: 'car' }] });
    expect(byName.get('extra')?.image).to.equal('extra:1');
  });

  it('re-applies an edited Canary with a JSON merge patch: edits land, removed fields go, others stay', async () => {
    const { kubectl } = env();
    await kubectl.ok(['annotate', 'canary', 'podinfo', '-n', 'test', 'owner=team-a']);
    const canary = await exampleCanary();
    const spec = canary.spec as { analysis: { stepWeight: number; webhooks: unknown[] }; service: Record<string, unknown> };
    spec.analysis.stepWeight = 20;
    spec.analysis.webhooks = spec.analysis.webhooks.slice(0, 1);
    delete spec.service.retries;
    const file = await writeYaml('canary-v2.yaml', canary);
    expect(await kubectl.ok(['apply', '-f', file])).to.include('canary.glidepath.dev/podinfo configured');
    const stored = await getJson('canary', 'podinfo', '-n', 'test');
    expect(stored).to.have.nested.property('spec.analysis.stepWeight', 20);
    expect((stored.spec as { analysis: { webhooks: unknown[] } }).analysis.webhooks).to.have.length(1);
    expect(stored).to.not.have.nested.property('spec.service.retries');
    expect(stored).to.have.nested.property('metadata.annotations.owner', 'team-a');
    expect(stored).to.have.nested.property('metadata.generation', 2);
  });

  it('applies server-side (apply-patch+yaml): creates, then updates with the field manager recorded', async () => {
    const { kubectl } = env();
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ssa', namespace: 'test' }, data: { a: '1' } };
    const created = await kubectl.ok(['apply', '--server-side', '--field-manager=glidepath-test', '-f', await writeYaml('ssa.yaml', cm)]);
    expect(created).to.include('configmap/ssa serverside-applied');
    const updated = await kubectl.ok(['apply', '--server-side', '--field-manager=glidepath-test', '-f', await writeYaml('ssa2.yaml', { ...cm, data: { a: '2', b: '3' } })]);
    expect(updated).to.include('configmap/ssa serverside-applied');
    const stored = await getJson('configmap', 'ssa', '-n', 'test', '--show-managed-fields');
    expect(stored.data).to.deep.equal({ a: '2', b: '3' });
    const managers = ((stored.metadata as { managedFields?: { manager: string }[] }).managedFields ?? []).map((m) => m.manager);
    expect(managers).to.include('glidepath-test');
  });

  it('rejects an invalid Canary with the 422 message naming each bad field and a non-zero exit', async () => {
    const { kubectl } = env();
    const bad = {
      apiVersion: 'glidepath.dev/v1alpha1', kind: 'Canary', metadata: { name: 'bad', namespace: 'test' },
      spec: { targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'shop' }, service: { port: 'eighty' }, analysis: { interval: '1m', threshold: -3 } },
    };
    const result = await kubectl.fail(['apply', '-f', await writeYaml('bad.yaml', bad)]);
    expect(result.code).to.equal(1);
    expect(result.stderr).to.include('The Canary "bad" is invalid');
    expect(result.stderr).to.match(/spec\.service\.port: Invalid value/);
    expect(result.stderr).to.match(/spec\.analysis\.threshold: Invalid value/);
    const after = await kubectl.run(['get', 'canary', 'bad', '-n', 'test']);
    expect(after.code).to.equal(1);
  });

  it('answers NotFound with exit code 1 for a missing Canary', async () => {
    const result = await env().kubectl.fail(['get', 'canary', 'nope', '-n', 'test']);
    expect(result.code).to.equal(1);
    expect(result.stderr).to.include('Error from server (NotFound): canaries.glidepath.dev "nope" not found');
  });

  it('parses multi-document output of get -o yaml for the applied objects', async () => {
    const out = await env().kubectl.ok(['get', 'deployment/shop', 'service/shop', 'canary/podinfo', '-n', 'test', '-o', 'yaml']);
    const list = parse(out) as { kind: string; items: { kind: string }[] };
    expect(list.kind).to.equal('List');
    expect(list.items.map((i) => i.kind)).to.deep.equal(['Deployment', 'Service', 'Canary']);
    expect(parseAllDocuments(out)).to.have.length(1);
  });
});
