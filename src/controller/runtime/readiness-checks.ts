import type { KindSync } from './cache-set.ts';
import type { ReadinessCheck } from './health-server.ts';
import type { ElectorStatus } from './leader-election.ts';

/** Returns a check that passes once every informer cache has synced, naming the kinds still syncing. */
export function cacheSyncCheck(caches: { syncStatus(): KindSync[] }): ReadinessCheck {
  return {
    name: 'caches',
    check: () => {
      const waiting = caches.syncStatus().filter((s) => !s.synced).map((s) => s.kind);
      return waiting.length === 0
        ? { ok: true, message: 'all caches synced' }
        : { ok: false, message: `waiting for caches: ${waiting.join(', ')}` };
    },
  };
}

/**
 * Returns a check that passes while this instance leads, or stands by with the Lease reachable;
 * it fails when the elector is stopped or has not reached the API for a lease duration.
 */
export function leaderElectionCheck(elector: { status(): ElectorStatus }): ReadinessCheck {
  return {
    name: 'leader-election',
    check: () => {
      const status = elector.status();
      return { ok: status.state !== 'stopped' && (status.state === 'leading' || status.healthy), message: status.message };
    },
  };
}
