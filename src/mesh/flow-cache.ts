/**
 * Memoises the metric flows per (destination, endpoint) object pair, so the
 * hot path does two identity-keyed map lookups instead of building label
 * strings. Cleared whenever the world is rebuilt (its objects are replaced).
 */
import type { Flow, IstioMetricsRegistry } from './istio-metrics.ts';
import { Reporter } from './istio-labels.ts';
import type { ResponseFlag, ServiceLabels } from './istio-labels.ts';
import { loadgenIdentity } from './world-model.ts';
import type { ResolvedDestination } from './world-model.ts';
import type { Endpoint, WorkloadIdentity } from './workload-index.ts';

/** The two reporters' flows for requests that reached a workload. */
export interface FlowPair {
  readonly source: Flow;
  readonly destination: Flow;
}

export class FlowCache {
  private byDestination = new Map<ResolvedDestination, Map<Endpoint, FlowPair>>();
  private readonly local = new Map<string, Flow>();
  private readonly sources = new Map<string, WorkloadIdentity>();

  constructor(private readonly registry: IstioMetricsRegistry) {}

  /** Forgets object-keyed entries; call when the world's objects are replaced. */
  clear(): void {
    this.byDestination = new Map();
  }

  /** The flows for a request from the namespace's load generator to an endpoint behind a resolved Service. */
  pair(namespace: string, dest: ResolvedDestination, endpoint: Endpoint): FlowPair {
    let byEndpoint = this.byDestination.get(dest);
    if (byEndpoint === undefined) {
      byEndpoint = new Map();
      this.byDestination.set(dest, byEndpoint);
    }
    let pair = byEndpoint.get(endpoint);
    if (pair === undefined) {
      const base = { source: this.sourceOf(namespace), destination: endpoint.workload, service: serviceOf(dest, namespace) };
      pair = {
        source: this.registry.flow({ ...base, reporter: Reporter.Source }),
        destination: this.registry.flow({ ...base, reporter: Reporter.Destination }),
      };
      byEndpoint.set(endpoint, pair);
    }
    return pair;
  }

  /** The source-only flow for requests the client sidecar answered itself. */
  localFlow(namespace: string, service: ServiceLabels, flags: ResponseFlag): Flow {
    const key = `${namespace}|${service.fqdn}|${service.namespace}|${flags}`;
    let flow = this.local.get(key);
    if (flow === undefined) {
      flow = this.registry.flow({ reporter: Reporter.Source, source: this.sourceOf(namespace), destination: undefined, service }, flags);
      this.local.set(key, flow);
    }
    return flow;
  }

  private sourceOf(namespace: string): WorkloadIdentity {
    let identity = this.sources.get(namespace);
    if (identity === undefined) {
      identity = loadgenIdentity(namespace);
      this.sources.set(namespace, identity);
    }
    return identity;
  }
}

function serviceOf(dest: ResolvedDestination, namespace: string): ServiceLabels {
  return dest.service ?? { fqdn: dest.host, name: dest.host, namespace };
}
