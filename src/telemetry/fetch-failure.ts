interface WithCause {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  cause?: unknown;
}

function causeCode(err: unknown): string | undefined {
  let current: unknown = err;
  // undici wraps the socket error one or two levels deep in `cause`.
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as WithCause).code;
    if (typeof code === 'string') return code;
    current = (current as WithCause).cause;
  }
  return undefined;
}

const CODE_TEXT: Readonly<Record<string, string>> = Object.freeze({
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host lookup failed',
  EHOSTUNREACH: 'host unreachable',
  UND_ERR_SOCKET: 'connection closed unexpectedly',
});

/** Explains why a fetch to Prometheus failed, in words an operator can act on. */
export function describeFetchFailure(err: unknown, address: string, timeoutMs: number): string {
  const name = (err as WithCause | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return `Prometheus at ${address} did not answer within ${timeoutMs}ms (timeout)`;
  }
  const code = causeCode(err);
  const text = code === undefined ? undefined : CODE_TEXT[code];
  if (code !== undefined) return `cannot reach Prometheus at ${address}: ${text ?? 'network error'} (${code})`;
  const message = (err as WithCause | null)?.message;
  return `cannot reach Prometheus at ${address}: ${typeof message === 'string' ? message : String(err)}`;
}
