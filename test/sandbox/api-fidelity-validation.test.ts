// Built-in kinds are checked on write as kube-apiserver checks them: a field of the wrong JSON type
// is a 400 BadRequest worded like the Go decoder's error (the body never decodes), a decoded
// object that breaks a validation rule is a 422 Invalid whose causes name each field.
import { expect } from 'chai';
import type { SandboxServer } from '../../src/sandbox/sandbox-server.ts';
import { deployment, raw, startTestServer } from './api-fixture.ts';
import type { RawResponse } from './api-fixture.ts';
import { useSandbox } from '../helpers/sandbox-fixture.ts';

type Json = Record<string, unknown>;
/** One edit of a test body: a dotted path (numbers index lists) and its new value; undefined deletes the field. */
type Edit = [path: string, value: unknown];

const deployments = '/apis/apps/v1/namespaces/default/deployments';
const pods = '/api/v1/namespaces/default/pods';
const services = '/api/v1/namespaces/default/services';
const configmaps = '/api/v1/namespaces/default/configmaps';

function edited(base: Json, edits: Edit[]): Json {
  const copy = structuredClone(base);
  for (const [path, value] of edits) {
    const keys = path.split('.');
    const last = keys.pop() ?? '';
    let cur = copy as Record<string, unknown>;
    for (const key of keys) cur = cur[key] as Record<string, unknown>;
    if (value === undefined) Reflect.deleteProperty(cur, last);
    else cur[last] = value;
  }
  return copy;
}

const dep = (edits: Edit[], name = 'web'): Json => edited(deployment(name), edits);
const podBase: Json = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'main', image: 'nginx', env: [{ name: 'A', value: 'x' }] }] } };
const pod = (edits: Edit[]): Json => edited(podBase, edits);
const svc = (edits: Edit[], name = 'svc'): Json =>
  edited({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] } }, edits);

function expectBadRequest(res: RawResponse, message: string): void {
  expect(res.status, res.text).to.equal(400);
  expect(res.json).to.include({ kind: 'Status', status: 'Failure', reason: 'BadRequest', code: 400, message });
}

function expectInvalid(res: RawResponse, causes: [field: string, message: string][]): void {
  expect(res.status, res.text).to.equal(422);
  expect(res.json).to.include({ kind: 'Status', reason: 'Invalid', code: 422 });
  // Causes are compared as a set: the order between schema and rule causes carries no meaning.
  const got = (res.json.details as { causes: { field: string; message: string }[] }).causes.map((c) => `${c.field} → ${c.message}`);
  expect(got.sort()).to.deep.equal(causes.map(([f, m]) => `${f} → ${m}`).sort());
}

const decodeError = (kind: string, what: string): string => `${kind} in version "v1" cannot be handled as a ${kind}: json: cannot unmarshal ${what}`;

