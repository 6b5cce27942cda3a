/**
 * The alerts a reconcile pass's new history entries stand for: the release transitions Flagger
 * alerts on (initialized, new revision, analysis restarted, waiting for approval, promoted,
 * failed), each with a severity. Pure: the entries are already persisted when this runs.
 */
import type { Canary, HistoryStatus } from '../../api/canary-types.ts';
import { WebhookType } from '../../api/canary-types.ts';
import { AlertSeverity } from '../../api/alert-provider-types.ts';

/** What an alert is about; also its Event-style reason. */
export const AlertReason = Object.freeze({
  Initialized: 'Initialized',
  NewRevision: 'NewRevision',
  AnalysisRestarted: 'AnalysisRestarted',
  RevisionWithdrawn: 'RevisionWithdrawn',
  WaitingApproval: 'WaitingApproval',
  Promoted: 'Promoted',
  Failed: 'Failed',
} as const);
export type AlertReason = (typeof AlertReason)[keyof typeof AlertReason];

/** One alert about one transition of one Canary. */
export interface ReleaseAlert {
  /** Stable per transition (Canary uid, entry time, event, target state): receivers may dedupe on it. */
  id: string;
  severity: AlertSeverity;
  reason: AlertReason;
  /** One sentence for humans. */
  title: string;
  /** The machine's message for the transition. */
  detail: string;
  entry: HistoryStatus;
}

const IN_FLIGHT: ReadonlySet<string> = new Set(['waiting', 'progressing', 'waitingPromotion']);
const GATE_OF: Readonly<Record<string, WebhookType>> = Object.freeze({ waiting: WebhookType.ConfirmRollout, waitingPromotion: WebhookType.ConfirmPromotion });

function stateOf(path: string): string {
  return path.split('.')[0] ?? path;
}

function targetOf(canary: Canary): string {
  return `${canary.spec.targetRef.name}.${canary.metadata.namespace ?? 'default'}`;
}

type Classified = Pick<ReleaseAlert, 'severity' | 'reason' | 'title'>;

function classifyRevision(entry: HistoryStatus, target: string): Classified {
  const from = stateOf(entry.from);
  const to = stateOf(entry.to);
  if (to === 'initialized') return { severity: AlertSeverity.Info, reason: AlertReason.RevisionWithdrawn, title: `New revision of ${target} is the promoted one: release withdrawn` };
  if (IN_FLIGHT.has(from)) return { severity: AlertSeverity.Warn, reason: AlertReason.AnalysisRestarted, title: `New revision detected mid-release: restarting the analysis of ${target}` };
  const skipped = to === 'promoting' ? ' (analysis skipped)' : '';
  return { severity: AlertSeverity.Info, reason: AlertReason.NewRevision, title: `New revision detected: starting the release of ${target}${skipped}` };
}

function classifyArrival(entry: HistoryStatus, target: string): Classified | null {
  const from = stateOf(entry.from);
  const to = stateOf(entry.to);
  if (from === to) return null;
  if (to === 'failed') return { severity: AlertSeverity.Error, reason: AlertReason.Failed, title: `Release of ${target} failed: traffic rolled back to the primary` };
  if (to === 'succeeded') return { severity: AlertSeverity.Info, reason: AlertReason.Promoted, title: `Release of ${target} promoted: the primary runs the new revision` };
  if (to === 'initialized' && from === 'initializing') return { severity: AlertSeverity.Info, reason: AlertReason.Initialized, title: `Initialization of ${target} done: the primary serves all traffic` };
  if (entry.event === 'RETRY') return { severity: AlertSeverity.Info, reason: AlertReason.NewRevision, title: `Release of ${target} retried by ${entry.actor ?? 'an operator'}` };
  return null;
}

/** The alert-worthy class of one history entry, or null. */
export function classifyEntry(entry: HistoryStatus, target: string): Classified | null {
  return entry.event === 'NEW_REVISION' ? classifyRevision(entry, target) : classifyArrival(entry, target);
}

function gateHolds(canary: Canary, state: string): WebhookType | null {
  const gate = GATE_OF[state];
  if (gate === undefined) return null;
  const hooks = (canary.spec.analysis.webhooks ?? []).filter((hook) => hook.type === gate);
  // Flagger's muteAlert silences a gate's "waiting for approval" alert; every hook of the gate must mute it.
  return hooks.length > 0 && hooks.some((hook) => hook.muteAlert !== true) ? gate : null;
}

/** The waiting-for-approval alert when `entry` enters a gated state and no later entry of the same pass left it (the gate opened at once). */
function approvalAlert(canary: Canary, entries: readonly HistoryStatus[], index: number): Classified | null {
  const entry = entries[index];
  if (entry === undefined) return null;
  const state = stateOf(entry.to);
  if (stateOf(entry.from) === state) return null;
  const gate = gateHolds(canary, state);
  if (gate === null) return null;
  const leftAtOnce = entries.slice(index + 1).some((later) => stateOf(later.from) === state && stateOf(later.to) !== state);
  if (leftAtOnce) return null;
  return { severity: AlertSeverity.Warn, reason: AlertReason.WaitingApproval, title: `Release of ${targetOf(canary)} is waiting for approval (${gate} webhook)` };
}

function alertOf(canary: Canary, entry: HistoryStatus, classified: Classified): ReleaseAlert {
  const id = `${canary.metadata.uid ?? `${canary.metadata.namespace ?? 'default'}/${canary.metadata.name}`}:${entry.time}:${entry.event}:${entry.to}:${classified.reason}`;
  return { ...classified, id, detail: entry.message ?? '', entry };
}

/** The alerts of one pass's new history entries, in order. */
export function alertsForEntries(canary: Canary, entries: readonly HistoryStatus[]): ReleaseAlert[] {
  const target = targetOf(canary);
  const alerts: ReleaseAlert[] = [];
  entries.forEach((entry, index) => {
    const classified = classifyEntry(entry, target);
    if (classified !== null) alerts.push(alertOf(canary, entry, classified));
    const approval = approvalAlert(canary, entries, index);
    if (approval !== null) alerts.push(alertOf(canary, entry, approval));
  });
  return alerts;
}
