/**
 * A reconcile error that retrying cannot fix (for example an invalid spec that the reconciler
 * has already reported in a condition). The work queue logs it and does not retry the key.
 */
export class TerminalError extends Error {
  override readonly name: string = 'TerminalError';
}

/** Returns true when `err` is a TerminalError (also across module copies, by name). */
export function isTerminalError(err: unknown): boolean {
  return err instanceof TerminalError || (err instanceof Error && err.name === 'TerminalError');
}
