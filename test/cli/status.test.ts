// `glidepath status` as a child process against a sandbox: the table (one namespace, all
// namespaces, one Canary), --watch redrawing on a status change until SIGINT, and bad input.
import { expect } from 'chai';
import { useSandbox } from '../helpers/sandbox-fixture.ts';
import { brokenKubeconfigs, slowCanary } from './cli-cases.ts';
import { runCli, spawnCli, stopAllCli } from './cli-process.ts';
import { itFailsWithOneLine } from './cli-error-cases.ts';
import type { CliErrorCase } from './cli-error-cases.ts';

const NS = 'cli-status';
const OTHER = 'cli-status-other';

function blueGreen(name: string, namespace: string): Record<string, unknown> {
  const canary = slowCanary(name, namespace) as { spec: { analysis: Record<string, unknown> } };
  canary.spec.analysis = { interval: '30s', threshold: 5, iterations: 4, metrics: [] };
  return canary;
}

describe('glidepath status', function () {
  this.timeout(60_000);
  const env = useSandbox({ startWorkloads: false });
  let kubeconfig = '';

  async function setStatus(name: string, namespace: string, status: Record<string, unknown>): Promise<void> {
    await env().kubectl.ok(['patch', 'canary', name, '-n', namespace, '--subresource=status', '--type=merge', '-p', JSON.stringify({ status })]);
  }

  before(async () => {
    kubeconfig = env().sandbox.kubeconfigPath;
    for (const ns of [NS, OTHER]) await env().kubectl.ok(['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }) });
    await env().kubectl.ok(['apply', '-f', '-'], { input: JSON.stringify(slowCanary('shop', NS)) });
    await env().kubectl.ok(['apply', '-f', '-'], { input: JSON.stringify(blueGreen('cart', NS)) });
    await env().kubectl.ok(['apply', '-f', '-'], { input: JSON.stringify(slowCanary('api', OTHER)) });
    const tenSecondsAgo = new Date(Date.now() - 10_000).toISOString();
    await setStatus('shop', NS, { phase: 'Progressing', canaryWeight: 40, failedChecks: 1, lastTransitionTime: tenSecondsAgo, message: 'Advance shop.cli-status canary weight 40' });
  });

  after(async () => { await stopAllCli(); });

  it('prints the columns and one row per Canary of the namespace, sorted by name', async () => {
    const result = await runCli(['status', '-n', NS, '--kubeconfig', kubeconfig]);
    expect(result.code, result.stderr).to.equal(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).to.have.length(3);
    expect(lines[0]?.split(/\s{3,}/)).to.deep.equal(['NAMESPACE', 'NAME', 'STRATEGY', 'PHASE', 'WEIGHT', 'FAILED/THRESHOLD', 'LAST-TRANSITION', 'MESSAGE']);
    expect(lines[1]?.split(/\s{3,}/)).to.deep.equal([NS, 'cart', 'blueGreen', '<none>', '0', '0/5', '<none>', '<none>']);
    const shop = lines[2]?.split(/\s{3,}/) ?? [];
    expect(shop.slice(0, 6)).to.deep.equal([NS, 'shop', 'canary', 'Progressing', '40', '1/3']);
    expect(shop[6]).to.match(/^1\ds ago$/);
    expect(shop[7]).to.equal('Advance shop.cli-status canary weight 40');
  });

  it('one Canary by name, and -A across namespaces', async () => {
    const one = await runCli(['status', 'shop', '-n', NS, '--kubeconfig', kubeconfig]);
    expect(one.code).to.equal(0);
    expect(one.stdout.trimEnd().split('\n')).to.have.length(2);
    const all = await runCli(['status', '-A', '--kubeconfig', kubeconfig]);
    expect(all.code).to.equal(0);
    expect(all.stdout.trimEnd().split('\n').slice(1).map((l) => l.split(/\s{3,}/).slice(0, 2).join('/'))).to.deep.equal([`${NS}/cart`, `${NS}/shop`, `${OTHER}/api`]);
  });

  it('the context namespace is the default, and an empty one says so on stderr', async () => {
    const result = await runCli(['status', '--kubeconfig', kubeconfig]);
    expect(result.code).to.equal(0);
    expect(result.stdout).to.equal('');
    expect(result.stderr.trim()).to.equal('no canaries in namespace default');
  });

  it('--watch redraws when a Canary changes and ends with exit 0 on SIGINT', async () => {
    const watch = spawnCli(['status', 'shop', '-n', NS, '--watch', '--kubeconfig', kubeconfig]);
    await watch.waitForStdout(/Progressing\s+40\s+1\/3/, 'the first table');
    await setStatus('shop', NS, { phase: 'Failed', canaryWeight: 0, failedChecks: 3, message: 'Canary failed! Scaling down shop.cli-status' });
    await watch.waitForStdout(/Failed\s+0\s+3\/3\s+.*Canary failed! Scaling down/, 'the redrawn table after the status change');
    watch.signal('SIGINT');
    const result = await watch.exited;
    expect(result.code, result.stderr).to.equal(0);
    const tables = result.stdout.split('\n\n').filter((t) => t.trim() !== '');
    expect(tables.length).to.be.at.least(2);
    expect(tables.every((t) => t.startsWith('NAMESPACE'))).to.equal(true);
  });

  describe('bad input', () => {
    let broken: Awaited<ReturnType<typeof brokenKubeconfigs>>;
    before(async () => { broken = await brokenKubeconfigs(env().dir); });

    const cases: readonly CliErrorCase[] = [
      ['a Canary that does not exist', () => ['status', 'nope', '-n', NS, '--kubeconfig', kubeconfig], new RegExp(`^error: canary ${NS}/nope: not found`)],
      ['a name with -A that matches nothing', () => ['status', 'nope', '-A', '--kubeconfig', kubeconfig], /^error: canary nope: not found in any namespace$/],
      ['-A together with -n', () => ['status', '-A', '-n', NS, '--kubeconfig', kubeconfig], /^error: option '-A, --all-namespaces' cannot be used with option '-n, --namespace <namespace>'$/],
      ['an unreachable API server', () => ['status', '--kubeconfig', broken.unreachable], /^error: listing canaries in namespace default: cannot reach the Kubernetes API server at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/],
      ['an unreachable API server with --watch', () => ['status', '--watch', '--kubeconfig', broken.unreachable], /^error: listing canaries in namespace default: cannot reach the Kubernetes API server/],
      ['a missing kubeconfig', () => ['status', '--kubeconfig', '/nonexistent/kubeconfig'], /^error: kubeconfig \/nonexistent\/kubeconfig: cannot read it \(no such file\)$/],
      ['an unknown flag', () => ['status', '--wide', '--kubeconfig', kubeconfig], /^error: unknown option '--wide'$/],
      ['too many names', () => ['status', 'a', 'b', '--kubeconfig', kubeconfig], /^error: too many arguments for 'status'/],
    ];
    itFailsWithOneLine(cases);

    it('no kubeconfig anywhere is named with the ways to give one', async () => {
      const result = await runCli(['status'], { env: { KUBECONFIG: '/nonexistent/a', HOME: env().dir.path, KUBERNETES_SERVICE_HOST: undefined } });
      expect(result.code).to.equal(1);
      expect(result.stderr.trim()).to.equal('error: no kubeconfig found: pass --kubeconfig <file>, set KUBECONFIG, or create ~/.kube/config');
    });
  });
});
