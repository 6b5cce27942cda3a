import { request as httpRequest } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { CanaryWebhook } from '../../api/canary-types.ts';
import { DurationError, parseDuration } from '../../api/duration.ts';
import { Verdict } from '../../../machines/release-types.ts';
import type { CheckResult } from '../../../machines/release-types.ts';
import type { Clock } from '../runtime/clock.ts';
import { systemClock } from '../runtime/clock.ts';
import { backoffDelay } from '../runtime/backoff.ts';
import type { WebhookPayload } from './webhook-payload.ts';
import { webhookTypeOf } from './webhook-payload.ts';

/** Flagger's default per-attempt timeout. */
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;

/** Pause between attempts: 1 s doubling, at most 10 s. */
export const DEFAULT_RETRY_BACKOFF = Object.freeze({ initialMs: 1000, maxMs: 10_000 });

/** The most bytes of a response body quoted in a result message. */
const BODY_QUOTE_LIMIT = 512;

export interface WebhookCallOptions {
  clock?: Clock;
  retryBackoff?: { initialMs: number; maxMs: number };
}

/** What one HTTP attempt produced. */
interface Attempt {
  verdict: Verdict;
  message: string;
}

/**
 * POSTs `payload` to the webhook and returns the outcome as a check result; never throws.
 * 200–202 is Successful, any other status Failed (Flagger: above 202 is a failure), and no
 * answer (timeout, refused connection, bad URL) is an Error. Failed and Error attempts are
 * retried `retries` more times with backoff; each attempt gets the hook's `timeout` (default 10 s).
 */
export async function callWebhook(hook: CanaryWebhook, payload: WebhookPayload, options: WebhookCallOptions = {}): Promise<CheckResult> {
  const base = { name: hook.name, kind: webhookTypeOf(hook) };
  const setup = attemptSetup(hook);
  if (typeof setup === 'string') return { ...base, verdict: Verdict.Error, message: setup };
  const attempts = 1 + Math.max(0, Math.floor(hook.retries ?? 0));
  const last = await attemptWithRetries(setup, JSON.stringify(payload), attempts, options);
  const tries = attempts > 1 && last.verdict !== Verdict.Successful ? ` after ${attempts} attempts` : '';
  return { ...base, verdict: last.verdict, message: `${last.message}${tries}` };
}

async function attemptWithRetries(setup: Setup, body: string, attempts: number, options: WebhookCallOptions): Promise<Attempt> {
  const clock = options.clock ?? systemClock();
  let last: Attempt = { verdict: Verdict.Error, message: 'not called' };
  for (let n = 1; n <= attempts; n += 1) {
    last = await attempt(setup, body);
    if (last.verdict === Verdict.Successful || n === attempts) break;
    await sleep(clock, backoffDelay(options.retryBackoff ?? DEFAULT_RETRY_BACKOFF, n));
  }
  return last;
}

interface Setup {
  url: URL;
  timeoutMs: number;
  verifyTls: boolean;
}

/** Validates the hook's URL and timeout; returns a message naming the field when one is unusable. */
function attemptSetup(hook: CanaryWebhook): Setup | string {
  let url: URL;
  try {
    url = new URL(hook.url);
  } catch {
    return `webhook ${hook.name}: url "${hook.url}" is not a valid URL`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `webhook ${hook.name}: url "${hook.url}" must use http or https`;
  }
  let timeoutMs = DEFAULT_WEBHOOK_TIMEOUT_MS;
  try {
    if (hook.timeout !== undefined && hook.timeout !== '') timeoutMs = parseDuration(hook.timeout, `webhook ${hook.name}: timeout`);
  } catch (err: unknown) {
    return err instanceof DurationError ? err.message : String(err);
  }
  if (timeoutMs <= 0) return `webhook ${hook.name}: timeout must be longer than zero`;
  return { url, timeoutMs, verifyTls: hook.disableTLS !== true };
}

function attempt(setup: Setup, body: string): Promise<Attempt> {
  return new Promise<Attempt>((resolve) => {
    const send = setup.url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(setup.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      timeout: setup.timeoutMs,
      rejectUnauthorized: setup.verifyTls,
    }, (res) => { readAnswer(res, resolve); });
    // The socket timeout covers connect and idle time; the wall-clock timer bounds a slow trickle.
    const timedOut = (): void => { req.destroy(new Error(`timed out: no answer within ${String(setup.timeoutMs)} ms (the hook's timeout)`)); };
    const wall = setTimeout(timedOut, setup.timeoutMs);
    req.on('timeout', timedOut);
    req.on('error', (err) => { resolve({ verdict: Verdict.Error, message: `POST ${setup.url.origin}${setup.url.pathname} failed: ${err.message}` }); });
    req.on('close', () => { clearTimeout(wall); });
    req.end(body);
  });
}

function readAnswer(res: IncomingMessage, resolve: (a: Attempt) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  res.on('data', (chunk: Buffer) => {
    if (size < BODY_QUOTE_LIMIT) chunks.push(chunk);
    size += chunk.length;
  });
  res.on('end', () => {
    const status = res.statusCode ?? 0;
    const text = Buffer.concat(chunks).toString('utf8').slice(0, BODY_QUOTE_LIMIT).trim();
    const quoted = text === '' ? '' : `: ${text}`;
    if (status >= 200 && status <= 202) resolve({ verdict: Verdict.Successful, message: `answered ${status}` });
    else resolve({ verdict: Verdict.Failed, message: `answered ${status}${quoted}` });
  });
  res.on('error', (err) => { resolve({ verdict: Verdict.Error, message: `reading the answer failed: ${err.message}` }); });
}

function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => { clock.setTimer(resolve, ms); });
}
