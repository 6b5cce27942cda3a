import { expect } from 'chai';
import {
  BuiltinMetric,
  builtinQuery,
  renderMetricTemplate,
  runAnalysis,
  WorkloadRole,
  type AnalysisMetric,
  type AnalysisTarget,
  type Measurement,
  type TemplateValues,
} from '../../src/telemetry/index.ts';
import { startTelemetryLab, type TelemetryLab } from './fixtures/telemetry-lab.ts';

const NS = 'shop';
const WINDOW = '10s';
const NOW = new Date('2025-06-01T12:00:00Z');

function target(name: string): AnalysisTarget {
  return { name, namespace: NS, target: name, service: name };
}

describe('telemetry against a real Prometheus', function () {
  this.timeout(40_000);
  let lab: TelemetryLab;

  before(async () => {
    lab = await startTelemetryLab(
      [
        { namespace: NS, workload: 'checkout', rps: 40, errorRate: 0.1, latency: [{ ms: 30, share: 0.97 }, { ms: 400, share: 0.03 }] },
        { namespace: NS, workload: 'checkout-primary', rps: 40, errorRate: 0.002, latency: [{ ms: 20, share: 1 }] },
        { namespace: NS, workload: 'quiet', rps: 0.2 },
        { namespace: NS, workload: 'other', rps: 10 },
      ],
      // Rates over a couple of scrapes are dominated by integer rounding; several seconds of samples are not.
      { query: `count_over_time(istio_requests_total{reporter="destination",destination_workload="checkout",response_code="200"}[${WINDOW}])`, atLeast: 8 },
    );
  });

  after(async () => {
    await lab.stop();
  });

  async function analyse(name: string, metrics: AnalysisMetric[], minRequests?: number): Promise<Measurement[]> {
    return runAnalysis({ metrics, canary: target(name), client: lab.client, minRequests, now: NOW, timeoutMs: 5000 });
  }

  describe('builtin metrics', () => {
    it('reads 90 ± 2 for a workload answering 10% 5xx, and fails a 99% threshold', async () => {
      const [m] = await analyse('checkout', [{ name: 'request-success-rate', interval: WINDOW, thresholdRange: { min: 99 } }]);
      expect(m!.value, m!.message).to.be.closeTo(90, 2);
      expect(m).to.deep.include({ phase: 'Failed', kind: 'builtin', thresholdMin: 99, time: NOW.toISOString() });
    });

    it('reads ≥ 99.5 for the healthy primary through the baseline query', async () => {
      const query = builtinQuery(BuiltinMetric.RequestSuccessRate, { namespace: NS, target: 'checkout', interval: WINDOW, role: WorkloadRole.Primary });
      expect(query).to.include('destination_workload=~"checkout-primary"');
      const outcome = await lab.client.query(query);
      expect(outcome.kind).to.equal('value');
      if (outcome.kind === 'value') expect(outcome.value).to.be.at.least(99.5).and.at.most(100);
      const [m] = await analyse('checkout-primary', [{ name: 'request-success-rate', interval: WINDOW, thresholdRange: { min: 99 } }]);
      expect(m!.phase, m!.message).to.equal('Successful');
    });

    it('reads the p99 latency within the bucket of the configured 400ms', async () => {
      const [canary, primary] = await Promise.all([
        analyse('checkout', [{ name: 'request-duration', interval: WINDOW, thresholdRange: { max: 500 } }]),
        analyse('checkout-primary', [{ name: 'request-duration', interval: WINDOW, thresholdRange: { max: 500 } }]),
      ]);
      // Istio's buckets around 400ms are (250, 500]; histogram_quantile interpolates inside the bucket.
      expect(canary[0]!.value, canary[0]!.message).to.be.greaterThan(250).and.at.most(500);
      expect(canary[0]!.phase).to.equal('Successful');
      expect(primary[0]!.value).to.be.greaterThan(10).and.at.most(25);
    });

    it('counts requests in the window, destination reporter only', async () => {
      const query = builtinQuery(BuiltinMetric.RequestCount, { namespace: NS, target: 'checkout', interval: WINDOW });
      const bothReporters = query.replace('reporter="destination",', '');
      const at = new Date();
      const [one, both] = await Promise.all([lab.client.query(query, at), lab.client.query(bothReporters, at)]);
      expect(one.kind).to.equal('value');
      expect(both.kind).to.equal('value');
      if (one.kind === 'value' && both.kind === 'value') {
        expect(one.value).to.be.greaterThan(0).and.at.most(40 * 10 * 1.1);
        expect(both.value / one.value).to.be.closeTo(2, 0.01);
      }
    });
  });

  describe('verdicts', () => {
    it('fails with "no values found" for a workload without traffic', async () => {
      const [m] = await analyse('ghost', [{ name: 'request-success-rate', interval: WINDOW, thresholdRange: { min: 99 } }]);
      expect(m).to.deep.include({ phase: 'Failed', value: null });
      expect(m!.message).to.match(/^no values found/);
    });

    it('is Inconclusive, not Failed, when traffic is below minRequests', async () => {
      const [quiet, ghost, busy] = await Promise.all([
        analyse('quiet', [{ name: 'request-success-rate', interval: WINDOW, thresholdRange: { min: 99 } }], 20),
        analyse('ghost', [{ name: 'request-success-rate', interval: WINDOW, thresholdRange: { min: 99 } }], 20),
        analyse('checkout-primary', [{ name: 'request-success-rate', interval: WINDOW, thresholdRange: { min: 99 } }], 20),
      ]);
      expect(quiet[0]!.phase, quiet[0]!.message).to.equal('Inconclusive');
      expect(quiet[0]!.message).to.match(/^only \d+ requests? in 10s, below minRequests 20/);
      expect(quiet[0]!.requestCount).to.be.a('number').that.is.lessThan(20);
      expect(ghost[0]).to.deep.include({ phase: 'Inconclusive', requestCount: 0 });
      expect(ghost[0]!.message).to.equal('only 0 requests in 10s, below minRequests 20; no values found');
      expect(busy[0]!.phase).to.equal('Successful');
      expect(busy[0]!.requestCount).to.be.at.least(20);
    });

    it('is an Error naming the query when a template returns several series', async () => {
      const query = 'sum by (destination_workload) (rate(istio_requests_total{destination_workload_namespace="{{ namespace }}"}[{{ interval }}]))';
      const [m] = await analyse('checkout', [{ name: 'per-workload', interval: WINDOW, template: { query } }]);
      expect(m).to.deep.include({ phase: 'Error', kind: 'template', value: null });
      expect(m!.message).to.match(/query returned [2-9] series/).and.include('sum by (destination_workload)');
    });

    it('judges a templated metric like a builtin one', async () => {
      const query =
        '100 * sum(rate(istio_requests_total{reporter="destination",destination_workload="{{ target }}",response_code=~"{{ variables.code }}"}[{{ interval }}]))' +
        ' / sum(rate(istio_requests_total{reporter="destination",destination_workload="{{ target }}"}[{{ interval }}]))';
      const [m] = await analyse('checkout', [
        { name: 'error-share', interval: WINDOW, template: { query }, templateVariables: { code: '503' }, thresholdRange: { max: 5 } },
      ]);
      expect(m!.value, m!.message).to.be.closeTo(10, 2);
      expect(m).to.deep.include({ phase: 'Failed', kind: 'template' });
      expect(m!.query).to.include('response_code=~"503"');
    });

    it('reports a Prometheus syntax error as an Error measurement', async () => {
      const [m] = await analyse('checkout', [{ name: 'broken', template: { query: 'sum(rate(x[{{ interval }}]' } }]);
      expect(m!.phase).to.equal('Error');
      expect(m!.message).to.include('bad_data');
    });
  });

  describe('template injection against the real query engine', () => {
    const TEMPLATE =
      'sum(rate(istio_requests_total{reporter="destination",destination_workload_namespace="{{ namespace }}",' +
      'destination_workload="{{ target }}",request_protocol!="{{ variables.skip }}"}[{{ interval }}]))';
    const values = (skip: string): TemplateValues => ({ ...target('checkout'), interval: WINDOW, variables: { skip } });
    // What a renderer that pastes values verbatim would produce.
    const naive = (skip: string): string =>
      TEMPLATE.replace('{{ namespace }}', NS).replace('{{ target }}', 'checkout').replace('{{ interval }}', WINDOW).replace('{{ variables.skip }}', skip);

    it('keeps a break-out payload inside the label value: same result as a benign value', async () => {
      const at = new Date();
      const attacks = ['"} or vector(1) or {x="', 'grpc"}[10s])) * 0 + 42 or sum(rate(up{job="mesh'];
      const benign = await lab.client.query(renderMetricTemplate(TEMPLATE, values('grpc')), at);
      expect(benign.kind).to.equal('value');
      for (const attack of attacks) {
        const rendered = renderMetricTemplate(TEMPLATE, values(attack));
        expect(await lab.client.query(rendered, at), attack).to.deep.equal(benign);
      }
      // The second payload really is an attack when pasted verbatim: it replaces the answer with 42.
      expect(await lab.client.query(naive(attacks[1]!), at)).to.deep.equal({ kind: 'value', value: 42 });
    });

    it('makes a regex payload match literally instead of widening the selection', async () => {
      const regexTemplate =
        'sum(rate(istio_requests_total{reporter="destination",destination_workload_namespace="{{ namespace }}",destination_workload=~"{{ variables.w }}"}[{{ interval }}]))';
      const widened = regexTemplate.replace('{{ namespace }}', NS).replace('{{ interval }}', WINDOW).replace('{{ variables.w }}', '.*');
      expect((await lab.client.query(widened)).kind, 'verbatim ".*" matches every workload').to.equal('value');
      const safe = renderMetricTemplate(regexTemplate, { ...target('checkout'), interval: WINDOW, variables: { w: '.*' } });
      expect(await lab.client.query(safe)).to.deep.include({ kind: 'no-data' });
      const exact = renderMetricTemplate(regexTemplate, { ...target('checkout'), interval: WINDOW, variables: { w: 'checkout' } });
      expect((await lab.client.query(exact)).kind).to.equal('value');
    });
  });
});
