import { expect } from 'chai';
import { createLogger, isLogLevel, reconcileLogger } from '../../../src/controller/runtime/logger.ts';

function capture(level?: 'debug' | 'info' | 'warn' | 'error'): { lines: Record<string, unknown>[]; raw: string[]; log: ReturnType<typeof createLogger> } {
  const raw: string[] = [];
  const log = createLogger({ level, sink: (line) => raw.push(line), now: () => Date.UTC(2026, 10, 25, 8, 0, 0) });
  return { raw, log, get lines() { return raw.map((l) => JSON.parse(l) as Record<string, unknown>); } };
}

describe('logger', () => {
  it('writes one JSON object per line with time, level, msg and fields', () => {
    const out = capture();
    out.log.info('canary reconciled', { weight: 20, phase: 'Progressing' });
    expect(out.raw).to.have.length(1);
    expect(out.raw[0]).to.not.include('\n');
    expect(out.lines[0]).to.deep.equal({
      time: '2026-11-25T08:00:00.000Z', level: 'info', msg: 'canary reconciled', weight: 20, phase: 'Progressing',
    });
  });

  it('drops lines below the configured level', () => {
    const out = capture('warn');
    out.log.debug('d');
    out.log.info('i');
    out.log.warn('w');
    out.log.error('e');
    expect(out.lines.map((l) => l.level)).to.deep.equal(['warn', 'error']);
  });

  it('puts child fields on every line, and a reconcile logger carries the canary key and an id', () => {
    const out = capture();
    const log = reconcileLogger(out.log.child({ controller: 'canary' }), 'shop/podinfo');
    log.info('a');
    log.info('b', { step: 2 });
    const [a, b] = out.lines;
    expect(a).to.include({ controller: 'canary', canary: 'shop/podinfo' });
    expect(b).to.include({ controller: 'canary', canary: 'shop/podinfo', step: 2 });
    expect(a?.reconcileId).to.be.a('string').with.length(12);
    expect(a?.reconcileId).to.equal(b?.reconcileId);
  });

  it('serialises errors and never lets a field overwrite msg, level or time', () => {
    const out = capture();
    const err = Object.assign(new Error('boom', { cause: new Error('root') }), { code: 409 });
    out.log.error('write failed', { err, msg: 'sneaky', level: 'debug' });
    const line = out.lines[0];
    expect(line).to.include({ msg: 'write failed', level: 'error', 'field.msg': 'sneaky', 'field.level': 'debug' });
    expect(line?.err).to.deep.equal({ name: 'Error', message: 'boom', code: 409, cause: { name: 'Error', message: 'root' } });
  });

  it('survives values JSON cannot serialise', () => {
    const out = capture();
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    out.log.info('odd values', { circular, big: 10n });
    expect(out.lines[0]).to.include({ msg: 'odd values', big: '10' });
    expect(out.lines[0]?.circular).to.be.a('string');
  });

  it('recognises level names', () => {
    expect(isLogLevel('warn')).to.equal(true);
    expect(isLogLevel('verbose')).to.equal(false);
    expect(isLogLevel('toString')).to.equal(false);
  });
});
