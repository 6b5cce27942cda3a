import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { withSharedKeepAlive } from '../../../src/controller/runtime/keep-alive-agent.ts';

function kubeConfigFor(url: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: url, skipTLSVerify: true }],
    users: [{ name: 'u', token: 'secret-token' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return kc;
}

async function readNamespaces(kc: KubeConfig, times: number): Promise<void> {
  const core = kc.makeApiClient(CoreV1Api);
  for (let i = 0; i < times; i++) await core.readNamespace({ name: `ns-${String(i)}` });
}

describe('runtime/keep-alive-agent', () => {
  let server: Server;
  let url = '';
  let connections = 0;
  const authorizations: (string | undefined)[] = [];

  before(async () => {
    server = createServer((req, res) => {
      authorizations.push(req.headers.authorization);
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } }));
    });
    server.on('connection', () => { connections += 1; });
    await new Promise<void>((resolve) => { server.listen(0, '127.0.0.1', resolve); });
    url = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => { server.close(() => { resolve(); }); });
  });

  beforeEach(() => {
    server.closeAllConnections();
    connections = 0;
    authorizations.length = 0;
  });

  it('sends sequential requests over one connection, each still authenticated', async () => {
    await readNamespaces(withSharedKeepAlive(kubeConfigFor(url)), 5);
    expect(connections).to.equal(1);
    expect(authorizations).to.deep.equal(Array(5).fill('Bearer secret-token'));
  });

  it('client-node alone opens a connection per request (what the view avoids)', async () => {
    await readNamespaces(kubeConfigFor(url), 3);
    expect(connections).to.equal(3);
  });

  it('leaves the wrapped KubeConfig unchanged and reads its current state', () => {
    const kc = kubeConfigFor(url);
    const view = withSharedKeepAlive(kc);
    expect(view.getCurrentCluster()?.server).to.equal(url);
    expect(Object.hasOwn(kc, 'applySecurityAuthentication')).to.equal(false);
  });
});
