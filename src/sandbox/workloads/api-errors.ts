/**
 * Reading HTTP status codes out of client-node failures. `ApiException`
 * carries `.code`; watch failures carry `.statusCode`; network failures carry
 * neither.
 */

/** The HTTP status behind a client-node error, or undefined for network-level failures. */
export function httpStatusOf(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const record = err as { code?: unknown; statusCode?: unknown };
  if (typeof record.code === 'number') return record.code;
  if (typeof record.statusCode === 'number') return record.statusCode;
  return undefined;
}

/** True when the object is already gone (404). */
export function isNotFound(err: unknown): boolean {
  return httpStatusOf(err) === 404;
}

/** True for a resourceVersion conflict or a name already taken (409). */
export function isConflict(err: unknown): boolean {
  return httpStatusOf(err) === 409;
}

/** A one-line description of a failure for logs. */
export function describeError(err: unknown): string {
  const code = httpStatusOf(err);
  const message = err instanceof Error ? err.message : String(err);
  return code === undefined ? message : `HTTP ${code}: ${message.split('\n')[0] ?? ''}`;
}
