import { expect } from 'chai';
import { DurationError, formatDuration, parseDuration } from '../../../src/controller/runtime/duration.ts';

describe('duration', () => {
  it('parses Go-style durations into milliseconds', () => {
    expect(parseDuration('10s')).to.equal(10_000);
    expect(parseDuration('1m30s')).to.equal(90_000);
    expect(parseDuration('250ms')).to.equal(250);
    expect(parseDuration('1.5h')).to.equal(5_400_000);
    expect(parseDuration('0')).to.equal(0);
    expect(parseDuration(' 2m ')).to.equal(120_000);
  });

  it('rejects malformed durations with the value in the message', () => {
    for (const bad of ['', '10', 'ten seconds', '5x', '-5s', '1m 30s', 's']) {
      expect(() => parseDuration(bad), bad).to.throw(DurationError, bad === '' ? /empty duration/ : /invalid duration/);
    }
  });

  it('formats milliseconds compactly', () => {
    expect([0, 90_000, 3_600_500, 250].map(formatDuration)).to.deep.equal(['0s', '1m30s', '1h500ms', '250ms']);
  });
});
