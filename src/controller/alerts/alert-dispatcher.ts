/**
 * Sends release alerts off the reconcile path. A pass hands over its new (already persisted)
 * history entries and returns at once; a bounded queue and a couple of workers resolve each
 * provider, build the payload and POST it. A failure becomes a Warning Event on the Canary and
 * never touches the release. Alerts are at most once: they come from entries a committed status
 * write added, so a restart or a new leader never re-sends them, and ones still queued when the
 * process dies are lost.
 */
import type { Canary, CanaryAlert, HistoryStatus } from '../../api/canary-types.ts';
import type { Logger } from '../runtime/logger.ts';
import { severityReaches, thresholdOf } from './alert-severity.ts';
import { alertMessage } from './alert-message.ts';
import type { PostOutcome, PostPolicy, PostTarget } from './alert-post.ts';
import { DEFAULT_POST_POLICY, postAlert } from './alert-post.ts';
import { payloadFor } from './provider-payloads.ts';
import type { ResolutionDeps, ResolvedProvider } from './provider-resolution.ts';
import { resolveAlertProvider } from './provider-resolution.ts';
import type { ReleaseAlert } from './transition-alerts.ts';
import { alertsForEntries } from './transition-alerts.ts';
import { waitAtMost } from '../runtime/wait-at-most.ts';

/** Where a pass's transitions go for alerting; must return at once and never throw. */
export interface AlertSink {
  enqueue(canary: Canary, entries: readonly HistoryStatus[], failedChecks?: number): void;
}

/** Records a Warning Event on the Canary; must not throw. */
export type AlertWarning = (canary: Canary, reason: string, message: string) => Promise<void>;

/** What a dispatcher is built from. */
export interface AlertDispatcherOptions {
  resolution: ResolutionDeps;
  warn: AlertWarning;
  logger: Logger;
  post?: (target: PostTarget, payload: unknown, policy: PostPolicy) => Promise<PostOutcome>;
  policy?: PostPolicy;
  /** Deliveries waiting at most; more are dropped and logged (default 500). */
  maxQueued?: number;
  /** Deliveries in flight at once (default 2). */
  concurrency?: number;
}

interface Delivery {
  canary: Canary;
  entry: CanaryAlert;
  alert: ReleaseAlert;
  failedChecks: number | undefined;
}

/** Reason of the Warning Event when a POST fails. */
export const ALERT_FAILED_REASON = 'AlertFailed';

/** A bounded, fire-and-forget alert queue with a fixed number of workers. */
export class AlertDispatcher implements AlertSink {
  private readonly queue: Delivery[] = [];
  private readonly idleWaiters: (() => void)[] = [];
  private running = 0;
  private stopped = false;
  /** Deliveries dropped because the queue was full or the dispatcher stopped. */
  dropped = 0;
  /** Deliveries that reached their receiver. */
  sent = 0;

  constructor(private readonly options: AlertDispatcherOptions) {}

  /** Queues the alerts `entries` stand for, for every `analysis.alerts[]` entry whose severity they reach. */
  enqueue(canary: Canary, entries: readonly HistoryStatus[], failedChecks?: number): void {
    const targets = canary.spec.analysis.alerts ?? [];
    if (targets.length === 0 || entries.length === 0) return;
    for (const alert of alertsForEntries(canary, entries)) {
      for (const entry of targets) {
        if (severityReaches(alert.severity, thresholdOf(entry))) this.push({ canary, entry, alert, failedChecks });
      }
    }
  }

  /** Resolves when nothing is queued or in flight. */
  idle(): Promise<void> {
    if (this.running === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => { this.idleWaiters.push(resolve); });
  }

  /** Takes no new alerts and waits up to `timeoutMs` for those queued; the rest are dropped. */
  async stop(timeoutMs = 5000): Promise<void> {
    this.stopped = true;
    await waitAtMost(this.idle(), timeoutMs);
    this.dropped += this.queue.splice(0).length;
  }

  private push(delivery: Delivery): void {
    if (this.stopped || this.queue.length >= (this.options.maxQueued ?? 500)) {
      this.dropped += 1;
      // A flood of drops must not become a flood of log lines: the first, then every 100th.
      if (this.dropped === 1 || this.dropped % 100 === 0) {
        this.options.logger.warn('alert dropped: queue full or stopping', { canary: keyOf(delivery.canary), alert: delivery.entry.name, reason: delivery.alert.reason, droppedSoFar: this.dropped });
      }
      return;
    }
    this.queue.push(delivery);
    // Free workers take it at once, so maxQueued counts only deliveries that really wait.
    this.pump();
  }

  private pump(): void {
    while (this.running < (this.options.concurrency ?? 2)) {
      const next = this.queue.shift();
      if (next === undefined) break;
      this.running += 1;
      void this.deliver(next).finally(() => { this.finished(); });
    }
  }

  private finished(): void {
    this.running -= 1;
    this.pump();
    if (this.running === 0 && this.queue.length === 0) this.idleWaiters.splice(0).forEach((resolve) => { resolve(); });
  }

  private async deliver(delivery: Delivery): Promise<void> {
    const { canary, entry, alert } = delivery;
    const log = this.options.logger.child({ canary: keyOf(canary), alert: entry.name, reason: alert.reason, severity: alert.severity });
    try {
      const provider = await resolveAlertProvider(canary, entry, this.options.resolution);
      if (!provider.ok) {
        log.warn('alert not sent', { provider: provider.ref, problem: provider.reason, message: provider.message });
        await this.options.warn(canary, provider.reason, provider.message);
        return;
      }
      await this.send(delivery, provider, log);
    } catch (err: unknown) {
      // Only reads of the AlertProvider or its Secret throw; their errors name the object, not the address.
      log.warn('alert not sent: provider read failed', { err });
      await this.options.warn(canary, ALERT_FAILED_REASON, `alert ${entry.name}: could not read its AlertProvider: ${errorText(err)}`);
    }
  }

  private async send(delivery: Delivery, provider: ResolvedProvider, log: Logger): Promise<void> {
    const { canary, entry, alert } = delivery;
    const payload = payloadFor(provider.type, alertMessage(canary, alert, delivery.failedChecks), { channel: provider.channel, username: provider.username });
    const post = this.options.post ?? postAlert;
    const outcome = await post({ address: provider.address, proxy: provider.proxy }, payload, this.options.policy ?? DEFAULT_POST_POLICY);
    if (outcome.ok) {
      this.sent += 1;
      log.info('alert sent', { provider: provider.ref, type: provider.type, attempts: outcome.attempts });
      return;
    }
    log.warn('alert failed', { provider: provider.ref, type: provider.type, outcome: outcome.message });
    await this.options.warn(canary, ALERT_FAILED_REASON, `alert ${entry.name} (${alert.reason}) via AlertProvider ${provider.ref} (${provider.type}) failed: ${outcome.message}; the release goes on`);
  }
}

function keyOf(canary: Canary): string {
  return `${canary.metadata.namespace ?? 'default'}/${canary.metadata.name}`;
}

function errorText(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'number' || typeof code === 'string' ? `API error ${String(code)}` : 'API request failed';
}
