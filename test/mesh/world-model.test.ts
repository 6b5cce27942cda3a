import { expect } from 'chai';
import { buildWeightTable, pickWeighted } from '../../src/mesh/weighted-choice.ts';
import { resolveServiceHost } from '../../src/mesh/service-host.ts';
import { buildWorld } from '../../src/mesh/world-model.ts';
import { NS, deployment, flaggerApp, pod, service, virtualService, weightedSpec } from './mesh-fixtures.ts';

describe('mesh world model', () => {
  it('resolves short, namespaced and FQDN hosts to a Service', () => {
    expect(resolveServiceHost('app', 'shop')).to.deep.equal({ name: 'app', namespace: 'shop', fqdn: 'app.shop.svc.cluster.local' });
    expect(resolveServiceHost('app.web', 'shop')?.fqdn).to.equal('app.web.svc.cluster.local');
    expect(resolveServiceHost('app.web.svc.cluster.local', 'shop')?.namespace).to.equal('web');
    expect(resolveServiceHost('app.example.com', 'shop')).to.equal(undefined);
    expect(resolveServiceHost('*.shop', 'shop')).to.equal(undefined);
  });

  it('resolves destinations to the ready pods of the selecting Deployment, with Istio identities', () => {
    const world = buildWorld({ ...flaggerApp(), virtualServices: [virtualService('app', weightedSpec(80, 20))] });
    expect(world.warnings).to.deep.equal([]);
    const [primary, canary] = world.hosts[0]!.routes[0]!.destinations;
    expect(primary!.service?.fqdn).to.equal(`app-primary.${NS}.svc.cluster.local`);
    expect(primary!.endpoints.map((e) => e.workload.name)).to.deep.equal(['app-primary', 'app-primary']);
    expect(canary!.endpoints[0]!.workload).to.include({ name: 'app', app: 'app', version: 'v2', canonicalService: 'app', canonicalRevision: 'v2' });
    // One identity object per workload keeps the number of metric label sets small.
    expect(primary!.endpoints[0]!.workload).to.equal(primary!.endpoints[1]!.workload);
  });

  it('prefers the owning Deployment when several selectors match a pod', () => {
    const world = buildWorld({
      deployments: [deployment('broad', { tier: 'web' }), deployment('narrow', { tier: 'web', app: 'x' })],
      services: [service('x', { app: 'x' })],
      pods: [pod('narrow-5f7c9-a', { tier: 'web', app: 'x' }, { owner: 'narrow' })],
      virtualServices: [virtualService('x', { hosts: ['x'], http: [{ route: [{ destination: { host: 'x' } }] }] })],
    });
    expect(world.hosts[0]!.routes[0]!.destinations[0]!.endpoints[0]!.workload.name).to.equal('narrow');
  });

  it('a pod no Deployment selects is named after its ReplicaSet owner without the hash', () => {
    const world = buildWorld({
      deployments: [],
      services: [service('x', { app: 'x' })],
      pods: [pod('legacy-5f7c9-a', { app: 'x' }, { owner: 'legacy' })],
      virtualServices: [virtualService('x', { hosts: ['x'], http: [{ route: [{ destination: { host: 'x' } }] }] })],
    });
    expect(world.hosts[0]!.routes[0]!.destinations[0]!.endpoints[0]!.workload.name).to.equal('legacy');
  });

  it('reports malformed VirtualServices and annotations as warnings naming the object and field, never throws', () => {
    const bad = virtualService(
      'app',
      { hosts: ['app'], http: [{ route: [{ destination: { host: 42 } }] }, { match: [{ headers: { x: { regex: '(' } } }], route: [{ destination: { host: 'app-canary' } }] }, { route: [{ destination: { host: 'app-primary' }, weight: 60 }] }] },
      { 'sandbox.glidepath.dev/rps': 'fast', 'sandbox.glidepath.dev/request-mix': '[{"fraction":2}]' },
    );
    const world = buildWorld({ ...flaggerApp({ canaryAnnotations: { 'sandbox.glidepath.dev/error-rate': '2' } }), virtualServices: [bad, virtualService('spec-less', null)] });
    const text = world.warnings.map((w) => `${w.object}: ${w.message}`).join('\n');
    expect(text).to.contain(`VirtualService ${NS}/app: spec.http[0].route[0].destination.host must be a non-empty string; the route is ignored`);
    expect(text).to.contain('http[1].match[0].headers.x.regex "(" is not a valid regular expression');
    expect(text).to.contain('route http[1] never matches');
    expect(text).to.contain('route weights add up to 60, not 100');
    expect(text).to.contain('sandbox.glidepath.dev/rps="fast"');
    expect(text).to.contain('sandbox.glidepath.dev/request-mix entry 0: fraction must be a number in [0, 1]');
    expect(text).to.contain(`Deployment ${NS}/app (pod template): annotation sandbox.glidepath.dev/error-rate="2"`);
    expect(text).to.contain(`VirtualService ${NS}/spec-less: spec must be an object`);
    expect(world.hosts.map((h) => h.key)).to.deep.equal([`${NS}/app`]);
    expect(world.hosts[0]!.rps).to.equal(undefined);
  });

  it('the first VirtualService (by name) owns a host claimed twice', () => {
    const world = buildWorld({ ...flaggerApp(), virtualServices: [virtualService('b', weightedSpec(0, 100)), virtualService('a', weightedSpec(100, 0))] });
    expect(world.hosts).to.have.length(1);
    expect(world.warnings[0]).to.deep.include({ object: `VirtualService ${NS}/b` });
  });

  describe('weighted choice', () => {
    it('a lone destination without weight takes everything', () => {
      const { table, problem } = buildWeightTable([{ destination: { host: 'a' } }]);
      expect(problem).to.equal(undefined);
      expect(pickWeighted(table, 0.999)).to.equal(0);
    });
    it('maps uniform draws onto cumulative weights, skipping zero weights', () => {
      const { table } = buildWeightTable([{ destination: { host: 'a' }, weight: 80 }, { destination: { host: 'b' }, weight: 0 }, { destination: { host: 'c' }, weight: 20 }]);
      expect(pickWeighted(table, 0)).to.equal(0);
      expect(pickWeighted(table, 0.7999)).to.equal(0);
      expect(pickWeighted(table, 0.8)).to.equal(2);
      expect(pickWeighted(table, 0.99999)).to.equal(2);
    });
    it('all-zero weights choose nothing', () => {
      const { table, problem } = buildWeightTable([{ destination: { host: 'a' }, weight: 0 }, { destination: { host: 'b' }, weight: 0 }]);
      expect(problem).to.match(/add up to 0/);
      expect(pickWeighted(table, 0.5)).to.equal(-1);
    });
  });
});
