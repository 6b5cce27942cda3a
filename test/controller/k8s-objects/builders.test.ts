import { expect } from 'chai';
import type { CanaryAnalysis } from '../../../src/api/canary-types.ts';
import { destinationRules } from '../../../src/controller/k8s-objects/destination-rules.ts';
import { canaryObjectNames } from '../../../src/controller/k8s-objects/object-names.ts';
import { ObjectBuildError } from '../../../src/controller/k8s-objects/ownership.ts';
import { primaryDeployment, REVISION_ANNOTATION } from '../../../src/controller/k8s-objects/primary-deployment.ts';
import { selectorLabel } from '../../../src/controller/k8s-objects/selector-label.ts';
import { services } from '../../../src/controller/k8s-objects/services.ts';
import { RouteName, virtualService } from '../../../src/controller/k8s-objects/virtual-service.ts';
import { podinfoCanary, podinfoDeployment } from './fixtures.ts';

const OWNER = {
  apiVersion: 'glidepath.dev/v1alpha1', kind: 'Canary', name: 'podinfo',
  uid: '5f1c2a9e-0000-4000-8000-000000000001', controller: true, blockOwnerDeletion: true,
};
const IDLE = { canaryWeight: 0, mirrorWeight: 0, routeMatchedToCanary: false };

describe('object names', () => {
  it('derives Flagger\'s deterministic names, with spec.service.name overriding the target name', () => {
    expect(canaryObjectNames(podinfoCanary())).to.deep.equal({
      target: 'podinfo', primaryDeployment: 'podinfo-primary', service: 'podinfo',
      primaryService: 'podinfo-primary', canaryService: 'podinfo-canary', virtualService: 'podinfo',
    });
    const named = podinfoCanary({ service: { name: 'frontend', port: 80 } });
    expect(canaryObjectNames(named)).to.include({ primaryDeployment: 'podinfo-primary', primaryService: 'frontend-primary', virtualService: 'frontend' });
  });
});

describe('primaryDeployment', () => {
  it('copies the target as <target>-primary with the selector label value suffixed everywhere', () => {
    const primary = primaryDeployment(podinfoDeployment(), podinfoCanary(), { revision: 'abc123' });
    expect(primary.metadata.name).to.equal('podinfo-primary');
    expect(primary.metadata.namespace).to.equal('shop');
    expect(primary.spec.selector).to.deep.equal({ matchLabels: { app: 'podinfo-primary' } });
    expect(primary.spec.template.metadata?.labels).to.deep.equal({ app: 'podinfo-primary', version: 'v1' });
    expect(primary.metadata.labels).to.deep.include({ app: 'podinfo-primary', team: 'web', 'app.kubernetes.io/managed-by': 'glidepath' });
    expect(primary.spec.template.spec).to.deep.equal(podinfoDeployment().spec?.template?.spec);
    expect(primary.spec.revisionHistoryLimit).to.equal(5);
    expect(primary.spec.replicas).to.equal(3);
  });

  it('is owned by the Canary as its controller and drops the target\'s server-side metadata', () => {
    const primary = primaryDeployment(podinfoDeployment(), podinfoCanary(), { revision: 'abc123' });
    expect(primary.metadata.ownerReferences).to.deep.equal([OWNER]);
    expect(primary.metadata.annotations).to.deep.equal({ 'example.com/owner': 'web-team', [REVISION_ANNOTATION]: 'abc123' });
    expect(primary.metadata).to.not.have.any.keys('uid', 'resourceVersion', 'managedFields', 'creationTimestamp', 'generation');
    expect(primary).to.not.have.property('status');
    expect(primary.spec.template.metadata).to.not.have.property('creationTimestamp');
  });

  it('takes replicas from the caller (autoscaler), else the target, and never 0', () => {
    expect(primaryDeployment(podinfoDeployment(), podinfoCanary(), { replicas: 5 }).spec.replicas).to.equal(5);
    const scaledDown = podinfoDeployment();
    if (scaledDown.spec) scaledDown.spec.replicas = 0;
    expect(primaryDeployment(scaledDown, podinfoCanary()).spec.replicas).to.equal(1);
    expect(() => primaryDeployment(podinfoDeployment(), podinfoCanary(), { replicas: -1 })).to.throw(ObjectBuildError, /non-negative integer/);
  });

  it('does not modify its input', () => {
    const target = podinfoDeployment();
    primaryDeployment(target, podinfoCanary());
    expect(target).to.deep.equal(podinfoDeployment());
  });

  it('explains a target it cannot use and a Canary without uid', () => {
    const noSelector = podinfoDeployment();
    if (noSelector.spec) noSelector.spec.selector = {};
    expect(() => primaryDeployment(noSelector, podinfoCanary())).to.throw(ObjectBuildError, /spec\.selector\.matchLabels is empty/);
    const noTemplate = podinfoDeployment();
    delete noTemplate.spec?.template;
    expect(() => primaryDeployment(noTemplate, podinfoCanary())).to.throw(ObjectBuildError, /spec\.template is missing/);
    const canary = podinfoCanary();
    delete canary.metadata.uid;
    expect(() => primaryDeployment(podinfoDeployment(), canary)).to.throw(ObjectBuildError, /metadata\.uid is missing/);
  });

  it('prefers app, then name, then app.kubernetes.io/name as the selector label', () => {
    const target = podinfoDeployment();
    if (target.spec) target.spec.selector = { matchLabels: { zone: 'a', 'app.kubernetes.io/name': 'podinfo', name: 'pi' } };
    expect(selectorLabel(target)).to.deep.equal({ key: 'name', value: 'pi', primaryValue: 'pi-primary' });
    if (target.spec) target.spec.selector = { matchLabels: { zone: 'a', tier: 'web' } };
    expect(selectorLabel(target).key).to.equal('tier');
  });
});

