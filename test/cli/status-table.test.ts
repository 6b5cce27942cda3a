// The status table's pure parts: ages, rows and alignment.
import { expect } from 'chai';
import type { Canary } from '../../src/api/canary-types.ts';
import { formatAge, renderTable, statusRow, statusRows } from '../../src/cli/status/status-table.ts';

function canary(name: string, namespace: string, extra: Partial<Canary> = {}): Canary {
  const base: Canary = {
    apiVersion: 'glidepath.dev/v1alpha1', kind: 'Canary', metadata: { name, namespace },
    spec: { targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name }, service: { port: 80 }, analysis: { threshold: 5, stepWeight: 10 } },
  };
  return { ...base, ...extra };
}

describe('status table', () => {
  it('formats ages like kubectl', () => {
    expect([0, 59_999, 119_000, 125_000, 599_000, 600_000, 10_799_000, 10_800_000, 172_799_000, 172_800_000].map(formatAge))
      .to.deep.equal(['0s', '59s', '119s', '2m5s', '9m59s', '10m', '179m', '3h', '47h59m', '2d']);
    expect(formatAge(-5000)).to.equal('0s');
  });

  it('fills a row from status, with <none> for what is missing and (paused) when paused', () => {
    const now = Date.parse('2026-01-01T00:01:00Z');
    expect(statusRow(canary('a', 'ns'), now)).to.deep.equal(['ns', 'a', 'canary', '<none>', '0', '0/5', '<none>', '<none>']);
    const running = canary('b', 'ns', { status: { phase: 'Progressing', paused: true, canaryWeight: 30, failedChecks: 2, lastTransitionTime: '2026-01-01T00:00:15Z', message: `a  long\n${'x'.repeat(200)}` } });
    const row = statusRow(running, now);
    expect(row.slice(0, 7)).to.deep.equal(['ns', 'b', 'canary', 'Progressing (paused)', '30', '2/5', '45s ago']);
    expect(row[7]).to.have.length(100);
    expect(row[7]?.startsWith('a long x')).to.equal(true);
    expect(row[7]?.endsWith('...')).to.equal(true);
  });

  it('marks a suspended Canary, also when its release is paused', () => {
    const suspended = canary('c', 'ns', { status: { phase: 'Progressing' } });
    suspended.spec.suspend = true;
    expect(statusRow(suspended, 0)[3]).to.equal('Progressing (suspended)');
    suspended.status = { phase: 'Progressing', paused: true };
    expect(statusRow(suspended, 0)[3]).to.equal('Progressing (paused, suspended)');
  });

  it('sorts by namespace, then name, byte-wise', () => {
    const rows = statusRows([canary('b', 'x-y'), canary('a', 'x'), canary('c', 'x')], 0);
    expect(rows.slice(1).map((r) => `${r[0] ?? ''}/${r[1] ?? ''}`)).to.deep.equal(['x/a', 'x/c', 'x-y/b']);
  });

  it('aligns columns with three spaces and leaves the last column unpadded', () => {
    expect(renderTable([['A', 'BB', 'C'], ['long', 'x', 'last']])).to.equal('A      BB   C\nlong   x    last');
  });
});
