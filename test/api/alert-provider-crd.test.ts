import { expect } from 'chai';
import { ALERT_PROVIDER_TYPES } from '../../src/api/alert-provider-types.ts';
import { loadCrd, validateResource } from '../../src/api/validate-resource.ts';

function provider(spec: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: 'glidepath.dev/v1alpha1', kind: 'AlertProvider', metadata: { name: 'p', namespace: 'ns' }, spec };
}

describe('AlertProvider CRD', () => {
  const crd = loadCrd('manifests/crds/alertproviders.glidepath.dev.yaml');

  it('is namespaced with a short name, in the glidepath category, with no address column (a credential)', () => {
    expect(crd.spec.scope).to.equal('Namespaced');
    expect(crd.spec.names.shortNames).to.deep.equal(['ap']);
    expect(crd.spec.names.categories).to.include('glidepath');
    const columns = crd.spec.versions[0]?.additionalPrinterColumns?.map((c) => c.jsonPath) ?? [];
    expect(columns).to.include('.spec.type');
    expect(columns.some((path) => path.includes('address'))).to.equal(false);
  });

  it('the schema enum and the TypeScript types list the same provider types', () => {
    const schema = crd.spec.versions[0]?.schema.openAPIV3Schema as { properties: { spec: { properties: { type: { enum: string[] } } } } };
    expect(schema.properties.spec.properties.type.enum).to.deep.equal([...ALERT_PROVIDER_TYPES]);
  });

  it('accepts every type with an address or a secretRef', () => {
    for (const type of ALERT_PROVIDER_TYPES) expect(validateResource(provider({ type, address: 'https://hooks.example.test/x' })), type).to.deep.equal([]);
    expect(validateResource(provider({ type: 'slack', secretRef: { name: 's' }, channel: 'c', username: 'u', proxy: 'http://proxy:3128' }))).to.deep.equal([]);
  });

  it('rejects an unsupported type, a missing type, an unknown field and an empty secretRef name, naming each field', () => {
    const fields = (spec: Record<string, unknown>): string[] => validateResource(provider(spec)).map((c) => c.field);
    expect(fields({ type: 'pagerduty', address: 'https://x.test/' })).to.deep.equal(['spec.type']);
    expect(fields({ address: 'https://x.test/' })).to.deep.equal(['spec.type']);
    expect(fields({ type: 'slack', url: 'https://x.test/' })).to.deep.equal(['spec.url']);
    expect(fields({ type: 'slack', secretRef: { name: '' } })).to.deep.equal(['spec.secretRef.name']);
  });
});
