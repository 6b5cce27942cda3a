import type { Clock, TimerHandle } from './clock.ts';
import { systemClock } from './clock.ts';
import type { LeaderGate } from './leader-gate.ts';
import { NotLeaderError } from './leader-gate.ts';
import type { LeaseRecord, LeaseStore, StoredLease } from './lease-store.ts';
import type { Logger } from './logger.ts';

/** Timings in kube's terms; the defaults are 15 s / 10 s / 2 s. */
export interface LeaderElectionTimings {
  /** How long a lease is honoured after its holder was last seen renewing it. */
  leaseDurationMs: number;
  /** A leader that could not renew for this long stops leading (must be < leaseDurationMs). */
  renewDeadlineMs: number;
  /** Time between attempts to acquire or renew. */
  retryPeriodMs: number;
}

export const DEFAULT_LEADER_ELECTION_TIMINGS: LeaderElectionTimings = Object.freeze({
  leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000,
});

export interface LeaderElectionCallbacks {
  onStartedLeading?: () => void;
  /** Fires once leadership is lost or given up; writes are already fenced when it runs. */
  onStoppedLeading?: (reason: string) => void;
  /** Fires when the observed holder changes (null when nobody holds the lease). */
  onNewLeader?: (identity: string | null) => void;
}

export interface LeaderElectorOptions {
  identity: string;
  store: LeaseStore;
  timings?: LeaderElectionTimings;
  clock?: Clock;
  logger?: Logger;
  callbacks?: LeaderElectionCallbacks;
}

/** The elector's state, for readiness and logs. */
export type ElectorState = 'leading' | 'standby' | 'stopped';

export interface ElectorStatus {
  state: ElectorState;
  leader: string | null;
  /** The API was reachable recently enough (within a lease duration). */
  healthy: boolean;
  message: string;
}

interface Observation {
  holder: string | null;
  renewTime: number | null;
  resourceVersion: string;
  /** Local time when this record was first seen; expiry is judged from it, so clock skew between replicas does not matter. */
  observedAt: number;
}

/**
 * Leader election on a Lease with client-go's semantics: optimistic concurrency on the
 * resourceVersion, takeover only after the holder has not renewed for a lease duration (as
 * observed locally), and a leader that cannot renew within the renew deadline stops at once.
 */
export class LeaderElector implements LeaderGate {
  private readonly clock: Clock;
  private readonly timings: LeaderElectionTimings;
  private state: ElectorState = 'standby';
  private started = false;
  private observed: Observation | null = null;
  private lastRenewAt = Number.NEGATIVE_INFINITY;
  private lastContactAt: number;
  private lastError = '';
  private roundTimer: TimerHandle | null = null;
  private deadlineTimer: TimerHandle | null = null;

  constructor(private readonly options: LeaderElectorOptions) {
    this.clock = options.clock ?? systemClock();
    this.timings = options.timings ?? DEFAULT_LEADER_ELECTION_TIMINGS;
    this.lastContactAt = this.clock.now();
    if (!(this.timings.renewDeadlineMs < this.timings.leaseDurationMs && this.timings.retryPeriodMs < this.timings.renewDeadlineMs)) {
      throw new RangeError('leader election: need retryPeriod < renewDeadline < leaseDuration');
    }
  }

  /** Starts competing for the lease; the first attempt runs at once. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.runRound();
  }

  /** True only while leading and the last successful renew is younger than the renew deadline. */
  isLeader(): boolean {
    return this.state === 'leading' && this.clock.now() < this.lastRenewAt + this.timings.renewDeadlineMs;
  }

  /** Throws NotLeaderError unless this instance may write now. */
  leaderFence(): void {
    if (!this.isLeader()) {
      throw new NotLeaderError(`not the leader of lease ${this.options.store.description}; refusing to write`);
    }
  }

  /** Returns the current state for readiness checks. */
  status(): ElectorStatus {
    const healthy = this.clock.now() - this.lastContactAt < this.timings.leaseDurationMs;
    const leader = this.observed?.holder ?? null;
    const state = this.isLeader() ? 'leading' : this.state === 'stopped' ? 'stopped' : 'standby';
    const message = state === 'leading' ? `leading as ${this.options.identity}`
      : healthy ? `standing by; leader is ${leader ?? 'nobody'}`
        : `cannot reach the lease ${this.options.store.description}: ${this.lastError}`;
    return { state, leader, healthy, message };
  }

  /** Stops competing; a leader stops writing at once and, with `release`, hands the lease over early. */
  async stop(options: { release?: boolean } = {}): Promise<void> {
    if (this.state === 'stopped') return;
    const wasLeading = this.isLeader();
    this.clearTimers();
    // An attempt still in flight sees 'stopped' when it returns and changes nothing.
    this.state = 'stopped';
    if (wasLeading) {
      this.options.callbacks?.onStoppedLeading?.('elector stopped');
      if (options.release ?? true) await this.release();
    }
  }

