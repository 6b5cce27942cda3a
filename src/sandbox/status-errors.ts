// Every failure the sandbox answers is a Kubernetes `Status` object, because kubectl and
// client-node read `reason` and `code` from it to decide what went wrong.

/** The reasons Kubernetes puts in a failed Status, with their HTTP codes. */
export const StatusReason = Object.freeze({
  BadRequest: 'BadRequest',
  NotFound: 'NotFound',
  Forbidden: 'Forbidden',
  AlreadyExists: 'AlreadyExists',
  Conflict: 'Conflict',
  Invalid: 'Invalid',
  Expired: 'Expired',
  MethodNotAllowed: 'MethodNotAllowed',
  NotAcceptable: 'NotAcceptable',
  UnsupportedMediaType: 'UnsupportedMediaType',
  RequestEntityTooLarge: 'RequestEntityTooLarge',
  InternalError: 'InternalError',
} as const);
export type StatusReason = (typeof StatusReason)[keyof typeof StatusReason];

const codeOf: Readonly<Record<StatusReason, number>> = Object.freeze({
  BadRequest: 400,
  NotFound: 404,
  Forbidden: 403,
  AlreadyExists: 409,
  Conflict: 409,
  Invalid: 422,
  Expired: 410,
  MethodNotAllowed: 405,
  NotAcceptable: 406,
  UnsupportedMediaType: 415,
  RequestEntityTooLarge: 413,
  InternalError: 500,
});

/** One entry of `details.causes`: which field failed and why. */
export interface StatusCause {
  reason: string;
  message: string;
  field: string;
}

/** What a Status says about the object involved. */
export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: StatusCause[];
}

/** The wire shape of a `v1` Status. */
export interface StatusObject {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message: string;
  reason?: StatusReason;
  details?: StatusDetails;
  code: number;
}

/** A failure that the server turns into a Status response with the matching HTTP code. */
export class ApiError extends Error {
  readonly status: StatusObject;

  constructor(reason: StatusReason, message: string, details?: StatusDetails) {
    super(message);
    this.name = 'ApiError';
    this.status = buildStatus(reason, message, details);
  }

  get code(): number {
    return this.status.code;
  }
}

/** Builds a failed Status object; details are omitted when empty. */
export function buildStatus(reason: StatusReason, message: string, details?: StatusDetails): StatusObject {
  const status: StatusObject = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code: codeOf[reason],
  };
  if (details !== undefined) status.details = details;
  return status;
}

/** Names an object as `plural.group "name"`, the way Kubernetes messages do. */
export function qualifiedName(plural: string, group: string): string {
  return group === '' ? plural : `${plural}.${group}`;
}

/** 404 for a named object of a resource. */
export function notFound(plural: string, group: string, name: string): ApiError {
  return new ApiError(StatusReason.NotFound, `${qualifiedName(plural, group)} "${name}" not found`, {
    name,
    group,
    kind: plural,
  });
}

/** 404 for a path that names no known resource or endpoint. */
export function unknownPath(path: string): ApiError {
  return new ApiError(StatusReason.NotFound, `the server could not find the requested resource (${path})`);
}

/** 409 AlreadyExists for a create of a name already taken. */
export function alreadyExists(plural: string, group: string, name: string): ApiError {
  return new ApiError(StatusReason.AlreadyExists, `${qualifiedName(plural, group)} "${name}" already exists`, {
    name,
    group,
    kind: plural,
  });
}

/** 409 Conflict for an optimistic-concurrency failure. */
export function conflict(plural: string, group: string, name: string, why: string): ApiError {
  const message =
    `Operation cannot be fulfilled on ${qualifiedName(plural, group)} "${name}": ${why}`;
  return new ApiError(StatusReason.Conflict, message, { name, group, kind: plural });
}

/** A cause whose message does not repeat its field (kubectl prints `field: message` itself). */
function bareCause(c: StatusCause): StatusCause {
  const prefix = `${c.field}: `;
  return c.field !== '' && c.message.startsWith(prefix) ? { ...c, message: c.message.slice(prefix.length) } : c;
}

/** 422 Invalid listing every offending field in `details.causes`. */
export function invalid(kind: string, group: string, name: string, causes: StatusCause[]): ApiError {
  const bare = causes.map(bareCause);
  const summary = bare.map((c) => (c.field === '' ? c.message : `${c.field}: ${c.message}`)).join(', ');
  return new ApiError(StatusReason.Invalid, `${kind}${group === '' ? '' : '.' + group} "${name}" is invalid: [${summary}]`, {
    name,
    group,
    kind,
    causes: bare,
  });
}

/** 400 BadRequest with a message naming what was wrong. */
export function badRequest(message: string): ApiError {
  return new ApiError(StatusReason.BadRequest, message);
}

/** 410 Expired for a resourceVersion or continue token older than what is retained. */
export function expired(message: string): ApiError {
  return new ApiError(StatusReason.Expired, message);
}

/** Converts anything thrown while serving into a Status; unknown errors become 500s. */
export function toStatus(err: unknown): StatusObject {
  if (err instanceof ApiError) return err.status;
  const message = err instanceof Error ? err.message : String(err);
  return buildStatus(StatusReason.InternalError, `internal error: ${message}`);
}
