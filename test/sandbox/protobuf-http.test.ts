// Protobuf bodies over HTTP against a bare sandbox server: real kubectl bodies are created
// through the ordinary create path (namespace from the URL, defaults, watch events), PUT works
// too, and refusals are Status objects that leave the server and the store untouched.
import { expect } from 'chai';
import type { SandboxServer } from '../../src/sandbox/sandbox-server.ts';
import { raw, startTestServer, widgetCrd } from './api-fixture.ts';
import type { RawResponse } from './api-fixture.ts';
import { loadHexFixture } from './fixtures/protobuf/hex-fixtures.ts';
import { k8sEnvelope, pbInt, pbMapEntry, pbMessage, pbString } from './fixtures/protobuf/wire-encoder.ts';

const protobuf = 'application/vnd.kubernetes.protobuf';
const configmaps = '/api/v1/namespaces/default/configmaps';

function post(server: SandboxServer, path: string, body: Buffer): Promise<RawResponse> {
  return raw(server.url, 'POST', `${path}?fieldManager=kubectl-create&fieldValidation=Strict`, { body, contentType: protobuf, accept: `${protobuf}, */*` });
}

function expectStatus(res: RawResponse, code: number, reason: string): void {
  expect(res.status, res.text).to.equal(code);
  expect(res.headers.get('content-type')).to.match(/^application\/json/);
  expect(res.json).to.include({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason });
}

/** Reads a streamed response until its first complete line, failing after `timeoutMs`. */
async function firstLine(res: Response, timeoutMs: number): Promise<string> {
  if (res.body === null) throw new Error('the watch response has no body');
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => { reject(new Error(`no watch event within ${timeoutMs} ms (got ${JSON.stringify(text)})`)); }, timeoutMs);
  });
  try {
    while (!text.includes('\n')) {
      const chunk = await Promise.race([reader.read() as Promise<{ done: boolean; value?: Uint8Array }>, expired]);
      if (chunk.done) throw new Error(`the watch ended before an event (got ${JSON.stringify(text)})`);
      text += decoder.decode(chunk.value, { stream: true });
    }
  } finally {
    clearTimeout(timer);
  }
  return text.slice(0, text.indexOf('\n'));
}

describe('sandbox API: protobuf request bodies', () => {
  let server: SandboxServer;

  before(async () => {
    server = await startTestServer();
  });

  after(async () => {
    await server.stop();
  });

  it('creates a Namespace from kubectl\'s body and answers in JSON', async () => {
    const res = await post(server, '/api/v1/namespaces', loadHexFixture('namespace'));
    expect(res.status, res.text).to.equal(201);
    expect(res.headers.get('content-type')).to.match(/^application\/json/);
    expect(res.json).to.nested.include({ 'kind': 'Namespace', 'metadata.name': 'demo', 'status.phase': 'Active' });
    expect(res.json).to.have.nested.property('metadata.uid').that.is.a('string');
  });

  it('creates a Deployment with the namespace from the URL and the usual defaults', async () => {
    const res = await post(server, '/apis/apps/v1/namespaces/default/deployments', loadHexFixture('deployment'));
    expect(res.status, res.text).to.equal(201);
    expect(res.json).to.nested.include({
      'metadata.namespace': 'default', 'metadata.generation': 1, 'spec.replicas': 2,
      'spec.progressDeadlineSeconds': 600, 'spec.template.spec.containers[0].ports[0].protocol': 'TCP',
    });
  });

  it('sends watchers the ADDED event for an object created from protobuf', async () => {
    const abort = new AbortController();
    try {
      const watch = await fetch(`${server.url}${configmaps}?watch=true&fieldSelector=metadata.name%3Dsettings`, { signal: abort.signal });
      const created = await post(server, configmaps, loadHexFixture('configmap'));
      expect(created.status, created.text).to.equal(201);
      const line = await firstLine(watch, 3000);
      const event = JSON.parse(line) as { type: string; object: { data: unknown } };
      expect(event.type).to.equal('ADDED');
      expect(event.object.data).to.deep.equal({ empty: '', mode: 'fast' });
    } finally {
      abort.abort();
    }
  });

  it('replaces an object with PUT from a protobuf body', async () => {
    const current = await raw(server.url, 'GET', `${configmaps}/settings`);
    const rv = (current.json.metadata as { resourceVersion: string }).resourceVersion;
    const body = k8sEnvelope('v1', 'ConfigMap', Buffer.concat([pbMessage(1, pbString(1, 'settings'), pbString(6, rv)), pbMapEntry(2, 'mode', 'slow')]));
    const res = await raw(server.url, 'PUT', `${configmaps}/settings`, { body, contentType: protobuf });
    expect(res.status, res.text).to.equal(200);
    expect(res.json.data).to.deep.equal({ mode: 'slow' });
  });

  it('keeps the namespace check: a body for a missing namespace is 404', async () => {
    const res = await post(server, '/api/v1/namespaces/nowhere/serviceaccounts', loadHexFixture('serviceaccount'));
    expectStatus(res, 404, 'NotFound');
  });

  it('keeps the kind check: a Secret body posted to configmaps is 400', async () => {
    expectStatus(await post(server, configmaps, loadHexFixture('secret')), 400, 'BadRequest');
  });

  it('refuses an undecodable field with 415 and stores nothing', async () => {
    const res = await post(server, '/apis/rbac.authorization.k8s.io/v1/clusterroles', loadHexFixture('clusterrole-aggregation'));
    expectStatus(res, 415, 'UnsupportedMediaType');
    expect(String(res.json.message)).to.include('field number 3 (aggregationRule) of the top-level ClusterRole');
    expect((await raw(server.url, 'GET', '/apis/rbac.authorization.k8s.io/v1/clusterroles/monitoring')).status).to.equal(404);
  });

  it('answers 400 for malformed and empty protobuf bodies and keeps serving', async () => {
    const truncated = loadHexFixture('deployment').subarray(0, 100);
    expectStatus(await post(server, '/apis/apps/v1/namespaces/default/deployments', truncated), 400, 'BadRequest');
    expectStatus(await post(server, configmaps, Buffer.alloc(0)), 400, 'BadRequest');
    expectStatus(await post(server, configmaps, Buffer.from('not protobuf')), 400, 'BadRequest');
    expectStatus(await post(server, configmaps, k8sEnvelope('v1', 'ConfigMap', pbMessage(1, pbInt(1, 5)))), 400, 'BadRequest');
    expect((await raw(server.url, 'GET', '/version')).status).to.equal(200);
  });

  it('answers 415 for a protobuf body to a custom resource, which has no protobuf form in Kubernetes either', async () => {
    expect((await raw(server.url, 'POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { body: widgetCrd })).status).to.equal(201);
    const body = k8sEnvelope('test.glidepath.dev/v1', 'Widget', pbMessage(1, pbString(1, 'w')));
    const res = await post(server, '/apis/test.glidepath.dev/v1/namespaces/default/widgets', body);
    expectStatus(res, 415, 'UnsupportedMediaType');
    expect(String(res.json.message)).to.include('application/vnd.kubernetes.protobuf');
  });

  it('still answers 415 for a protobuf patch (only whole objects are decoded)', async () => {
    const res = await raw(server.url, 'PATCH', `${configmaps}/settings`, { body: loadHexFixture('configmap'), contentType: protobuf });
    expectStatus(res, 415, 'UnsupportedMediaType');
  });
});
