/**
 * The `glidepath status` table: one row per Canary, kubectl-style (upper-case headers,
 * columns padded and separated by three spaces, `<none>` for missing values).
 */
import type { Canary } from '../../api/canary-types.ts';
import { resolveStrategy } from '../../api/strategy.ts';

/** The columns, in order. */
export const STATUS_COLUMNS = Object.freeze(['NAMESPACE', 'NAME', 'STRATEGY', 'PHASE', 'WEIGHT', 'FAILED/THRESHOLD', 'LAST-TRANSITION', 'MESSAGE'] as const);

const NONE = '<none>';
const MAX_MESSAGE = 100;

/** A kubectl-style age: `45s`, `3m12s`, `2h5m`, `4d`. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return `${m}m${s % 60}s`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h${m % 60 === 0 ? '' : `${m % 60}m`}`;
  return `${Math.floor(h / 24)}d`;
}

function phaseOf(canary: Canary): string {
  const marks = [canary.status?.paused === true ? 'paused' : '', canary.spec.suspend === true ? 'suspended' : ''].filter((m) => m !== '');
  const phase = canary.status?.phase ?? NONE;
  return marks.length === 0 ? phase : `${phase} (${marks.join(', ')})`;
}

function transitionOf(canary: Canary, now: number): string {
  const stamp = canary.status?.lastTransitionTime;
  const time = stamp === undefined ? Number.NaN : new Date(stamp).getTime();
  return Number.isNaN(time) ? NONE : `${formatAge(now - time)} ago`;
}

function messageOf(canary: Canary): string {
  const message = (canary.status?.message ?? '').replace(/\s+/g, ' ').trim();
  if (message === '') return NONE;
  return message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE - 3)}...` : message;
}

/** The cells of one Canary's row, at time `now` (ms). */
export function statusRow(canary: Canary, now: number): string[] {
  const status = canary.status;
  const threshold = canary.spec.analysis.threshold;
  return [
    canary.metadata.namespace ?? 'default',
    canary.metadata.name,
    resolveStrategy(canary.spec),
    phaseOf(canary),
    String(status?.canaryWeight ?? 0),
    `${status?.failedChecks ?? 0}/${threshold ?? NONE}`,
    transitionOf(canary, now),
    messageOf(canary),
  ];
}

/** Rows sorted by namespace then name, with the header first. */
export function statusRows(canaries: readonly Canary[], now: number): string[][] {
  const order = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  const sorted = [...canaries].sort((a, b) => order(a.metadata.namespace ?? '', b.metadata.namespace ?? '') || order(a.metadata.name, b.metadata.name));
  return [[...STATUS_COLUMNS], ...sorted.map((c) => statusRow(c, now))];
}

/** Renders rows as aligned text; the last column is not padded. */
export function renderTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => { widths[i] = Math.max(widths[i] ?? 0, cell.length); });
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('   ').trimEnd()).join('\n');
}