describe('sandbox API fidelity: built-in kinds are type-checked and validated', () => {
  let server: SandboxServer;
  const post = async (path: string, body: Json): Promise<RawResponse> => raw(server.url, 'POST', path, { body });

  before(async () => {
    server = await startTestServer();
  });

  after(async () => {
    await server.stop();
  });

  it('Deployment field types: replicas "3", env value true, containerPort "http", labels with a number → 400 naming the Go field', async () => {
    expectBadRequest(await post(deployments, dep([['spec.replicas', '3']])), decodeError('Deployment', 'string into Go struct field DeploymentSpec.spec.replicas of type int32'));
    expectBadRequest(await post(deployments, dep([['spec.replicas', 1.5]])), decodeError('Deployment', 'number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32'));
    expectBadRequest(
      await post(deployments, dep([['spec.template.spec.containers.0.env', [{ name: 'DEBUG', value: true }]]])),
      decodeError('Deployment', 'bool into Go struct field EnvVar.spec.template.spec.containers.env.value of type string'),
    );
    expectBadRequest(
      await post(deployments, dep([['spec.template.spec.containers.0.ports.0.containerPort', 'http']])),
      decodeError('Deployment', 'string into Go struct field ContainerPort.spec.template.spec.containers.ports.containerPort of type int32'),
    );
    expectBadRequest(await post(deployments, dep([['metadata.labels', { tier: 1 }]])), decodeError('Deployment', 'number into Go struct field ObjectMeta.metadata.labels of type string'));
    expectBadRequest(await post(deployments, dep([['spec.template.spec.containers', { name: 'x' }]])), decodeError('Deployment', 'object into Go struct field PodSpec.spec.template.spec.containers of type []v1.Container'));
  });

  it('Deployment rules: negative replicas, missing container name and image, missing or mismatched selector → 422 with causes', async () => {
    expectInvalid(await post(deployments, dep([['spec.replicas', -1]])), [['spec.replicas', 'Invalid value: -1: must be greater than or equal to 0']]);
    expectInvalid(await post(deployments, dep([['spec.template.spec.containers', [{ ports: [{ containerPort: 70000 }] }]]])), [
      ['spec.template.spec.containers[0].name', 'Required value'],
      ['spec.template.spec.containers[0].image', 'Required value'],
      ['spec.template.spec.containers[0].ports[0].containerPort', 'Invalid value: 70000: must be between 1 and 65535, inclusive'],
    ]);
    expectInvalid(await post(deployments, dep([['spec.selector', undefined]])), [
      ['spec.selector', 'Required value'],
      ['spec.template.metadata.labels', 'Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`'],
    ]);
    const mismatch = await post(deployments, dep([['spec.selector.matchLabels', { app: 'other' }], ['spec.template.metadata.labels.tier', 'fe']]));
    expectInvalid(mismatch, [['spec.template.metadata.labels', 'Invalid value: map[string]string{"app":"web", "tier":"fe"}: `selector` does not match template `labels`']]);
    expect(mismatch.json.message).to.equal('Deployment.apps "web" is invalid: [spec.template.metadata.labels: Invalid value: map[string]string{"app":"web", "tier":"fe"}: `selector` does not match template `labels`]');
    const expression = await post(deployments, dep([['spec.selector', { matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'api'] }] }]]));
    expect(expression.status, expression.text).to.equal(201);
  });

  it('updates are checked too: a merge patch making replicas a string is 400, one removing the image is 422, and the stored object is unchanged', async () => {
    expect((await post(deployments, dep([], 'kept'))).status).to.equal(201);
    const before = (await raw(server.url, 'GET', `${deployments}/kept`)).text;
    const merge = { contentType: 'application/merge-patch+json' };
    expectBadRequest(await raw(server.url, 'PATCH', `${deployments}/kept`, { ...merge, body: { spec: { replicas: '2' } } }), decodeError('Deployment', 'string into Go struct field DeploymentSpec.spec.replicas of type int32'));
    const noImage = { spec: { template: { spec: { containers: [{ name: 'main', image: null }] } } } };
    expectInvalid(await raw(server.url, 'PATCH', `${deployments}/kept`, { contentType: 'application/strategic-merge-patch+json', body: noImage }), [['spec.template.spec.containers[0].image', 'Required value']]);
    expect((await raw(server.url, 'GET', `${deployments}/kept`)).text).to.equal(before);
  });

  it('Pods: containers required; each needs a name (an RFC 1123 label) and an image; env names required', async () => {
    expect((await post(pods, pod([['metadata.name', 'ok']]))).status).to.equal(201);
    expectInvalid(await post(pods, pod([['spec', {}]])), [['spec.containers', 'Required value']]);
    const bad = await post(pods, pod([['spec.containers', [{ name: 'Main_1', image: '', env: [{ value: 'x' }] }]]]));
    expectInvalid(bad, [
      ['spec.containers[0].name', `Invalid value: "Main_1": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`],
      ['spec.containers[0].image', 'Required value'],
      ['spec.containers[0].env[0].name', 'Required value'],
    ]);
    expectBadRequest(await post(pods, pod([['spec.containers.0.env.0.value', 7070]])), decodeError('Pod', 'number into Go struct field EnvVar.spec.containers.env.value of type string'));
  });

  it('Services: ports required for ClusterIP, ports 1..65535, targetPort an int or a port name, names DNS-1035 labels', async () => {
    expect((await post(services, svc([['spec.ports.0.targetPort', 'http']]))).status).to.equal(201);
    expect((await post(services, svc([['spec', { type: 'ExternalName', externalName: 'example.com' }]], 'ext'))).status).to.equal(201);
    expectInvalid(await post(services, svc([['spec.ports', undefined]], 'noports')), [['spec.ports', 'Required value']]);
    expectInvalid(await post(services, svc([['spec.ports', [{ name: 'a', port: 0, targetPort: 65536 }, { port: 81 }]]], 'range')), [
      ['spec.ports[0].port', 'Invalid value: 0: must be between 1 and 65535, inclusive'],
      ['spec.ports[0].targetPort', 'Invalid value: 65536: must be between 1 and 65535, inclusive'],
      ['spec.ports[1].name', 'Required value'],
    ]);
    expectBadRequest(await post(services, svc([['spec.ports.0.port', '80']], 'strport')), decodeError('Service', 'string into Go struct field ServicePort.spec.ports.port of type int32'));
    expectBadRequest(await post(services, svc([['spec.ports.0.targetPort', true]], 'booltarget')), decodeError('Service', 'bool into Go struct field ServicePort.spec.ports.targetPort of type intstr.IntOrString'));
    const name = await post(services, svc([], '1web'));
    expect(name.status, name.text).to.equal(422);
    expect((name.json.details as { causes: { field: string; message: string }[] }).causes[0]).to.include({ field: 'metadata.name' });
    expect(String(name.json.message)).to.contain('a DNS-1035 label must consist of lower case alphanumeric characters');
  });

  it('ConfigMaps: data values must be strings (400), keys valid config keys (422)', async () => {
    const cm = (data: unknown): Json => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' }, data });
    expectBadRequest(await post(configmaps, cm({ port: 8080 })), decodeError('ConfigMap', 'number into Go struct field ConfigMap.data of type string'));
    const key = await post(configmaps, cm({ 'a b': 'x' }));
    expect(key.status, key.text).to.equal(422);
    expect((key.json.details as { causes: { field: string }[] }).causes.map((c) => c.field)).to.deep.equal(['data[a b]']);
    expect((await post(configmaps, cm({ 'app.properties': 'x=1', EMPTY: '' }))).status).to.equal(201);
  });

  it('Namespaces and object names: a namespace must be an RFC 1123 label, other names RFC 1123 subdomains', async () => {
    const ns = await post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a.b' } });
    expect(ns.status, ns.text).to.equal(422);
    expect(String(ns.json.message)).to.contain('metadata.name: Invalid value: "a.b": a lowercase RFC 1123 label');
    expect((await post(configmaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a.b' } })).status).to.equal(201);
    expect((await post(configmaps, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'A.b' } })).status).to.equal(422);
  });
});

