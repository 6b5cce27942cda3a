/** The table the demo ends with: one row per release, what was expected and what happened. */
import type { ReleaseRecord } from './release-watcher.ts';
import { renderTable } from '../status/status-table.ts';

/** One release of the scenario, once played. */
export interface ReleaseResult {
  release: string;
  change: string;
  expected: string;
  outcome: string;
  primaryAfter: string;
  seconds: number;
  record: ReleaseRecord;
  ok: boolean;
}

function checksText(record: ReleaseRecord): string {
  const parts = [...record.checks.values()].map((c) => `${c.name.replace(/^request-/, '')} ${c.value == null ? 'no data' : Number(c.value.toFixed(1)).toString()}`);
  return parts.length === 0 ? '-' : parts.join(', ');
}

/** The summary table, kubectl-style. */
export function summaryTable(results: readonly ReleaseResult[]): string {
  const header = ['RELEASE', 'CHANGE', 'EXPECTED', 'OUTCOME', 'WEIGHTS', 'FAILED', 'LAST CHECKS', 'PRIMARY', 'TIME', 'OK'];
  const rows = results.map((r) => [
    r.release, r.change, r.expected, r.outcome, r.record.weights.join('→'), String(r.record.maxFailedChecks),
    checksText(r.record), r.primaryAfter, `${r.seconds.toFixed(1)}s`, r.ok ? 'yes' : 'NO',
  ]);
  return renderTable([header, ...rows]);
}
