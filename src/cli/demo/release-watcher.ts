/**
 * Following one Canary for the demo: poll its status every 100 ms and print what changed in
 * words (phase, canary weight, failed checks, each new check value with its threshold and
 * verdict), while collecting what the summary needs.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Canary, CheckStatus } from '../../api/canary-types.ts';
import type { CanaryApi } from '../canary-api.ts';
import { CliError } from '../cli-error.ts';

/** What one release did, for the summary. */
export interface ReleaseRecord {
  weights: number[];
  checks: Map<string, CheckStatus>;
  maxFailedChecks: number;
}

/** Formats a check the way the demo prints it: `request-success-rate = 99.95 (min 99): Successful`. */
export function describeCheck(check: CheckStatus): string {
  const value = check.value === null || check.value === undefined ? 'no data' : Number(check.value.toFixed(2)).toString();
  const bounds = [check.thresholdMin == null ? '' : `min ${check.thresholdMin}`, check.thresholdMax == null ? '' : `max ${check.thresholdMax}`].filter((b) => b !== '').join(', ');
  return `${check.name} = ${value}${bounds === '' ? '' : ` (${bounds})`}: ${check.verdict}`;
}

/** Phases of a release in flight; a resting phase (Initialized, Succeeded, Failed) may be the previous release's. */
const ACTIVE_PHASES: ReadonlySet<string> = new Set(['Initializing', 'Waiting', 'Progressing', 'WaitingPromotion', 'Promoting', 'Finalising']);

function isActive(phase: string | undefined): boolean {
  return phase === undefined || ACTIVE_PHASES.has(phase);
}

// The message is shown with state changes only: while waiting it carries a ticking counter.
function stateLine(canary: Canary, weight: number): string {
  const message = canary.status?.message === undefined ? '' : `: ${canary.status.message}`;
  return `${canary.status?.phase ?? 'no status yet'}, canary weight ${weight}%${message}`;
}

/** Polls one Canary and narrates it. */
export class ReleaseWatcher {
  private record: ReleaseRecord = { weights: [], checks: new Map(), maxFailedChecks: 0 };
  private last: { phase?: string; weight?: number; failed?: number } = {};
  private readonly seenChecks = new Set<string>();
  /** Whether the release began: until then the status still describes the previous one. */
  private started = false;

  constructor(
    private readonly api: CanaryApi,
    private readonly where: { namespace: string; name: string },
    private readonly print: (line: string) => void,
  ) {}

  /** Starts a new record (the previous release's checks are not shown again). */
  begin(): void {
    this.record = { weights: [], checks: new Map(), maxFailedChecks: 0 };
    this.started = false;
  }

  /** What was seen since `begin()`. */
  get current(): ReleaseRecord {
    return this.record;
  }

  /** Narrates until `done` holds for the Canary; a CliError naming `what` and the last status after `timeoutMs`. */
  async until(what: string, done: (canary: Canary) => boolean, timeoutMs: number): Promise<Canary> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const canary = await this.api.get(this.where.namespace, this.where.name);
      this.observe(canary);
      if (done(canary)) return canary;
      if (Date.now() >= deadline) {
        throw new CliError(`timed out after ${Math.round(timeoutMs / 1000)}s waiting for ${what}; the Canary is ${canary.status?.phase ?? 'without status'}: ${canary.status?.message ?? ''}`);
      }
      await delay(100);
    }
  }

  private observe(canary: Canary): void {
    const status = canary.status ?? {};
    const weight = status.canaryWeight ?? 0;
    this.started ||= isActive(status.phase);
    if (this.record.weights.at(-1) !== weight) this.record.weights.push(weight);
    if (this.started) this.record.maxFailedChecks = Math.max(this.record.maxFailedChecks, status.failedChecks ?? 0);
    this.narrateState(canary, weight, status.failedChecks ?? 0);
    for (const check of status.checks ?? []) this.narrateCheck(check);
  }

  private narrateState(canary: Canary, weight: number, failed: number): void {
    const phase = canary.status?.phase;
    if (phase !== this.last.phase || weight !== this.last.weight) this.print(stateLine(canary, weight));
    if (failed !== (this.last.failed ?? 0) && failed > 0) this.print(`failed checks ${failed}/${canary.spec.analysis.threshold ?? '?'}`);
    this.last = { phase, weight, failed };
  }

  private narrateCheck(check: CheckStatus): void {
    const key = `${check.name}@${check.time ?? ''}`;
    if (this.seenChecks.has(key)) return;
    this.seenChecks.add(key);
    this.record.checks.set(check.name, check);
    this.print(`check ${describeCheck(check)}`);
  }
}
