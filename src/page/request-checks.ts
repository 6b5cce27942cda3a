/**
 * Checks on request input: object names, the bearer token, and the optional actor
 * name an action carries. Each failure says what was wrong.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

// A DNS-1123 subdomain, the most any namespace or Canary name can be.
const KUBE_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const ACTOR = /^[A-Za-z0-9][A-Za-z0-9._@ -]{0,62}$/;

/** True when `name` could name a Kubernetes object (DNS-1123 subdomain). */
export function isKubeName(name: string): boolean {
  return KUBE_NAME.test(name);
}

/** The outcome of checking an Authorization header. */
export type TokenCheck = 'ok' | 'missing' | 'wrong';

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** Compares the bearer token in `authorization` with `expected` in constant time. */
export function checkBearer(authorization: string | undefined, expected: string): TokenCheck {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  const given = match?.[1];
  if (given === undefined) return 'missing';
  return timingSafeEqual(digest(given), digest(expected)) ? 'ok' : 'wrong';
}

/** The actor named in an action body: `status-page` when absent; throws a message when malformed. */
export function actorFrom(body: unknown): string {
  if (body === undefined || body === null) return 'status-page';
  if (typeof body !== 'object' || Array.isArray(body)) throw new Error('the request body must be a JSON object like {"actor": "alice"}');
  const actor = (body as { actor?: unknown }).actor;
  if (actor === undefined || actor === '') return 'status-page';
  if (typeof actor !== 'string' || !ACTOR.test(actor)) {
    throw new Error('actor must be 1-63 characters: letters, digits, space, and . _ @ - (starting with a letter or digit)');
  }
  return actor;
}

/** Checks an actions token given at start-up; throws a message naming the rule broken. */
export function checkActionsToken(token: string): void {
  if (token.length < 16) throw new Error('actionsToken must be at least 16 characters (use a random secret)');
  if (/\s/.test(token)) throw new Error('actionsToken must not contain whitespace');
}
