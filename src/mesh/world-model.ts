/**
 * The mesh's compiled view of the cluster: for every host a VirtualService
 * names, the load to send, the request mix, and the routes with their
 * destinations resolved down to ready pods. Built from plain objects (no I/O),
 * rebuilt whenever the watched resources change.
 */
import type { DeploymentObject, MeshObject, PodObject, ServiceObject, VirtualServiceObject } from './cluster-objects.ts';
import { MeshAnnotation } from './annotation-names.ts';
import type { MeshWarning } from './annotation-names.ts';
import type { HttpRoute, SimRequest, TrafficSource } from './istio-types.ts';
import { parseRequestMix } from './request-mix.ts';
import type { RequestVariant } from './request-mix.ts';
import { compileRouteMatch, selectRoute } from './route-matcher.ts';
import type { RequestPredicate } from './route-matcher.ts';
import { resolveServiceHost } from './service-host.ts';
import { readVirtualServiceSpec } from './virtual-service-spec.ts';
import { buildWeightTable } from './weighted-choice.ts';
import type { WeightTable } from './weighted-choice.ts';
import { buildWorkloadIndex, serviceEndpoints } from './workload-index.ts';
import type { Endpoint, WorkloadIdentity, WorkloadIndex } from './workload-index.ts';

/** The watched objects the world is built from. */
export interface ClusterSnapshot {
  virtualServices: readonly VirtualServiceObject[];
  services: readonly ServiceObject[];
  deployments: readonly DeploymentObject[];
  pods: readonly PodObject[];
}

/** A route destination resolved to a Service and its ready endpoints (service undefined: host is not a Service). */
export interface ResolvedDestination {
  readonly host: string;
  readonly service: { readonly name: string; readonly namespace: string; readonly fqdn: string } | undefined;
  readonly endpoints: readonly Endpoint[];
}

export interface CompiledRoute {
  readonly destinations: readonly ResolvedDestination[];
  readonly weights: WeightTable;
  readonly mirrors: readonly { readonly destination: ResolvedDestination; readonly fraction: number }[];
}

/** Everything needed to simulate one host's traffic. */
export interface HostLoad {
  /** `namespace/host`, unique in the world. */
  readonly key: string;
  readonly namespace: string;
  readonly host: string;
  /** The VirtualService's `sandbox.glidepath.dev/rps`, or undefined to use the mesh default. */
  readonly rps: number | undefined;
  readonly variants: readonly SimRequest[];
  /** cumulativeFractions[i] = the share of variants 0..i. */
  readonly cumulativeFractions: Float64Array;
  /** The route each variant takes (requests of one variant always match the same route), -1 for none. */
  readonly variantRoute: Int32Array;
  readonly routes: readonly CompiledRoute[];
}

export interface MeshWorld {
  readonly hosts: readonly HostLoad[];
  readonly warnings: readonly MeshWarning[];
}

/** The synthetic client every host's load comes from: a sidecar-injected `loadgen` in the VirtualService's namespace. */
export const LOADGEN = Object.freeze({ workload: 'loadgen', app: 'loadgen', version: 'unknown' });

/** The traffic source for a namespace, as route matching sees it. */
export function loadgenSource(namespace: string): TrafficSource {
  return { namespace, labels: { app: LOADGEN.app }, gateway: 'mesh' };
}

/** Identity of the synthetic client in a namespace. */
export function loadgenIdentity(namespace: string): WorkloadIdentity {
  return Object.freeze({
    name: LOADGEN.workload,
    namespace,
    app: LOADGEN.app,
    version: LOADGEN.version,
    canonicalService: LOADGEN.app,
    canonicalRevision: 'latest',
    principal: `spiffe://cluster.local/ns/${namespace}/sa/${LOADGEN.workload}`,
  });
}

function refOf(obj: MeshObject, kind: string): string {
  return `${kind} ${obj.metadata?.namespace ?? 'default'}/${obj.metadata?.name ?? '?'}`;
}

