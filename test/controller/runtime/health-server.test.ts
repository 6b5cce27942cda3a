import { expect } from 'chai';
import { ControllerMetrics } from '../../../src/controller/runtime/controller-metrics.ts';
import type { HealthServer } from '../../../src/controller/runtime/health-server.ts';
import { startHealthServer } from '../../../src/controller/runtime/health-server.ts';

describe('health server', () => {
  let server: HealthServer | undefined;
  let synced = false;
  const metrics = new ControllerMetrics({ defaultMetrics: false });

  before(async () => {
    server = await startHealthServer({
      port: 0,
      metrics,
      readiness: [
        { name: 'caches', check: () => ({ ok: synced, message: synced ? 'all caches synced' : 'waiting for canaries' }) },
        { name: 'leader-election', check: () => ({ ok: true, message: 'standing by; leader is other-1' }) },
      ],
    });
  });

  after(async () => { await server?.close(); });

  it('listens on 127.0.0.1', () => {
    expect(server?.url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answers /healthz while the process is alive', async () => {
    const res = await fetch(`${server?.url}/healthz`);
    expect(res.status).to.equal(200);
    expect(await res.json()).to.deep.equal({ status: 'ok' });
  });

  it('answers /readyz 503 with the failing check, then 200 once it passes', async () => {
    synced = false;
    let res = await fetch(`${server?.url}/readyz`);
    expect(res.status).to.equal(503);
    const body = await res.json() as { checks: { name: string; ok: boolean; message: string }[] };
    expect(body.checks[0]).to.deep.equal({ name: 'caches', ok: false, message: 'waiting for canaries' });
    synced = true;
    res = await fetch(`${server?.url}/readyz`);
    expect(res.status).to.equal(200);
    expect(await res.json()).to.deep.include({ status: 'ready' });
  });

  it('serves /metrics in the Prometheus text format', async () => {
    metrics.setQueueDepth(3);
    const res = await fetch(`${server?.url}/metrics`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^text\/plain; version=0\.0\.4/);
    expect(await res.text()).to.include('glidepath_workqueue_depth 3');
  });

  it('answers unknown paths with 404 JSON', async () => {
    const res = await fetch(`${server?.url}/nope`);
    expect(res.status).to.equal(404);
    expect(res.headers.get('content-type')).to.match(/application\/json/);
    expect(await res.json()).to.deep.include({ error: 'not found', path: '/nope' });
  });

  it('turns a throwing check into a failed check, not a crash', async () => {
    const other = await startHealthServer({
      port: 0, metrics, readiness: [{ name: 'broken', check: () => { throw new Error('lost'); } }],
    });
    try {
      const res = await fetch(`${other.url}/readyz`);
      expect(res.status).to.equal(503);
      expect(JSON.stringify(await res.json())).to.include('check failed: lost');
    } finally {
      await other.close();
    }
  });
});
