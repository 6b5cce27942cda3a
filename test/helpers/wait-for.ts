/**
 * Waiting on conditions instead of sleeping: poll a check every few
 * milliseconds until it yields a value or the deadline passes, then fail with
 * a message that says what was awaited and what was last seen.
 *
 * ```ts
 * const pod = await waitFor(async () => (await listPods()).find(isReady), { what: 'a Ready pod', timeoutMs: 5000 });
 * ```
 */

/** How long to wait and how to describe the wait in a failure. */
export interface WaitOptions {
  /** Shown in the failure message: "timed out after 5000 ms waiting for <what>". */
  what: string;
  /** Deadline in milliseconds (default 5000). */
  timeoutMs?: number;
  /** Poll period in milliseconds (default 20). */
  intervalMs?: number;
  /** Describes the last observation for the failure message (default: the last value or error). */
  describeLast?: () => string;
}

/** Thrown when a wait times out; its message names what was awaited and the last observation. */
export class WaitTimeoutError extends Error {
  override readonly name = 'WaitTimeoutError';
}

/** A condition: return a truthy value when satisfied; falsy values and thrown errors mean "not yet". */
export type Condition<T> = () => T | undefined | null | false | Promise<T | undefined | null | false>;

/** Resolves with the first truthy value `condition` returns; rejects with WaitTimeoutError after the deadline. */
export async function waitFor<T>(condition: Condition<T>, options: WaitOptions): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const intervalMs = options.intervalMs ?? 20;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const attempt = await tryOnce(condition);
    if (attempt.done) return attempt.value;
    if (Date.now() >= deadline) {
      const last = attempt.last;
      const detail = options.describeLast?.() ?? last;
      throw new WaitTimeoutError(`timed out after ${timeoutMs} ms waiting for ${options.what} (${detail})`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

type Attempt<T> = { done: true; value: T } | { done: false; last: string };

async function tryOnce<T>(condition: Condition<T>): Promise<Attempt<T>> {
  try {
    const value = await condition();
    if (value !== undefined && value !== null && value !== false) return { done: true, value };
    return { done: false, last: `last value: ${String(value)}` };
  } catch (err) {
    return { done: false, last: `last error: ${err instanceof Error ? err.message : String(err)}` };
  }
}
