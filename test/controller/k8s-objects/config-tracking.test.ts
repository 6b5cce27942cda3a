import { expect } from 'chai';
import { ConfigKind } from '../../../src/controller/k8s-objects/config-references.ts';
import { referencedConfigs } from '../../../src/controller/k8s-objects/config-references.ts';
import { configDigest, primaryConfigCopy, primaryConfigName, trackingDisabled, withPrimaryConfigRefs } from '../../../src/controller/k8s-objects/config-tracking.ts';
import type { PodTemplate } from '../../../src/controller/k8s-objects/object-shapes.ts';
import { REVISION_ANNOTATION, primaryDeployment, primaryTemplate } from '../../../src/controller/k8s-objects/primary-deployment.ts';
import { selectorLabel } from '../../../src/controller/k8s-objects/selector-label.ts';
import { podinfoCanary, podinfoDeployment } from './fixtures.ts';

/** A template reading configs in every place a pod can: env, envFrom, volumes, projected volumes, init containers. */
function everywhereTemplate(): PodTemplate {
  return {
    metadata: { labels: { app: 'podinfo' } },
    spec: {
      initContainers: [{ name: 'init', envFrom: [{ configMapRef: { name: 'settings' } }, { secretRef: { name: 'creds' } }] }],
      containers: [{
        name: 'app',
        env: [
          { name: 'A', valueFrom: { configMapKeyRef: { name: 'settings', key: 'a' } } },
          { name: 'B', valueFrom: { secretKeyRef: { name: 'creds', key: 'b' } } },
          { name: 'C', valueFrom: { configMapKeyRef: { name: 'untracked', key: 'c' } } },
        ],
      }],
      volumes: [
        { name: 'v1', configMap: { name: 'settings' } },
        { name: 'v2', secret: { secretName: 'creds' } },
        { name: 'v3', projected: { sources: [{ configMap: { name: 'settings' } }, { secret: { name: 'creds' } }] } },
      ],
    },
  };
}

function configNames(template: PodTemplate): string[] {
  return referencedConfigs(template).map((ref) => ref.name);
}

const TRACKED = [{ kind: ConfigKind.ConfigMap, name: 'settings' }, { kind: ConfigKind.Secret, name: 'creds' }];

describe('config tracking builders', () => {
  it('renames every reference to a tracked config to its -primary copy and leaves the others', () => {
    const renamed = withPrimaryConfigRefs(everywhereTemplate(), TRACKED);
    const names = referencedConfigs(renamed).map((ref) => `${ref.kind}/${ref.name}`);
    expect(names).to.deep.equal(['ConfigMap/settings-primary', 'ConfigMap/untracked', 'Secret/creds-primary']);
  });

  it('does not touch its input', () => {
    const template = everywhereTemplate();
    const before = JSON.stringify(template);
    withPrimaryConfigRefs(template, TRACKED);
    expect(JSON.stringify(template)).to.equal(before);
  });

  it('does not confuse a ConfigMap and a Secret of the same name', () => {
    const template: PodTemplate = { spec: { containers: [{ name: 'app', envFrom: [{ configMapRef: { name: 'x' } }, { secretRef: { name: 'x' } }] }] } };
    const renamed = withPrimaryConfigRefs(template, [{ kind: ConfigKind.Secret, name: 'x' }]);
    expect(renamed.spec?.containers?.[0]?.envFrom).to.deep.equal([{ configMapRef: { name: 'x' } }, { secretRef: { name: 'x-primary' } }]);
  });

  it('honours the opt-out annotation, ours and Flagger\'s, only with the value disabled', () => {
    expect(trackingDisabled({ metadata: { annotations: { 'glidepath.dev/config-tracking': 'disabled' } } })).to.equal(true);
    expect(trackingDisabled({ metadata: { annotations: { 'flagger.app/config-tracking': 'disabled' } } })).to.equal(true);
    expect(trackingDisabled({ metadata: { annotations: { 'glidepath.dev/config-tracking': 'enabled' } } })).to.equal(false);
    expect(trackingDisabled({ metadata: {} })).to.equal(false);
  });

  it('digests data and binaryData independently of key order, and tells different data apart', () => {
    const a = configDigest({ data: { x: '1', y: '2' } });
    expect(configDigest({ data: { y: '2', x: '1' } })).to.equal(a);
    expect(configDigest({ data: { x: '1', y: '3' } })).to.not.equal(a);
    expect(configDigest({ data: { x: '1', y: '2' }, binaryData: { z: 'AA==' } })).to.not.equal(a);
    expect(a).to.match(/^[0-9a-f]{16}$/);
  });

  it('copies a Secret as <name>-primary owned by the Canary, with data, labels and type but not immutability', () => {
    const source = { metadata: { name: 'creds', namespace: 'shop', labels: { team: 'web' }, resourceVersion: '9' }, data: { b: 'c2VjcmV0' }, type: 'kubernetes.io/basic-auth', immutable: true };
    const copy = primaryConfigCopy(source, { kind: ConfigKind.Secret, name: 'creds' }, podinfoCanary());
    expect(copy.metadata?.name).to.equal(primaryConfigName('creds'));
    expect(copy.metadata?.name).to.equal('creds-primary');
    expect(copy.data).to.deep.equal({ b: 'c2VjcmV0' });
    expect(copy.type).to.equal('kubernetes.io/basic-auth');
    expect(copy).to.not.have.property('immutable');
    expect(copy.metadata?.labels).to.include({ team: 'web', 'app.kubernetes.io/managed-by': 'glidepath' });
    expect(copy.metadata?.resourceVersion).to.equal(undefined);
    expect((copy.metadata?.ownerReferences as { kind: string }[])[0]?.kind).to.equal('Canary');
  });

  it('the primary template references the copies and carries the revision when configs are tracked', () => {
    const target = podinfoDeployment();
    const tracked = [{ kind: ConfigKind.ConfigMap, name: 'podinfo-config' }];
    const template = primaryTemplate(target.spec?.template ?? {}, selectorLabel(target), { revision: 'abc', trackedConfigs: tracked });
    expect(configNames(template)).to.deep.equal(['podinfo-config-primary']);
    expect(template.metadata?.annotations).to.have.property(REVISION_ANNOTATION, 'abc');
    const untracked = primaryTemplate(target.spec?.template ?? {}, selectorLabel(target), { revision: 'abc' });
    expect(untracked.metadata?.annotations, 'no config, no template change').to.not.have.property(REVISION_ANNOTATION);
    const created = primaryDeployment(target, podinfoCanary(), { revision: 'abc', trackedConfigs: tracked });
    expect(configNames(created.spec.template)).to.deep.equal(['podinfo-config-primary']);
  });
});
