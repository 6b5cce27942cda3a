import type { Canary, CheckStatus, HistoryStatus } from '../../api/canary-types.ts';
import { WebhookType } from '../../api/canary-types.ts';
import { desiredStateOf, phaseOf } from '../../../machines/desired-state.ts';
import type { ReleaseSnapshot } from '../../../machines/registry.ts';
import type { AlertSink } from '../alerts/alert-dispatcher.ts';
import type { ControllerMetrics } from '../runtime/controller-metrics.ts';
import type { CanaryEventInput, EventRecorder } from './canary-events.ts';
import { EventType } from './canary-events.ts';
import type { HookCall, HookRunner } from './webhook-calls.ts';

const AT_REST_AFTER_RELEASE: ReadonlySet<string> = new Set(['succeeded', 'failed']);
const RELEASE_STARTS: ReadonlySet<string> = new Set(['NEW_REVISION', 'RETRY']);

function pascal(path: string): string {
  const head = path.split('.')[0] ?? path;
  return head.charAt(0).toUpperCase() + head.slice(1);
}

/** The Event for one history entry: operator actions are named after the action, transitions after the state entered. */
export function eventForEntry(entry: HistoryStatus): CanaryEventInput {
  const byOperator = entry.actor !== undefined;
  const reason = byOperator ? pascal(entry.event.toLowerCase()) : pascal(entry.to);
  const type = entry.to === 'failed' && entry.from !== 'failed' ? EventType.Warning : EventType.Normal;
  return { type, reason, message: `${entry.from} → ${entry.to} (weight ${entry.weight ?? 0}%): ${entry.message ?? ''}` };
}

/** Flagger's event-webhook metadata for one history entry: its message, Normal or Warning, and its time in ms. */
export function eventHookFields(entry: HistoryStatus): Record<string, string> {
  const event = eventForEntry(entry);
  return { eventMessage: event.message, eventType: event.type, timestamp: String(Date.parse(entry.time)) };
}

// One call per entry, in order, as Flagger sends one per event; the runner never rejects.
async function notifyEventHooks(hooks: HookRunner, call: Omit<HookCall, 'type' | 'extra'>, entries: readonly HistoryStatus[]): Promise<void> {
  for (const entry of entries) await hooks({ ...call, type: WebhookType.Event, extra: eventHookFields(entry) });
}

/** Seconds from the release's start (the last NEW_REVISION or RETRY in history) to `now`, or null. */
export function releaseSeconds(history: readonly HistoryStatus[], now: number): number | null {
  const startEntry = [...history].reverse().find((entry) => RELEASE_STARTS.has(entry.event));
  if (startEntry === undefined) return null;
  return Math.max(0, (now - Date.parse(startEntry.time)) / 1000);
}

/** Where a pass's effects go. */
export interface EffectSinks {
  events: EventRecorder;
  hooks: HookRunner;
  metrics?: ControllerMetrics | undefined;
  /** Takes the pass's transitions for alerting and returns at once (sending is queued). */
  alerts?: AlertSink | undefined;
}

/** What a committed pass did. */
export interface CommittedPass {
  canary: Canary;
  snapshot: ReleaseSnapshot;
  newEntries: readonly HistoryStatus[];
  fullHistory: readonly HistoryStatus[];
  measurements: readonly CheckStatus[] | undefined;
  now: number;
}

function finishedRelease(entries: readonly HistoryStatus[]): boolean {
  return entries.some((entry) => AT_REST_AFTER_RELEASE.has(entry.to) && entry.from !== entry.to);
}

/** Runs after a successful status write and returns at once: Events per transition and alerts (both queued), event and post-rollout webhooks, metrics. */
export function publishPass(sinks: EffectSinks, pass: CommittedPass): void {
  const { canary, snapshot, now } = pass;
  for (const entry of pass.newEntries) sinks.events.record(canary, eventForEntry(entry), now);
  sinks.alerts?.enqueue(canary, pass.newEntries, snapshot.context.failedChecks);
  const phase = phaseOf(snapshot);
  const checksum = snapshot.context.revision ?? '';
  void notifyEventHooks(sinks.hooks, { canary, phase, checksum }, pass.newEntries);
  if (finishedRelease(pass.newEntries)) {
    void sinks.hooks({ canary, type: WebhookType.PostRollout, phase, checksum });
    const seconds = releaseSeconds(pass.fullHistory, now);
    const namespace = canary.metadata.namespace ?? 'default';
    if (seconds !== null) sinks.metrics?.observeReleaseDuration(namespace, canary.metadata.name, seconds);
  }
  recordMetrics(sinks.metrics, pass);
}

function recordMetrics(metrics: ControllerMetrics | undefined, pass: CommittedPass): void {
  if (metrics === undefined) return;
  const namespace = pass.canary.metadata.namespace ?? 'default';
  metrics.setCanaryStatus(namespace, pass.canary.metadata.name, phaseOf(pass.snapshot));
  metrics.setCanaryWeight(namespace, pass.canary.spec.targetRef.name, desiredStateOf(pass.snapshot).canaryWeight);
  for (const check of pass.measurements ?? []) {
    if (check.kind === 'builtin' || check.kind === 'template') metrics.setMetricAnalysis(namespace, pass.canary.metadata.name, check.name, check.value ?? null);
  }
}
