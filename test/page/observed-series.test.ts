import { expect } from 'chai';
import { ObservedSeries, currentStateOf } from '../../src/page/observed-series.ts';
import { fixtureCanary } from './page-fixtures.ts';

describe('page: observed series', () => {
  it('records a weight sample only when weight, phase or state changes', () => {
    const series = new ObservedSeries('2026-01-01T00:00:00Z');
    expect(series.observe(fixtureCanary({ weight: 10 }), 't1')).to.equal(true);
    expect(series.observe(fixtureCanary({ weight: 10 }), 't2')).to.equal(false);
    expect(series.observe(fixtureCanary({ weight: 20 }), 't3')).to.equal(true);
    expect(series.weights('test', 'podinfo').map((s) => [s.time, s.weight, s.state])).to.deep.equal([['t1', 10, 'progressing.analysing'], ['t3', 20, 'progressing.analysing']]);
  });

  it('records each measurement once, keyed by its time', () => {
    const series = new ObservedSeries('t0');
    const check = (value: number, time: string) => [{ name: 'sr', value, thresholdMin: 99, verdict: 'Successful' as const, time, query: 'q' }];
    series.observe(fixtureCanary({ checks: check(99.5, 'a') }), 'n1');
    series.observe(fixtureCanary({ checks: check(99.5, 'a') }), 'n2');
    series.observe(fixtureCanary({ checks: check(98, 'b') }), 'n3');
    const sr = series.checks('test', 'podinfo').sr ?? [];
    expect(sr.map((s) => [s.time, s.value, s.min, s.query])).to.deep.equal([['a', 99.5, 99, 'q'], ['b', 98, 99, 'q']]);
  });

  it('stays within its limits', () => {
    const series = new ObservedSeries('t0', { weightSamples: 3, samplesPerCheck: 2, checksPerCanary: 1 });
    for (let i = 0; i < 10; i += 1) {
      series.observe(fixtureCanary({ weight: i, checks: [{ name: 'a', value: i, verdict: 'Successful', time: `a${i}` }, { name: 'b', value: i, verdict: 'Successful', time: `b${i}` }] }), `t${i}`);
    }
    expect(series.weights('test', 'podinfo').map((s) => s.weight)).to.deep.equal([7, 8, 9]);
    const checks = series.checks('test', 'podinfo');
    expect(Object.keys(checks)).to.deep.equal(['a']);
    expect(checks.a?.map((s) => s.value)).to.deep.equal([8, 9]);
  });

  it('forgets a deleted Canary', () => {
    const series = new ObservedSeries('t0');
    series.observe(fixtureCanary(), 't1');
    series.forget('test', 'podinfo');
    expect(series.weights('test', 'podinfo')).to.deep.equal([]);
    expect(series.checks('test', 'podinfo')).to.deep.equal({});
  });

  it('reads the current state path from the persisted machine', () => {
    expect(currentStateOf(fixtureCanary({ state: { progressing: 'paused' } }))).to.equal('progressing.paused');
    expect(currentStateOf(fixtureCanary({ state: 'succeeded' }))).to.equal('succeeded');
    const bare = fixtureCanary();
    delete bare.status;
    expect(currentStateOf(bare)).to.equal('');
  });
});
