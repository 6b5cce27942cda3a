import { expect } from 'chai';
import { V1Secret } from '@kubernetes/client-node';
import { authFromSecret, authorizationHeader, type SecretLike } from '../../src/telemetry/index.ts';

function secret(data: Record<string, string>): SecretLike {
  const encoded = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
  return { metadata: { name: 'prom-auth', namespace: 'istio-system' }, data: encoded };
}

describe('auth from secret', () => {
  it('reads a bearer token, dropping the trailing newline echo leaves', () => {
    const result = authFromSecret(secret({ token: 'abc.def\n' }));
    expect(result).to.deep.equal({ ok: true, auth: { type: 'bearer', token: 'abc.def' } });
    if (result.ok) expect(authorizationHeader(result.auth)).to.equal('Bearer abc.def');
  });

  it('reads basic auth from username and password', () => {
    const result = authFromSecret(secret({ username: 'glide', password: 'p:ss' }));
    expect(result).to.deep.equal({ ok: true, auth: { type: 'basic', username: 'glide', password: 'p:ss' } });
    if (result.ok) expect(authorizationHeader(result.auth)).to.equal(`Basic ${Buffer.from('glide:p:ss').toString('base64')}`);
  });

  it('names the Secret and the missing key', () => {
    expect(authFromSecret(secret({ username: 'glide' }))).to.deep.equal({
      ok: false,
      error: 'Secret istio-system/prom-auth: key "username" is set but key "password" is missing',
    });
    expect(authFromSecret(secret({ password: 'x' }))).to.have.property('error').that.includes('key "username" is missing');
    const none = authFromSecret(secret({ other: 'x' }));
    expect(none).to.have.property('error').that.includes('has neither key "token"').and.includes('"username" and "password"');
    expect(authFromSecret({ metadata: { name: 'empty', namespace: 'ns' } })).to.have.property('error').that.includes('ns/empty');
  });

  it('accepts client-node V1Secret objects', () => {
    const typed = Object.assign(new V1Secret(), { data: { token: Buffer.from('t').toString('base64') } });
    expect(authFromSecret(typed)).to.deep.equal({ ok: true, auth: { type: 'bearer', token: 't' } });
  });

  it('rejects bad base64, empty tokens, control characters and ":" in a username', () => {
    expect(authFromSecret({ metadata: { name: 's', namespace: 'n' }, data: { token: 'not base64!' } }))
      .to.have.property('error').that.includes('key "token" is not valid base64');
    expect(authFromSecret(secret({ token: '  ' }))).to.have.property('error').that.includes('key "token" is empty');
    expect(authFromSecret(secret({ token: 'a\r\nX-Evil: 1' }))).to.have.property('error').that.includes('control characters');
    expect(authFromSecret(secret({ username: 'a:b', password: 'c' }))).to.have.property('error').that.includes('must not contain ":"');
  });
});
