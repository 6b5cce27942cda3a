import { expect } from 'chai';
import { judgeMeasurement, MetricKind, type JudgeInput } from '../../src/telemetry/index.ts';

const NOW = new Date('2025-01-02T03:04:05.000Z');

function judge(patch: Partial<JudgeInput>): ReturnType<typeof judgeMeasurement> {
  return judgeMeasurement({
    metric: 'request-success-rate',
    kind: MetricKind.Builtin,
    query: 'q',
    outcome: { kind: 'value', value: 99.5 },
    thresholdRange: { min: 99 },
    interval: '1m',
    now: NOW,
    ...patch,
  });
}

describe('measurement judge', () => {
  it('is Successful within the threshold range and records the bounds and time', () => {
    const m = judge({ thresholdRange: { min: 99, max: 100 } });
    expect(m).to.deep.include({ phase: 'Successful', value: 99.5, thresholdMin: 99, thresholdMax: 100, time: NOW.toISOString(), query: 'q' });
    expect(m).to.not.have.property('requestCount');
  });

  it('is Failed outside the range, naming the bound', () => {
    expect(judge({ outcome: { kind: 'value', value: 90.12345 } })).to.deep.include({ phase: 'Failed', message: '90.123 is below the minimum 99' });
    const slow = judge({ outcome: { kind: 'value', value: 600 }, thresholdRange: { max: 500 } });
    expect(slow).to.deep.include({ phase: 'Failed', message: '600 is above the maximum 500' });
  });

  it('treats the bounds as inclusive and no range as always within', () => {
    expect(judge({ outcome: { kind: 'value', value: 99 } }).phase).to.equal('Successful');
    expect(judge({ thresholdRange: undefined, outcome: { kind: 'value', value: -5 } }).phase).to.equal('Successful');
  });

  it('is Failed with "no values found" when there is no data', () => {
    const m = judge({ outcome: { kind: 'no-data', reason: 'no values found (the query returned no series)' } });
    expect(m.phase).to.equal('Failed');
    expect(m.value).to.equal(null);
    expect(m.message).to.match(/^no values found/);
  });

  it('is Inconclusive when fewer requests than minRequests were seen, with or without data', () => {
    const empty = judge({ outcome: { kind: 'no-data', reason: 'no values found' }, requestCount: 3, minRequests: 20 });
    expect(empty).to.deep.include({ phase: 'Inconclusive', requestCount: 3, value: null });
    expect(empty.message).to.equal('only 3 requests in 1m, below minRequests 20; no values found');
    const noisy = judge({ outcome: { kind: 'value', value: 66.7 }, requestCount: 1.2, minRequests: 20 });
    expect(noisy.phase).to.equal('Inconclusive');
    expect(noisy.message).to.equal('only 1 request in 1m, below minRequests 20; value 66.7 not judged');
  });

  it('judges normally at or above minRequests, or when the count is unknown', () => {
    expect(judge({ requestCount: 20, minRequests: 20 }).phase).to.equal('Successful');
    const unknown = judge({ requestCount: null, minRequests: 20, outcome: { kind: 'no-data', reason: 'no values found' } });
    expect(unknown).to.deep.include({ phase: 'Failed', requestCount: null });
    expect(judge({ requestCount: 0, minRequests: 0 }).phase).to.equal('Successful');
  });

  it('is Error for a query error, whatever the traffic', () => {
    const m = judge({ outcome: { kind: 'error', message: 'cannot reach Prometheus' }, requestCount: 1, minRequests: 20 });
    expect(m).to.deep.include({ phase: 'Error', value: null, message: 'cannot reach Prometheus' });
  });
});
