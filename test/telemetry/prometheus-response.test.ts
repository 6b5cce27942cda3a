import { expect } from 'chai';
import { outcomeFromBody } from '../../src/telemetry/prometheus-response.ts';
import { parseSampleValue } from '../../src/telemetry/sample-value.ts';

// These bodies follow the documented /api/v1/query response shapes; real PromQL is exercised against real Prometheus elsewhere.
const vector = (...values: string[]): unknown => ({
  status: 'success',
  data: { resultType: 'vector', result: values.map((v, i) => ({ metric: { i: String(i) }, value: [1700000000, v] })) },
});

describe('prometheus response parsing', () => {
  it('reads a single-series vector and a scalar', () => {
    expect(outcomeFromBody(vector('99.5'), 'q')).to.deep.equal({ kind: 'value', value: 99.5 });
    expect(outcomeFromBody({ status: 'success', data: { resultType: 'scalar', result: [1, '42'] } }, 'q')).to.deep.equal({ kind: 'value', value: 42 });
  });

  it('turns an empty vector and NaN into no data', () => {
    expect(outcomeFromBody(vector(), 'q')).to.deep.include({ kind: 'no-data' });
    expect(outcomeFromBody(vector('NaN'), 'q')).to.deep.include({ kind: 'no-data' });
    expect(outcomeFromBody({ status: 'success', data: { resultType: 'scalar', result: [1, 'NaN'] } }, 'q')).to.deep.include({ kind: 'no-data' });
  });

  it('reports several series as an error naming the query', () => {
    const outcome = outcomeFromBody(vector('1', '2', '3'), 'sum by (pod) (up)');
    expect(outcome.kind).to.equal('error');
    expect(outcome).to.have.property('message').that.includes('3 series').and.includes('sum by (pod) (up)');
  });

  it('reports Prometheus errors, other result types and malformed bodies', () => {
    expect(outcomeFromBody({ status: 'error', errorType: 'bad_data', error: 'parse error' }, 'q'))
      .to.have.property('message').that.includes('bad_data').and.includes('parse error');
    expect(outcomeFromBody({ status: 'success', data: { resultType: 'matrix', result: [] } }, 'q')).to.have.property('message').that.includes('"matrix"');
    expect(outcomeFromBody([1, 2], 'q')).to.have.property('kind', 'error');
    expect(outcomeFromBody({ status: 'weird' }, 'q')).to.have.property('message').that.includes('unknown status');
    expect(outcomeFromBody(vector('abc'), 'q')).to.have.property('message').that.includes('not a number');
    expect(outcomeFromBody({ status: 'success', data: { resultType: 'vector', result: 'x' } }, 'q')).to.have.property('kind', 'error');
  });

  it('parses Prometheus sample strings including infinities', () => {
    expect(parseSampleValue('+Inf')).to.equal(Infinity);
    expect(parseSampleValue('-Inf')).to.equal(-Infinity);
    expect(parseSampleValue('1e3')).to.equal(1000);
    expect(parseSampleValue('')).to.equal(null);
    expect(parseSampleValue(5)).to.equal(null);
  });
});
