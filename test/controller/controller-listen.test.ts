// The controller's health server binds the address it is given (metricsHost), so in a pod the
// kubelet's probes can reach it; the default stays loopback-only.
import { KubeConfig } from '@kubernetes/client-node';
import { expect } from 'chai';
import { startController } from '../../src/controller/controller.ts';
import type { RunningController } from '../../src/controller/controller.ts';
import { createLogger } from '../../src/controller/runtime/logger.ts';

function unreachableCluster(): KubeConfig {
  // Nothing listens on port 1: informers keep retrying in the background, which is all this test needs.
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'none', server: 'http://127.0.0.1:1' }],
    users: [{ name: 'none' }],
    contexts: [{ name: 'none', cluster: 'none', user: 'none' }],
    currentContext: 'none',
  });
  return kc;
}

describe('controller metricsHost', () => {
  const started: RunningController[] = [];
  const quiet = createLogger({ level: 'error', sink: () => undefined });

  after(async () => {
    await Promise.all(started.map((c) => c.stop()));
  });

  async function start(metricsHost?: string): Promise<RunningController> {
    const controller = await startController({
      kubeConfig: unreachableCluster(), prometheusUrl: 'http://127.0.0.1:1', logger: quiet,
      ...(metricsHost === undefined ? {} : { metricsHost }),
    });
    started.push(controller);
    return controller;
  }

  it('listens on 127.0.0.1 by default', async () => {
    const controller = await start();
    expect(new URL(controller.metricsUrl).hostname).to.equal('127.0.0.1');
    expect((await fetch(controller.metricsUrl.replace(/\/metrics$/, '/healthz'))).status).to.equal(200);
  });

  it('listens on the given metricsHost and nowhere else', async () => {
    const controller = await start('127.0.0.2');
    const url = new URL(controller.metricsUrl);
    expect(url.hostname).to.equal('127.0.0.2');
    expect((await fetch(`http://127.0.0.2:${url.port}/healthz`)).status).to.equal(200);
    const other = await fetch(`http://127.0.0.1:${url.port}/healthz`).then(() => 'answered', () => 'refused');
    expect(other, 'the port on 127.0.0.1').to.equal('refused');
  });

  it('reports not ready while the caches cannot list', async () => {
    const controller = await start();
    const res = await fetch(controller.metricsUrl.replace(/\/metrics$/, '/readyz'));
    expect(res.status).to.equal(503);
    expect(JSON.stringify(await res.json())).to.include('waiting for caches: Canary');
  });
});
