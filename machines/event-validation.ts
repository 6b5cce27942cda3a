import type { ReleaseEvent } from './release-types.ts';

/** Thrown when an event handed to a machine is not a well-formed release event. */
export class ReleaseEventError extends Error {
  override readonly name = 'ReleaseEventError';
}

const OPERATOR_TYPES: readonly string[] = ['PROMOTE', 'ABORT', 'PAUSE', 'RESUME', 'RETRY'];
const EVENT_TYPES = ['TICK', 'NEW_REVISION', ...OPERATOR_TYPES];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function tickProblem(event: Record<string, unknown>): string | null {
  if (!isRecord(event['config'])) return 'TICK.config must be an object';
  if (!Array.isArray(event['checks'])) return 'TICK.checks must be an array';
  if (!isRecord(event['gates'])) return 'TICK.gates must be an object';
  const flags = ['canaryReady', 'primaryReady', 'rollbackRequested'].filter((key) => typeof event[key] !== 'boolean');
  if (flags.length > 0) return `TICK.${flags.join(', TICK.')} must be boolean`;
  const revision = event['primaryRevision'];
  return revision === null || typeof revision === 'string' ? null : 'TICK.primaryRevision must be a string or null';
}

function newRevisionProblem(event: Record<string, unknown>): string | null {
  const revision = event['revision'];
  if (typeof revision !== 'string' || revision === '') return 'NEW_REVISION.revision must be a non-empty string';
  return isRecord(event['config']) ? null : 'NEW_REVISION.config must be an object';
}

function problemOf(event: unknown): string | null {
  if (!isRecord(event)) return 'an event must be an object';
  const type = event['type'];
  if (typeof type !== 'string' || !EVENT_TYPES.includes(type)) {
    return `event type ${JSON.stringify(type)} is not one of ${EVENT_TYPES.join(', ')}`;
  }
  const now = event['now'];
  if (typeof now !== 'number' || !Number.isFinite(now)) return `${type}.now must be a finite number of epoch milliseconds`;
  if (type === 'TICK') return tickProblem(event);
  return type === 'NEW_REVISION' ? newRevisionProblem(event) : null;
}

/** Returns the event unchanged if it is well formed; otherwise throws ReleaseEventError naming the field. */
export function checkReleaseEvent(event: unknown): ReleaseEvent {
  const problem = problemOf(event);
  if (problem !== null) throw new ReleaseEventError(problem);
  return event as ReleaseEvent;
}
