// Real kubectl's typed `create` subcommands (which send protobuf bodies) and `kubectl run`
// (which sends JSON) against the sandbox: each object reads back with exactly the fields given,
// a created Deployment rolls out, and a field the sandbox cannot decode is refused clearly.
import { expect } from 'chai';
import { useSandbox } from '../helpers/sandbox-fixture.ts';

type Json = Record<string, unknown>;

function pick(obj: Json, ...path: string[]): unknown {
  let cur: unknown = obj;
  for (const key of path) cur = (cur as Json | undefined)?.[key];
  return cur;
}

const b64 = (text: string): string => Buffer.from(text).toString('base64');

describe('kubectl typed create subcommands (protobuf bodies) against the sandbox', function suite() {
  this.timeout(60_000);
  const env = useSandbox({ readyDelayMs: 150 });

  it('kubectl create namespace demo', async () => {
    const { kubectl } = env();
    expect(await kubectl.ok(['create', 'namespace', 'demo'])).to.equal('namespace/demo created\n');
    const ns = await kubectl.json(['get', 'namespace', 'demo']);
    expect(pick(ns, 'metadata', 'name')).to.equal('demo');
    expect(pick(ns, 'metadata', 'labels')).to.deep.equal({ 'kubernetes.io/metadata.name': 'demo' });
    expect(pick(ns, 'metadata', 'annotations')).to.equal(undefined);
    expect(pick(ns, 'status', 'phase')).to.equal('Active');
  });

  it('kubectl create configmap with literals, in a namespace created the same way', async () => {
    const { kubectl } = env();
    await kubectl.ok(['create', 'configmap', 'x', '--from-literal=a=b', '--from-literal=empty=', '-n', 'demo']);
    const cm = await kubectl.json(['get', 'configmap', 'x', '-n', 'demo']);
    expect(cm.data).to.deep.equal({ a: 'b', empty: '' });
    expect(cm).not.to.have.property('binaryData');
    expect(pick(cm, 'metadata', 'namespace')).to.equal('demo');
    expect(pick(cm, 'metadata', 'labels')).to.equal(undefined);
  });

  it('kubectl create secret generic', async () => {
    const { kubectl } = env();
    expect(await kubectl.ok(['create', 'secret', 'generic', 's', '--from-literal=k=v', '--from-literal=user=admin'])).to.equal('secret/s created\n');
    const secret = await kubectl.json(['get', 'secret', 's']);
    expect(secret.data).to.deep.equal({ k: b64('v'), user: b64('admin') });
    expect(secret).not.to.have.property('stringData');
  });

  it('kubectl create secret generic --type keeps the type', async () => {
    const { kubectl } = env();
    await kubectl.ok(['create', 'secret', 'generic', 'typed', '--from-literal=token=t0k', '--type=example.com/token']);
    const secret = await kubectl.json(['get', 'secret', 'typed']);
    expect(secret.type).to.equal('example.com/token');
    expect(secret.data).to.deep.equal({ token: b64('t0k') });
  });

  it('kubectl create serviceaccount', async () => {
    const { kubectl } = env();
    expect(await kubectl.ok(['create', 'serviceaccount', 'sa'])).to.equal('serviceaccount/sa created\n');
    const sa = await kubectl.json(['get', 'serviceaccount', 'sa']);
    expect(pick(sa, 'metadata', 'name')).to.equal('sa');
    expect(sa).not.to.have.property('secrets');
  });

  it('kubectl create deployment --image --replicas, then rollout status succeeds', async () => {
    const { kubectl } = env();
    expect(await kubectl.ok(['create', 'deployment', 'web', '--image=nginx', '--replicas=2'])).to.equal('deployment.apps/web created\n');
    const out = await kubectl.ok(['rollout', 'status', 'deployment/web', '--timeout=30s']);
    expect(out).to.include('deployment "web" successfully rolled out');
    const d = await kubectl.json(['get', 'deployment', 'web']);
    expect(pick(d, 'metadata', 'labels')).to.deep.equal({ app: 'web' });
    expect(pick(d, 'spec', 'replicas')).to.equal(2);
    expect(pick(d, 'spec', 'selector')).to.deep.equal({ matchLabels: { app: 'web' } });
    expect(pick(d, 'spec', 'template', 'metadata', 'labels')).to.deep.equal({ app: 'web' });
    const containers = pick(d, 'spec', 'template', 'spec', 'containers') as Json[];
    expect(containers).to.have.length(1);
    expect(containers[0]).to.include({ name: 'nginx', image: 'nginx' });
    expect(containers[0]).not.to.have.property('ports');
    expect(containers[0]).not.to.have.property('command');
    expect(pick(d, 'status', 'availableReplicas')).to.equal(2);
    const pods = await kubectl.json(['get', 'pods', '-l', 'app=web']);
    expect(pods.items).to.have.length(2);
  });

  it('kubectl create service clusterip --tcp', async () => {
    const { kubectl } = env();
    expect(await kubectl.ok(['create', 'service', 'clusterip', 'web', '--tcp=80:8080'])).to.equal('service/web created\n');
    const svc = await kubectl.json(['get', 'service', 'web']);
    expect(pick(svc, 'spec', 'type')).to.equal('ClusterIP');
    expect(pick(svc, 'spec', 'selector')).to.deep.equal({ app: 'web' });
    expect(pick(svc, 'spec', 'ports')).to.deep.equal([{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 }]);
    expect(pick(svc, 'spec', 'clusterIP')).to.match(/^\d+\.\d+\.\d+\.\d+$/);
  });

  it('kubectl run a pod (JSON, not protobuf: kubectl 1.32 sends run as JSON)', async () => {
    const { kubectl } = env();
    expect(await kubectl.ok(['run', 'p', '--image=nginx', '--port=80', '--env=MODE=fast', '--labels=tier=web', '--restart=Never'])).to.equal('pod/p created\n');
    const pod = await kubectl.json(['get', 'pod', 'p']);
    expect(pick(pod, 'metadata', 'labels')).to.deep.equal({ tier: 'web' });
    expect(pick(pod, 'spec', 'restartPolicy')).to.equal('Never');
    expect(pick(pod, 'spec', 'dnsPolicy')).to.equal('ClusterFirst');
    const [container] = pick(pod, 'spec', 'containers') as Json[];
    expect(container).to.include({ name: 'p', image: 'nginx' });
    expect(container?.ports).to.deep.equal([{ containerPort: 80, protocol: 'TCP' }]);
    expect(container?.env).to.deep.equal([{ name: 'MODE', value: 'fast' }]);
  });

  it('kubectl create role and rolebinding (rbac kinds are protobuf too)', async () => {
    const { kubectl } = env();
    await kubectl.ok(['create', 'role', 'reader', '--verb=get,list', '--resource=pods']);
    await kubectl.ok(['create', 'rolebinding', 'read', '--role=reader', '--serviceaccount=default:sa']);
    const role = await kubectl.json(['get', 'role', 'reader']);
    expect(role.rules).to.deep.equal([{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] }]);
    const binding = await kubectl.json(['get', 'rolebinding', 'read']);
    expect(binding.subjects).to.deep.equal([{ kind: 'ServiceAccount', name: 'sa', namespace: 'default' }]);
    expect(binding.roleRef).to.deep.equal({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' });
  });

  it('kubectl create namespace --dry-run=server validates without storing', async () => {
    const { kubectl } = env();
    expect(await kubectl.ok(['create', 'namespace', 'ghost', '--dry-run=server'])).to.equal('namespace/ghost created (server dry run)\n');
    const missing = await kubectl.fail(['get', 'namespace', 'ghost']);
    expect(missing.stderr).to.include('namespaces "ghost" not found');
  });

  it('kubectl create of an existing name is AlreadyExists, as with JSON', async () => {
    const result = await env().kubectl.fail(['create', 'namespace', 'demo']);
    expect(result.stderr).to.include('namespaces "demo" already exists');
  });

  it('refuses a field it cannot decode (clusterrole --aggregation-rule) with a clear 415', async () => {
    const { kubectl } = env();
    const result = await kubectl.fail(['create', 'clusterrole', 'monitoring', '--aggregation-rule=rbac.example.com/aggregate-to-monitoring=true']);
    expect(result.stderr).to.include('Error from server (UnsupportedMediaType)');
    expect(result.stderr).to.include('rbac.authorization.k8s.io/v1 ClusterRole: field number 3 (aggregationRule)');
    expect(result.stderr).to.include('kubectl create -f / kubectl apply -f with a YAML manifest');
    const missing = await kubectl.fail(['get', 'clusterrole', 'monitoring']);
    expect(missing.stderr).to.include('not found');
  });
});
