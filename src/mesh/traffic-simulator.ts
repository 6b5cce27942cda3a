/**
 * One simulation step of the whole mesh: for every host, `rps × dt` requests
 * (fractional remainders carried to the next step), each routed like Istio's
 * sidecar would route it, answered by the chosen pod's behaviour profile and
 * counted by both reporters. Pure apart from the registry it writes to; the
 * output depends only on the seed, the worlds and the step sizes.
 */
import { sampleLatencyMs } from './behaviour-profile.ts';
import type { IstioMetricsRegistry } from './istio-metrics.ts';
import { Reporter, ResponseFlag } from './istio-labels.ts';
import type { ServiceLabels } from './istio-labels.ts';
import { createPrng, deriveSeed } from './prng.ts';
import type { Prng } from './prng.ts';
import { pickUniform, pickWeighted } from './weighted-choice.ts';
import type { HostLoad, MeshWorld, ResolvedDestination } from './world-model.ts';
import type { Endpoint } from './workload-index.ts';
import { FlowCache } from './flow-cache.ts';

export const SimulationDefaults = Object.freeze({
  rps: 20,
  /** Added to the source reporter's duration: the client-side sidecar and network hop. */
  sourceOverheadMs: 0.5,
  /** How long a request failed locally by the client sidecar (UH/NC/NR) takes. */
  localReplyMs: 0.2,
});

interface HostState {
  readonly prng: Prng;
  carry: number;
}

/** Counts what the simulator did, for the bench and for tests. */
export interface SimulationStats {
  requests: number;
  mirrored: number;
}

function serviceLabelsOf(dest: ResolvedDestination | undefined, host: HostLoad): ServiceLabels {
  if (dest?.service !== undefined) return dest.service;
  const name = dest?.host ?? host.host;
  return { fqdn: name, name, namespace: 'unknown' };
}

function pickVariant(host: HostLoad, prng: Prng): number {
  const cumulative = host.cumulativeFractions;
  if (cumulative.length === 1) return 0;
  const u = prng.next();
  for (let i = 0; i < cumulative.length - 1; i++) if (u < (cumulative[i] ?? 1)) return i;
  return cumulative.length - 1;
}

/** Drives requests through a world and records them; holds per-host random streams and fractional carries. */
export class TrafficSimulator {
  private world: MeshWorld = { hosts: [], warnings: [] };
  private readonly hostState = new Map<string, HostState>();
  private readonly loadOverrides = new Map<string, number>();
  private readonly flows: FlowCache;
  readonly stats: SimulationStats = { requests: 0, mirrored: 0 };

  constructor(
    private readonly seed: number,
    registry: IstioMetricsRegistry,
    private readonly defaultRps: number = SimulationDefaults.rps,
  ) {
    this.flows = new FlowCache(registry);
  }

  /** Replaces the routing view; per-host random streams and carries survive the swap. */
  setWorld(world: MeshWorld): void {
    this.world = world;
    this.flows.clear();
  }

  /** Overrides the load of a host, given as written in the VirtualService, as `namespace/host`, or as a Service FQDN. */
  setLoad(host: string, rps: number): void {
    if (!Number.isFinite(rps) || rps < 0) throw new RangeError(`load for ${host} must be a finite number of requests per second ≥ 0, got ${rps}`);
    this.loadOverrides.set(host, rps);
  }

  /** How many hosts the current world drives. */
  get hostCount(): number {
    return this.world.hosts.length;
  }

  /** The load a host currently gets. */
  rpsOf(host: HostLoad): number {
    const o = this.loadOverrides;
    return o.get(host.key) ?? o.get(host.host) ?? o.get(`${host.host}.${host.namespace}.svc.cluster.local`) ?? host.rps ?? this.defaultRps;
  }

  /** Advances simulated time by dtMs and sends that step's requests for every host. */
  step(dtMs: number): void {
    for (const host of this.world.hosts) {
      const state = this.stateOf(host.key);
      state.carry += (this.rpsOf(host) * dtMs) / 1000;
      const n = Math.floor(state.carry);
      state.carry -= n;
      for (let i = 0; i < n; i++) this.sendOne(host, state.prng);
      this.stats.requests += n;
    }
  }

  private stateOf(key: string): HostState {
    let state = this.hostState.get(key);
    if (state === undefined) {
      state = { prng: createPrng(deriveSeed(this.seed, key)), carry: 0 };
      this.hostState.set(key, state);
    }
    return state;
  }

  private sendOne(host: HostLoad, prng: Prng): void {
    const routeIndex = host.variantRoute[pickVariant(host, prng)] ?? -1;
    const route = host.routes[routeIndex];
    if (route === undefined) {
      this.localReply(host, undefined, ResponseFlag.NoRoute, 404);
      return;
    }
    const dest = route.destinations[pickWeighted(route.weights, prng.next())];
    this.deliver(host, dest, prng);
    for (const mirror of route.mirrors) {
      if (prng.next() < mirror.fraction) this.shadow(host, mirror.destination, prng);
    }
  }

  private deliver(host: HostLoad, dest: ResolvedDestination | undefined, prng: Prng): void {
    if (dest?.service === undefined) {
      this.localReply(host, dest, dest === undefined ? ResponseFlag.NoHealthyUpstream : ResponseFlag.NoCluster, 503);
      return;
    }
    const endpoint = pickUniform(dest.endpoints, prng.next());
    if (endpoint === undefined) {
      this.localReply(host, dest, ResponseFlag.NoHealthyUpstream, 503);
      return;
    }
    const { code, latencyMs } = answer(endpoint, prng);
    const pair = this.flows.pair(host.namespace, dest, endpoint);
    pair.destination.record(code, latencyMs);
    pair.source.record(code, latencyMs + SimulationDefaults.sourceOverheadMs);
  }

  /** A shadow copy is seen only by the mirror's sidecar; the client's response is unaffected. */
  private shadow(host: HostLoad, dest: ResolvedDestination, prng: Prng): void {
    const endpoint = pickUniform(dest.endpoints, prng.next());
    if (dest.service === undefined || endpoint === undefined) return;
    const { code, latencyMs } = answer(endpoint, prng);
    this.flows.pair(host.namespace, dest, endpoint).destination.record(code, latencyMs);
    this.stats.mirrored++;
  }

  /** The client sidecar answers by itself: only the source reporter sees it, with an unknown destination workload. */
  private localReply(host: HostLoad, dest: ResolvedDestination | undefined, flags: ResponseFlag, code: number): void {
    this.flows.localFlow(host.namespace, serviceLabelsOf(dest, host), flags).record(code, SimulationDefaults.localReplyMs);
  }
}

function answer(endpoint: Endpoint, prng: Prng): { code: number; latencyMs: number } {
  const code = prng.next() < endpoint.profile.errorRate ? 500 : 200;
  return { code, latencyMs: sampleLatencyMs(endpoint.profile, prng) };
}

export { Reporter };
