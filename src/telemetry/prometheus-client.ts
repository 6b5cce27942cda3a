import { authorizationHeader, type PrometheusAuth } from './prometheus-auth.ts';
import { describeFetchFailure } from './fetch-failure.ts';
import { outcomeFromBody } from './prometheus-response.ts';
import { errorOutcome, type QueryClient, type QueryOutcome } from './query-outcome.ts';

/** How to reach one Prometheus. */
export interface PrometheusClientOptions {
  /** Base URL, e.g. `http://prometheus.istio-system:9090` (a path prefix is kept). */
  address: string;
  auth?: PrometheusAuth | undefined;
  /** Per-request timeout; default 5000. */
  timeoutMs?: number;
  /** `auto` (default) uses GET and switches to a POST form when the URL would be long. */
  method?: 'GET' | 'POST' | 'auto';
  /** Injectable for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
}

const DEFAULT_TIMEOUT_MS = 5000;
// Proxies in front of Prometheus commonly cap request lines around 8 KiB.
const MAX_GET_URL = 4000;
const BODY_EXCERPT = 200;

function parseAddress(address: string): URL | string {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return `Prometheus address "${address}" is not a valid URL (expected e.g. http://prometheus:9090)`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `Prometheus address "${address}" must use http or https, not ${url.protocol.replace(':', '')}`;
  }
  return url;
}

function queryEndpoint(base: URL): URL {
  const url = new URL(base.href);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/api/v1/query`;
  url.search = '';
  return url;
}

/** Runs instant queries against one Prometheus; every failure becomes an error outcome. */
export class PrometheusClient implements QueryClient {
  private readonly endpoint: URL | string;
  private readonly timeoutMs: number;

  /** Never throws: an invalid address is reported by every query instead. */
  constructor(private readonly opts: PrometheusClientOptions) {
    const base = parseAddress(opts.address);
    this.endpoint = typeof base === 'string' ? base : queryEndpoint(base);
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** Evaluates `promql` at `time` (default: now, as Prometheus sees it) and resolves to its outcome. */
  async query(promql: string, time?: Date): Promise<QueryOutcome> {
    if (typeof this.endpoint === 'string') return errorOutcome(this.endpoint);
    const params = new URLSearchParams({ query: promql });
    if (time !== undefined) params.set('time', (time.getTime() / 1000).toFixed(3));
    try {
      const res = await this.send(this.endpoint, params);
      return await this.decode(res, promql);
    } catch (err) {
      return errorOutcome(describeFetchFailure(err, this.opts.address, this.timeoutMs));
    }
  }

  private async send(endpoint: URL, params: URLSearchParams): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (this.opts.auth !== undefined) headers.Authorization = authorizationHeader(this.opts.auth);
    const signal = AbortSignal.timeout(this.timeoutMs);
    const doFetch = this.opts.fetch ?? fetch;
    const getUrl = `${endpoint.href}?${params.toString()}`;
    const method = this.opts.method ?? 'auto';
    if (method === 'GET' || (method === 'auto' && getUrl.length <= MAX_GET_URL)) {
      return doFetch(getUrl, { headers, signal });
    }
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    return doFetch(endpoint.href, { method: 'POST', headers, body: params.toString(), signal });
  }

  private async decode(res: Response, promql: string): Promise<QueryOutcome> {
    const text = await res.text();
    if (res.status === 401 || res.status === 403) {
      return errorOutcome(`Prometheus at ${this.opts.address} rejected the credentials (HTTP ${res.status})`);
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return errorOutcome(`Prometheus at ${this.opts.address} answered HTTP ${res.status} with a body that is not JSON: ${excerpt(text)}`);
    }
    const outcome = outcomeFromBody(body, promql);
    if (!res.ok && outcome.kind !== 'error') return errorOutcome(`Prometheus at ${this.opts.address} answered HTTP ${res.status}`);
    return outcome;
  }
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat === '') return '(empty body)';
  return flat.length > BODY_EXCERPT ? `${flat.slice(0, BODY_EXCERPT)}…` : flat;
}
