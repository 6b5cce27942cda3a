/**
 * Errors the CLI reports as one line on stderr, and the exit codes it uses.
 */

/** Exit codes of every command; the operator actions use all four. */
export const ExitCode = Object.freeze({
  Ok: 0,
  Error: 1,
  Refused: 2,
  TimedOut: 3,
} as const);
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An expected failure: its message is shown as is (no stack trace) and the process exits with `exitCode`. */
export class CliError extends Error {
  override readonly name = 'CliError';

  constructor(message: string, readonly exitCode: ExitCode = ExitCode.Error, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
  }
}