  private runRound(): void {
    this.roundTimer = null;
    if (this.state === 'stopped') return;
    void this.round().finally(() => {
      if (this.state !== 'stopped') this.roundTimer = this.clock.setTimer(() => { this.runRound(); }, this.timings.retryPeriodMs);
    });
  }

  private async round(): Promise<void> {
    const now = this.clock.now();
    try {
      const current = await this.options.store.get();
      this.lastContactAt = this.clock.now();
      if (this.state === 'stopped') return;
      const acquired = current ? await this.tryTake(current, now) : await this.tryCreate(now);
      if (acquired) this.renewed(acquired, now);
    } catch (err: unknown) {
      this.lastError = err instanceof Error ? err.message : String(err);
      this.options.logger?.debug('lease attempt failed', { lease: this.options.store.description, err });
    }
    // A leader whose renewals keep failing is stopped by the deadline timer, or here if it already passed.
    if (this.state === 'leading' && !this.isLeader()) this.stopLeading('renew deadline passed');
  }

  private async tryCreate(now: number): Promise<StoredLease> {
    return this.options.store.create(this.recordFor(null, now));
  }

  private async tryTake(current: StoredLease, now: number): Promise<StoredLease | null> {
    this.observe(current, now);
    const holder = current.record.holderIdentity;
    const heldByOther = holder !== null && holder !== this.options.identity;
    if (heldByOther && !this.expired(current.record, now)) {
      if (this.state === 'leading') this.stopLeading(`lease taken by ${holder}`);
      return null;
    }
    if (this.state === 'stopped') return null;
    return this.options.store.update(this.recordFor(current.record, now), current.resourceVersion);
  }

  private recordFor(previous: LeaseRecord | null, now: number): LeaseRecord {
    const leaseDurationSeconds = Math.max(1, Math.ceil(this.timings.leaseDurationMs / 1000));
    if (previous?.holderIdentity === this.options.identity) {
      return { ...previous, leaseDurationSeconds, renewTime: now };
    }
    return {
      holderIdentity: this.options.identity,
      leaseDurationSeconds,
      acquireTime: now,
      renewTime: now,
      leaseTransitions: previous ? previous.leaseTransitions + 1 : 0,
    };
  }

  private observe(lease: StoredLease, now: number): void {
    const { holderIdentity, renewTime } = lease.record;
    const prev = this.observed;
    if (prev && prev.holder === holderIdentity && prev.renewTime === renewTime && prev.resourceVersion === lease.resourceVersion) return;
    this.observed = { holder: holderIdentity, renewTime, resourceVersion: lease.resourceVersion, observedAt: now };
    if (prev?.holder !== holderIdentity) this.options.callbacks?.onNewLeader?.(holderIdentity);
  }

  private expired(record: LeaseRecord, now: number): boolean {
    const observedAt = this.observed?.observedAt ?? now;
    return observedAt + record.leaseDurationSeconds * 1000 <= now;
  }

  /** `at` is the time taken before the write, so the fence errs on the early side. */
  private renewed(lease: StoredLease, at: number): void {
    this.observe(lease, at);
    if (this.state === 'stopped') return;
    this.lastRenewAt = at;
    this.armDeadline();
    if (this.state !== 'leading') {
      this.state = 'leading';
      this.options.logger?.info('became leader', { lease: this.options.store.description, identity: this.options.identity });
      this.options.callbacks?.onStartedLeading?.();
    }
  }

  private armDeadline(): void {
    if (this.deadlineTimer) this.clock.clearTimer(this.deadlineTimer);
    const wait = this.lastRenewAt + this.timings.renewDeadlineMs - this.clock.now();
    this.deadlineTimer = this.clock.setTimer(() => {
      this.deadlineTimer = null;
      if (this.state === 'leading' && !this.isLeader()) this.stopLeading('renew deadline passed');
    }, wait);
  }

  private stopLeading(reason: string): void {
    this.state = 'standby';
    this.lastRenewAt = Number.NEGATIVE_INFINITY;
    if (this.deadlineTimer) this.clock.clearTimer(this.deadlineTimer);
    this.deadlineTimer = null;
    this.options.logger?.warn('stopped leading', { lease: this.options.store.description, identity: this.options.identity, reason });
    this.options.callbacks?.onStoppedLeading?.(reason);
  }

  private async release(): Promise<void> {
    try {
      const current = await this.options.store.get();
      if (current?.record.holderIdentity !== this.options.identity) return;
      const now = this.clock.now();
      await this.options.store.update({ ...current.record, holderIdentity: null, leaseDurationSeconds: 1, renewTime: now }, current.resourceVersion);
    } catch (err: unknown) {
      // Not releasing only delays the next leader by one lease duration.
      this.options.logger?.warn('could not release the lease', { lease: this.options.store.description, err });
    }
  }

  private clearTimers(): void {
    if (this.roundTimer) this.clock.clearTimer(this.roundTimer);
    if (this.deadlineTimer) this.clock.clearTimer(this.deadlineTimer);
    this.roundTimer = null;
    this.deadlineTimer = null;
  }
}
