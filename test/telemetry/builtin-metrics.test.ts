import { expect } from 'chai';
import { BuiltinMetric, builtinQuery, isBuiltinMetric, primaryWorkload, WorkloadRole } from '../../src/telemetry/index.ts';

const SEL = 'reporter="destination",destination_workload_namespace="test",destination_workload=~"podinfo"';

describe('builtin metric queries', () => {
  const input = { namespace: 'test', target: 'podinfo', interval: '1m' };

  it('request-success-rate is 100 × non-5xx rate ÷ total rate at the destination', () => {
    expect(builtinQuery(BuiltinMetric.RequestSuccessRate, input)).to.equal(
      `100 * sum(rate(istio_requests_total{${SEL},response_code!~"5.*"}[1m])) / sum(rate(istio_requests_total{${SEL}}[1m]))`,
    );
  });

  it('request-duration is the p99 of the summed bucket rates by le', () => {
    expect(builtinQuery(BuiltinMetric.RequestDuration, input)).to.equal(
      `histogram_quantile(0.99, sum(rate(istio_request_duration_milliseconds_bucket{${SEL}}[1m])) by (le))`,
    );
  });

  it('request-count is the increase of istio_requests_total over the window', () => {
    expect(builtinQuery(BuiltinMetric.RequestCount, { ...input, interval: '1m30s' })).to.equal(
      `sum(increase(istio_requests_total{${SEL}}[1m30s]))`,
    );
  });

  it('the primary role reads <target>-primary, the baseline for comparisons', () => {
    expect(primaryWorkload('podinfo')).to.equal('podinfo-primary');
    const q = builtinQuery(BuiltinMetric.RequestDuration, { ...input, role: WorkloadRole.Primary });
    expect(q).to.include('destination_workload=~"podinfo-primary"').and.not.include('=~"podinfo"');
  });

  it('rejects names and intervals that could change the query', () => {
    expect(() => builtinQuery(BuiltinMetric.RequestCount, { ...input, target: 'pod.*' })).to.throw(/target "pod\.\*" is not a DNS-1123 label/);
    expect(() => builtinQuery(BuiltinMetric.RequestCount, { ...input, namespace: 'a"b' })).to.throw(/namespace/);
    expect(() => builtinQuery(BuiltinMetric.RequestCount, { ...input, interval: '1m]' })).to.throw(/interval "1m\]" is not a PromQL duration/);
  });

  it('knows its names', () => {
    expect(isBuiltinMetric('request-success-rate')).to.equal(true);
    expect(isBuiltinMetric('request-duration')).to.equal(true);
    expect(isBuiltinMetric('request-count')).to.equal(true);
    expect(isBuiltinMetric('error-rate')).to.equal(false);
  });
});
