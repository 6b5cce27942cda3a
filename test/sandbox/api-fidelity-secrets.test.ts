// Secrets are stored the way kube-apiserver stores them: stringData folded into base64 data on
// every kind of write and never stored, type defaulting to Opaque, data that is not base64 a 400.
import { expect } from 'chai';
import type { SandboxServer } from '../../src/sandbox/sandbox-server.ts';
import { raw, startTestServer } from './api-fixture.ts';

const secrets = '/api/v1/namespaces/default/secrets';
const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

function secret(name: string, extra: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name }, ...extra };
}

describe('sandbox API fidelity: Secrets', () => {
  let server: SandboxServer;

  before(async () => {
    server = await startTestServer();
  });

  after(async () => {
    await server.stop();
  });

  it('create folds stringData into data as base64 (stringData wins on a shared key), drops it and defaults type to Opaque', async () => {
    const res = await raw(server.url, 'POST', secrets, { body: secret('created', { data: { a: b64('old'), keep: b64('k') }, stringData: { a: 'new', 'u.txt': 'grüße' } }) });
    expect(res.status, res.text).to.equal(201);
    expect(res.json.data).to.deep.equal({ a: b64('new'), keep: b64('k'), 'u.txt': b64('grüße') });
    expect(res.json).not.to.have.property('stringData');
    expect(res.json.type).to.equal('Opaque');
    const stored = await raw(server.url, 'GET', `${secrets}/created`);
    expect(stored.json.data).to.deep.equal(res.json.data);
    expect(stored.json).not.to.have.property('stringData');
  });

  it('keeps an explicit type and gives a Secret without data no data', async () => {
    const res = await raw(server.url, 'POST', secrets, { body: secret('typed', { type: 'kubernetes.io/basic-auth', stringData: { username: 'u', password: 'p' } }) });
    expect(res.status, res.text).to.equal(201);
    expect(res.json.type).to.equal('kubernetes.io/basic-auth');
    expect(res.json.data).to.deep.equal({ username: b64('u'), password: b64('p') });
    const empty = await raw(server.url, 'POST', secrets, { body: secret('empty', {}) });
    expect(empty.json.type).to.equal('Opaque');
    expect(empty.json).not.to.have.property('data');
  });

  it('PUT, merge patch, strategic merge patch and server-side apply fold stringData the same way', async () => {
    await raw(server.url, 'POST', secrets, { body: secret('updated', { data: { a: b64('1') } }) });
    const put = await raw(server.url, 'PUT', `${secrets}/updated`, { body: secret('updated', { data: { a: b64('1') }, stringData: { b: 'two' } }) });
    expect(put.status, put.text).to.equal(200);
    expect(put.json.data).to.deep.equal({ a: b64('1'), b: b64('two') });
    const merge = await raw(server.url, 'PATCH', `${secrets}/updated`, { body: { stringData: { a: 'one' } }, contentType: 'application/merge-patch+json' });
    expect(merge.json.data).to.deep.equal({ a: b64('one'), b: b64('two') });
    const strategic = await raw(server.url, 'PATCH', `${secrets}/updated`, { body: { stringData: { c: 'three' } }, contentType: 'application/strategic-merge-patch+json' });
    expect(strategic.json.data).to.deep.equal({ a: b64('one'), b: b64('two'), c: b64('three') });
    const apply = await raw(server.url, 'PATCH', `${secrets}/updated?fieldManager=test`, { body: secret('updated', { stringData: { d: 'four' } }), contentType: 'application/apply-patch+yaml' });
    expect(apply.status, apply.text).to.equal(200);
    expect(apply.json.data).to.include({ d: b64('four') });
    for (const res of [put, merge, strategic, apply]) expect(res.json).not.to.have.property('stringData');
    const stored = await raw(server.url, 'GET', `${secrets}/updated`);
    expect(stored.json).not.to.have.property('stringData');
    expect(stored.json.type).to.equal('Opaque');
  });

  it('data that is not base64 is a 400 naming the offset; wrongly typed stringData a 400 naming the field; nothing is stored', async () => {
    const bad = await raw(server.url, 'POST', secrets, { body: secret('bad64', { data: { a: 'no spaces!' } }) });
    expect(bad.status, bad.text).to.equal(400);
    expect(bad.json).to.include({ reason: 'BadRequest', message: 'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 2' });
    const typed = await raw(server.url, 'POST', secrets, { body: secret('badtype', { stringData: { port: 8080 } }) });
    expect(typed.status, typed.text).to.equal(400);
    expect(typed.json.message).to.equal('Secret in version "v1" cannot be handled as a Secret: json: cannot unmarshal number into Go struct field Secret.stringData of type string');
    for (const name of ['bad64', 'badtype']) expect((await raw(server.url, 'GET', `${secrets}/${name}`)).status).to.equal(404);
  });
});
