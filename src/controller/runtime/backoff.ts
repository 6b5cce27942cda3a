/** Exponential backoff settings: the first delay, doubled per consecutive failure, never above the cap. */
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
}

/** Returns the delay after `failures` consecutive failures (1 → initialMs, 2 → 2×initialMs, … capped at maxMs). */
export function backoffDelay(policy: BackoffPolicy, failures: number): number {
  if (failures <= 1) return Math.min(policy.initialMs, policy.maxMs);
  // Beyond ~50 doublings the float overflows to Infinity; the cap makes that harmless.
  const delay = policy.initialMs * 2 ** (failures - 1);
  return Math.min(delay, policy.maxMs);
}

/** Tracks consecutive failures per key; `failure` returns the next delay, `reset` forgets the key. */
export class KeyedBackoff {
  private readonly failures = new Map<string, number>();

  constructor(private readonly policy: BackoffPolicy) {}

  /** Records one more failure for `key` and returns how long to wait before retrying it. */
  failure(key: string): number {
    const count = (this.failures.get(key) ?? 0) + 1;
    this.failures.set(key, count);
    return backoffDelay(this.policy, count);
  }

  /** Forgets the failures of `key` (after a success, or when the key is gone). */
  reset(key: string): void {
    this.failures.delete(key);
  }

  /** Returns the consecutive failures recorded for `key`. */
  failuresOf(key: string): number {
    return this.failures.get(key) ?? 0;
  }
}
