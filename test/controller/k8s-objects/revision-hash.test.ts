import { expect } from 'chai';
import { configKey, referencedConfigs } from '../../../src/controller/k8s-objects/config-references.ts';
import type { PodTemplate } from '../../../src/controller/k8s-objects/object-shapes.ts';
import { revisionHash, stableJson } from '../../../src/controller/k8s-objects/revision-hash.ts';
import { podinfoDeployment } from './fixtures.ts';

function template(): PodTemplate {
  const t = podinfoDeployment().spec?.template;
  if (!t) throw new Error('fixture has no template');
  return t;
}

/** Rebuilds a JSON value with every object's keys in reverse order. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseKeys(v)]));
}

describe('revisionHash', () => {
  const config = { 'ConfigMap/podinfo-config': { data: { level: 'info' } } };

  it('is short, hex and stable across calls and key order', () => {
    const a = revisionHash(template(), config);
    expect(a).to.match(/^[0-9a-f]{16}$/);
    expect(revisionHash(template(), config)).to.equal(a);
    const reordered = reverseKeys(template()) as PodTemplate;
    expect(Object.keys(reordered)).to.deep.equal(['spec', 'metadata']);
    const t = template();
    const shuffled: PodTemplate = { spec: t.spec, metadata: { annotations: t.metadata?.annotations, labels: { version: 'v1', app: 'podinfo' } } };
    expect(revisionHash(shuffled, config)).to.equal(a);
    expect(revisionHash(reordered, config)).to.equal(a);
  });

  it('ignores the creationTimestamp the API adds to templates', () => {
    const withNull = template();
    const without = template();
    delete without.metadata?.creationTimestamp;
    expect(revisionHash(withNull)).to.equal(revisionHash(without));
  });

  it('changes when the template changes', () => {
    const base = revisionHash(template(), config);
    const image = template();
    const container = image.spec?.containers?.[0];
    if (container) container.image = 'ghcr.io/stefanprodan/podinfo:6.0.1';
    expect(revisionHash(image, config)).to.not.equal(base);
    const label = template();
    if (label.metadata?.labels) label.metadata.labels.version = 'v2';
    expect(revisionHash(label, config)).to.not.equal(base);
  });

  it('changes when a referenced ConfigMap\'s data changes, appears or disappears', () => {
    const base = revisionHash(template(), config);
    expect(revisionHash(template(), { 'ConfigMap/podinfo-config': { data: { level: 'debug' } } })).to.not.equal(base);
    expect(revisionHash(template(), { 'ConfigMap/podinfo-config': null })).to.not.equal(base);
    expect(revisionHash(template(), {})).to.not.equal(base);
  });

  it('serialises with sorted keys at every level', () => {
    expect(stableJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined } })).to.equal('{"a":{"d":[{"y":2,"z":1}]},"b":1}');
  });
});

describe('referencedConfigs', () => {
  it('finds ConfigMaps and Secrets in env, envFrom, volumes and projected volumes, sorted and deduplicated', () => {
    const t: PodTemplate = {
      spec: {
        initContainers: [{ name: 'init', envFrom: [{ secretRef: { name: 'db' } }] }],
        containers: [
          {
            name: 'app',
            env: [
              { name: 'A', value: 'plain' },
              { name: 'B', valueFrom: { configMapKeyRef: { name: 'settings', key: 'b', optional: true } } },
              { name: 'C', valueFrom: { secretKeyRef: { name: 'api-token', key: 't' } } },
              { name: 'D', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
            ],
            envFrom: [{ configMapRef: { name: 'settings' } }],
          },
        ],
        volumes: [
          { name: 'v1', configMap: { name: 'files', optional: true } },
          { name: 'v2', secret: { secretName: 'tls' } },
          { name: 'v3', projected: { sources: [{ configMap: { name: 'bundle' } }, { secret: { name: 'db' } }, { serviceAccountToken: {} }] } },
          { name: 'v4', emptyDir: {} },
        ],
      },
    };
    expect(referencedConfigs(t)).to.deep.equal([
      { kind: 'ConfigMap', name: 'bundle', optional: false },
      { kind: 'ConfigMap', name: 'files', optional: true },
      { kind: 'ConfigMap', name: 'settings', optional: false },
      { kind: 'Secret', name: 'api-token', optional: false },
      { kind: 'Secret', name: 'db', optional: false },
      { kind: 'Secret', name: 'tls', optional: false },
    ]);
    expect(referencedConfigs(template()).map(configKey)).to.deep.equal(['ConfigMap/podinfo-config']);
    expect(referencedConfigs({})).to.deep.equal([]);
  });
});
