/**
 * Checks a VirtualService's raw `spec` (JSON from the API server) before the
 * mesh compiles it. The API server's CRD schema is loose (Istio's CRDs mostly
 * preserve unknown fields), so the mesh defends itself: a malformed route is
 * dropped with a message naming the field, never a crash.
 */
import type { HttpRoute, VirtualServiceSpec } from './istio-types.ts';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const STRING_MATCH_MAPS = ['headers', 'withoutHeaders', 'queryParams'] as const;
const STRING_MATCH_FIELDS = ['uri', 'scheme', 'method', 'authority'] as const;

function stringMatchProblem(value: unknown, field: string): string | undefined {
  if (!isObject(value)) return `${field} must be an object with exact, prefix or regex`;
  const bad = ['exact', 'prefix', 'regex'].find((k) => value[k] !== undefined && typeof value[k] !== 'string');
  return bad === undefined ? undefined : `${field}.${bad} must be a string`;
}

function matchProblem(entry: unknown, field: string): string | undefined {
  if (!isObject(entry)) return `${field} must be an object`;
  for (const key of STRING_MATCH_FIELDS) {
    if (entry[key] !== undefined) {
      const problem = stringMatchProblem(entry[key], `${field}.${key}`);
      if (problem !== undefined) return problem;
    }
  }
  for (const key of STRING_MATCH_MAPS) {
    const map = entry[key];
    if (map === undefined) continue;
    if (!isObject(map)) return `${field}.${key} must map names to string matches`;
    const problem = Object.entries(map).map(([name, m]) => stringMatchProblem(m, `${field}.${key}.${name}`)).find((p) => p !== undefined);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function destinationProblem(dest: unknown, field: string): string | undefined {
  if (!isObject(dest) || typeof dest.host !== 'string' || dest.host === '') return `${field}.host must be a non-empty string`;
  return undefined;
}

function percentProblem(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  const v = isObject(value) ? value.value : undefined;
  return typeof v === 'number' && v >= 0 && v <= 100 ? undefined : `${field}.value must be a number in [0, 100]`;
}

function routeDestinationsProblem(route: Json, field: string): string | undefined {
  if (route.route === undefined) return undefined;
  if (!Array.isArray(route.route)) return `${field}.route must be a list`;
  for (const [i, rd] of (route.route as unknown[]).entries()) {
    const problem = isObject(rd) ? destinationProblem(rd.destination, `${field}.route[${i}].destination`) : `${field}.route[${i}] must be an object`;
    if (problem !== undefined) return problem;
    const weight = (rd as Json).weight;
    if (weight !== undefined && (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0)) return `${field}.route[${i}].weight must be a number ≥ 0`;
  }
  return undefined;
}

function mirrorProblem(route: Json, field: string): string | undefined {
  if (route.mirror !== undefined) {
    const problem = destinationProblem(route.mirror, `${field}.mirror`) ?? percentProblem(route.mirrorPercentage, `${field}.mirrorPercentage`);
    if (problem !== undefined) return problem;
  }
  if (route.mirrors === undefined) return undefined;
  if (!Array.isArray(route.mirrors)) return `${field}.mirrors must be a list`;
  return (route.mirrors as unknown[])
    .map((m, i) => (isObject(m) ? destinationProblem(m.destination, `${field}.mirrors[${i}].destination`) ?? percentProblem(m.percentage, `${field}.mirrors[${i}].percentage`) : `${field}.mirrors[${i}] must be an object`))
    .find((p) => p !== undefined);
}

/** Returns why an http route is unusable, naming the field, or undefined when it is fine. */
export function httpRouteProblem(route: unknown, field: string): string | undefined {
  if (!isObject(route)) return `${field} must be an object`;
  if (route.match !== undefined && !Array.isArray(route.match)) return `${field}.match must be a list`;
  const matches = (route.match ?? []) as unknown[];
  const badMatch = matches.map((m, i) => matchProblem(m, `${field}.match[${i}]`)).find((p) => p !== undefined);
  return badMatch ?? routeDestinationsProblem(route, field) ?? mirrorProblem(route, field);
}

/** The usable parts of a spec; `httpIndex[i]` is the position of `spec.http[i]` in the original list, for messages. */
export interface CheckedSpec {
  spec: VirtualServiceSpec;
  httpIndex: number[];
  problems: string[];
}

/** Reads hosts and http routes, dropping (and describing) the parts that are malformed. */
export function readVirtualServiceSpec(spec: unknown): CheckedSpec {
  const problems: string[] = [];
  const httpIndex: number[] = [];
  if (!isObject(spec)) return { spec: {}, httpIndex, problems: ['spec must be an object'] };
  const hosts = Array.isArray(spec.hosts) ? spec.hosts.filter((h): h is string => typeof h === 'string' && h !== '') : [];
  if (hosts.length === 0) problems.push('spec.hosts must list at least one host');
  const rawHttp = Array.isArray(spec.http) ? (spec.http as unknown[]) : [];
  const http: HttpRoute[] = [];
  rawHttp.forEach((route, i) => {
    const problem = httpRouteProblem(route, `spec.http[${i}]`);
    if (problem === undefined) {
      http.push(route as HttpRoute);
      httpIndex.push(i);
    } else {
      problems.push(`${problem}; the route is ignored`);
    }
  });
  return { spec: { hosts, http }, httpIndex, problems };
}

