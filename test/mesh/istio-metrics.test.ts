import { expect } from 'chai';
import { ISTIO_DURATION_BUCKETS_MS, IstioMetricsRegistry, bucketIndex } from '../../src/mesh/istio-metrics.ts';
import { Reporter, ResponseFlag, escapeLabelValue } from '../../src/mesh/istio-labels.ts';
import { loadgenIdentity } from '../../src/mesh/world-model.ts';
import type { WorkloadIdentity } from '../../src/mesh/workload-index.ts';
import { parseExposition } from './mesh-fixtures.ts';

const ISTIO_BUCKETS = ['0.5', '1', '5', '10', '25', '50', '100', '250', '500', '1000', '2500', '5000', '10000', '30000', '60000', '300000', '600000', '1800000', '3600000', '+Inf'];

// Istio's standard labels (ANCHORS.md §3) plus those its stats plugin also emits.
const ISTIO_LABELS = [
  'reporter', 'source_workload', 'source_canonical_service', 'source_canonical_revision', 'source_workload_namespace', 'source_principal',
  'source_app', 'source_version', 'source_cluster', 'destination_workload', 'destination_workload_namespace', 'destination_principal',
  'destination_app', 'destination_version', 'destination_service', 'destination_canonical_service', 'destination_canonical_revision',
  'destination_service_name', 'destination_service_namespace', 'destination_cluster', 'request_protocol', 'response_code',
  'grpc_response_status', 'response_flags', 'connection_security_policy',
];

const reviews: WorkloadIdentity = {
  name: 'reviews-v2', namespace: 'shop', app: 'reviews', version: 'v2', canonicalService: 'reviews', canonicalRevision: 'v2',
  principal: 'spiffe://cluster.local/ns/shop/sa/default',
};
const service = { fqdn: 'reviews.shop.svc.cluster.local', name: 'reviews', namespace: 'shop' };

function populated(): IstioMetricsRegistry {
  const registry = new IstioMetricsRegistry();
  const base = { source: loadgenIdentity('shop'), destination: reviews, service };
  const dest = registry.flow({ ...base, reporter: Reporter.Destination });
  const src = registry.flow({ ...base, reporter: Reporter.Source });
  for (const ms of [0.3, 0.5, 7, 120, 400, 999, 4_000_000]) dest.record(200, ms);
  dest.record(500, 30);
  src.record(200, 12);
  return registry;
}

describe('mesh istio metrics exposition', () => {
  it('uses exactly Istio\'s default duration buckets', () => {
    expect(ISTIO_DURATION_BUCKETS_MS).to.deep.equal([0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000]);
  });

  it('puts a value on a bucket boundary into that bucket (le is inclusive)', () => {
    expect(bucketIndex(0.5)).to.equal(0);
    expect(bucketIndex(0.51)).to.equal(1);
    expect(bucketIndex(500)).to.equal(8);
    expect(bucketIndex(4_000_000)).to.equal(19);
  });

  it('renders HELP/TYPE once per family and every sample parses back', () => {
    const text = populated().render();
    expect(text.match(/^# TYPE istio_requests_total counter$/gm)).to.have.length(1);
    expect(text.match(/^# TYPE istio_request_duration_milliseconds histogram$/gm)).to.have.length(1);
    const names = new Set(parseExposition(text).map((s) => s.name));
    expect([...names].sort()).to.deep.equal([
      'istio_request_duration_milliseconds_bucket', 'istio_request_duration_milliseconds_count',
      'istio_request_duration_milliseconds_sum', 'istio_requests_total',
    ]);
    expect(text.endsWith('\n')).to.equal(true);
  });

  it('carries Istio\'s label names and values for both reporters', () => {
    const samples = parseExposition(populated().render()).filter((s) => s.name === 'istio_requests_total');
    expect(samples).to.have.length(3);
    for (const s of samples) expect(Object.keys(s.labels)).to.deep.equal(ISTIO_LABELS);
    const dest = samples.find((s) => s.labels.reporter === 'destination' && s.labels.response_code === '200')!;
    expect(dest.value).to.equal(7);
    expect(dest.labels).to.include({
      source_workload: 'loadgen', source_workload_namespace: 'shop', source_app: 'loadgen',
      destination_workload: 'reviews-v2', destination_workload_namespace: 'shop', destination_app: 'reviews', destination_version: 'v2',
      destination_service: 'reviews.shop.svc.cluster.local', destination_service_name: 'reviews', destination_service_namespace: 'shop',
      request_protocol: 'http', response_flags: '-', connection_security_policy: 'mutual_tls',
    });
    const src = samples.find((s) => s.labels.reporter === 'source')!;
    expect(src.labels.connection_security_policy).to.equal('unknown');
  });

  it('histogram buckets are cumulative, end at +Inf = count, and sum adds up', () => {
    const samples = parseExposition(populated().render());
    const buckets = samples.filter((s) => s.name === 'istio_request_duration_milliseconds_bucket' && s.labels.reporter === 'destination' && s.labels.response_code === '200');
    expect(buckets.map((b) => b.labels.le)).to.deep.equal(ISTIO_BUCKETS);
    const byLe = Object.fromEntries(buckets.map((b) => [b.labels.le!, b.value]));
    expect(byLe).to.include({ '0.5': 2, '1': 2, '5': 2, '10': 3, '100': 3, '250': 4, '500': 5, '1000': 6, '3600000': 6, '+Inf': 7 });
    const count = samples.find((s) => s.name === 'istio_request_duration_milliseconds_count' && s.labels.reporter === 'destination' && s.labels.response_code === '200')!;
    const sum = samples.find((s) => s.name === 'istio_request_duration_milliseconds_sum' && s.labels.reporter === 'destination' && s.labels.response_code === '200')!;
    expect(count.value).to.equal(7);
    expect(sum.value).to.be.closeTo(0.3 + 0.5 + 7 + 120 + 400 + 999 + 4_000_000, 1e-6);
  });

  it('escapes label values so crafted names cannot break the format', () => {
    expect(escapeLabelValue('a"b\\c\nd')).to.equal('a\\"b\\\\c\\nd');
    const registry = new IstioMetricsRegistry();
    const evil = { ...reviews, name: 'x",reporter="source' };
    registry.flow({ reporter: Reporter.Destination, source: loadgenIdentity('shop'), destination: evil, service }).record(200, 1);
    const sample = parseExposition(registry.render()).find((s) => s.name === 'istio_requests_total')!;
    expect(sample.labels.destination_workload).to.equal('x",reporter="source');
    expect(sample.labels.reporter).to.equal('destination');
  });

  it('flows without a destination workload report unknown and their response flag', () => {
    const registry = new IstioMetricsRegistry();
    registry.flow({ reporter: Reporter.Source, source: loadgenIdentity('shop'), destination: undefined, service }, ResponseFlag.NoHealthyUpstream).record(503, 0.2);
    const sample = parseExposition(registry.render()).find((s) => s.name === 'istio_requests_total')!;
    expect(sample.labels).to.include({ destination_workload: 'unknown', destination_workload_namespace: 'unknown', response_flags: 'UH', response_code: '503' });
  });
});
