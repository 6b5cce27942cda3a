/**
 * The slice of Istio's VirtualService API (networking.istio.io/v1) the
 * simulated mesh understands, after validation of the raw JSON.
 */

/** Istio StringMatch: exactly one of exact, prefix or regex (RE2, full match). An empty object matches any present value. */
export interface StringMatch {
  exact?: string;
  prefix?: string;
  regex?: string;
}

/** Istio HTTPMatchRequest: all conditions inside one entry must hold. */
export interface HttpMatchRequest {
  name?: string;
  uri?: StringMatch;
  scheme?: StringMatch;
  method?: StringMatch;
  authority?: StringMatch;
  headers?: Record<string, StringMatch>;
  withoutHeaders?: Record<string, StringMatch>;
  queryParams?: Record<string, StringMatch>;
  ignoreUriCase?: boolean;
  sourceLabels?: Record<string, string>;
  sourceNamespace?: string;
  gateways?: string[];
}

export interface Destination {
  host: string;
  subset?: string;
  port?: { number?: number };
}

export interface HttpRouteDestination {
  destination: Destination;
  weight?: number;
}

export interface HttpMirrorPolicy {
  destination: Destination;
  percentage?: { value?: number };
}

/** Istio HTTPRoute: the fields that decide where a request goes. */
export interface HttpRoute {
  name?: string;
  match?: HttpMatchRequest[];
  route?: HttpRouteDestination[];
  mirror?: Destination;
  mirrorPercentage?: { value?: number };
  /** Deprecated integer form of mirrorPercentage, still accepted by Istio. */
  mirrorPercent?: number;
  mirrors?: HttpMirrorPolicy[];
}

export interface VirtualServiceSpec {
  hosts?: string[];
  gateways?: string[];
  http?: HttpRoute[];
}

/** One synthetic request as the sidecar sees it; header names are lower case. */
export interface SimRequest {
  method: string;
  scheme: string;
  authority: string;
  /** Path plus optional query string. */
  uri: string;
  headers: Readonly<Record<string, string>>;
  query: Readonly<Record<string, string>>;
}

/** Who sends the synthetic traffic; matched against sourceLabels, sourceNamespace and gateways. */
export interface TrafficSource {
  namespace: string;
  labels: Readonly<Record<string, string>>;
  /** Always "mesh": the load generator is a sidecar-injected workload, not a gateway. */
  gateway: string;
}
