// The shared kubectl runner must fail loudly (never skip) when kubectl is missing, and must
// not leave child processes behind.
import { createServer } from 'node:http';
import type { ServerResponse } from 'node:http';
import { expect } from 'chai';
import { Kubectl, findKubectl, requireKubectl } from '../helpers/kubectl.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';
import { waitFor } from '../helpers/wait-for.ts';

function withEnv<T>(vars: Record<string, string | undefined>, body: () => T): T {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  try {
    for (const [k, v] of Object.entries(vars)) {
      if (v === undefined) Reflect.deleteProperty(process.env, k);
      else process.env[k] = v;
    }
    return body();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) Reflect.deleteProperty(process.env, k);
      else process.env[k] = v;
    }
  }
}

describe('kubectl test runner', () => {
  it('finds the real kubectl on PATH (the conformance tests require it)', () => {
    expect(requireKubectl()).to.match(/\/kubectl$/);
  });

  it('fails with a message naming CI when kubectl is missing and CI=true', () => {
    withEnv({ PATH: '/nonexistent', CI: 'true' }, () => {
      expect(findKubectl()).to.equal(undefined);
      expect(() => requireKubectl()).to.throw(/kubectl not found on PATH.*CI=true: the CI image must provide kubectl/);
    });
  });

  it('fails (does not skip) with install advice when kubectl is missing outside CI', () => {
    withEnv({ PATH: '/nonexistent', CI: undefined }, () => {
      expect(() => requireKubectl()).to.throw(/kubectl not found on PATH.*install kubectl v1\.32/);
    });
  });

  it('stops a long-running kubectl by PID and reports that it was killed', async () => {
    const dir = await makeTempDir('kubectl-runner');
    // A server that accepts requests and never answers keeps kubectl waiting until it is killed.
    const held: ServerResponse[] = [];
    const server = createServer((_req, res) => { held.push(res); });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      const kubeconfig = await dir.write('kubeconfig', [
        'apiVersion: v1', 'kind: Config', 'current-context: c',
        `clusters: [{name: c, cluster: {server: "http://127.0.0.1:${port}", insecure-skip-tls-verify: true}}]`,
        'users: [{name: c, user: {token: t}}]', 'contexts: [{name: c, context: {cluster: c, user: c}}]', '',
      ].join('\n'));
      const kubectl = new Kubectl({ kubeconfigPath: kubeconfig, cacheDir: dir.join('cache') });
      const proc = kubectl.spawn(['get', 'pods', '-w', '--request-timeout=0']);
      await waitFor(() => held.length > 0, { what: 'kubectl to reach the silent server' });
      await kubectl.stopAll();
      expect(await proc.exitCode()).to.equal(null);
      expect(() => process.kill(proc.pid ?? -1, 0)).to.throw();
    } finally {
      for (const res of held) res.destroy();
      await new Promise<void>((resolve) => { server.close(() => { resolve(); }); });
      await dir.remove();
    }
  });
});
