// Real kubectl against the sandbox: reading Canaries (printer columns, short names, YAML),
// metadata and spec edits, the status subresource, explain and api-resources.
import { join } from 'node:path';
import { expect } from 'chai';
import { parse } from 'yaml';
import { PROJECT_ROOT, useSandbox } from '../helpers/sandbox-fixture.ts';

interface CanaryView {
  metadata: { name: string; uid: string; resourceVersion: string; generation: number; annotations?: Record<string, string> };
  spec: { analysis: { stepWeight?: number; threshold?: number } };
  status?: { phase?: string; canaryWeight?: number; failedChecks?: number };
}

/** Splits kubectl's table output into header cells and rows of cells. */
function table(out: string): { header: string[]; rows: string[][] } {
  const [head = '', ...lines] = out.trimEnd().split('\n');
  return { header: head.trim().split(/\s+/), rows: lines.map((l) => l.trim().split(/\s+/)) };
}

describe('kubectl get/annotate/patch/explain against the sandbox', function suite() {
  this.timeout(60_000);
  const env = useSandbox({ readyDelayMs: 100 });

  async function canary(): Promise<CanaryView> {
    return (await env().kubectl.json(['get', 'canary', 'podinfo', '-n', 'test'])) as unknown as CanaryView;
  }

  before(async () => {
    const { kubectl, dir } = env();
    const ns = await dir.write('ns.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: test\n');
    await kubectl.ok(['apply', '-f', ns]);
    await kubectl.ok(['apply', '-f', join(PROJECT_ROOT, 'manifests', 'examples', 'podinfo-canary.yaml')]);
  });

  it('shows the CRD printer columns for get canaries, and the priority-1 ones with -o wide', async () => {
    const { kubectl } = env();
    const plain = table(await kubectl.ok(['get', 'canaries', '-n', 'test']));
    expect(plain.header).to.deep.equal(['NAME', 'STATUS', 'WEIGHT', 'FAILEDCHECKS', 'INTERVAL', 'LASTTRANSITIONTIME']);
    expect(plain.rows[0]?.[0]).to.equal('podinfo');
    const wide = table(await kubectl.ok(['get', 'canaries', '-n', 'test', '-o', 'wide']));
    expect(wide.header).to.deep.equal(['NAME', 'STATUS', 'WEIGHT', 'FAILEDCHECKS', 'INTERVAL', 'STEPWEIGHT', 'MAXWEIGHT', 'LASTTRANSITIONTIME']);
    expect(wide.rows[0]).to.include.members(['podinfo', '1m', '10', '50']);
  });

  it('gets a Canary by its short name and by kind.group', async () => {
    const { kubectl } = env();
    expect(table(await kubectl.ok(['get', 'cn', 'podinfo', '-n', 'test'])).rows[0]?.[0]).to.equal('podinfo');
    expect(await kubectl.ok(['get', 'canaries.glidepath.dev', '-n', 'test', '-o', 'name'])).to.equal('canary.glidepath.dev/podinfo\n');
  });

  it('prints the stored object with get -o yaml', async () => {
    const out = await env().kubectl.ok(['get', 'canary', 'podinfo', '-n', 'test', '-o', 'yaml']);
    const obj = parse(out) as CanaryView & { apiVersion: string; kind: string };
    expect(obj.apiVersion).to.equal('glidepath.dev/v1alpha1');
    expect(obj.kind).to.equal('Canary');
    expect(obj.metadata.uid).to.match(/^[0-9a-f-]{36}$/);
    expect(obj.metadata.resourceVersion).to.match(/^\d+$/);
    expect(obj.metadata.generation).to.equal(1);
    expect(obj.spec.analysis.stepWeight).to.equal(10);
  });

  it('annotates without bumping the generation', async () => {
    const before = await canary();
    expect(await env().kubectl.ok(['annotate', 'canary', 'podinfo', '-n', 'test', 'glidepath.dev/note=hello'])).to.include('annotated');
    const after = await canary();
    expect(after.metadata.annotations?.['glidepath.dev/note']).to.equal('hello');
    expect(after.metadata.generation).to.equal(before.metadata.generation);
    expect(Number(after.metadata.resourceVersion)).to.be.greaterThan(Number(before.metadata.resourceVersion));
  });

  it('patches the spec with --type=merge, bumping the generation', async () => {
    const before = await canary();
    await env().kubectl.ok(['patch', 'canary', 'podinfo', '-n', 'test', '--type=merge', '-p', '{"spec":{"analysis":{"threshold":9}}}']);
    const after = await canary();
    expect(after.spec.analysis.threshold).to.equal(9);
    expect(after.metadata.generation).to.equal(before.metadata.generation + 1);
  });

  it('patches --subresource=status: the status changes, the spec and generation do not', async () => {
    const { kubectl } = env();
    const before = await canary();
    const patch = JSON.stringify({ status: { phase: 'Progressing', canaryWeight: 30, failedChecks: 1 }, spec: { analysis: { threshold: 1 } } });
    await kubectl.ok(['patch', 'canary', 'podinfo', '-n', 'test', '--subresource=status', '--type=merge', '-p', patch]);
    const after = await canary();
    expect(after.status).to.include({ phase: 'Progressing', canaryWeight: 30, failedChecks: 1 });
    expect(after.spec).to.deep.equal(before.spec);
    expect(after.metadata.generation).to.equal(before.metadata.generation);
    const row = table(await kubectl.ok(['get', 'canaries', '-n', 'test'])).rows[0];
    expect(row?.slice(0, 4)).to.deep.equal(['podinfo', 'Progressing', '30', '1']);
  });

  it('explains canary.spec.analysis from the published OpenAPI schema', async () => {
    const out = await env().kubectl.ok(['explain', 'canary.spec.analysis']);
    expect(out).to.match(/KIND:\s+Canary/);
    expect(out).to.match(/VERSION:\s+v1alpha1/);
    for (const field of ['interval', 'threshold', 'stepWeight', 'maxWeight', 'metrics', 'webhooks']) expect(out).to.match(new RegExp(`^\\s+${field}\\s+<`, 'm'));
  });

  it('lists our kinds and the Istio ones with short names in api-resources', async () => {
    const { rows } = table(await env().kubectl.ok(['api-resources']));
    const find = (name: string): string[] | undefined => rows.find((r) => r[0] === name);
    expect(find('canaries')).to.deep.equal(['canaries', 'cn', 'glidepath.dev/v1alpha1', 'true', 'Canary']);
    expect(find('metrictemplates')).to.deep.equal(['metrictemplates', 'mt', 'glidepath.dev/v1alpha1', 'true', 'MetricTemplate']);
    expect(find('virtualservices')?.slice(0, 2)).to.deep.equal(['virtualservices', 'vs']);
    expect(find('destinationrules')?.slice(0, 2)).to.deep.equal(['destinationrules', 'dr']);
    expect(find('deployments')).to.deep.equal(['deployments', 'deploy', 'apps/v1', 'true', 'Deployment']);
  });
});
