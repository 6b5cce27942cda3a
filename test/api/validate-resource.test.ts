import { expect } from 'chai';
import { admitResource, knownResourceTypes, validateResource } from '../../src/api/validate-resource.ts';
import type { Canary } from '../../src/api/canary-types.ts';

function canary(): Record<string, unknown> {
  return {
    apiVersion: 'glidepath.dev/v1alpha1',
    kind: 'Canary',
    metadata: { name: 'podinfo', namespace: 'test' },
    spec: {
      targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'podinfo' },
      service: { port: 9898 },
      analysis: {
        stepWeight: 10,
        metrics: [{ name: 'request-success-rate', thresholdRange: { min: 99 } }],
        webhooks: [{ name: 'load', url: 'http://loadtester.test/' }],
      },
    },
  };
}

describe('validate-resource', () => {
  it('knows the Glidepath and Istio kinds, in every served version', () => {
    expect(knownResourceTypes()).to.have.members([
      'glidepath.dev/v1alpha1 Canary',
      'glidepath.dev/v1alpha1 MetricTemplate',
      'glidepath.dev/v1alpha1 AlertProvider',
      'networking.istio.io/v1 VirtualService',
      'networking.istio.io/v1beta1 VirtualService',
      'networking.istio.io/v1 DestinationRule',
      'networking.istio.io/v1beta1 DestinationRule',
    ]);
  });

  it('applies the CRD defaults', () => {
    const { object, causes } = admitResource(canary());
    expect(causes).to.deep.equal([]);
    const { spec } = object as Canary;
    expect(spec.service.portName).to.equal('http');
    expect(spec.service.gateways).to.deep.equal(['mesh']);
    expect(spec.progressDeadlineSeconds).to.equal(600);
    expect(spec.analysis.primaryReadyThreshold).to.equal(100);
    expect(spec.analysis.canaryReadyThreshold).to.equal(100);
    expect(spec.analysis.interval).to.equal('1m');
    expect(spec.analysis.threshold).to.equal(1);
    expect(spec.analysis.metrics?.[0]?.interval).to.equal('1m');
    expect(spec.analysis.webhooks?.[0]).to.deep.include({ type: 'rollout', timeout: '10s' });
  });

  it('does not modify its input', () => {
    const input = canary();
    const before = structuredClone(input);
    admitResource(input);
    expect(input).to.deep.equal(before);
  });

  it('reports unknown fields by default and prunes them when not strict', () => {
    const input = canary();
    (input.spec as Record<string, unknown>).colour = 'blue';
    expect(validateResource(input).map((cause) => [cause.field, cause.reason])).to.deep.equal([['spec.colour', 'FieldValueForbidden']]);
    const { object, causes } = admitResource(input, { strict: false });
    expect(causes).to.deep.equal([]);
    expect((object as Canary).spec).to.not.have.property('colour');
  });

  it('keeps metadata and the machine snapshot intact', () => {
    const input = canary();
    (input.metadata as Record<string, unknown>).labels = { app: 'podinfo' };
    input.status = { phase: 'Progressing', machine: { name: 'canary', version: 1, snapshot: { value: 'progressing', context: { any: { thing: 1 } } } } };
    const { object, causes } = admitResource(input);
    expect(causes).to.deep.equal([]);
    expect((object as Canary).metadata.labels).to.deep.equal({ app: 'podinfo' });
    expect((object as Canary).status?.machine?.snapshot).to.deep.equal({ value: 'progressing', context: { any: { thing: 1 } } });
  });

  it('names unknown kinds and apiVersions with the supported ones', () => {
    const wrongKind = { ...canary(), kind: 'Rollout' };
    const [kindCause] = validateResource(wrongKind);
    expect(kindCause?.field).to.equal('kind');
    expect(kindCause?.message).to.contain('supported values: "Canary", "MetricTemplate"');
    const wrongVersion = { ...canary(), apiVersion: 'flagger.app/v1beta1' };
    const [versionCause] = validateResource(wrongVersion);
    expect(versionCause?.field).to.equal('apiVersion');
    expect(versionCause?.message).to.contain('"glidepath.dev/v1alpha1"');
  });

  it('accepts a Flagger manifest once its apiVersion is changed', () => {
    const flagger = canary();
    const spec = flagger.spec as Record<string, Record<string, unknown>>;
    spec.provider = 'istio' as unknown as Record<string, unknown>;
    spec.analysis = { ...spec.analysis, interval: '1m', threshold: 5, maxWeight: 50, stepWeight: 10 };
    spec.service = { port: 9898, targetPort: 9898, gateways: ['public-gateway.istio-system.svc.cluster.local'], hosts: ['app.example.com'], trafficPolicy: { tls: { mode: 'DISABLE' } } };
    expect(validateResource(flagger)).to.deep.equal([]);
  });

  it('gives clear causes for garbage instead of throwing', () => {
    expect(validateResource(null)[0]?.message).to.contain('must be a Kubernetes object');
    expect(validateResource('x')[0]?.reason).to.equal('FieldValueTypeInvalid');
    expect(validateResource({}).map((cause) => cause.field)).to.deep.equal(['apiVersion', 'kind']);
    const noSpec = { apiVersion: 'glidepath.dev/v1alpha1', kind: 'Canary', metadata: { name: 'x' } };
    expect(validateResource(noSpec).map((cause) => cause.field)).to.deep.equal(['spec']);
    const badAnalysis = { ...canary(), spec: { ...(canary().spec as object), analysis: 'fast' } };
    expect(validateResource(badAnalysis).map((cause) => cause.field)).to.deep.equal(['spec.analysis']);
  });

  it('validates Istio objects', () => {
    const vs = {
      apiVersion: 'networking.istio.io/v1beta1',
      kind: 'VirtualService',
      metadata: { name: 'podinfo' },
      spec: {
        hosts: ['podinfo'],
        http: [{ route: [{ destination: { host: 'podinfo-primary' }, weight: 90 }, { destination: { host: 'podinfo-canary' }, weight: 10 }], mirror: { host: 'podinfo-canary' }, mirrorPercentage: { value: 50 } }],
        tcp: [{ route: [{ destination: { host: 'db' } }] }],
      },
    };
    expect(validateResource(vs)).to.deep.equal([]);
    const dr = { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'podinfo-primary' }, spec: { subsets: [{}] } };
    expect(validateResource(dr).map((cause) => cause.field)).to.deep.equal(['spec.host', 'spec.subsets[0].name']);
  });
});
