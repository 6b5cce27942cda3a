import { expect } from 'chai';
import { existsSync } from 'node:fs';
import {
  PrometheusNotInstalledError,
  PrometheusStartError,
  pidAlive,
  startPrometheus,
  waitForFirstScrape,
  type RunningPrometheus,
} from '../../src/prometheus-supervisor/index.ts';
import { registeredPids } from '../../src/prometheus-supervisor/child-registry.ts';
import { PrometheusClient } from '../../src/telemetry/index.ts';
import { startIstioExporter, type IstioExporter } from '../telemetry/fixtures/istio-exporter.ts';
import { waitUntil } from '../telemetry/fixtures/wait-until.ts';

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the promise to reject, but it resolved');
}

describe('prometheus supervisor (real Prometheus)', function () {
  this.timeout(30_000);
  let exporter: IstioExporter | undefined;
  let prom: RunningPrometheus | undefined;

  after(async () => {
    await prom?.stop();
    await exporter?.stop();
  });

  it('starts on 127.0.0.1, answers ready, and scrapes a target as up == 1', async () => {
    exporter = await startIstioExporter([{ namespace: 'shop', workload: 'web', rps: 10 }]);
    prom = await startPrometheus({ scrapeTargets: [exporter.hostPort], scrapeIntervalMs: 500 });
    expect(prom.url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${prom.url}/-/ready`)).status).to.equal(200);
    await waitForFirstScrape(prom, 1);
    const client = new PrometheusClient({ address: prom.url });
    const up = await waitUntil('up{job="mesh"} to be 1', async () => {
      const outcome = await client.query(`up{job="mesh",instance="${exporter?.hostPort ?? ''}"}`);
      return outcome.kind === 'value' && outcome.value === 1 ? outcome : undefined;
    });
    expect(up).to.deep.equal({ kind: 'value', value: 1 });
  });

  it('stop() ends the process by PID and removes the data dir, and is safe to repeat', async () => {
    const running = prom!;
    expect(pidAlive(running.pid)).to.equal(true);
    expect(existsSync(running.dataDir)).to.equal(true);
    await running.stop();
    expect(pidAlive(running.pid), `pid ${running.pid} still alive`).to.equal(false);
    expect(existsSync(running.dataDir)).to.equal(false);
    expect(registeredPids()).to.not.include(running.pid);
    await running.stop();
    prom = undefined;
  });

  it('reports a missing binary with the Debian package to install', async () => {
    const err = await rejection(startPrometheus({ scrapeTargets: [], binary: '/nonexistent/prometheus' }));
    expect(err).to.be.instanceOf(PrometheusNotInstalledError);
    expect(err.message).to.include('/nonexistent/prometheus').and.include('apt-get install prometheus');
  });

  it('honours PROMETHEUS_BIN and names it when it is wrong', async () => {
    const saved = process.env.PROMETHEUS_BIN;
    process.env.PROMETHEUS_BIN = '/nonexistent/bin/prom';
    try {
      const err = await rejection(startPrometheus({ scrapeTargets: [] }));
      expect(err).to.be.instanceOf(PrometheusNotInstalledError);
      expect(err.message).to.include('PROMETHEUS_BIN').and.include('/nonexistent/bin/prom');
    } finally {
      if (saved === undefined) delete process.env.PROMETHEUS_BIN;
      else process.env.PROMETHEUS_BIN = saved;
    }
  });

  it('fails clearly with stderr when prometheus exits early, leaving nothing behind', async () => {
    const before = registeredPids().length;
    const err = await rejection(startPrometheus({ scrapeTargets: [], extraArgs: ['--no-such-flag'] }));
    expect(err).to.be.instanceOf(PrometheusStartError);
    expect(err.message).to.include('exited early').and.include('--no-such-flag');
    expect(registeredPids()).to.have.length(before);
  });

  it('rejects bad options before spawning anything', async () => {
    const bad = await rejection(startPrometheus({ scrapeTargets: ['http://127.0.0.1:9000/metrics'] }));
    expect(bad.message).to.include('is not a host:port string');
    const interval = await rejection(startPrometheus({ scrapeTargets: [], scrapeIntervalMs: 0.5 }));
    expect(interval.message).to.include('scrapeIntervalMs');
    const port = await rejection(startPrometheus({ scrapeTargets: [], port: 70000 }));
    expect(port.message).to.include('port must be');
  });

  it('reports a port that is already taken', async () => {
    const first = await startPrometheus({ scrapeTargets: [] });
    try {
      const port = Number(new URL(first.url).port);
      const second = startPrometheus({ scrapeTargets: [], port });
      // Should the check ever be fooled, stop what it returned rather than leak it.
      second.then((p) => p.stop(), () => undefined).catch(() => undefined);
      const err = await rejection(second);
      expect(err).to.be.instanceOf(PrometheusStartError);
      expect(err.message).to.match(/address already in use/i);
    } finally {
      await first.stop();
    }
  });
});
