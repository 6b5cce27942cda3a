/**
 * The synthetic client's request mix for one host. By default every request is
 * a plain `GET /`. The `sandbox.glidepath.dev/request-mix` annotation on a
 * VirtualService makes fractions of the load carry headers, cookies, another
 * path or method, so header-, cookie- and uri-matched routes (A/B testing) see
 * traffic. The fractions must add up to at most 1; the rest stays plain.
 *
 *   sandbox.glidepath.dev/request-mix: '[{"fraction":0.1,"headers":{"x-canary":"insider"}},
 *                                         {"fraction":0.05,"cookies":{"user":"beta"},"uri":"/api"}]'
 */
import type { SimRequest } from './istio-types.ts';

/** One kind of request and the share of the load it gets. */
export interface RequestVariant {
  fraction: number;
  request: SimRequest;
}

const SHAPE_HINT =
  'expected a JSON array of {"fraction": 0..1, "headers"?: {name: value}, "cookies"?: {name: value}, "uri"?: "/path?q=v", "method"?: "GET"}';

function isRecordOfStrings(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');
}

function parseQuery(uri: string): Record<string, string> {
  const q = uri.indexOf('?');
  if (q === -1) return {};
  return Object.fromEntries(new URLSearchParams(uri.slice(q + 1)).entries());
}

/** Builds the request the load generator sends for a host, with optional extras. */
export function makeRequest(host: string, extra: { headers?: Record<string, string>; cookies?: Record<string, string>; uri?: string; method?: string } = {}): SimRequest {
  const headers: Record<string, string> = { 'user-agent': 'glidepath-loadgen' };
  for (const [k, v] of Object.entries(extra.headers ?? {})) headers[k.toLowerCase()] = v;
  const cookies = Object.entries(extra.cookies ?? {}).map(([k, v]) => `${k}=${v}`);
  if (cookies.length > 0) headers.cookie = [headers.cookie, ...cookies].filter((c) => c !== undefined).join('; ');
  const uri = extra.uri ?? '/';
  return { method: extra.method ?? 'GET', scheme: 'http', authority: host, uri, headers, query: parseQuery(uri) };
}

type FieldCheck = [field: string, valid: (value: unknown) => boolean, rule: string];

const FIELD_CHECKS: readonly FieldCheck[] = [
  ['fraction', (v) => typeof v === 'number' && v >= 0 && v <= 1, 'must be a number in [0, 1]'],
  ['headers', (v) => v === undefined || isRecordOfStrings(v), 'must map names to strings'],
  ['cookies', (v) => v === undefined || isRecordOfStrings(v), 'must map names to strings'],
  ['uri', (v) => v === undefined || (typeof v === 'string' && v.startsWith('/')), 'must be a string starting with "/"'],
  ['method', (v) => v === undefined || typeof v === 'string', 'must be a string'],
];

function parseVariant(entry: unknown, host: string, index: number): RequestVariant {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw new Error(`entry ${index} is not an object; ${SHAPE_HINT}`);
  const e = entry as Record<string, unknown>;
  for (const [field, valid, rule] of FIELD_CHECKS) {
    if (!valid(e[field])) throw new Error(`entry ${index}: ${field} ${rule}`);
  }
  const checked = e as { fraction: number; headers?: Record<string, string>; cookies?: Record<string, string>; uri?: string; method?: string };
  return { fraction: checked.fraction, request: makeRequest(host, checked) };
}

/**
 * Parses the annotation into variants whose fractions add up to exactly 1 (the plain
 * request takes the remainder). Throws an Error naming the problem; the caller turns it into a warning.
 */
export function parseRequestMix(raw: string | undefined, host: string): RequestVariant[] {
  const plain = makeRequest(host);
  if (raw === undefined || raw.trim() === '') return [{ fraction: 1, request: plain }];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error(`is not valid JSON; ${SHAPE_HINT}`);
  }
  const entries = Array.isArray(parsed) ? parsed : [parsed];
  const variants = entries.map((entry, i) => parseVariant(entry, host, i));
  const used = variants.reduce((sum, v) => sum + v.fraction, 0);
  if (used > 1 + 1e-9) throw new Error(`fractions add up to ${used}, more than 1`);
  if (used < 1) variants.push({ fraction: 1 - used, request: plain });
  return variants;
}
