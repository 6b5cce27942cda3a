import type { PrometheusAuth } from './prometheus-auth.ts';

/** The parts of a Kubernetes Secret (e.g. client-node's SecretLike) that credentials are read from. */
export interface SecretLike {
  metadata?: { name?: string | undefined; namespace?: string | undefined } | undefined;
  /** Values are base64, as the API serves them. */
  data?: Readonly<Record<string, string>> | undefined;
}

/** The result of reading credentials from a Secret: the auth option, or why it could not be built. */
export type AuthFromSecret = { ok: true; auth: PrometheusAuth } | { ok: false; error: string };

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
// A header value must not carry control characters (CR/LF would split the header).
function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

function secretName(secret: SecretLike): string {
  const meta = secret.metadata;
  return `Secret ${meta?.namespace ?? '?'}/${meta?.name ?? '?'}`;
}

function decodeKey(secret: SecretLike, key: string): string | undefined | Error {
  const raw = secret.data?.[key];
  if (raw === undefined) return undefined;
  const compact = raw.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) {
    return new Error(`${secretName(secret)}: key "${key}" is not valid base64`);
  }
  // Values created with `echo` carry a trailing newline that no server expects.
  const value = Buffer.from(compact, 'base64').toString('utf8').replace(/\r?\n$/, '');
  if (hasControlCharacter(value)) return new Error(`${secretName(secret)}: key "${key}" contains control characters`);
  return value;
}

function fromToken(secret: SecretLike, token: string): AuthFromSecret {
  if (token.trim() === '') return { ok: false, error: `${secretName(secret)}: key "token" is empty` };
  return { ok: true, auth: { type: 'bearer', token: token.trim() } };
}

function fromBasic(secret: SecretLike, username: string | undefined, password: string | undefined): AuthFromSecret {
  const name = secretName(secret);
  if (username === undefined) return { ok: false, error: `${name}: key "password" is set but key "username" is missing` };
  if (password === undefined) return { ok: false, error: `${name}: key "username" is set but key "password" is missing` };
  if (username.includes(':')) return { ok: false, error: `${name}: key "username" must not contain ":" (basic auth)` };
  return { ok: true, auth: { type: 'basic', username, password } };
}

/**
 * Builds Prometheus credentials from a Secret's base64 `data`: key `token` gives bearer auth,
 * keys `username` and `password` give basic auth; every problem is reported naming the Secret and key.
 */
export function authFromSecret(secret: SecretLike): AuthFromSecret {
  const values = ['token', 'username', 'password'].map((key) => decodeKey(secret, key));
  const bad = values.find((v): v is Error => v instanceof Error);
  if (bad !== undefined) return { ok: false, error: bad.message };
  const [token, username, password] = values as (string | undefined)[];
  if (token !== undefined) return fromToken(secret, token);
  if (username !== undefined || password !== undefined) return fromBasic(secret, username, password);
  return {
    ok: false,
    error: `${secretName(secret)} has neither key "token" (bearer auth) nor keys "username" and "password" (basic auth)`,
  };
}
