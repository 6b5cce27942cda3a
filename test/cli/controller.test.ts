// `glidepath controller` as a child process against a sandbox: it prints its endpoints,
// serves /metrics, /healthz, /readyz and the status page (with token-gated actions), stops on
// SIGTERM, and turns every bad flag or kubeconfig into one line on stderr.
import { expect } from 'chai';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { useSandbox } from '../helpers/sandbox-fixture.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { brokenKubeconfigs, slowCanary } from './cli-cases.ts';
import { isOneLineError, runCli, spawnCli, stopAllCli } from './cli-process.ts';
import type { CliProcess, CliResult } from './cli-process.ts';

const NS = 'cli-controller';
const TOKEN = 'a-test-token-of-32-characters-xx';
const READY = /^metrics: (http:\/\/127\.0\.0\.1:\d+\/metrics)\npage: (http:\/\/127\.0\.0\.1:\d+)\nready\n$/;

describe('glidepath controller', function () {
  this.timeout(90_000);
  const env = useSandbox({ startWorkloads: false });
  let kubeconfig = '';
  let controller: CliProcess | undefined;
  let endpoints: RegExpExecArray;

  before(async function () {
    this.timeout(60_000);
    kubeconfig = env().sandbox.kubeconfigPath;
    await env().kubectl.ok(['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } }) });
    await env().kubectl.ok(['apply', '-f', '-'], { input: JSON.stringify(slowCanary('shop', NS)) });
    controller = spawnCli(['controller', '--kubeconfig', kubeconfig, '--prometheus', 'http://127.0.0.1:9', '--metrics-port', '0', '--page-port', '0', '--namespace', NS],
      { env: { GLIDEPATH_ACTIONS_TOKEN: TOKEN } });
    endpoints = await controller.waitForStdout(READY, 'the metrics and page lines, then ready', 60_000);
  });

  after(async () => { await stopAllCli(); });

  it('serves /metrics, /healthz and /readyz', async () => {
    const metrics = endpoints[1] ?? '';
    expect(await (await fetch(metrics)).text()).to.match(/^# (HELP|TYPE) glidepath_/m);
    expect((await fetch(metrics.replace(/\/metrics$/, '/healthz'))).status).to.equal(200);
    await waitFor(async () => (await fetch(metrics.replace(/\/metrics$/, '/readyz'))).status === 200, { what: '/readyz to answer 200', timeoutMs: 10_000 });
  });

  it('serves the status page, which lists the Canary', async () => {
    const page = endpoints[2] ?? '';
    expect((await fetch(page)).headers.get('content-type')).to.match(/^text\/html/);
    await waitFor(async () => {
      const body = await (await fetch(`${page}/api/canaries`)).json() as { canaries: { namespace: string; name: string }[] };
      return body.canaries.some((c) => c.namespace === NS && c.name === 'shop');
    }, { what: 'the page to list cli-controller/shop', timeoutMs: 10_000 });
  });

  it('the actions token from GLIDEPATH_ACTIONS_TOKEN gates the page actions', async () => {
    const page = endpoints[2] ?? '';
    const url = `${page}/api/canaries/${NS}/shop/actions/pause`;
    const body = JSON.stringify({ actor: 'test' });
    const anonymous = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(anonymous.status).to.equal(401);
    const allowed = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body });
    expect(allowed.status, await allowed.text()).to.equal(202);
  });

  it('stops on SIGTERM with exit 0, closing both servers', async () => {
    const cli = controller;
    if (cli === undefined) throw new Error('controller not started');
    const result = await cli.stop();
    expect(result.code, result.stderr).to.equal(0);
    for (const url of [endpoints[1] ?? '', endpoints[2] ?? '']) {
      await waitFor(() => fetch(url).then(() => false, () => true), { what: `${url} to stop answering`, timeoutMs: 5000 });
    }
  });

  describe('bad input', () => {
    let broken: Awaited<ReturnType<typeof brokenKubeconfigs>>;
    let busy: Server;
    let busyPort = 0;
    before(async () => {
      broken = await brokenKubeconfigs(env().dir);
      busy = createServer();
      await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
      busyPort = (busy.address() as { port: number }).port;
    });
    after(async () => { await new Promise((resolve) => busy.close(resolve)); });

    const cases: readonly [string, () => string[], RegExp, Record<string, string>?][] = [
      ['a Prometheus URL that is not http', () => ['controller', '--kubeconfig', kubeconfig, '--prometheus', 'ftp://prom'], /^error: option '--prometheus <url>' argument 'ftp:\/\/prom' is invalid\. Expected an http or https URL, not ftp\.$/],
      ['a bad label selector', () => ['controller', '--kubeconfig', kubeconfig, '--selector', 'tier in'], /^error: option '--selector <selector>' argument 'tier in' is invalid\. Expected a label selector/],
      ['a port out of range', () => ['controller', '--kubeconfig', kubeconfig, '--metrics-port', '70000'], /^error: option '--metrics-port <port>' argument '70000' is invalid\. Expected a port number in 0\.\.65535\.$/],
      ['a short actions token', () => ['controller', '--kubeconfig', kubeconfig, '--actions-token', 'short'], /^error: option '--actions-token <token>' argument 'short' is invalid\. actionsToken must be at least 16 characters/],
      ['a short actions token from the environment', () => ['controller', '--kubeconfig', kubeconfig], /actionsToken must be at least 16 characters/, { GLIDEPATH_ACTIONS_TOKEN: 'short' }],
      ['a bad log level', () => ['controller', '--kubeconfig', kubeconfig, '--log-level', 'loud'], /^error: option '--log-level <level>' argument 'loud' is invalid\. Expected debug, info, warn or error\.$/],
      ['--in-cluster with --kubeconfig', () => ['controller', '--in-cluster', '--kubeconfig', kubeconfig], /^error: option '--in-cluster' cannot be used with option '--kubeconfig <file>'$/],
      ['--in-cluster outside a pod', () => ['controller', '--in-cluster'], /^error: --in-cluster: not running in a pod/],
      ['a missing kubeconfig', () => ['controller', '--kubeconfig', '/nonexistent/kubeconfig'], /^error: kubeconfig \/nonexistent\/kubeconfig: cannot read it \(no such file\)$/],
      ['an unreachable API server', () => ['controller', '--kubeconfig', broken.unreachable], /^error: listing canaries in all namespaces: cannot reach the Kubernetes API server at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/],
      ['a page port in use', () => ['controller', '--kubeconfig', kubeconfig, '--metrics-port', '0', '--page-port', String(busyPort)], /^error: status page cannot listen on 127\.0\.0\.1:\d+: EADDRINUSE$/],
      ['an unknown flag', () => ['controller', '--kubeconfig', kubeconfig, '--workers', '3'], /^error: unknown option '--workers'$/],
    ];
    // The cases are independent, so they run at once; each `it` then checks its own result.
    const results = new Map<string, CliResult>();
    before(async function () {
      this.timeout(120_000);
      await Promise.all(cases.map(async ([what, args, , extraEnv]) => {
        results.set(what, await runCli(args(), { env: { GLIDEPATH_ACTIONS_TOKEN: undefined, KUBERNETES_SERVICE_HOST: undefined, ...extraEnv } }));
      }));
    });
    for (const [what, , message] of cases) {
      it(`${what}: exit 1 and one line`, () => {
        const result = results.get(what)!;
        expect(result.code, result.stderr).to.equal(1);
        const errors = result.stderr.split('\n').filter((l) => l.startsWith('error: '));
        expect(errors, result.stderr).to.have.length(1);
        expect(errors[0]).to.match(message);
        if (!/page port/.test(what)) expect(isOneLineError(result.stderr), result.stderr).to.equal(true);
      });
    }
  });
});
