import { expect } from 'chai';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { startSandbox } from '../../src/sandbox/start-sandbox.ts';
import type { Sandbox } from '../../src/sandbox/start-sandbox.ts';
import { VIRTUAL_SERVICE_API } from '../../src/mesh/cluster-watch.ts';
import { startMesh } from '../../src/mesh/mesh-simulator.ts';
import type { RunningMesh } from '../../src/mesh/mesh-simulator.ts';
import { MeshOptionError } from '../../src/mesh/mesh-options.ts';

/** A kubeconfig for an API server that is not there (yet): nothing listens on the port. */
function unreachableCluster(port = 9): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'gone', server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
    users: [{ name: 'u' }],
    contexts: [{ name: 'c', cluster: 'gone', user: 'u' }],
    currentContext: 'c',
  });
  return kc;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => { resolve(); }));
  return port;
}

async function waitFor(what: string, deadlineMs: number, check: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${deadlineMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('mesh simulator (driver)', () => {
  for (const [options, pattern] of [
    [{ seed: 1.5 }, /seed=1.5 is invalid: must be an integer/],
    [{ port: 70000 }, /port=70000 is invalid/],
    [{ tickMs: 1 }, /tickMs=1 is invalid: must be a number of ms in \[10, 10000\]/],
    [{ defaultRps: -1 }, /defaultRps=-1 is invalid/],
  ] as const) {
    it(`rejects ${JSON.stringify(options)} with a message naming the option`, async () => {
      let error: unknown;
      try {
        await startMesh(unreachableCluster(), { ...options, log: () => undefined });
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(MeshOptionError);
      expect((error as Error).message).to.match(pattern);
    });
  }

  describe('with an unreachable API server', () => {
    let mesh: RunningMesh | undefined;
    const lines: string[] = [];
    before(async () => {
      mesh = await startMesh(unreachableCluster(), { tickMs: 20, log: (line) => lines.push(line) });
    });
    after(async () => {
      await mesh?.stop();
    });

    it('keeps serving: /healthz 200, /readyz 503, /metrics with both Istio families and no samples', async () => {
      const base = mesh!.metricsUrl.replace(/\/metrics$/, '');
      expect(mesh!.scrapeTarget).to.match(/^127\.0\.0\.1:\d+$/);
      expect((await fetch(`${base}/healthz`)).status).to.equal(200);
      expect((await fetch(`${base}/readyz`)).status).to.equal(503);
      const res = await fetch(mesh!.metricsUrl);
      expect(res.headers.get('content-type')).to.equal('text/plain; version=0.0.4; charset=utf-8');
      const text = await res.text();
      expect(text).to.contain('# TYPE istio_requests_total counter').and.contain('# TYPE istio_request_duration_milliseconds histogram');
      expect(text.split('\n').filter((l) => l !== '' && !l.startsWith('#'))).to.deep.equal([]);
      expect((await fetch(`${base}/nope`)).status).to.equal(404);
      expect((await fetch(mesh!.metricsUrl, { method: 'POST' })).status).to.equal(405);
    });

    it('reports each failed watch and schedules a restart with backoff instead of crashing', async () => {
      await waitFor('four watch failures to be logged', 5000, () => lines.filter((l) => l.includes('retrying in 1000 ms')).length >= 4);
      for (const resource of ['virtualservices', 'services', 'deployments', 'pods']) {
        expect(lines.some((l) => l.startsWith(`mesh: watching ${resource} failed (`))).to.equal(true, `no failure logged for ${resource}`);
      }
      expect(mesh!.stats().hosts).to.equal(0);
    });

    it('setLoad rejects a bad rate with a RangeError naming the host', () => {
      expect(() => { mesh!.setLoad('app', Number.NaN); }).to.throw(RangeError, /load for app/);
    });
  });

  describe('when the API server comes up after the mesh', () => {
    let mesh: RunningMesh | undefined;
    let sandbox: Sandbox | undefined;
    after(async () => {
      await mesh?.stop();
      await sandbox?.stop();
    });

    it('restarts its informers and starts driving the hosts it then sees', async function () {
      this.timeout(20_000);
      const port = await freePort();
      const lines: string[] = [];
      mesh = await startMesh(unreachableCluster(port), { tickMs: 20, log: (line) => lines.push(line) });
      await waitFor('a failed watch', 5000, () => lines.some((l) => l.includes('retrying in')));
      sandbox = await startSandbox({ port, crdFiles: ['manifests/istio'], startWorkloads: false });
      const { group, version, plural } = VIRTUAL_SERVICE_API;
      await sandbox.kubeConfig.makeApiClient(CustomObjectsApi).createNamespacedCustomObject({
        group, version, plural, namespace: 'default',
        body: { apiVersion: `${group}/${version}`, kind: 'VirtualService', metadata: { name: 'late' }, spec: { hosts: ['late'], http: [{ route: [{ destination: { host: 'late' } }] }] } },
      });
      await waitFor('the mesh to drive the VirtualService host after its informers recovered', 10_000, () => mesh!.stats().hosts === 1);
      const base = mesh.metricsUrl.replace(/\/metrics$/, '');
      await waitFor('/readyz to turn 200 once every informer has listed', 5000, async () => (await fetch(`${base}/readyz`)).status === 200);
      // No Service named "late" exists, so the client sidecar answers 503 NC by itself.
      await waitFor('requests to be simulated', 5000, () => mesh!.stats().requests > 0);
      expect(await (await fetch(mesh.metricsUrl)).text()).to.match(/response_code="503",grpc_response_status="",response_flags="NC"/);
    });
  });
});
