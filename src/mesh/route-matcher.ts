/**
 * Istio's HTTP route selection: the first `http[]` route whose `match` list
 * fits the request wins; a route without `match` is a catch-all. A match list
 * fits when any one entry fits, and an entry fits when all its conditions hold.
 * Matchers are compiled once per VirtualService version, so routing a request
 * costs only the predicate calls.
 */
import type { HttpMatchRequest, HttpRoute, SimRequest, StringMatch, TrafficSource } from './istio-types.ts';

export type RequestPredicate = (request: SimRequest, source: TrafficSource) => boolean;
type ValuePredicate = (value: string | undefined) => boolean;

/** Thrown for a match that cannot be compiled (for example an invalid regex); the message names the field. */
export class MatchCompileError extends Error {
  override readonly name = 'MatchCompileError';
}

/** Compiles an Istio StringMatch; regex is a full match, as in Envoy's RE2 matcher. */
export function compileStringMatch(match: StringMatch, field: string, ignoreCase = false): ValuePredicate {
  const norm = ignoreCase ? (v: string): string => v.toLowerCase() : (v: string): string => v;
  if (match.exact !== undefined) {
    const expected = norm(match.exact);
    return (value) => value !== undefined && norm(value) === expected;
  }
  if (match.prefix !== undefined) {
    const prefix = norm(match.prefix);
    return (value) => value !== undefined && norm(value).startsWith(prefix);
  }
  if (match.regex !== undefined) {
    const pattern = compileRegex(match.regex, field, ignoreCase);
    return (value) => value !== undefined && pattern.test(value);
  }
  return (value) => value !== undefined;
}

function compileRegex(source: string, field: string, ignoreCase: boolean): RegExp {
  try {
    return new RegExp(`^(?:${source})$`, ignoreCase ? 'i' : '');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new MatchCompileError(`${field}.regex ${JSON.stringify(source)} is not a valid regular expression: ${reason}`);
  }
}

function pathOf(uri: string): string {
  const q = uri.indexOf('?');
  return q === -1 ? uri : uri.slice(0, q);
}

function mapConditions(
  entries: Record<string, StringMatch> | undefined,
  field: string,
  read: (request: SimRequest, key: string) => string | undefined,
): RequestPredicate[] {
  return Object.entries(entries ?? {}).map(([key, match]) => {
    const test = compileStringMatch(match, `${field}.${key}`);
    return (request) => test(read(request, key));
  });
}

function sourceConditions(entry: HttpMatchRequest): RequestPredicate[] {
  const out: RequestPredicate[] = [];
  const labels = Object.entries(entry.sourceLabels ?? {});
  if (labels.length > 0) out.push((_r, source) => labels.every(([k, v]) => source.labels[k] === v));
  const ns = entry.sourceNamespace;
  if (ns !== undefined) out.push((_r, source) => source.namespace === ns);
  const gateways = entry.gateways;
  if (gateways !== undefined && gateways.length > 0) out.push((_r, source) => gateways.includes(source.gateway));
  return out;
}

function scalarConditions(entry: HttpMatchRequest, prefix: string): RequestPredicate[] {
  const out: RequestPredicate[] = [];
  const { uri, scheme, method, authority } = entry;
  if (uri !== undefined) {
    const test = compileStringMatch(uri, `${prefix}.uri`, entry.ignoreUriCase === true);
    out.push((request) => test(pathOf(request.uri)));
  }
  if (scheme !== undefined) {
    const test = compileStringMatch(scheme, `${prefix}.scheme`);
    out.push((request) => test(request.scheme));
  }
  if (method !== undefined) {
    const test = compileStringMatch(method, `${prefix}.method`);
    out.push((request) => test(request.method));
  }
  if (authority !== undefined) {
    const test = compileStringMatch(authority, `${prefix}.authority`);
    out.push((request) => test(request.authority));
  }
  return out;
}

/** Compiles one HTTPMatchRequest into a predicate that holds when all of its conditions hold. */
export function compileMatchEntry(entry: HttpMatchRequest, prefix = 'match'): RequestPredicate {
  const conditions: RequestPredicate[] = [
    ...scalarConditions(entry, prefix),
    ...mapConditions(entry.headers, `${prefix}.headers`, (r, key) => r.headers[key.toLowerCase()]),
    ...mapConditions(entry.queryParams, `${prefix}.queryParams`, (r, key) => r.query[key]),
    ...sourceConditions(entry),
  ];
  // withoutHeaders inverts the header test: the entry fits only when the header does NOT match.
  for (const [key, match] of Object.entries(entry.withoutHeaders ?? {})) {
    const test = compileStringMatch(match, `${prefix}.withoutHeaders.${key}`);
    conditions.push((request) => !test(request.headers[key.toLowerCase()]));
  }
  return (request, source) => conditions.every((condition) => condition(request, source));
}

/** Compiles a route's match list: undefined or empty means catch-all; otherwise any entry may fit. */
export function compileRouteMatch(route: HttpRoute, routeIndex: number): RequestPredicate {
  const entries = route.match ?? [];
  if (entries.length === 0) return () => true;
  const compiled = entries.map((entry, i) => compileMatchEntry(entry, `http[${routeIndex}].match[${i}]`));
  return (request, source) => compiled.some((predicate) => predicate(request, source));
}

/** Returns the index of the first route that fits the request, or -1 when none does (Envoy answers 404 NR). */
export function selectRoute(predicates: readonly RequestPredicate[], request: SimRequest, source: TrafficSource): number {
  return predicates.findIndex((predicate) => predicate(request, source));
}