describe('sandbox API fidelity: real kubectl reports built-in validation errors as against a cluster', function suite() {
  this.timeout(60_000);
  const env = useSandbox({ startWorkloads: false });

  it('kubectl apply of a Deployment with replicas "3" prints the BadRequest; with a mismatched selector the Invalid causes; secret stringData reads back as data', async () => {
    const { kubectl } = env();
    const manifest = (edits: Edit[]): string => JSON.stringify(dep(edits, 'kube-web'));
    const typed = await kubectl.fail(['apply', '-f', '-'], { input: manifest([['spec.replicas', '3']]) });
    expect(typed.stderr).to.contain('Error from server (BadRequest)');
    expect(typed.stderr).to.contain('json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32');
    const invalid = await kubectl.fail(['apply', '-f', '-'], { input: manifest([['spec.selector.matchLabels', { app: 'x' }]]) });
    // kubectl rewrites a 422 with causes into its own summary, then lists each cause.
    expect(invalid.stderr, invalid.stderr).to.contain('The Deployment "kube-web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"kube-web"}: `selector` does not match template `labels`');
    expect((await kubectl.run(['get', 'deployment', 'kube-web'])).code).to.not.equal(0);
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds' }, stringData: { token: 's3cret' } };
    await kubectl.ok(['apply', '-f', '-'], { input: JSON.stringify(secret) });
    const stored = await kubectl.json(['get', 'secret', 'creds']);
    expect(stored.data).to.deep.equal({ token: Buffer.from('s3cret').toString('base64') });
    expect(stored.type).to.equal('Opaque');
    expect(stored).not.to.have.property('stringData');
  });
});
