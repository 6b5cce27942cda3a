// CPU cost of the simulated mesh: `npx tsx bench/mesh-bench.ts`.
// Measures the pure core (routing + outcome + recording) per 1,000 simulated
// requests, the /metrics render, and prom-client doing the same recording for comparison.
import { Counter, Histogram, Registry } from 'prom-client';
import { ISTIO_DURATION_BUCKETS_MS, IstioMetricsRegistry } from '../src/mesh/istio-metrics.ts';
import { TrafficSimulator } from '../src/mesh/traffic-simulator.ts';
import { buildWorld } from '../src/mesh/world-model.ts';
import type { ClusterSnapshot } from '../src/mesh/world-model.ts';
import type { DeploymentObject, PodObject, ServiceObject, VirtualServiceObject } from '../src/mesh/cluster-objects.ts';

const HOSTS = 50;
const RPS = 50;
const SIM_SECONDS = 600;
const STEP_MS = 100;

function cpuMicros(fn: () => void): number {
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return used.user + used.system;
}

function app(i: number): Omit<ClusterSnapshot, never> {
  const ns = 'bench';
  const name = `app${i}`;
  const deployments: DeploymentObject[] = [];
  const services: ServiceObject[] = [];
  const pods: PodObject[] = [];
  for (const suffix of ['-primary', '']) {
    const label = { app: `${name}${suffix}` };
    deployments.push({ metadata: { name: `${name}${suffix}`, namespace: ns }, spec: { selector: { matchLabels: label } } });
    services.push({ metadata: { name: suffix === '' ? `${name}-canary` : `${name}-primary`, namespace: ns }, spec: { selector: label } });
    for (const p of ['a', 'b']) {
      pods.push({
        metadata: { name: `${name}${suffix}-x-${p}`, namespace: ns, labels: { ...label, version: suffix === '' ? 'v2' : 'v1' }, annotations: { 'sandbox.glidepath.dev/error-rate': '0.02' } },
        status: { conditions: [{ type: 'Ready', status: 'True' }] },
      });
    }
  }
  const vs: VirtualServiceObject = {
    metadata: { name, namespace: ns },
    spec: { hosts: [name], http: [{ route: [{ destination: { host: `${name}-primary` }, weight: 80 }, { destination: { host: `${name}-canary` }, weight: 20 }] }] },
  };
  return { deployments, services, pods, virtualServices: [vs] };
}

function snapshot(): ClusterSnapshot {
  const parts = Array.from({ length: HOSTS }, (_, i) => app(i));
  return {
    deployments: parts.flatMap((p) => p.deployments),
    services: parts.flatMap((p) => p.services),
    pods: parts.flatMap((p) => p.pods),
    virtualServices: parts.flatMap((p) => p.virtualServices),
  };
}

function benchCore(): { sim: TrafficSimulator; registry: IstioMetricsRegistry; micros: number } {
  const registry = new IstioMetricsRegistry();
  const sim = new TrafficSimulator(1, registry, RPS);
  sim.setWorld(buildWorld(snapshot()));
  sim.step(STEP_MS); // warm up the JIT and create every series
  sim.stats.requests = 0;
  const micros = cpuMicros(() => {
    for (let t = 0; t < SIM_SECONDS * 1000; t += STEP_MS) sim.step(STEP_MS);
  });
  return { sim, registry, micros };
}

function benchPromClient(requests: number): number {
  const registry = new Registry();
  const labelNames = ['reporter', 'source_workload', 'source_workload_namespace', 'source_app', 'source_version', 'destination_workload', 'destination_workload_namespace', 'destination_app', 'destination_version', 'destination_service', 'destination_service_name', 'destination_service_namespace', 'request_protocol', 'response_code', 'response_flags', 'connection_security_policy'] as const;
  const counter = new Counter({ name: 'istio_requests_total', help: 'h', labelNames, registers: [registry] });
  const histogram = new Histogram({ name: 'istio_request_duration_milliseconds', help: 'h', labelNames, buckets: [...ISTIO_DURATION_BUCKETS_MS], registers: [registry] });
  const labels = (i: number): Record<(typeof labelNames)[number], string> => ({
    reporter: i % 2 === 0 ? 'destination' : 'source', source_workload: 'loadgen', source_workload_namespace: 'bench', source_app: 'loadgen', source_version: 'unknown',
    destination_workload: `app${i % HOSTS}`, destination_workload_namespace: 'bench', destination_app: `app${i % HOSTS}`, destination_version: 'v1',
    destination_service: `app${i % HOSTS}.bench.svc.cluster.local`, destination_service_name: `app${i % HOSTS}`, destination_service_namespace: 'bench',
    request_protocol: 'http', response_code: i % 50 === 0 ? '500' : '200', response_flags: '-', connection_security_policy: 'mutual_tls',
  });
  return cpuMicros(() => {
    // Two reporters per request, each a counter increment and a histogram observation.
    for (let i = 0; i < requests * 2; i++) {
      const l = labels(i);
      counter.inc(l);
      histogram.observe(l, 20 + (i % 100));
    }
  });
}

const core = benchCore();
const requests = core.sim.stats.requests;
const renders = 20;
let text = '';
const renderMicros = cpuMicros(() => {
  for (let i = 0; i < renders; i++) text = core.registry.render();
}) / renders;
const promRequests = 200_000;
const promMicros = benchPromClient(promRequests);
const perSecond = HOSTS * RPS;
const corePer1k = (core.micros / requests) * 1000;

console.log(`mesh bench: ${HOSTS} hosts × ${RPS} rps (${perSecond} requests/s), ${SIM_SECONDS} simulated s, step ${STEP_MS} ms`);
console.log(`  simulated requests:              ${requests}`);
console.log(`  pure core CPU per 1,000 requests: ${corePer1k.toFixed(1)} µs (routing, outcome, both reporters)`);
console.log(`  /metrics render:                 ${renderMicros.toFixed(0)} µs per scrape, ${core.registry.seriesCount} label sets, ${(text.length / 1024).toFixed(0)} KiB`);
console.log(`  render per 1,000 requests at 1 scrape/s: ${((renderMicros / perSecond) * 1000).toFixed(1)} µs`);
console.log(`  prom-client recording per 1,000 requests (private Registry, for comparison): ${((promMicros / promRequests) * 1000).toFixed(1)} µs`);
console.log(`  share of one core for the whole mesh: ${(((corePer1k * perSecond) / 1000 + renderMicros) / 1e4).toFixed(2)} %`);
