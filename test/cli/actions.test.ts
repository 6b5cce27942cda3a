// The operator action commands as child processes against a sandbox, with `glidepath
// controller` (also a child process) acting on them: acted (exit 0), refused (2), timed out
// (3), and every kind of bad input (1) as one line on stderr.
import { expect } from 'chai';
import { CustomObjectsApi } from '@kubernetes/client-node';
import type { Canary } from '../../src/api/canary-types.ts';
import { useSandbox } from '../helpers/sandbox-fixture.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { brokenKubeconfigs, deployment, slowCanary } from './cli-cases.ts';
import { isOneLineError, runCli, spawnCli, stopAllCli } from './cli-process.ts';
import { itFailsWithOneLine } from './cli-error-cases.ts';
import type { CliErrorCase } from './cli-error-cases.ts';
import type { CliResult } from './cli-process.ts';

const NS = 'cli-actions';
const UNWATCHED = 'cli-unwatched';

describe('glidepath promote | abort | pause | resume | retry', function () {
  this.timeout(120_000);
  const env = useSandbox({ readyDelayMs: 100 });
  let kubeconfig = '';

  async function canary(name: string, namespace = NS): Promise<Canary> {
    const api = env().sandbox.kubeConfig.makeApiClient(CustomObjectsApi);
    return (await api.getNamespacedCustomObject({ group: 'glidepath.dev', version: 'v1alpha1', plural: 'canaries', namespace, name })) as Canary;
  }

  async function phaseIs(name: string, phase: string, timeoutMs = 30_000): Promise<void> {
    let last = '';
    await waitFor(async () => {
      const status = (await canary(name)).status;
      last = `${status?.phase ?? '-'} ${status?.message ?? ''}`;
      return status?.phase === phase;
    }, { what: `canary ${name} in phase ${phase}`, timeoutMs, intervalMs: 50, describeLast: () => `last: ${last}` });
  }

  async function act(args: string[]): Promise<CliResult> {
    return runCli([...args, '--kubeconfig', kubeconfig]);
  }

  before(async function () {
    this.timeout(60_000);
    kubeconfig = env().sandbox.kubeconfigPath;
    const { kubectl } = env();
    for (const ns of [NS, UNWATCHED]) await kubectl.ok(['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }) });
    const controller = spawnCli(['controller', '--kubeconfig', kubeconfig, '--namespace', NS, '--prometheus', 'http://127.0.0.1:9', '--metrics-port', '0', '--page-port', '0', '--log-level', 'warn']);
    await waitFor(() => controller.stderr.includes('controller running'), { what: 'the controller to start', timeoutMs: 45_000, describeLast: () => controller.stderr });
    for (const [name, ns] of [['shop', NS], ['idle', UNWATCHED]] as const) {
      await kubectl.ok(['apply', '-f', '-'], { input: JSON.stringify(deployment(name, ns, 'v1')) });
      await kubectl.ok(['apply', '-f', '-'], { input: JSON.stringify(slowCanary(name, ns)) });
    }
    await phaseIs('shop', 'Initialized');
  });

  after(async () => { await stopAllCli(); });

  it('refuses what the machine cannot take now: exit 2 and the reason', async () => {
    const result = await act(['resume', 'shop', '-n', NS]);
    expect(result.code, result.stderr).to.equal(2);
    expect(isOneLineError(result.stderr), result.stderr).to.equal(true);
    expect(result.stderr.trim()).to.equal(`error: ${NS}/shop: resume refused by the controller: resume is not possible while Initialized: the release is not paused`);
    expect((await canary('shop')).metadata.annotations?.['glidepath.dev/resume']).to.equal(undefined);
  });

  it('pause, resume, abort, retry and promote during a release: exit 0 and the transition taken', async () => {
    await env().kubectl.ok(['apply', '-f', '-'], { input: JSON.stringify(deployment('shop', NS, 'v2')) });
    await phaseIs('shop', 'Progressing');

    const pause = await act(['pause', 'shop', '-n', NS]);
    expect(pause.code, pause.stderr).to.equal(0);
    expect(pause.stdout).to.match(new RegExp(`^${NS}/shop: pause done: \\S+ -> \\S+, phase Progressing, weight \\d+: .*\\(annotation glidepath.dev/pause="[^"]+"\\)\\n$`));
    expect((await canary('shop')).status?.paused).to.equal(true);
    const history = (await canary('shop')).status?.history ?? [];
    expect(history.at(-1)?.actor).to.equal('glidepath-cli');

    const again = await act(['pause', 'shop', '-n', NS]);
    expect(again.code).to.equal(2);
    expect(again.stderr).to.match(/pause refused by the controller: pause is not possible while Progressing \(paused\): the release is already paused/);

    expect((await act(['resume', 'shop', '-n', NS])).code).to.equal(0);
    const abort = await act(['abort', 'shop', '-n', NS]);
    expect(abort.code, abort.stderr).to.equal(0);
    expect(abort.stdout).to.match(/abort done: .* phase Failed, weight 0/);

    const retry = await act(['retry', 'shop', '-n', NS]);
    expect(retry.code, retry.stderr).to.equal(0);
    await phaseIs('shop', 'Progressing');

    const promote = await act(['promote', 'shop', '-n', NS]);
    expect(promote.code, promote.stderr).to.equal(0);
    expect(promote.stdout).to.match(/promote done: /);
    await phaseIs('shop', 'Succeeded');
  });

  it('times out with exit 3 when no controller acts, leaving the annotation and saying how to cancel', async () => {
    const result = await act(['pause', 'idle', '-n', UNWATCHED, '--timeout', '1s']);
    expect(result.code).to.equal(3);
    expect(isOneLineError(result.stderr), result.stderr).to.equal(true);
    expect(result.stderr).to.include(`${UNWATCHED}/idle: no controller acted on glidepath.dev/pause within 1s`);
    expect(result.stderr).to.include(`kubectl annotate canary idle -n ${UNWATCHED} glidepath.dev/pause-`);
    expect((await canary('idle', UNWATCHED)).metadata.annotations?.['glidepath.dev/pause']).to.be.a('string');
  });

  it('--no-wait sets the annotation and returns at once', async () => {
    const result = await act(['resume', 'idle', '-n', UNWATCHED, '--no-wait']);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.include('glidepath.dev/resume set; not waiting');
    expect((await canary('idle', UNWATCHED)).metadata.annotations?.['glidepath.dev/resume']).to.be.a('string');
  });

  describe('bad input', () => {
    let broken: Awaited<ReturnType<typeof brokenKubeconfigs>>;
    before(async () => { broken = await brokenKubeconfigs(env().dir); });

    const cases: readonly CliErrorCase[] = [
      ['a Canary that does not exist', () => ['promote', 'nope', '-n', NS, '--kubeconfig', kubeconfig], new RegExp(`^error: canary ${NS}/nope: not found`)],
      ['an unreachable API server', () => ['abort', 'shop', '-n', NS, '--kubeconfig', broken.unreachable], /^error: canary cli-actions\/shop: cannot reach the Kubernetes API server at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/],
      ['a missing kubeconfig file', () => ['abort', 'shop', '--kubeconfig', '/nonexistent/kubeconfig'], /^error: kubeconfig \/nonexistent\/kubeconfig: cannot read it \(no such file\)$/],
      ['a kubeconfig that is not YAML', () => ['abort', 'shop', '--kubeconfig', broken.garbage], /^error: kubeconfig .*garbage\.kubeconfig: not a valid kubeconfig: /],
      ['a kubeconfig without a current context', () => ['abort', 'shop', '--kubeconfig', broken.noContext], /^error: kubeconfig .*no-context\.kubeconfig: no current-context is set; pass --context <name>$/],
      ['an unknown context', () => ['abort', 'shop', '--kubeconfig', kubeconfig, '--context', 'prod'], /^error: kubeconfig .*: context "prod" does not exist \(known contexts: glidepath-sandbox\)$/],
      ['a bad --timeout', () => ['promote', 'shop', '--timeout', 'soon', '--kubeconfig', kubeconfig], /^error: option '--timeout <duration>' argument 'soon' is invalid\./],
      ['a bad namespace', () => ['promote', 'shop', '-n', 'Not_A_Namespace', '--kubeconfig', kubeconfig], /^error: option '-n, --namespace <namespace>' argument 'Not_A_Namespace' is invalid\./],
      ['a missing name', () => ['retry', '--kubeconfig', kubeconfig], /^error: missing required argument 'name'$/],
      ['an unknown flag', () => ['retry', 'shop', '--force', '--kubeconfig', kubeconfig], /^error: unknown option '--force'$/],
    ];
    itFailsWithOneLine(cases);

    it('--debug adds the stack trace', async () => {
      const result = await runCli(['abort', 'shop', '--kubeconfig', broken.unreachable, '--debug']);
      expect(result.code).to.equal(1);
      expect(result.stderr).to.match(/cannot reach the Kubernetes API server/);
      expect(result.stderr).to.match(/\n\s+at /);
    });
  });
});
