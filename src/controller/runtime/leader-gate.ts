import { TerminalError } from './reconcile-errors.ts';

/**
 * Thrown by `leaderFence()` when this instance may no longer write. It is terminal for the
 * reconcile: the leader (this instance again later, or another) reconciles the key instead.
 */
export class NotLeaderError extends TerminalError {
  override readonly name = 'NotLeaderError';
}

/** What the reconciler consults before every write. */
export interface LeaderGate {
  /** True only while this instance may write; checked synchronously, so it turns false the moment the renew deadline passes. */
  isLeader(): boolean;
  /** Throws NotLeaderError unless `isLeader()`; call it right before each write. */
  leaderFence(): void;
}

/** Returns the gate used when leader election is off: this instance always writes. */
export function alwaysLeader(): LeaderGate {
  return { isLeader: () => true, leaderFence: () => undefined };
}
