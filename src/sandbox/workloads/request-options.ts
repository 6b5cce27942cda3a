/**
 * Per-call options for client-node requests. client-node 1.4 builds a fresh
 * `http.Agent` for every call, so each request opens (and the server accepts)
 * a new TCP connection; with thousands of Deployments that handshake churn
 * dominates. A middleware swaps in one shared keep-alive agent, and sets the
 * patch content type where one is needed.
 */
import { Agent } from 'node:http';
import { Observable, PatchStrategy } from '@kubernetes/client-node';
import type { ConfigurationOptions, ObservableMiddleware } from '@kubernetes/client-node';

/** Options for ordinary calls, and for merge-patch calls, sharing one keep-alive agent. */
export interface RequestOptions {
  plain: ConfigurationOptions;
  mergePatch: ConfigurationOptions;
  /** Closes idle keep-alive sockets (call on shutdown). */
  close(): void;
}

/** Builds request options backed by one keep-alive agent with at most `maxSockets` connections. */
export function makeRequestOptions(maxSockets = 32): RequestOptions {
  const agent = new Agent({ keepAlive: true, maxSockets });
  const options = (contentType?: string): ConfigurationOptions => {
    const middleware: ObservableMiddleware = {
      pre: (context) => {
        context.setAgent(agent);
        if (contentType !== undefined) context.setHeaderParam('Content-Type', contentType);
        return new Observable(Promise.resolve(context));
      },
      post: (response) => new Observable(Promise.resolve(response)),
    };
    return { middleware: [middleware], middlewareMergeStrategy: 'append' };
  };
  return { plain: options(), mergePatch: options(PatchStrategy.MergePatch), close: () => { agent.destroy(); } };
}
