// Shared fixture for the sandbox API tests: a server per suite, a client-node KubeConfig for it,
// a raw HTTP helper, a condition poller and a test CRD.
import { KubeConfig } from '@kubernetes/client-node';
import { startSandboxServer } from '../../src/sandbox/sandbox-server.ts';
import type { SandboxServer, SandboxServerOptions } from '../../src/sandbox/sandbox-server.ts';
import { parseJsonPath, readPath } from '../../src/sandbox/json-path.ts';

/** Reads a path such as `metadata.name`, `items[0].spec` or `conditions[?(@.type=="Ready")]` from a JSON value. */
export function field(value: unknown, path: string): unknown {
  return readPath(value, parseJsonPath(path.startsWith('[') ? path : `.${path}`));
}

/** The names of the items of a list (or of any array of objects). */
export function itemNames(value: unknown): string[] {
  const items = Array.isArray(value) ? (value as unknown[]) : field(value, 'items');
  return Array.isArray(items) ? items.map((item: unknown) => String(field(item, 'metadata.name'))) : [];
}

/** Builds a client-node model instance (e.g. V1ConfigMap) from a plain object. */
export function typed<T extends object>(ctor: new () => T, plain: Record<string, unknown>): T {
  return Object.assign(new ctor(), plain);
}

/** A KubeConfig pointing at a sandbox URL. */
export function kubeConfigFor(url: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'sandbox', server: url, skipTLSVerify: true }],
    users: [{ name: 'sandbox', token: 'test-token' }],
    contexts: [{ name: 'sandbox', cluster: 'sandbox', user: 'sandbox', namespace: 'default' }],
    currentContext: 'sandbox',
  });
  return kc;
}

/** Starts a bare API server (no workload simulator) with quiet internal-error logging. */
export async function startTestServer(opts: SandboxServerOptions = {}): Promise<SandboxServer> {
  return startSandboxServer({ ...opts, onInternalError: (err) => { throw err; } });
}

/** A raw HTTP response. */
export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, unknown>;
}

/** Options of a raw request. */
export interface RawOptions {
  body?: unknown;
  contentType?: string;
  accept?: string;
}

/** Sends one request; objects are sent as JSON, strings and buffers as-is. */
export async function raw(url: string, method: string, path: string, opts: RawOptions = {}): Promise<RawResponse> {
  const headers: Record<string, string> = {};
  if (opts.accept !== undefined) headers.Accept = opts.accept;
  let body: string | Buffer | undefined;
  if (opts.body !== undefined) {
    body = typeof opts.body === 'string' || Buffer.isBuffer(opts.body) ? opts.body : JSON.stringify(opts.body);
    headers['Content-Type'] = opts.contentType ?? 'application/json';
  }
  const res = await fetch(`${url}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // Non-JSON bodies (watch streams, protobuf) are read through `text`.
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Polls `check` every 10 ms until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A namespaced test CRD (widgets.test.glidepath.dev) with status, scale and printer columns. */
export const widgetCrd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.test.glidepath.dev' },
  spec: {
    group: 'test.glidepath.dev',
    scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget', shortNames: ['wd'], categories: ['all'] },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } },
        additionalPrinterColumns: [
          { name: 'Size', type: 'integer', jsonPath: '.spec.size' },
          { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
          { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
        ],
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                required: ['size'],
                properties: {
                  size: { type: 'integer', minimum: 1 },
                  color: { type: 'string', enum: ['blue', 'red'], default: 'blue' },
                  replicas: { type: 'integer' },
                },
              },
              status: {
                type: 'object',
                properties: {
                  phase: { type: 'string' },
                  replicas: { type: 'integer' },
                  conditions: { type: 'array', items: { type: 'object', properties: { type: { type: 'string' }, status: { type: 'string' } } } },
                },
              },
            },
          },
        },
      },
    ],
  },
};

/** A Widget object. */
export function widget(name: string, size: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { apiVersion: 'test.glidepath.dev/v1', kind: 'Widget', metadata: { name }, spec: { size, ...extra } };
}

/** A minimal Deployment. */
export function deployment(name: string, image = 'nginx:1.27'): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { app: name } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'main', image, ports: [{ containerPort: 8080 }] }] } },
    },
  };
}

/** One decoded watch event. */
export interface WatchEvent {
  type: string;
  object: Record<string, unknown>;
}

/** An open raw watch stream collecting its events. */
export interface RawWatch {
  status: number;
  events: WatchEvent[];
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

/** Opens a watch with fetch and collects newline-delimited events as they arrive. */
export async function openWatch(url: string, path: string, accept?: string): Promise<RawWatch> {
  const controller = new AbortController();
  const res = await fetch(`${url}${path}`, { signal: controller.signal, headers: accept === undefined ? {} : { Accept: accept } });
  const events: WatchEvent[] = [];
  const reader = res.body?.getReader();
  const decoder = new TextDecoder();
  const ended = (async () => {
    let buffered = '';
    try {
      for (;;) {
        const chunk = await reader?.read();
        if (chunk === undefined || chunk.done) return;
        buffered += decoder.decode(chunk.value as Uint8Array, { stream: true });
        let nl = buffered.indexOf('\n');
        while (nl >= 0) {
          events.push(JSON.parse(buffered.slice(0, nl)) as WatchEvent);
          buffered = buffered.slice(nl + 1);
          nl = buffered.indexOf('\n');
        }
      }
    } catch (err) {
      if (!controller.signal.aborted) throw err;
    }
  })();
  return { status: res.status, events, ended, close: () => { controller.abort(); } };
}
