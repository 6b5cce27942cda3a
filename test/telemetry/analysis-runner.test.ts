import { expect } from 'chai';
import { queryWithDeadline, runAnalysis, type QueryClient, type QueryOutcome } from '../../src/telemetry/index.ts';

// These stubs exercise the runner's plumbing (ordering, concurrency, failures); PromQL results come from real Prometheus elsewhere.
class RecordingClient implements QueryClient {
  readonly queries: string[] = [];
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly answer: (q: string) => Promise<QueryOutcome>) {}
  query(q: string): Promise<QueryOutcome> {
    this.queries.push(q);
    return this.answer(q);
  }
  hold(): Promise<void> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }
  releaseAll(): void {
    for (const release of this.waiting.splice(0)) release();
  }
}

const canary = { name: 'web', namespace: 'shop', target: 'web', service: 'web' };
const now = new Date('2025-01-01T00:00:00Z');

describe('analysis runner', () => {
  it('starts every query before any finishes and returns measurements in metric order', async () => {
    const client: RecordingClient = new RecordingClient(async (q) => {
      await client.hold();
      return { kind: 'value', value: q.includes('histogram_quantile') ? 120 : 99.9 };
    });
    const pending = runAnalysis({
      metrics: [{ name: 'request-duration', thresholdRange: { max: 500 } }, { name: 'request-success-rate', thresholdRange: { min: 99 } }],
      canary,
      client,
      now,
    });
    const deadline = Date.now() + 2000;
    while (client.queries.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(client.queries, 'both queries in flight at once').to.have.length(2);
    client.releaseAll();
    const result = await pending;
    expect(result.map((m) => [m.metric, m.phase, m.value])).to.deep.equal([
      ['request-duration', 'Successful', 120],
      ['request-success-rate', 'Successful', 99.9],
    ]);
    expect(result[0]!.query).to.include('[1m]');
  });

  it('counts requests once per distinct interval when minRequests is set', async () => {
    const client = new RecordingClient((q) => Promise.resolve<QueryOutcome>({ kind: 'value', value: q.startsWith('sum(increase') ? 100 : 99.9 }));
    const result = await runAnalysis({
      metrics: [
        { name: 'request-success-rate', interval: '1m' },
        { name: 'request-duration', interval: '1m' },
        { name: 'custom', interval: '5m', template: { query: 'vector(1)' } },
      ],
      canary,
      client,
      now,
      minRequests: 50,
    });
    expect(client.queries.filter((q) => q.startsWith('sum(increase'))).to.have.length(2);
    expect(result.map((m) => m.requestCount)).to.deep.equal([100, 100, 100]);
  });

  it('turns a throwing, rejecting or hanging client into Error measurements', async () => {
    const throwing: QueryClient = { query: () => { throw new Error('boom'); } };
    const rejecting: QueryClient = { query: () => Promise.reject(new Error('nope')) };
    const hanging: QueryClient = { query: () => new Promise<QueryOutcome>(() => undefined) };
    const [a, b, c] = await Promise.all(
      [throwing, rejecting, hanging].map((client) =>
        runAnalysis({ metrics: [{ name: 'request-success-rate' }], canary, client, now, timeoutMs: 100 }),
      ),
    );
    expect(a![0]).to.deep.include({ phase: 'Error', message: 'query failed: Error: boom' });
    expect(b![0]).to.deep.include({ phase: 'Error', message: 'query failed: Error: nope' });
    expect(c![0]).to.deep.include({ phase: 'Error', message: 'query did not finish within 100ms (timeout)' });
  });

  it('reports unknown metrics, bad templates and bad names as Error measurements', async () => {
    const client = new RecordingClient(() => Promise.resolve<QueryOutcome>({ kind: 'value', value: 1 }));
    const result = await runAnalysis({
      metrics: [
        { name: 'error-budget' },
        { name: 'tmpl', template: { query: 'x{a="{{ nope }}"}' } },
        { name: 'request-duration', interval: '90' },
      ],
      canary,
      client,
      now,
    });
    expect(result.map((m) => m.phase)).to.deep.equal(['Error', 'Error', 'Error']);
    expect(result[0]!.message).to.include('"error-budget" is not builtin (request-success-rate, request-duration, request-count)');
    expect(result[1]!.message).to.include('unknown variable "nope"');
    expect(result[1]!.query).to.equal('x{a="{{ nope }}"}');
    expect(result[2]!.message).to.include('not a PromQL duration');
    const bad = await runAnalysis({ metrics: [{ name: 'request-count' }], canary: { ...canary, target: 'Web_1' }, client, now });
    expect(bad[0]!.message).to.include('target "Web_1" is not a DNS-1123 label');
    expect(client.queries).to.have.length(0);
  });

  it('queryWithDeadline resolves to the client outcome when it is in time', async () => {
    const client: QueryClient = { query: () => Promise.resolve<QueryOutcome>({ kind: 'no-data', reason: 'no values found' }) };
    expect(await queryWithDeadline(client, 'q', 1000)).to.deep.equal({ kind: 'no-data', reason: 'no values found' });
  });
});
