import type { Canary, HttpMatchRequest } from '../../api/canary-types.ts';
import type { DesiredState } from '../../../machines/release-types.ts';
import { canaryObjectNames } from './object-names.ts';
import type { HttpRoute, RouteDestination, VirtualServiceManifest } from './object-shapes.ts';
import { ObjectBuildError, ownedMetadata } from './ownership.ts';

/** Route names, so the routes can be recognised in the cluster and in tests. */
export const RouteName = Object.freeze({ Matched: 'canary-match', Default: 'default' } as const);

type Routing = Pick<DesiredState, 'canaryWeight' | 'mirrorWeight' | 'routeMatchedToCanary'>;

/**
 * Returns the VirtualService `<svc>` for the desired traffic split: hosts are spec.service.hosts plus
 * the service name, gateways default to `mesh`; the default route sends 100−w to `<svc>-primary` and w
 * to `<svc>-canary`. A/B testing puts a route for spec.analysis.match (all to the canary) first;
 * mirroring adds `mirror` and `mirrorPercentage` to the default route.
 */
export function virtualService(canary: Canary, desired: Routing): VirtualServiceManifest {
  const names = canaryObjectNames(canary);
  const service = canary.spec.service;
  const weight = checkedPercent('canaryWeight', desired.canaryWeight);
  const mirrorWeight = checkedPercent('mirrorWeight', desired.mirrorWeight);
  const http: HttpRoute[] = [];
  if (desired.routeMatchedToCanary) http.push(matchedRoute(canary, names.primaryService, names.canaryService));
  const main = route(canary, RouteName.Default, split(names.primaryService, names.canaryService, weight));
  if (service.match && service.match.length > 0) main.match = service.match.map(asRecord);
  if (mirrorWeight > 0) {
    main.mirror = { host: names.canaryService };
    main.mirrorPercentage = { value: mirrorWeight };
  }
  http.push(main);
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: ownedMetadata(canary, names.virtualService, service.apex),
    spec: {
      hosts: unique([...(service.hosts ?? []), names.service]),
      gateways: service.gateways && service.gateways.length > 0 ? [...service.gateways] : ['mesh'],
      http,
    },
  };
}

/** Returns the weighted destinations of one route; the weights always add up to 100. */
export function split(primaryHost: string, canaryHost: string, canaryWeight: number): RouteDestination[] {
  return [
    { destination: { host: primaryHost }, weight: 100 - canaryWeight },
    { destination: { host: canaryHost }, weight: canaryWeight },
  ];
}

function matchedRoute(canary: Canary, primaryHost: string, canaryHost: string): HttpRoute {
  const abMatch = canary.spec.analysis.match ?? [];
  if (abMatch.length === 0) {
    throw new ObjectBuildError('spec.analysis.match is empty; A/B testing needs at least one match condition to route to the canary');
  }
  const matched = route(canary, RouteName.Matched, split(primaryHost, canaryHost, 100));
  matched.match = mergeMatches(abMatch, canary.spec.service.match ?? []);
  return matched;
}

/** Every A/B condition must also satisfy the service's own match, so each pair is combined. */
function mergeMatches(abMatch: HttpMatchRequest[], serviceMatch: HttpMatchRequest[]): Record<string, unknown>[] {
  if (serviceMatch.length === 0) return abMatch.map(asRecord);
  return abMatch.flatMap((ab) => serviceMatch.map((svc) => asRecord({
    ...svc,
    ...ab,
    ...(svc.headers || ab.headers ? { headers: { ...svc.headers, ...ab.headers } } : {}),
  })));
}

function route(canary: Canary, name: string, destinations: RouteDestination[]): HttpRoute {
  const { rewrite, retries, timeout, headers, corsPolicy } = canary.spec.service;
  const result: HttpRoute = { name, route: destinations };
  if (rewrite !== undefined) result.rewrite = structuredClone(rewrite);
  if (retries !== undefined) result.retries = structuredClone(retries);
  if (timeout !== undefined) result.timeout = timeout;
  if (headers !== undefined) result.headers = structuredClone(headers);
  if (corsPolicy !== undefined) result.corsPolicy = structuredClone(corsPolicy);
  return result;
}

function checkedPercent(field: string, value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > 100) {
    throw new ObjectBuildError(`desired ${field} must be an integer percentage in 0..100, got ${String(value)}`);
  }
  return value;
}

function asRecord(match: HttpMatchRequest): Record<string, unknown> {
  return structuredClone(match) as Record<string, unknown>;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
