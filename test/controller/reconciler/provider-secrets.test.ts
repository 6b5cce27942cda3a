// Provider Secrets are read with a GET and held per cached resourceVersion for a short time only,
// so the informer caches can keep Secret data as digests.
import { expect } from 'chai';
import { V1Secret } from '@kubernetes/client-node';
import type { Canary } from '../../../src/api/canary-types.ts';
import type { MetricTemplate } from '../../../src/api/metric-template-types.ts';
import { FakeClock } from '../../../src/controller/runtime/fake-clock.ts';
import { ProviderSecrets, providerSecretRefs } from '../../../src/controller/reconciler/provider-secrets.ts';

function secret(name: string, token: string): V1Secret {
  return Object.assign(new V1Secret(), { metadata: { name, namespace: 'shop' }, data: { token: Buffer.from(token).toString('base64') } });
}

describe('ProviderSecrets', () => {
  let clock: FakeClock;
  let versions: Map<string, string>;
  let stored: Map<string, V1Secret>;
  let reads: string[];
  let secrets: ProviderSecrets;
  const ref = { namespace: 'shop', name: 'prom-auth' };
  const tokenOf = (): string | undefined => secrets.get('shop', 'prom-auth')?.data?.token;

  beforeEach(() => {
    clock = new FakeClock();
    versions = new Map([['shop/prom-auth', '10']]);
    stored = new Map([['shop/prom-auth', secret('prom-auth', 'one')]]);
    reads = [];
    secrets = new ProviderSecrets({
      clock, maxAgeMs: 1000,
      cachedVersion: (ns, n) => versions.get(`${ns}/${n}`),
      read: (ns, n) => {
        reads.push(`${ns}/${n}`);
        return Promise.resolve(stored.get(`${ns}/${n}`));
      },
    });
  });

  it('reads a Secret once per cached version', async () => {
    await secrets.load([ref]);
    await secrets.load([ref]);
    expect(reads).to.deep.equal(['shop/prom-auth']);
    expect(tokenOf()).to.equal(Buffer.from('one').toString('base64'));
  });

  it('reads again when the cached version changes', async () => {
    await secrets.load([ref]);
    versions.set('shop/prom-auth', '11');
    stored.set('shop/prom-auth', secret('prom-auth', 'two'));
    await secrets.load([ref]);
    expect(reads).to.have.length(2);
    expect(tokenOf()).to.equal(Buffer.from('two').toString('base64'));
  });

  it('reads again once the held copy is older than maxAgeMs', async () => {
    await secrets.load([ref]);
    clock.advance(999);
    await secrets.load([ref]);
    expect(reads).to.have.length(1);
    clock.advance(2);
    await secrets.load([ref]);
    expect(reads).to.have.length(2);
  });

  it('forgets a Secret that left the cache, without a read', async () => {
    await secrets.load([ref]);
    versions.delete('shop/prom-auth');
    await secrets.load([ref]);
    expect(reads).to.have.length(1);
    expect(secrets.get('shop', 'prom-auth')).to.equal(undefined);
  });

  it('answers undefined when the API says the Secret does not exist', async () => {
    stored.clear();
    await secrets.load([ref]);
    expect(secrets.get('shop', 'prom-auth')).to.equal(undefined);
  });

  it('holds nothing that was not loaded', () => {
    expect(secrets.get('shop', 'prom-auth')).to.equal(undefined);
    expect(reads).to.deep.equal([]);
  });
});

describe('providerSecretRefs', () => {
  const templates: Record<string, MetricTemplate> = {
    'shop/latency': { metadata: { name: 'latency', namespace: 'shop' }, spec: { provider: { type: 'prometheus', secretRef: { name: 'prom-auth' } }, query: 'x' } } as unknown as MetricTemplate,
    'ops/errors': { metadata: { name: 'errors', namespace: 'ops' }, spec: { provider: { type: 'prometheus', secretRef: { name: 'ops-auth' } }, query: 'y' } } as unknown as MetricTemplate,
    'shop/open': { metadata: { name: 'open', namespace: 'shop' }, spec: { provider: { type: 'prometheus' }, query: 'z' } } as unknown as MetricTemplate,
  };
  const canary = {
    metadata: { name: 'podinfo', namespace: 'shop' },
    spec: { analysis: { metrics: [
      { name: 'a', templateRef: { name: 'latency' } },
      { name: 'b', templateRef: { name: 'latency' } },
      { name: 'c', templateRef: { name: 'errors', namespace: 'ops' } },
      { name: 'd', templateRef: { name: 'open' } },
      { name: 'e', templateRef: { name: 'missing' } },
      { name: 'request-success-rate' },
    ] } },
  } as unknown as Canary;

  it('names each provider Secret once, in the template\'s namespace, and skips templates without one', () => {
    const refs = providerSecretRefs(canary, (ns, n) => templates[`${ns}/${n}`]);
    expect(refs).to.deep.equal([{ namespace: 'shop', name: 'prom-auth' }, { namespace: 'ops', name: 'ops-auth' }]);
  });
});