describe('services', () => {
  it('creates <svc> and <svc>-primary selecting primary pods and <svc>-canary selecting the target\'s', () => {
    const svc = services(podinfoCanary(), podinfoDeployment());
    expect([svc.apex.metadata.name, svc.primary.metadata.name, svc.canary.metadata.name]).to.deep.equal(['podinfo', 'podinfo-primary', 'podinfo-canary']);
    expect(svc.apex.spec.selector).to.deep.equal({ app: 'podinfo-primary' });
    expect(svc.primary.spec.selector).to.deep.equal({ app: 'podinfo-primary' });
    expect(svc.canary.spec.selector).to.deep.equal({ app: 'podinfo' });
    for (const s of [svc.apex, svc.primary, svc.canary]) {
      expect(s.spec.ports).to.deep.equal([{ name: 'http', port: 9898, targetPort: 9898, protocol: 'TCP' }]);
      expect(s.spec.type).to.equal('ClusterIP');
      expect(s.metadata.ownerReferences).to.deep.equal([OWNER]);
    }
  });

  it('applies portName/targetPort defaults, custom metadata and headless', () => {
    const canary = podinfoCanary({
      service: { port: 80, targetPort: 'http-web', appProtocol: 'http', headless: true, canary: { labels: { tier: 'c' }, annotations: { a: 'b' } } },
    });
    const svc = services(canary, podinfoDeployment());
    expect(svc.apex.spec.ports[0]).to.deep.equal({ name: 'http', port: 80, targetPort: 'http-web', protocol: 'TCP', appProtocol: 'http' });
    expect(svc.canary.metadata.labels).to.include({ tier: 'c' });
    expect(svc.canary.metadata.annotations).to.deep.equal({ a: 'b' });
    expect(svc.apex.spec).to.not.have.property('clusterIP');
    expect(svc.primary.spec.clusterIP).to.equal('None');
    expect(() => services(podinfoCanary({ service: { port: 0 } }), podinfoDeployment())).to.throw(ObjectBuildError, /spec\.service\.port/);
  });
});

describe('destinationRules', () => {
  it('creates <svc>-primary and <svc>-canary with the traffic policy', () => {
    const trafficPolicy = { tls: { mode: 'ISTIO_MUTUAL' } };
    const dr = destinationRules(podinfoCanary({ service: { port: 9898, trafficPolicy } }));
    expect(dr.primary.spec).to.deep.equal({ host: 'podinfo-primary', trafficPolicy });
    expect(dr.canary.spec).to.deep.equal({ host: 'podinfo-canary', trafficPolicy });
    expect(dr.primary.apiVersion).to.equal('networking.istio.io/v1');
    expect(dr.canary.metadata.ownerReferences).to.deep.equal([OWNER]);
    expect(destinationRules(podinfoCanary()).primary.spec).to.deep.equal({ host: 'podinfo-primary' });
  });
});

