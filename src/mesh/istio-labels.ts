/**
 * Istio's standard metric labels, in the order Istio's stats plugin emits
 * them, for the two reporters: the client's sidecar (`source`) and the
 * server's sidecar (`destination`).
 */
import type { WorkloadIdentity } from './workload-index.ts';

export const Reporter = Object.freeze({ Source: 'source', Destination: 'destination' } as const);
export type Reporter = (typeof Reporter)[keyof typeof Reporter];

/** Istio's response flags used here: '-' none, UH no healthy upstream, NC no cluster (host is not a service), NR no route. */
export const ResponseFlag = Object.freeze({ None: '-', NoHealthyUpstream: 'UH', NoCluster: 'NC', NoRoute: 'NR' } as const);
export type ResponseFlag = (typeof ResponseFlag)[keyof typeof ResponseFlag];

/** The destination_service* labels: a resolved Service, or the raw host when it is not one. */
export interface ServiceLabels {
  fqdn: string;
  name: string;
  namespace: string;
}

/** Everything that distinguishes one flow of requests, apart from the response code. */
export interface FlowIdentity {
  reporter: Reporter;
  source: WorkloadIdentity;
  /** undefined when the request never reached a workload (503 UH/NC, 404 NR). */
  destination: WorkloadIdentity | undefined;
  service: ServiceLabels;
}

const UNKNOWN = 'unknown';
const CLUSTER = 'Kubernetes';

/** Escapes a label value for the Prometheus text format. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function pairs(entries: readonly (readonly [string, string])[]): string {
  return entries.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(',');
}

function sourcePairs(flow: FlowIdentity): [string, string][] {
  const s = flow.source;
  // The client's own sidecar does not report its peer-authenticated principal.
  const principal = flow.reporter === Reporter.Destination ? s.principal : UNKNOWN;
  return [
    ['source_workload', s.name],
    ['source_canonical_service', s.canonicalService],
    ['source_canonical_revision', s.canonicalRevision],
    ['source_workload_namespace', s.namespace],
    ['source_principal', principal],
    ['source_app', s.app],
    ['source_version', s.version],
    ['source_cluster', CLUSTER],
  ];
}

const UNKNOWN_WORKLOAD: WorkloadIdentity = Object.freeze({
  name: UNKNOWN,
  namespace: UNKNOWN,
  app: UNKNOWN,
  version: UNKNOWN,
  canonicalService: UNKNOWN,
  canonicalRevision: UNKNOWN,
  principal: UNKNOWN,
});

function destinationPairs(flow: FlowIdentity): [string, string][] {
  const d = flow.destination ?? UNKNOWN_WORKLOAD;
  return [
    ['destination_workload', d.name],
    ['destination_workload_namespace', d.namespace],
    ['destination_principal', d.principal],
    ['destination_app', d.app],
    ['destination_version', d.version],
    ['destination_service', flow.service.fqdn],
    ['destination_canonical_service', d.canonicalService],
    ['destination_canonical_revision', d.canonicalRevision],
    ['destination_service_name', flow.service.name],
    ['destination_service_namespace', flow.service.namespace],
    ['destination_cluster', flow.destination === undefined ? UNKNOWN : CLUSTER],
  ];
}

/** Renders the labels up to and including `response_code="` so one string serves every code of the flow. */
export function flowLabelPrefix(flow: FlowIdentity): string {
  const head = pairs([['reporter', flow.reporter], ...sourcePairs(flow), ...destinationPairs(flow), ['request_protocol', 'http']]);
  return `${head},response_code="`;
}

/** Completes a flow prefix into a full label set for one response code and flag. */
export function seriesLabels(prefix: string, reporter: Reporter, code: number, flags: ResponseFlag): string {
  const policy = reporter === Reporter.Destination ? 'mutual_tls' : UNKNOWN;
  return `${prefix}${code}",grpc_response_status="",response_flags="${flags}",connection_security_policy="${policy}"`;
}
