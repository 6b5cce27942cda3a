import { expect } from 'chai';
import { V1ObjectMeta, V1Secret } from '@kubernetes/client-node';
import type { AlertProvider } from '../../../src/api/alert-provider-types.ts';
import { resolveAlertProvider } from '../../../src/controller/alerts/provider-resolution.ts';
import type { ResolutionDeps } from '../../../src/controller/alerts/provider-resolution.ts';
import { canaryWith } from './alert-fixtures.ts';

const SECRET_URL = 'https://hooks.example.test/services/T000/B000/SECRETTOKEN';

function provider(namespace: string, name: string, spec: Record<string, unknown>): AlertProvider {
  return { apiVersion: 'glidepath.dev/v1alpha1', kind: 'AlertProvider', metadata: { name, namespace }, spec } as unknown as AlertProvider;
}

function deps(providers: AlertProvider[], secrets: V1Secret[] = []): ResolutionDeps {
  return {
    readProvider: (ns, n) => Promise.resolve(providers.find((p) => p.metadata.namespace === ns && p.metadata.name === n)),
    readSecret: (ns, n) => Promise.resolve(secrets.find((s) => s.metadata?.namespace === ns && s.metadata.name === n)),
  };
}

const canary = canaryWith([]);

function secret(namespace: string, name: string, data: Record<string, string>): V1Secret {
  return Object.assign(new V1Secret(), { metadata: Object.assign(new V1ObjectMeta(), { name, namespace }), data });
}

describe('alerts: provider resolution', () => {
  it('uses spec.address, and the Canary namespace when providerRef has none', async () => {
    const got = await resolveAlertProvider(canary, { name: 'a', providerRef: { name: 'p' } }, deps([provider('shop-ns', 'p', { type: 'slack', address: SECRET_URL, channel: 'c' })]));
    expect(got.ok && got.address.href).to.equal(SECRET_URL);
    expect(got.ok && got.channel).to.equal('c');
  });

  it('reads the address (and proxy) from the Secret named by secretRef, in the provider namespace', async () => {
    const held = secret('ops', 's', { address: Buffer.from(SECRET_URL).toString('base64'), proxy: Buffer.from('http://127.0.0.1:3128').toString('base64') });
    const got = await resolveAlertProvider(canary, { name: 'a', providerRef: { name: 'p', namespace: 'ops' } }, deps([provider('ops', 'p', { type: 'msteams', secretRef: { name: 's' } })], [held]));
    expect(got.ok).to.equal(true);
    if (!got.ok) return;
    expect(got.address.href).to.equal(SECRET_URL);
    expect(got.proxy?.href).to.equal('http://127.0.0.1:3128/');
    expect(got.ref).to.equal('ops/p');
  });

  const problems: [string, AlertProvider[], V1Secret[], string, RegExp][] = [
    ['a missing provider', [], [], 'AlertProviderNotFound', /alert a: AlertProvider shop-ns\/p does not exist/],
    ['neither address nor secretRef', [provider('shop-ns', 'p', { type: 'slack' })], [], 'AlertProviderInvalid', /no address; set spec\.address or spec\.secretRef/],
    ['an unsupported type', [provider('shop-ns', 'p', { type: 'pagerduty', address: SECRET_URL })], [], 'AlertProviderInvalid', /spec\.type "pagerduty" is not supported; use one of slack, msteams, discord, rocket, gchat, generic/],
    ['a missing Secret', [provider('shop-ns', 'p', { type: 'slack', secretRef: { name: 'gone' } })], [], 'AlertProviderInvalid', /Secret shop-ns\/gone, which does not exist/],
    ['a Secret without an address key', [provider('shop-ns', 'p', { type: 'slack', secretRef: { name: 's' } })], [secret('shop-ns', 's', {})], 'AlertProviderInvalid', /no address/],
    ['a non-http address', [provider('shop-ns', 'p', { type: 'slack', address: 'ftp://x/y' })], [], 'AlertProviderInvalid', /the address must use http or https/],
    ['an https proxy', [provider('shop-ns', 'p', { type: 'slack', address: SECRET_URL, proxy: 'https://proxy:1' })], [], 'AlertProviderInvalid', /the proxy must be an http:\/\/ URL/],
  ];
  for (const [what, providers, secrets, reason, pattern] of problems) {
    it(`${what} is ${reason} with a message that names the field and not the address`, async () => {
      const got = await resolveAlertProvider(canary, { name: 'a', providerRef: { name: 'p' } }, deps(providers, secrets));
      expect(got.ok).to.equal(false);
      if (got.ok) return;
      expect(got.reason).to.equal(reason);
      expect(got.message).to.match(pattern);
      expect(got.message).to.not.include('SECRETTOKEN');
    });
  }
});