function byNamespaceAndName<T extends MeshObject>(items: readonly T[]): T[] {
  const key = (o: T): string => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;
  return [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

interface BuildContext {
  services: Map<string, ServiceObject>;
  index: WorkloadIndex;
  warnings: MeshWarning[];
}

function resolveDestination(host: string, namespace: string, ctx: BuildContext): ResolvedDestination {
  const ref = resolveServiceHost(host, namespace);
  const service = ref === undefined ? undefined : ctx.services.get(`${ref.namespace}/${ref.name}`);
  if (ref === undefined || service === undefined) return { host, service: undefined, endpoints: [] };
  return { host, service: ref, endpoints: serviceEndpoints(service, ctx.index) };
}

function compileRoute(route: HttpRoute, namespace: string, warn: (m: string) => void, ctx: BuildContext): CompiledRoute {
  const rds = route.route ?? [];
  const { table, problem } = buildWeightTable(rds);
  if (problem !== undefined) warn(problem);
  const mirrors = (route.mirrors ?? []).map((m) => ({ destination: m.destination, value: m.percentage?.value }));
  if (route.mirror !== undefined) {
    mirrors.unshift({ destination: route.mirror, value: route.mirrorPercentage?.value ?? route.mirrorPercent });
  }
  return {
    destinations: rds.map((rd) => resolveDestination(rd.destination.host, namespace, ctx)),
    weights: table,
    // Istio mirrors 100% when no percentage is given.
    mirrors: mirrors.map((m) => ({ destination: resolveDestination(m.destination.host, namespace, ctx), fraction: (m.value ?? 100) / 100 })),
  };
}

function compileMatches(routes: readonly HttpRoute[], httpIndex: readonly number[], warn: (m: string) => void): RequestPredicate[] {
  return routes.map((route, i) => {
    const original = httpIndex[i] ?? i;
    try {
      return compileRouteMatch(route, original);
    } catch (error) {
      warn(`${error instanceof Error ? error.message : String(error)}; route http[${original}] never matches`);
      return () => false;
    }
  });
}

function readRps(vs: MeshObject, warn: (m: string) => void): number | undefined {
  const raw = vs.metadata?.annotations?.[MeshAnnotation.Rps];
  if (raw === undefined) return undefined;
  const value = raw.trim() === '' ? Number.NaN : Number(raw);
  if (Number.isFinite(value) && value >= 0 && value <= 100_000) return value;
  warn(`annotation ${MeshAnnotation.Rps}=${JSON.stringify(raw)} is not a number in [0, 100000]; using the default load`);
  return undefined;
}

function readMix(vs: MeshObject, host: string, warn: (m: string) => void): RequestVariant[] {
  const raw = vs.metadata?.annotations?.[MeshAnnotation.RequestMix];
  try {
    return parseRequestMix(raw, host);
  } catch (error) {
    warn(`annotation ${MeshAnnotation.RequestMix} ${error instanceof Error ? error.message : String(error)}; sending plain requests`);
    return parseRequestMix(undefined, host);
  }
}

function cumulativeOf(variants: readonly RequestVariant[]): Float64Array {
  const out = new Float64Array(variants.length);
  let running = 0;
  variants.forEach((v, i) => {
    running += v.fraction;
    out[i] = running;
  });
  return out;
}

function compileVirtualService(vs: VirtualServiceObject, ctx: BuildContext, claimed: Set<string>): HostLoad[] {
  const namespace = vs.metadata?.namespace ?? 'default';
  const ref = refOf(vs, 'VirtualService');
  const warn = (message: string): void => {
    ctx.warnings.push({ object: ref, message });
  };
  const { spec, httpIndex, problems } = readVirtualServiceSpec(vs.spec);
  problems.forEach(warn);
  const routes = spec.http ?? [];
  const predicates = compileMatches(routes, httpIndex, warn);
  const compiled = routes.map((r) => compileRoute(r, namespace, warn, ctx));
  const rps = readRps(vs, warn);
  const source = loadgenSource(namespace);
  const out: HostLoad[] = [];
  for (const host of spec.hosts ?? []) {
    const key = `${namespace}/${host}`;
    if (claimed.has(key)) {
      warn(`host ${host} is already routed by another VirtualService in ${namespace}; this one is ignored for it`);
      continue;
    }
    claimed.add(key);
    const mix = readMix(vs, host, warn);
    const variants = mix.map((v) => v.request);
    const variantRoute = Int32Array.from(variants.map((req) => selectRoute(predicates, req, source)));
    out.push({ key, namespace, host, rps, variants, cumulativeFractions: cumulativeOf(mix), variantRoute, routes: compiled });
  }
  return out;
}

/** Compiles the snapshot; never throws for bad resources, it reports them in `warnings` instead. */
export function buildWorld(snapshot: ClusterSnapshot): MeshWorld {
  const index = buildWorkloadIndex(byNamespaceAndName(snapshot.pods), snapshot.deployments);
  const services = new Map(snapshot.services.map((s) => [`${s.metadata?.namespace ?? 'default'}/${s.metadata?.name ?? ''}`, s]));
  const ctx: BuildContext = { services, index, warnings: [...index.warnings] };
  const claimed = new Set<string>();
  const hosts = byNamespaceAndName(snapshot.virtualServices).flatMap((vs) => compileVirtualService(vs, ctx, claimed));
  return { hosts, warnings: ctx.warnings };
}
