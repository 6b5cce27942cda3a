/** Why a persisted snapshot could not be restored (or persisted). */
export const SnapshotErrorReason = Object.freeze({
  Malformed: 'Malformed',
  UnknownMachine: 'UnknownMachine',
  VersionMismatch: 'VersionMismatch',
  UnknownState: 'UnknownState',
} as const);
export type SnapshotErrorReason = (typeof SnapshotErrorReason)[keyof typeof SnapshotErrorReason];

/**
 * A snapshot that must not be used: it would be misread. The reason suits a
 * status condition's `reason`; the message says what is wrong and where.
 */
export class SnapshotError extends Error {
  override readonly name = 'SnapshotError';
  readonly reason: SnapshotErrorReason;

  constructor(reason: SnapshotErrorReason, message: string) {
    super(message);
    this.reason = reason;
  }
}
