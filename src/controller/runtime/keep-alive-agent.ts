import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';

/** Connections kept per API server; more concurrent requests queue on the agent instead of opening sockets. */
export const KEEP_ALIVE_MAX_SOCKETS = 32;

type AnyAgent = HttpAgent | HttpsAgent;

// The TLS material an agent is built from: a new value (rotated client certificate) needs a new agent.
const TLS_FIELDS = ['ca', 'cert', 'key', 'pfx', 'passphrase', 'rejectUnauthorized', 'servername'] as const;

function tlsKey(options: Readonly<Record<string, unknown>>): string {
  return JSON.stringify(TLS_FIELDS.map((field) => {
    const value = options[field];
    return Buffer.isBuffer(value) ? value.toString('base64') : (value ?? null);
  }));
}

/** One keep-alive agent per distinct TLS configuration, replacing the previous one when it changes. */
class AgentPool {
  private current: { key: string; agent: AnyAgent } | undefined;

  /** The shared agent equivalent to `fresh`, or `fresh` itself when it is a proxy or other custom agent. */
  agentFor(fresh: AnyAgent | undefined): AnyAgent | undefined {
    if (fresh === undefined) return undefined;
    const isHttps = fresh.constructor === HttpsAgent;
    if (!isHttps && fresh.constructor !== HttpAgent) return fresh;
    const options = (fresh as AnyAgent & { options: Record<string, unknown> }).options;
    const key = `${isHttps ? 'https' : 'http'} ${tlsKey(options)}`;
    if (this.current?.key !== key) {
      this.current?.agent.destroy();
      const shared = { ...options, keepAlive: true, maxSockets: KEEP_ALIVE_MAX_SOCKETS };
      this.current = { key, agent: isHttps ? new HttpsAgent(shared) : new HttpAgent(shared) };
    }
    return this.current.agent;
  }
}

/**
 * A view of `kc` whose API clients share one keep-alive agent. client-node 1.4 builds a new agent
 * for every request, so each call opens and closes a TCP (and TLS) connection; at a thousand
 * Canaries that handshake churn costs the controller and the API server more than the writes.
 * Authentication headers are still applied per request by `kc`, so rotating tokens keep working.
 */
export function withSharedKeepAlive(kc: KubeConfig): KubeConfig {
  const pool = new AgentPool();
  const view = Object.create(kc) as KubeConfig;
  view.applySecurityAuthentication = async (context) => {
    await kc.applySecurityAuthentication(context);
    const shared = pool.agentFor(context.getAgent());
    if (shared !== undefined) context.setAgent(shared);
  };
  return view;
}