describe('virtualService', () => {
  it('routes everything to the primary when idle, with the service name always among the hosts', () => {
    const vs = virtualService(podinfoCanary({ service: { port: 9898, hosts: ['podinfo.example.com'] } }), IDLE);
    expect(vs.metadata.name).to.equal('podinfo');
    expect(vs.metadata.ownerReferences).to.deep.equal([OWNER]);
    expect(vs.spec.hosts).to.deep.equal(['podinfo.example.com', 'podinfo']);
    expect(vs.spec.gateways).to.deep.equal(['mesh']);
    expect(vs.spec.http).to.deep.equal([{
      name: 'default',
      route: [{ destination: { host: 'podinfo-primary' }, weight: 100 }, { destination: { host: 'podinfo-canary' }, weight: 0 }],
    }]);
  });

  it('splits every weight so the route adds up to 100', () => {
    for (let w = 0; w <= 100; w += 5) {
      const route = virtualService(podinfoCanary(), { ...IDLE, canaryWeight: w }).spec.http[0]?.route ?? [];
      expect(route.reduce((sum, d) => sum + d.weight, 0), `weight ${w}`).to.equal(100);
      expect(route[1]?.weight).to.equal(w);
    }
    expect(() => virtualService(podinfoCanary(), { ...IDLE, canaryWeight: 101 })).to.throw(ObjectBuildError, /canaryWeight must be an integer percentage/);
    expect(() => virtualService(podinfoCanary(), { ...IDLE, canaryWeight: 12.5 })).to.throw(ObjectBuildError);
  });

  it('carries gateways, retries, timeout, headers, corsPolicy, rewrite and match from spec.service', () => {
    const service = {
      port: 9898, hosts: ['podinfo'], gateways: ['public/gw'], timeout: '5s',
      retries: { attempts: 3, perTryTimeout: '1s' }, headers: { request: { set: { x: 'y' } } },
      corsPolicy: { allowOrigins: [{ exact: 'https://a.example' }] }, rewrite: { uri: '/' },
      match: [{ uri: { prefix: '/api' } }],
    };
    const vs = virtualService(podinfoCanary({ service }), { ...IDLE, canaryWeight: 20 });
    expect(vs.spec.hosts).to.deep.equal(['podinfo']);
    expect(vs.spec.gateways).to.deep.equal(['public/gw']);
    expect(vs.spec.http[0]).to.deep.include({
      timeout: '5s', retries: service.retries, headers: service.headers, corsPolicy: service.corsPolicy, rewrite: service.rewrite,
      match: [{ uri: { prefix: '/api' } }],
    });
  });

  it('A/B: puts the matched route to the canary first, then the default route', () => {
    const analysis: CanaryAnalysis = { interval: '10s', iterations: 5, match: [{ headers: { 'x-canary': { exact: 'insider' } } }, { headers: { cookie: { regex: '^(.*?;)?(canary=always)(;.*)?$' } } }] };
    const canary = podinfoCanary({ analysis, service: { port: 9898, match: [{ uri: { prefix: '/' }, headers: { 'x-tenant': { exact: 'a' } } }] } });
    const http = virtualService(canary, { ...IDLE, routeMatchedToCanary: true }).spec.http;
    expect(http.map((r) => r.name)).to.deep.equal([RouteName.Matched, RouteName.Default]);
    expect(http[0]?.route).to.deep.equal([{ destination: { host: 'podinfo-primary' }, weight: 0 }, { destination: { host: 'podinfo-canary' }, weight: 100 }]);
    expect(http[0]?.match).to.deep.equal([
      { uri: { prefix: '/' }, headers: { 'x-tenant': { exact: 'a' }, 'x-canary': { exact: 'insider' } } },
      { uri: { prefix: '/' }, headers: { 'x-tenant': { exact: 'a' }, cookie: { regex: '^(.*?;)?(canary=always)(;.*)?$' } } },
    ]);
    expect(http[1]?.route[0]).to.deep.equal({ destination: { host: 'podinfo-primary' }, weight: 100 });
    const idle = virtualService(canary, IDLE).spec.http;
    expect(idle.map((r) => r.name)).to.deep.equal([RouteName.Default]);
    expect(() => virtualService(podinfoCanary(), { ...IDLE, routeMatchedToCanary: true })).to.throw(ObjectBuildError, /spec\.analysis\.match is empty/);
  });

  it('mirrors to the canary when mirrorWeight > 0', () => {
    const vs = virtualService(podinfoCanary(), { canaryWeight: 0, mirrorWeight: 50, routeMatchedToCanary: false });
    expect(vs.spec.http[0]).to.deep.include({ mirror: { host: 'podinfo-canary' }, mirrorPercentage: { value: 50 } });
    expect(virtualService(podinfoCanary(), IDLE).spec.http[0]).to.not.have.any.keys('mirror', 'mirrorPercentage');
  });
});
