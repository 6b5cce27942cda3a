/**
 * A minimal JSON REST client for tests that talk to the sandbox API directly
 * (plain objects in, plain objects out, no client-node model classes), e.g.
 * to create fixtures or to send deliberately bad requests.
 *
 * ```ts
 * const api = new RestClient(sandbox.url);
 * await api.create('/apis/apps/v1/namespaces/default/deployments', manifest);
 * const res = await api.request('PATCH', path, { body: '{', contentType: PatchType.Merge }); // res.status === 400
 * ```
 */

/** Content types of the patch flavours. */
export const PatchType = Object.freeze({
  Merge: 'application/merge-patch+json',
  Json: 'application/json-patch+json',
  Strategic: 'application/strategic-merge-patch+json',
  Apply: 'application/apply-patch+yaml',
} as const);
export type PatchType = (typeof PatchType)[keyof typeof PatchType];

/** A plain JSON object as the API returns it. */
export type JsonObject = Record<string, unknown>;

/** A raw response: status code and the parsed body (or the text when it is not JSON). */
export interface RestResponse {
  status: number;
  body: unknown;
}

/** Thrown by the typed helpers on a non-2xx answer; carries the status and body. */
export class RestError extends Error {
  override readonly name = 'RestError';
  constructor(readonly method: string, readonly path: string, readonly response: RestResponse) {
    super(`${method} ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
  }
}

/** Talks JSON to one API server. */
export class RestClient {
  constructor(private readonly baseUrl: string, private readonly token = 'glidepath-sandbox-token') {}

  /** Sends one request; `body` objects are JSON-encoded, strings are sent as they are. Never throws for HTTP errors. */
  async request(method: string, path: string, opts: { body?: unknown; contentType?: string } = {}): Promise<RestResponse> {
    const headers: Record<string, string> = { accept: 'application/json', authorization: `Bearer ${this.token}` };
    let payload: string | undefined;
    if (opts.body !== undefined) {
      payload = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
      headers['content-type'] = opts.contentType ?? 'application/json';
    }
    const res = await fetch(new URL(path, this.baseUrl), { method, headers, ...(payload === undefined ? {} : { body: payload }) });
    const text = await res.text();
    return { status: res.status, body: parseOrText(text) };
  }

  /** GETs an object; throws RestError unless 2xx. */
  async get(path: string): Promise<JsonObject> {
    return this.expectOk('GET', path);
  }

  /** POSTs a new object; throws RestError unless 2xx. */
  async create(collectionPath: string, obj: JsonObject): Promise<JsonObject> {
    return this.expectOk('POST', collectionPath, { body: obj });
  }

  /** PATCHes an object (merge patch unless told otherwise); throws RestError unless 2xx. */
  async patch(path: string, patch: unknown, type: PatchType = PatchType.Merge): Promise<JsonObject> {
    return this.expectOk('PATCH', path, { body: patch, contentType: type });
  }

  /** PUTs a whole object; throws RestError unless 2xx. */
  async replace(path: string, obj: JsonObject): Promise<JsonObject> {
    return this.expectOk('PUT', path, { body: obj });
  }

  /** DELETEs an object; throws RestError unless 2xx. */
  async remove(path: string): Promise<JsonObject> {
    return this.expectOk('DELETE', path);
  }

  private async expectOk(method: string, path: string, opts: { body?: unknown; contentType?: string } = {}): Promise<JsonObject> {
    const res = await this.request(method, path, opts);
    if (res.status < 200 || res.status > 299) throw new RestError(method, path, res);
    return res.body as JsonObject;
  }
}

function parseOrText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
