import { expect } from 'chai';
import type { SandboxServer } from '../../src/sandbox/sandbox-server.ts';
import { deployment, field, raw, startTestServer, widget, widgetCrd } from './api-fixture.ts';
import type { RawResponse } from './api-fixture.ts';

const widgets = '/apis/test.glidepath.dev/v1/namespaces/default/widgets';
const deployments = '/apis/apps/v1/namespaces/default/deployments';

function expectStatus(res: RawResponse, code: number, reason: string): void {
  expect(res.status, res.text).to.equal(code);
  expect(res.json).to.include({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason });
  expect(res.json.message).to.be.a('string').and.not.equal('');
}

describe('sandbox API: bad input gets the right Status and changes nothing', () => {
  let server: SandboxServer;
  let before1: string;

  before(async () => {
    server = await startTestServer();
    expect((await raw(server.url, 'POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { body: widgetCrd })).status).to.equal(201);
    expect((await raw(server.url, 'POST', widgets, { body: widget('keep', 2) })).status).to.equal(201);
    expect((await raw(server.url, 'POST', deployments, { body: deployment('keep') })).status).to.equal(201);
    before1 = (await raw(server.url, 'GET', `${widgets}/keep`)).text;
  });

  afterEach(async () => {
    // Every failure leaves the stored objects untouched and the server answering.
    expect((await raw(server.url, 'GET', `${widgets}/keep`)).text).to.equal(before1);
    expect((await raw(server.url, 'GET', '/version')).status).to.equal(200);
  });

  after(async () => {
    await server.stop();
  });

  it('malformed JSON → 400 BadRequest', async () => {
    expectStatus(await raw(server.url, 'POST', widgets, { body: '{"apiVersion": "test.glidepath.dev/v1",', contentType: 'application/json' }), 400, 'BadRequest');
    expectStatus(await raw(server.url, 'PATCH', `${widgets}/keep`, { body: '{nope', contentType: 'application/merge-patch+json' }), 400, 'BadRequest');
  });

  it('malformed YAML → 400 BadRequest', async () => {
    const res = await raw(server.url, 'POST', widgets, { body: 'kind: Widget\nmetadata: {name: [unclosed\n', contentType: 'application/yaml' });
    expectStatus(res, 400, 'BadRequest');
    expect(res.json.message).to.include('YAML');
  });

  it('a body that is not an object → 400 BadRequest', async () => {
    expectStatus(await raw(server.url, 'POST', widgets, { body: '[1,2]' }), 400, 'BadRequest');
  });

  it('YAML bodies are accepted for POST', async () => {
    const res = await raw(server.url, 'POST', widgets, { body: 'apiVersion: test.glidepath.dev/v1\nkind: Widget\nmetadata:\n  name: from-yaml\nspec:\n  size: 1\n', contentType: 'application/yaml' });
    expect(res.status).to.equal(201);
  });

  it('a body of another kind than the path → 400 BadRequest; an unknown resource in the path → 404 NotFound', async () => {
    const wrongKind = await raw(server.url, 'POST', deployments, { body: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'x' } } });
    expectStatus(wrongKind, 400, 'BadRequest');
    expect(wrongKind.json.message).to.include('Deployment');
    const wrongVersion = await raw(server.url, 'POST', widgets, { body: { ...widget('x', 1), apiVersion: 'test.glidepath.dev/v2' } });
    expectStatus(wrongVersion, 400, 'BadRequest');
    expectStatus(await raw(server.url, 'GET', '/apis/apps/v1/namespaces/default/gizmos'), 404, 'NotFound');
    expectStatus(await raw(server.url, 'GET', '/apis/nope.example.com/v1/things'), 404, 'NotFound');
  });

  it('a name in the body that differs from the URL → 400 BadRequest', async () => {
    const res = await raw(server.url, 'PUT', `${widgets}/keep`, { body: widget('other', 2) });
    expectStatus(res, 400, 'BadRequest');
  });

  it('a schema violation → 422 Invalid with one cause per field', async () => {
    const res = await raw(server.url, 'POST', widgets, { body: { apiVersion: 'test.glidepath.dev/v1', kind: 'Widget', metadata: { name: 'bad' }, spec: { size: 0, color: 'green' } } });
    expectStatus(res, 422, 'Invalid');
    const causes = field(res.json, 'details.causes') as { field: string; reason: string }[];
    expect(causes.map((c) => c.field).sort()).to.deep.equal(['spec.color', 'spec.size']);
    expect(res.json.message).to.include('spec.size').and.include('spec.color');
    const missing = await raw(server.url, 'POST', widgets, { body: { apiVersion: 'test.glidepath.dev/v1', kind: 'Widget', metadata: { name: 'bad' }, spec: {} } });
    expectStatus(missing, 422, 'Invalid');
    expect((field(missing.json, 'details.causes') as { field: string }[]).map((c) => c.field)).to.deep.equal(['spec.size']);
    const patched = await raw(server.url, 'PATCH', `${widgets}/keep`, { body: { spec: { size: -1 } }, contentType: 'application/merge-patch+json' });
    expectStatus(patched, 422, 'Invalid');
  });

  it('an unknown field under fieldValidation=Strict → 400 strict decoding error; Warn → a Warning header', async () => {
    const strict = await raw(server.url, 'POST', `${widgets}?fieldValidation=Strict`, { body: widget('strict', 1, { foo: 1 }) });
    expectStatus(strict, 400, 'BadRequest');
    expect(strict.json.message).to.equal('strict decoding error: unknown field "spec.foo"');
    const warned = await raw(server.url, 'POST', `${widgets}?fieldValidation=Warn`, { body: widget('warned', 1, { foo: 1 }) });
    expect(warned.status).to.equal(201);
    expect(warned.headers.get('warning')).to.include('unknown field \\"spec.foo\\"');
    expect((warned.json.spec as Record<string, unknown>).foo).to.equal(undefined);
  });

  it('a stale resourceVersion → 409 Conflict', async () => {
    const res = await raw(server.url, 'PATCH', `${widgets}/keep`, { body: { metadata: { resourceVersion: '1' }, spec: { size: 5 } }, contentType: 'application/merge-patch+json' });
    expectStatus(res, 409, 'Conflict');
    const put = await raw(server.url, 'PUT', `${widgets}/keep`, { body: { ...widget('keep', 5), metadata: { name: 'keep', resourceVersion: '1' } } });
    expectStatus(put, 409, 'Conflict');
  });

  it('an unknown patch type → 415; a strategic merge patch on a custom resource → 415', async () => {
    expectStatus(await raw(server.url, 'PATCH', `${widgets}/keep`, { body: { spec: { size: 5 } }, contentType: 'application/x-weird-patch' }), 415, 'UnsupportedMediaType');
    const smp = await raw(server.url, 'PATCH', `${widgets}/keep`, { body: { spec: { size: 5 } }, contentType: 'application/strategic-merge-patch+json' });
    expectStatus(smp, 415, 'UnsupportedMediaType');
    expect((await raw(server.url, 'PATCH', `${deployments}/keep`, { body: { metadata: { labels: { ok: 'yes' } } }, contentType: 'application/strategic-merge-patch+json' })).status).to.equal(200);
  });

  it('a protobuf body → 415, and protobuf-only Accept → 406; JSON is answered when Accept also lists it', async () => {
    expectStatus(await raw(server.url, 'POST', widgets, { body: Buffer.from([0x6b, 0x38, 0x73, 0]), contentType: 'application/vnd.kubernetes.protobuf' }), 415, 'UnsupportedMediaType');
    expectStatus(await raw(server.url, 'GET', `${widgets}/keep`, { accept: 'application/vnd.kubernetes.protobuf' }), 406, 'NotAcceptable');
    const both = await raw(server.url, 'GET', `${widgets}/keep`, { accept: 'application/vnd.kubernetes.protobuf, application/json' });
    expect(both.status).to.equal(200);
    expect(both.headers.get('content-type')).to.equal('application/json');
  });

  it('an oversized body → 413 RequestEntityTooLarge', async () => {
    const big = { ...widget('big', 1), metadata: { name: 'big', annotations: { blob: 'x'.repeat(3 * 1024 * 1024 + 10) } } };
    expectStatus(await raw(server.url, 'POST', widgets, { body: big }), 413, 'RequestEntityTooLarge');
    expectStatus(await raw(server.url, 'GET', `${widgets}/big`), 404, 'NotFound');
  });

  it('invalid query parameters → 400 BadRequest', async () => {
    expectStatus(await raw(server.url, 'GET', `${widgets}?labelSelector=a%20in%20(b`), 400, 'BadRequest');
    expectStatus(await raw(server.url, 'GET', `${widgets}?limit=-3`), 400, 'BadRequest');
    expectStatus(await raw(server.url, 'GET', `${widgets}?continue=garbage`), 400, 'BadRequest');
    expectStatus(await raw(server.url, 'POST', `${widgets}?dryRun=Some`, { body: widget('x', 1) }), 400, 'BadRequest');
    expectStatus(await raw(server.url, 'GET', `${widgets}?watch=true&resourceVersion=abc`), 400, 'BadRequest');
  });

  it('unsupported methods → 405; invalid names → 422', async () => {
    expectStatus(await raw(server.url, 'POST', `${widgets}/keep`, { body: widget('keep', 1) }), 405, 'MethodNotAllowed');
    const badName = await raw(server.url, 'POST', widgets, { body: widget('Not_A_Name', 1) });
    expectStatus(badName, 422, 'Invalid');
    expect(field(badName.json, 'details.causes[0].field')).to.equal('metadata.name');
  });

  it('a CRD with a mismatched name → 422 Invalid', async () => {
    const res = await raw(server.url, 'POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { body: { ...widgetCrd, metadata: { name: 'wrong.example.com' } } });
    expectStatus(res, 422, 'Invalid');
  });
});
