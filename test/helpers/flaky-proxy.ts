/**
 * An HTTP proxy on 127.0.0.1 that can be switched into failure, to test how
 * clients (informers, watches) survive an API server going away and coming
 * back. While failing it answers every request with a 503 `Status` and cuts
 * every connection it was carrying (long-running watches included).
 *
 * ```ts
 * const proxy = await startFlakyProxy(sandbox.url);
 * const kc = kubeConfigFor(proxy.url);
 * proxy.fail();   // watches break, new requests get 503
 * proxy.heal();   // requests pass again
 * await proxy.stop();
 * ```
 */
import { createServer, request } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';

/** A running proxy. */
export interface FlakyProxy {
  url: string;
  /** Requests that reached the proxy so far. */
  readonly requests: number;
  /** Requests answered with 503 so far. */
  readonly rejected: number;
  fail(): void;
  heal(): void;
  stop(): Promise<void>;
}

/** Starts a proxy in front of `targetUrl` on a random loopback port. */
export async function startFlakyProxy(targetUrl: string): Promise<FlakyProxy> {
  const target = new URL(targetUrl);
  const sockets = new Set<Socket>();
  const state = { failing: false, requests: 0, rejected: 0 };
  const server = createServer((req, res) => {
    state.requests += 1;
    if (state.failing) {
      state.rejected += 1;
      reject503(res);
      return;
    }
    forward(target, req, res);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('flaky proxy: no TCP address after listen');
  return {
    url: `http://127.0.0.1:${address.port}`,
    get requests() { return state.requests; },
    get rejected() { return state.rejected; },
    fail() {
      state.failing = true;
      for (const socket of sockets) socket.destroy();
    },
    heal() {
      state.failing = false;
    },
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => { server.close(() => { resolve(); }); });
    },
  };
}

/** A client-node KubeConfig pointing at `url` over plain http (as the sandbox's own kubeconfig does). */
export function kubeConfigFor(url: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'proxy', server: url, skipTLSVerify: true }],
    users: [{ name: 'proxy', token: 'glidepath-sandbox-token' }],
    contexts: [{ name: 'proxy', cluster: 'proxy', user: 'proxy', namespace: 'default' }],
    currentContext: 'proxy',
  });
  return kc;
}

function reject503(res: ServerResponse): void {
  const body = JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'flaky proxy: failing on purpose', reason: 'ServiceUnavailable', code: 503 });
  res.writeHead(503, { 'content-type': 'application/json' });
  res.end(body);
}

function forward(target: URL, req: IncomingMessage, res: ServerResponse): void {
  const upstream = request({
    host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers,
  }, (upstreamRes) => {
    res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
    // A watch may stay silent for a while; its client waits for the headers before anything else.
    res.flushHeaders();
    upstreamRes.pipe(res);
  });
  upstream.on('error', () => { res.destroy(); });
  res.on('close', () => { upstream.destroy(); });
  req.pipe(upstream);
}
