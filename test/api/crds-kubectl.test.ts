// The CRDs and examples as real kubectl (v1.32) sees them, against the sandbox API server.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox, type Sandbox } from '../../src/sandbox/start-sandbox.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));

interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

describe('CRDs with real kubectl', function () {
  this.timeout(60_000);
  let sandbox: Sandbox | undefined;
  let scratch = '';

  // kubectl must run asynchronously: the sandbox serves from this same process.
  function kubectl(...args: string[]): Promise<KubectlResult> {
    if (sandbox === undefined) throw new Error('sandbox not started');
    const base = ['--kubeconfig', sandbox.kubeconfigPath, '--cache-dir', join(scratch, 'cache')];
    return new Promise((resolve) => {
      execFile('kubectl', [...base, ...args], { cwd: repo, timeout: 30_000 }, (error, stdout, stderr) => {
        resolve({ code: error === null ? 0 : Number(error.code ?? 1), stdout, stderr });
      });
    });
  }

  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'glidepath-api-kubectl-'));
    sandbox = await startSandbox({ crdFiles: [join(repo, 'manifests/crds'), join(repo, 'manifests/istio')], startWorkloads: false });
    writeFileSync(join(scratch, 'ns.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: test\n');
    const ns = await kubectl('apply', '-f', join(scratch, 'ns.yaml'));
    expect(ns.code, ns.stderr).to.equal(0);
  });

  after(async () => {
    await sandbox?.stop();
    if (scratch !== '') rmSync(scratch, { recursive: true, force: true });
  });

  it('applies the Canary and MetricTemplate examples and prints the CRD columns', async () => {
    for (const file of ['podinfo-canary.yaml', 'metric-template-error-rate.yaml']) {
      const applied = await kubectl('apply', '-f', `manifests/examples/${file}`);
      expect(applied.code, applied.stderr).to.equal(0);
    }
    const status = { phase: 'Progressing', canaryWeight: 20, failedChecks: 1, lastTransitionTime: new Date().toISOString() };
    const patched = await kubectl('patch', 'cn', 'podinfo', '-n', 'test', '--subresource=status', '--type=merge', '-p', JSON.stringify({ status }));
    expect(patched.code, patched.stderr).to.equal(0);
    const wide = await kubectl('get', 'cn', '-n', 'test', '-o', 'wide');
    expect(wide.stdout.split('\n')[0]?.split(/\s+/)).to.deep.equal(['NAME', 'STATUS', 'WEIGHT', 'FAILEDCHECKS', 'INTERVAL', 'STEPWEIGHT', 'MAXWEIGHT', 'LASTTRANSITIONTIME']);
    expect(wide.stdout.split('\n')[1]?.split(/\s+/).slice(0, 7)).to.deep.equal(['podinfo', 'Progressing', '20', '1', '1m', '10', '50']);
    const templates = await kubectl('get', 'mt', '-n', 'test');
    expect(templates.stdout).to.match(/error-rate\s+prometheus\s+http:\/\/prometheus\.istio-system:9090/);
  });

  it('reports schema violations with the field, as kube-apiserver does', async () => {
    const rejected = await kubectl('apply', '-f', 'test/fixtures/invalid/virtual-service-weight-over-100.yaml');
    expect(rejected.code).to.not.equal(0);
    expect(rejected.stderr).to.contain('spec.http[0].route[1].weight: Invalid value: 120: must be less than or equal to 100');
  });
});
