/**
 * Calls to the Kubernetes API on behalf of a command, with failures turned into one-line
 * CliErrors that say what was being done and where (client-node's own messages carry the
 * whole response and its headers).
 */
import { ApiException } from '@kubernetes/client-node';
import { CliError } from './cli-error.ts';

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'EAI_AGAIN', 'EPIPE']);

function statusMessage(body: unknown): string | undefined {
  let parsed = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body) as unknown;
    } catch {
      return body.trim() === '' ? undefined : body.trim().slice(0, 300);
    }
  }
  if (typeof parsed === 'object' && parsed !== null && 'message' in parsed && typeof parsed.message === 'string') return parsed.message;
  return undefined;
}

function networkCode(err: unknown): string | undefined {
  for (let cause: unknown = err, depth = 0; cause instanceof Error && depth < 4; cause = cause.cause, depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
    const fromMessage = /\b(ECONNREFUSED|ECONNRESET|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|EAI_AGAIN)\b/.exec(cause.message)?.[1];
    if (fromMessage !== undefined) return fromMessage;
  }
  return undefined;
}

function httpText(code: number, body: unknown, what: string): string {
  const detail = statusMessage(body);
  if (code === 404) return `${what}: not found${detail === undefined ? '' : ` (${detail})`}`;
  if (code === 401) return `${what}: unauthorized (401): the kubeconfig's credentials were rejected`;
  if (code === 403) return `${what}: forbidden (403)${detail === undefined ? '' : `: ${detail}`}`;
  return `${what}: the API server answered ${code}${detail === undefined ? '' : `: ${detail}`}`;
}

/** Returns one line describing a failed API call: an HTTP status with the server's message, or why the server was unreachable. */
export function describeApiFailure(err: unknown, what: string, server: string): string {
  if (err instanceof ApiException) return httpText(err.code, err.body, what);
  const code = networkCode(err);
  if (code !== undefined) return `${what}: cannot reach the Kubernetes API server at ${server} (${code}); is it running, and is the kubeconfig right?`;
  const message = err instanceof Error ? err.message.split('\n')[0] ?? '' : String(err);
  return `${what}: ${message}`;
}

/** The HTTP status of a failed API call, or undefined when it never got an answer. */
export function apiStatusCode(err: unknown): number | undefined {
  return err instanceof ApiException ? err.code : undefined;
}

/** Runs one API call; any failure becomes a CliError carrying `describeApiFailure`'s line (and the original as its cause). */
export async function apiCall<T>(what: string, server: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err: unknown) {
    throw new CliError(describeApiFailure(err, what, server), undefined, err);
  }
}
