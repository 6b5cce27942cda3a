import { expect } from 'chai';
import { DurationError, formatDuration, parseDuration } from '../../src/api/duration.ts';

describe('duration', () => {
  it('parses Go durations to milliseconds', () => {
    const cases: [string, number][] = [
      ['1s', 1000],
      ['500ms', 500],
      ['1m30s', 90_000],
      ['2h', 7_200_000],
      ['1h2m3s4ms', 3_723_004],
      ['1.5s', 1500],
      ['.5m', 30_000],
      ['1500us', 1.5],
      ['0', 0],
      ['+10s', 10_000],
    ];
    for (const [text, ms] of cases) expect(parseDuration(text), text).to.equal(ms);
  });

  it('rejects non-durations with a message naming the field, the text and the valid units', () => {
    expect(() => parseDuration('10', 'spec.analysis.interval')).to.throw(DurationError, 'spec.analysis.interval: invalid duration "10": expected numbers with units');
    expect(() => parseDuration('1d')).to.throw(DurationError, 'unknown unit "d" (valid units: ns, us, ms, s, m, h)');
    expect(() => parseDuration('')).to.throw(DurationError, 'must not be empty');
    expect(() => parseDuration('-5s')).to.throw(DurationError, 'must not be negative');
    expect(() => parseDuration('1m 30s')).to.throw(DurationError, 'invalid duration "1m 30s"');
    expect(() => parseDuration('s')).to.throw(DurationError);
  });

  it('keeps the problem apart from the field for callers that build their own messages', () => {
    try {
      parseDuration('1d', 'x');
      expect.fail('parseDuration accepted 1d');
    } catch (error) {
      expect(error).to.be.instanceOf(DurationError);
      expect((error as DurationError).detail).to.equal('unknown unit "d" (valid units: ns, us, ms, s, m, h)');
    }
  });

  it('formats milliseconds as the shortest Go duration', () => {
    const cases: [number, string][] = [
      [0, '0s'],
      [500, '500ms'],
      [1000, '1s'],
      [1500, '1.5s'],
      [90_000, '1m30s'],
      [3_600_000, '1h'],
      [3_723_000, '1h2m3s'],
    ];
    for (const [ms, text] of cases) expect(formatDuration(ms), String(ms)).to.equal(text);
  });

  it('round-trips formatted values', () => {
    for (const ms of [1, 999, 1001, 59_999, 61_000, 86_400_000, 12_345_678]) expect(parseDuration(formatDuration(ms))).to.equal(ms);
  });

  it('refuses to format negative or non-finite values', () => {
    expect(() => formatDuration(-1)).to.throw(DurationError, 'non-negative');
    expect(() => formatDuration(Number.NaN)).to.throw(DurationError);
  });
});
