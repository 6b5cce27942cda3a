/**
 * The runtime's informer supervisor starts without waiting, while the page wants `start()` to
 * return once the first lists are in. This tracks a supervisor's first list attempt, so a
 * start can wait for the cache to fill, or stop waiting when the list failed (the supervisor
 * then retries with backoff on its own).
 */
import type { RawLister } from '../controller/runtime/raw-list.ts';

/** Something that reports whether its cache has been filled by a list. */
export interface Syncable {
  hasSynced(): boolean;
}

const POLL_MS = 5;

/** Remembers whether a lister's first call failed. */
export class FirstListAttempt {
  private failedOnce = false;
  private calls = 0;

  /** Returns `lister` with its first call observed. */
  wrap(lister: RawLister): RawLister {
    return async (path, labelSelector, fieldSelector) => {
      const first = this.calls === 0;
      this.calls += 1;
      try {
        return await lister(path, labelSelector, fieldSelector);
      } catch (err: unknown) {
        if (first) this.failedOnce = true;
        throw err;
      }
    };
  }

  /** True once `cache` has listed, or its first list failed. */
  settled(cache: Syncable): boolean {
    return this.failedOnce || cache.hasSynced();
  }
}

/** Resolves true once `done()` holds, or false when `timeoutMs` passes or `cancelled()` turns true first. */
export async function waitUntil(done: () => boolean, cancelled: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (cancelled() || Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return true;
}
