// Loading the cluster connection: the file, the context, and the clear errors for each way it goes wrong.
import { expect } from 'chai';
import { stringify } from 'yaml';
import { kubeconfigDocument } from '../../src/sandbox/kubeconfig.ts';
import { loadInClusterTarget, loadKubeTarget } from '../../src/cli/kube-target.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';
import type { TempDir } from '../helpers/temp-dir.ts';

describe('kube target', () => {
  let dir: TempDir;
  before(async () => { dir = await makeTempDir('cli-kube-target'); });
  after(async () => { await dir.remove(); });

  it('reads the server and the context namespace from a kubeconfig', async () => {
    const doc = kubeconfigDocument('http://127.0.0.1:6443') as { contexts: { context: { namespace: string } }[] };
    (doc.contexts[0] as { context: { namespace: string } }).context.namespace = 'team-a';
    const path = await dir.write('good', stringify(doc));
    const target = loadKubeTarget({ kubeconfig: path });
    expect(target.server).to.equal('http://127.0.0.1:6443');
    expect(target.namespace).to.equal('team-a');
  });

  it('uses $KUBECONFIG when no file is given, and says how to give one when there is none', async () => {
    const path = await dir.write('env', stringify(kubeconfigDocument('http://127.0.0.1:7000')));
    expect(loadKubeTarget({}, { KUBECONFIG: `/nonexistent:${path}` }).server).to.equal('http://127.0.0.1:7000');
    expect(() => loadKubeTarget({}, { KUBECONFIG: '/nonexistent/a' })).to.throw('no kubeconfig found: pass --kubeconfig <file>, set KUBECONFIG, or create ~/.kube/config');
  });

  it('names the file and the problem', async () => {
    expect(() => loadKubeTarget({ kubeconfig: dir.join('missing') })).to.throw(`kubeconfig ${dir.join('missing')}: cannot read it (no such file)`);
    const garbage = await dir.write('garbage', 'clusters: [unclosed\n  - {');
    expect(() => loadKubeTarget({ kubeconfig: garbage })).to.throw(/^kubeconfig .*garbage: not a valid kubeconfig: /);
    const good = await dir.write('ctx', stringify(kubeconfigDocument('http://127.0.0.1:1')));
    expect(() => loadKubeTarget({ kubeconfig: good, context: 'prod' })).to.throw('context "prod" does not exist (known contexts: glidepath-sandbox)');
    const noServer = await dir.write('noserver', stringify({ ...kubeconfigDocument(''), clusters: [{ name: 'glidepath-sandbox', cluster: {} }] }));
    expect(() => loadKubeTarget({ kubeconfig: noServer })).to.throw(/: not a valid kubeconfig: clusters\[0\]\.cluster\.server is missing$/);
  });

  it('--in-cluster outside a pod says so', () => {
    expect(() => loadInClusterTarget({})).to.throw(/^--in-cluster: not running in a pod/);
  });
});
