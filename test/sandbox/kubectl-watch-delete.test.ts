// Real kubectl against the sandbox: a long-running `get -w` sees an update, and deleting a
// Canary garbage-collects the objects that name it as their owner.
import { join } from 'node:path';
import { expect } from 'chai';
import { stringify } from 'yaml';
import { PROJECT_ROOT, useSandbox } from '../helpers/sandbox-fixture.ts';
import { waitFor } from '../helpers/wait-for.ts';

describe('kubectl get -w and delete with garbage collection against the sandbox', function suite() {
  this.timeout(60_000);
  const env = useSandbox({ readyDelayMs: 100 });
  let canaryUid = '';

  before(async () => {
    const { kubectl, dir } = env();
    await kubectl.ok(['apply', '-f', await dir.write('ns.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: test\n')]);
    await kubectl.ok(['apply', '-f', join(PROJECT_ROOT, 'manifests', 'examples', 'podinfo-canary.yaml')]);
    canaryUid = await kubectl.ok(['get', 'canary', 'podinfo', '-n', 'test', '-o', 'jsonpath={.metadata.uid}']);
  });

  it('streams an update to a running kubectl get -w', async () => {
    const { kubectl } = env();
    const watcher = kubectl.spawn(['get', 'canaries', '-n', 'test', '-w', '--output-watch-events']);
    try {
      await watcher.waitForOutput(/ADDED\s+podinfo/, { what: 'the initial ADDED line of get -w' });
      await kubectl.ok(['patch', 'canary', 'podinfo', '-n', 'test', '--subresource=status', '--type=merge', '-p', '{"status":{"phase":"Promoting","canaryWeight":50}}']);
      const out = await watcher.waitForOutput(/MODIFIED\s+podinfo\s+Promoting\s+50/, { what: 'the MODIFIED line for the status update in get -w' });
      expect(out.split('\n')[0]).to.match(/^EVENT\s+NAME\s+STATUS\s+WEIGHT/);
    } finally {
      await watcher.stop();
    }
    expect(await watcher.exitCode()).to.not.equal(0);
  });

  it('deletes a Canary and garbage-collects the ConfigMap it owns', async () => {
    const { kubectl, dir } = env();
    const owned = {
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: {
        name: 'podinfo-owned', namespace: 'test',
        ownerReferences: [{ apiVersion: 'glidepath.dev/v1alpha1', kind: 'Canary', name: 'podinfo', uid: canaryUid, controller: true, blockOwnerDeletion: true }],
      },
      data: { note: 'owned by the canary' },
    };
    const bystander = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'bystander', namespace: 'test' }, data: { note: 'owned by nobody' } };
    await kubectl.ok(['apply', '-f', await dir.write('owned.yaml', `${stringify(owned)}---\n${stringify(bystander)}`)]);
    expect(await kubectl.ok(['delete', 'canary', 'podinfo', '-n', 'test'])).to.include('canary.glidepath.dev "podinfo" deleted');
    await waitFor(async () => {
      const res = await kubectl.run(['get', 'configmap', 'podinfo-owned', '-n', 'test']);
      return res.code === 1 && res.stderr.includes('NotFound');
    }, { what: 'the owned ConfigMap to be garbage-collected', timeoutMs: 10_000 });
    expect((await kubectl.run(['get', 'canary', 'podinfo', '-n', 'test'])).code).to.equal(1);
    expect(await kubectl.ok(['get', 'configmap', 'bystander', '-n', 'test', '-o', 'name'])).to.equal('configmap/bystander\n');
  });
});
