import { expect } from 'chai';
import { ControllerMetrics } from '../../../src/controller/runtime/controller-metrics.ts';
import type { HealthServer } from '../../../src/controller/runtime/health-server.ts';
import { startHealthServer } from '../../../src/controller/runtime/health-server.ts';
import type { ElectorStatus } from '../../../src/controller/runtime/leader-election.ts';
import { cacheSyncCheck, leaderElectionCheck } from '../../../src/controller/runtime/readiness-checks.ts';

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

describe('readiness checks', () => {
  it('reports caches still syncing by kind', () => {
    const synced = { Canary: true, Deployment: false };
    const check = cacheSyncCheck({ syncStatus: () => Object.entries(synced).map(([kind, s]) => ({ kind: kind as 'Canary', synced: s, restarts: 0 })) });
    expect(check.check()).to.deep.equal({ ok: false, message: 'waiting for caches: Deployment' });
    synced.Deployment = true;
    expect(check.check()).to.deep.equal({ ok: true, message: 'all caches synced' });
  });

  it('is ready while leading or standing by healthily, not when cut off or stopped', () => {
    let status: ElectorStatus = { state: 'standby', leader: 'b', healthy: true, message: 'standing by; leader is b' };
    const check = leaderElectionCheck({ status: () => status });
    expect(check.check()).to.deep.equal({ ok: true, message: 'standing by; leader is b' });
    status = { ...status, healthy: false, message: 'cannot reach the lease' };
    expect(check.check().ok).to.equal(false);
    status = { state: 'leading', leader: 'a', healthy: false, message: 'leading as a' };
    expect(check.check().ok).to.equal(true);
    status = { state: 'stopped', leader: null, healthy: true, message: 'stopped' };
    expect(check.check().ok).to.equal(false);
  });
});
