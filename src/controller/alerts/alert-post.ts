/**
 * One alert POST: a per-attempt timeout, a few attempts with backoff for answers worth retrying
 * (no answer, 429, 5xx), optionally through an HTTP proxy (CONNECT for https targets). Never
 * throws, and no message it returns contains the address (a webhook URL is a credential).
 */
import { request as httpRequest } from 'node:http';
import type { ClientRequest, IncomingMessage, RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

/** Attempts, timeout and the pause between attempts. */
export interface PostPolicy {
  attempts: number;
  timeoutMs: number;
  /** Pause before attempt n+1 (n counts from 1). */
  delayMs: (attempt: number) => number;
  sleep: (ms: number) => Promise<void>;
}

/** Three attempts, 5 s each, 1 s then 2 s apart: a receiver outage costs at most ~18 s per alert. */
export const DEFAULT_POST_POLICY: PostPolicy = Object.freeze({
  attempts: 3,
  timeoutMs: 5000,
  delayMs: (attempt: number) => 1000 * 2 ** (attempt - 1),
  sleep: (ms: number) => new Promise<void>((resolve) => { setTimeout(resolve, ms).unref(); }),
});

/** How a POST ended; `message` is safe to log and to put in an Event. */
export interface PostOutcome {
  ok: boolean;
  attempts: number;
  message: string;
}

interface AttemptResult {
  ok: boolean;
  retry: boolean;
  message: string;
}

/** Where to send, and through what. */
export interface PostTarget {
  address: URL;
  proxy?: URL | undefined;
}

function errorCode(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'request failed';
}

function onResponse(res: IncomingMessage): AttemptResult {
  res.resume();
  const status = res.statusCode ?? 0;
  if (status >= 200 && status < 300) return { ok: true, retry: false, message: `HTTP ${status}` };
  return { ok: false, retry: status === 429 || status >= 500, message: `HTTP ${status}` };
}

function headersFor(body: string): Record<string, string | number> {
  return { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'glidepath-alerts' };
}

function requestOptions(target: URL, body: string, timeoutMs: number): RequestOptions {
  return { method: 'POST', timeout: timeoutMs, hostname: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, headers: headersFor(body) };
}

/** Opens a CONNECT tunnel through `proxy` to `target`'s host and port. */
function tunnel(proxy: URL, target: URL, timeoutMs: number): Promise<Socket> {
  const port = target.port === '' ? '443' : target.port;
  return new Promise((resolve, reject) => {
    const req = httpRequest({ method: 'CONNECT', hostname: proxy.hostname, port: proxy.port, path: `${target.hostname}:${port}`, timeout: timeoutMs });
    req.on('connect', (res: IncomingMessage, socket: Socket) => {
      if (res.statusCode === 200) resolve(socket);
      else { socket.destroy(); reject(Object.assign(new Error('proxy refused the tunnel'), { code: `proxy CONNECT ${res.statusCode ?? 0}` })); }
    });
    req.on('timeout', () => { req.destroy(Object.assign(new Error('timeout'), { code: 'proxy timeout' })); });
    req.on('error', reject);
    req.end();
  });
}

async function openRequest(target: PostTarget, body: string, timeoutMs: number, done: (res: IncomingMessage) => void): Promise<ClientRequest> {
  const { address, proxy } = target;
  const options = requestOptions(address, body, timeoutMs);
  if (proxy === undefined) return (address.protocol === 'https:' ? httpsRequest : httpRequest)(options, done);
  if (address.protocol === 'http:') {
    // A plain-HTTP proxy takes the absolute URL as the request target.
    return httpRequest({ ...options, hostname: proxy.hostname, port: proxy.port, path: address.href, headers: { ...headersFor(body), host: address.host } }, done);
  }
  const socket = await tunnel(proxy, address, timeoutMs);
  return httpsRequest({ ...options, agent: false, createConnection: () => tlsConnect({ socket, servername: address.hostname }) }, done);
}

function attempt(target: PostTarget, body: string, timeoutMs: number): Promise<AttemptResult> {
  return new Promise((resolve) => {
    const fail = (err: unknown): void => { resolve({ ok: false, retry: true, message: errorCode(err) }); };
    openRequest(target, body, timeoutMs, (res) => { resolve(onResponse(res)); }).then((req) => {
      req.on('timeout', () => { req.destroy(Object.assign(new Error('timeout'), { code: `no answer within ${timeoutMs} ms` })); });
      req.on('error', fail);
      req.end(body);
    }, fail);
  });
}

/** POSTs `payload` as JSON to the target, retrying per `policy`; resolves with the outcome. */
export async function postAlert(target: PostTarget, payload: unknown, policy: PostPolicy = DEFAULT_POST_POLICY): Promise<PostOutcome> {
  const body = JSON.stringify(payload);
  const attempts = Math.max(1, Math.floor(policy.attempts));
  let last: AttemptResult = { ok: false, retry: false, message: 'not sent' };
  let n = 0;
  while (n < attempts) {
    n += 1;
    last = await attempt(target, body, policy.timeoutMs);
    if (last.ok || !last.retry || n === attempts) break;
    await policy.sleep(policy.delayMs(n));
  }
  const tries = n > 1 ? ` after ${n} attempts` : '';
  return { ok: last.ok, attempts: n, message: `${last.message}${tries}` };
}
