import { expect } from 'chai';
import { IstioMetricsRegistry } from '../../src/mesh/istio-metrics.ts';
import { TrafficSimulator } from '../../src/mesh/traffic-simulator.ts';
import { buildWorld } from '../../src/mesh/world-model.ts';
import type { ClusterSnapshot } from '../../src/mesh/world-model.ts';
import { NS, flaggerApp, parseExposition, total, virtualService, weightedSpec } from './mesh-fixtures.ts';

const REQ = 'istio_requests_total';
const DEST = { reporter: 'destination' };

function run(snapshot: ClusterSnapshot, opts: { seed?: number; seconds?: number; rps?: number; stepMs?: number } = {}): { text: string; sim: TrafficSimulator } {
  const registry = new IstioMetricsRegistry();
  const sim = new TrafficSimulator(opts.seed ?? 1, registry, opts.rps ?? 1000);
  sim.setWorld(buildWorld(snapshot));
  const stepMs = opts.stepMs ?? 100;
  for (let t = 0; t < (opts.seconds ?? 10) * 1000; t += stepMs) sim.step(stepMs);
  return { text: registry.render(), sim };
}

describe('mesh traffic simulator', () => {
  it('sends exactly rps × time requests, carrying fractions across steps', () => {
    const { sim, text } = run({ ...flaggerApp(), virtualServices: [virtualService('app', weightedSpec(100, 0))] }, { rps: 7.3, seconds: 10, stepMs: 33 });
    // 304 steps of 33 ms (10.032 s) at 7.3 rps = 73.23…, so 73 whole requests with 0.23 carried.
    expect(sim.stats.requests).to.equal(73);
    expect(total(parseExposition(text), REQ, DEST)).to.equal(sim.stats.requests);
  });

  it('splits 80/20 by weight within one point over 10,000 requests', () => {
    const { text } = run({ ...flaggerApp(), virtualServices: [virtualService('app', weightedSpec(80, 20))] });
    const samples = parseExposition(text);
    const all = total(samples, REQ, DEST);
    expect(all).to.equal(10_000);
    expect((100 * total(samples, REQ, { ...DEST, destination_workload: 'app' })) / all).to.be.closeTo(20, 1);
    expect((100 * total(samples, REQ, { ...DEST, destination_workload: 'app-primary' })) / all).to.be.closeTo(80, 1);
  });

  it('answers the configured error fraction with 500', () => {
    const { text } = run({ ...flaggerApp({ canaryAnnotations: { 'sandbox.glidepath.dev/error-rate': '0.1' } }), virtualServices: [virtualService('app', weightedSpec(0, 100))] });
    const samples = parseExposition(text);
    const errors = total(samples, REQ, { ...DEST, response_code: '500' });
    expect(errors / total(samples, REQ, DEST)).to.be.closeTo(0.1, 0.01);
  });

  it('a destination without ready pods gets 503 UH, reported only by the source', () => {
    const { text } = run({ ...flaggerApp({ canaryReady: false }), virtualServices: [virtualService('app', weightedSpec(50, 50))] });
    const samples = parseExposition(text);
    const uh = samples.filter((s) => s.name === REQ && s.labels.response_flags === 'UH');
    expect(uh).to.have.length(1);
    expect(uh[0]!.labels).to.include({
      reporter: 'source', response_code: '503', destination_workload: 'unknown',
      destination_service: `app-canary.${NS}.svc.cluster.local`, destination_service_name: 'app-canary',
    });
    expect(uh[0]!.value).to.be.closeTo(5000, 250);
    expect(total(samples, REQ, { ...DEST, destination_workload: 'app' })).to.equal(0);
  });

  it('a destination host that is not a Service gets 503 NC', () => {
    const spec = { hosts: ['app'], http: [{ route: [{ destination: { host: 'nowhere' } }] }] };
    const samples = parseExposition(run({ ...flaggerApp(), virtualServices: [virtualService('app', spec)] }, { seconds: 1 }).text);
    expect(total(samples, REQ, { response_flags: 'NC', response_code: '503', destination_service: 'nowhere' })).to.equal(1000);
  });

  it('requests no route fits get 404 NR', () => {
    const spec = { hosts: ['app'], http: [{ match: [{ headers: { 'x-never': { exact: 'y' } } }], route: [{ destination: { host: 'app-canary' } }] }] };
    const samples = parseExposition(run({ ...flaggerApp(), virtualServices: [virtualService('app', spec)] }, { seconds: 1 }).text);
    expect(total(samples, REQ, { response_flags: 'NR', response_code: '404' })).to.equal(1000);
  });

  it('mirrors a percentage to the shadow host, seen only by its destination sidecar', () => {
    const spec = { hosts: ['app'], http: [{ route: [{ destination: { host: 'app-primary' } }], mirror: { host: 'app-canary' }, mirrorPercentage: { value: 25 } }] };
    const { text, sim } = run({ ...flaggerApp(), virtualServices: [virtualService('app', spec)] });
    const samples = parseExposition(text);
    expect(total(samples, REQ, { reporter: 'source', destination_workload: 'app-primary' })).to.equal(10_000);
    expect(total(samples, REQ, { reporter: 'source', destination_workload: 'app' })).to.equal(0);
    const shadowed = total(samples, REQ, { ...DEST, destination_workload: 'app', destination_service_name: 'app-canary' });
    expect(shadowed).to.equal(sim.stats.mirrored);
    expect(shadowed).to.be.closeTo(2500, 150);
  });

  it('a header-matched route gets exactly the matching share of a request mix', () => {
    const spec = {
      hosts: ['app'],
      http: [
        { match: [{ headers: { 'x-canary': { exact: 'insider' } } }], route: [{ destination: { host: 'app-canary' } }] },
        { route: [{ destination: { host: 'app-primary' } }] },
      ],
    };
    const mix = { 'sandbox.glidepath.dev/request-mix': '[{"fraction":0.1,"headers":{"x-canary":"insider"}},{"fraction":0.2,"headers":{"x-canary":"outsider"}}]' };
    const samples = parseExposition(run({ ...flaggerApp(), virtualServices: [virtualService('app', spec, mix)] }).text);
    expect(total(samples, REQ, { ...DEST, destination_workload: 'app' }) / 10_000).to.be.closeTo(0.1, 0.01);
  });

  it('the same seed gives byte-identical metric text; another seed does not', () => {
    const snapshot = { ...flaggerApp({ canaryAnnotations: { 'sandbox.glidepath.dev/error-rate': '0.05' } }), virtualServices: [virtualService('app', weightedSpec(70, 30))] };
    const a = run(snapshot, { seed: 11 }).text;
    expect(run(snapshot, { seed: 11 }).text).to.equal(a);
    expect(run(snapshot, { seed: 12 }).text).to.not.equal(a);
  });

  it('setLoad overrides the VirtualService rps by host, namespace/host or FQDN and rejects bad values', () => {
    const registry = new IstioMetricsRegistry();
    const sim = new TrafficSimulator(1, registry, 20);
    const world = buildWorld({ ...flaggerApp(), virtualServices: [virtualService('app', weightedSpec(100, 0), { 'sandbox.glidepath.dev/rps': '50' })] });
    sim.setWorld(world);
    const host = world.hosts[0]!;
    expect(sim.rpsOf(host)).to.equal(50);
    sim.setLoad(`${NS}/app`, 5);
    expect(sim.rpsOf(host)).to.equal(5);
    expect(() => { sim.setLoad('app', -1); }).to.throw(RangeError, /app.*≥ 0/);
  });
});
