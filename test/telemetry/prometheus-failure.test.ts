import { expect } from 'chai';
import { startPrometheus, type RunningPrometheus } from '../../src/prometheus-supervisor/index.ts';
import { PrometheusClient, runAnalysis, type AnalysisMetric } from '../../src/telemetry/index.ts';

const METRICS: AnalysisMetric[] = [
  { name: 'request-success-rate', interval: '1m', thresholdRange: { min: 99 } },
  { name: 'constant', template: { query: 'vector(99.9)' }, thresholdRange: { min: 99 } },
];

describe('telemetry when Prometheus goes away mid-test', function () {
  this.timeout(30_000);
  let prom: RunningPrometheus | undefined;

  after(async () => {
    await prom?.stop();
  });

  it('turns every query into an Error measurement saying the connection was refused, without crashing', async () => {
    prom = await startPrometheus({ scrapeTargets: [] });
    const client = new PrometheusClient({ address: prom.url, timeoutMs: 2000 });
    const canary = { name: 'web', namespace: 'shop', target: 'web', service: 'web' };
    const now = new Date();

    // While it runs, the queries are answered: nothing is scraped (no data → Failed), the constant passes.
    const before = await runAnalysis({ metrics: METRICS, canary, client, now });
    expect(before.map((m) => m.phase)).to.deep.equal(['Failed', 'Successful']);
    expect(before[1]!.value).to.equal(99.9);

    await prom.stop();
    const after = await runAnalysis({ metrics: METRICS, canary, client, now, minRequests: 10 });
    // Errors win over minRequests: a count that could not be taken is unknown, not zero.
    expect(after.map((m) => m.phase)).to.deep.equal(['Error', 'Error']);
    for (const m of after) {
      expect(m.message).to.equal(`cannot reach Prometheus at ${prom.url}: connection refused (ECONNREFUSED)`);
      expect(m.value).to.equal(null);
    }
    const direct = await client.query('up');
    expect(direct).to.deep.equal({ kind: 'error', message: `cannot reach Prometheus at ${prom.url}: connection refused (ECONNREFUSED)` });
  });
});
