// `glidepath sandbox` as a child process: the four endpoint lines and `ready`, each endpoint
// answering, and on SIGTERM everything stopped, Prometheus' PID included.
import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { spawnCli, runCli, isOneLineError, stopAllCli } from './cli-process.ts';
import type { CliProcess } from './cli-process.ts';
import { Kubectl } from '../helpers/kubectl.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';
import type { TempDir } from '../helpers/temp-dir.ts';
import { waitFor } from '../helpers/wait-for.ts';

const ENDPOINTS = /^kubeconfig: (\S+)\napi: (http:\/\/127\.0\.0\.1:\d+)\nprometheus: (http:\/\/127\.0\.0\.1:\d+)\nmesh-metrics: (http:\/\/127\.0\.0\.1:\d+\/metrics)\nready\n$/;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** PIDs of running processes whose parent is `parent` and whose command name is `name`. */
function childrenNamed(parent: number, name: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === parent && comm === name) found.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('glidepath sandbox', function () {
  this.timeout(90_000);
  let dir: TempDir;
  let sandbox: CliProcess | undefined;
  let port = 0;
  let lines: RegExpExecArray;

  before(async () => {
    dir = await makeTempDir('cli-sandbox');
    port = await freePort();
    sandbox = spawnCli(['sandbox', '--port', String(port), '--seed', '3']);
    lines = await sandbox.waitForStdout(ENDPOINTS, 'the endpoint lines and ready');
  });

  after(async () => {
    await stopAllCli();
    await dir.remove();
  });

  it('prints exactly the four endpoint lines, then ready, with the API on --port', () => {
    expect(lines[2]).to.equal(`http://127.0.0.1:${port}`);
  });

  it('the kubeconfig works with kubectl and has the CRDs installed', async () => {
    const kubeconfig = lines[1] ?? '';
    expect(existsSync(kubeconfig)).to.equal(true);
    const kubectl = new Kubectl({ kubeconfigPath: kubeconfig, cacheDir: dir.join('cache') });
    const crds = await kubectl.ok(['get', 'crd', '-o', 'name']);
    for (const crd of ['canaries.glidepath.dev', 'metrictemplates.glidepath.dev', 'virtualservices.networking.istio.io', 'destinationrules.networking.istio.io']) {
      expect(crds).to.include(`customresourcedefinition.apiextensions.k8s.io/${crd}`);
    }
  });

  it('the API, Prometheus and the mesh metrics answer', async () => {
    const version = await fetch(`${lines[2] ?? ''}/version`);
    expect(version.status).to.equal(200);
    expect(await (await fetch(`${lines[3] ?? ''}/-/ready`)).text()).to.match(/Ready/);
    const metrics = await (await fetch(lines[4] ?? '')).text();
    expect(metrics).to.include('# TYPE istio_requests_total counter');
    await waitFor(async () => {
      const targets = await (await fetch(`${lines[3] ?? ''}/api/v1/targets`)).json() as { data: { activeTargets: { scrapeUrl: string; health: string }[] } };
      return targets.data.activeTargets.some((t) => t.scrapeUrl === lines[4] && t.health === 'up');
    }, { what: 'Prometheus scraping the mesh metrics (target up)', timeoutMs: 15_000, intervalMs: 200 });
  });

  it('bad flags and a taken port are one line on stderr and a non-zero exit', async () => {
    const badPort = await runCli(['sandbox', '--port', 'http']);
    expect(badPort.code).to.equal(1);
    expect(isOneLineError(badPort.stderr), badPort.stderr).to.equal(true);
    expect(badPort.stderr).to.match(/option '--port <port>' argument 'http' is invalid\. Expected a port number in 0\.\.65535\./);
    const taken = await runCli(['sandbox', '--port', String(port)]);
    expect(taken.code).to.equal(1);
    expect(isOneLineError(taken.stderr), taken.stderr).to.equal(true);
    expect(taken.stderr).to.match(/^error: the sandbox could not start: .*(EADDRINUSE|in use)/);
  });

  it('without Prometheus it says what to install', async () => {
    const result = await runCli(['sandbox'], { env: { PROMETHEUS_BIN: '/nonexistent/prometheus' } });
    expect(result.code).to.equal(1);
    expect(isOneLineError(result.stderr), result.stderr).to.equal(true);
    expect(result.stderr).to.match(/apt-get install prometheus/);
  });

  it('on SIGTERM stops Prometheus by PID and exits 0', async () => {
    const cli = sandbox;
    if (cli === undefined) throw new Error('sandbox not started');
    const prometheus = childrenNamed(cli.pid, 'prometheus');
    expect(prometheus, 'one Prometheus child').to.have.length(1);
    const pid = prometheus[0] ?? 0;
    const result = await cli.stop();
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stderr).to.include(`SIGTERM: stopping Prometheus (pid ${pid})`);
    await waitFor(() => !alive(pid), { what: `Prometheus pid ${pid} to be gone`, timeoutMs: 10_000 });
    await waitFor(async () => fetch(`${lines[2] ?? ''}/version`).then(() => false, () => true), { what: 'the API port to close', timeoutMs: 5000 });
  });
});
