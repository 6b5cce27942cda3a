/**
 * Plain JSON shapes of the Kubernetes and Istio objects the builders read and produce.
 * client-node types its models as classes with Date fields, but what crosses the wire and
 * sits in informer caches is plain JSON; unknown fields pass through via index signatures.
 */

/** An ownerReference as Glidepath writes it. */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller: boolean;
  blockOwnerDeletion: boolean;
}

/** Object metadata as read from the cluster. */
export interface Metadata {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  [field: string]: unknown;
}

/** The metadata Glidepath writes on objects it creates. */
export interface OwnedMetadata {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences: OwnerReference[];
}

export interface KeyRef {
  name?: string;
  key?: string;
  optional?: boolean;
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { configMapKeyRef?: KeyRef; secretKeyRef?: KeyRef; [field: string]: unknown };
}

export interface EnvFromSource {
  prefix?: string;
  configMapRef?: { name?: string; optional?: boolean };
  secretRef?: { name?: string; optional?: boolean };
}

export interface Container {
  name: string;
  env?: EnvVar[];
  envFrom?: EnvFromSource[];
  [field: string]: unknown;
}

export interface ProjectionSource {
  configMap?: { name?: string; optional?: boolean; [field: string]: unknown };
  secret?: { name?: string; optional?: boolean; [field: string]: unknown };
  [field: string]: unknown;
}

export interface Volume {
  name: string;
  configMap?: { name?: string; optional?: boolean; [field: string]: unknown };
  secret?: { secretName?: string; optional?: boolean; [field: string]: unknown };
  projected?: { sources?: ProjectionSource[]; [field: string]: unknown };
  [field: string]: unknown;
}

export interface PodSpec {
  containers?: Container[];
  initContainers?: Container[];
  ephemeralContainers?: Container[];
  volumes?: Volume[];
  [field: string]: unknown;
}

export interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string>; [field: string]: unknown };
  spec?: PodSpec;
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: unknown[];
}

/** A Deployment as read from the cluster. */
export interface Deployment {
  apiVersion?: string;
  kind?: string;
  metadata: Metadata;
  spec?: {
    replicas?: number;
    selector?: LabelSelector;
    template?: PodTemplate;
    [field: string]: unknown;
  };
  status?: Record<string, unknown>;
}

/** A Deployment as Glidepath writes it. */
export interface DeploymentManifest {
  apiVersion: 'apps/v1';
  kind: 'Deployment';
  metadata: OwnedMetadata;
  spec: {
    replicas: number;
    selector: { matchLabels: Record<string, string> };
    template: PodTemplate;
    [field: string]: unknown;
  };
}

export interface ServicePort {
  name: string;
  port: number;
  targetPort: number | string;
  protocol: 'TCP';
  appProtocol?: string;
}

/** A Service as Glidepath writes it. */
export interface ServiceManifest {
  apiVersion: 'v1';
  kind: 'Service';
  metadata: OwnedMetadata;
  spec: {
    type: 'ClusterIP';
    clusterIP?: 'None';
    selector: Record<string, string>;
    ports: ServicePort[];
  };
}

/** An Istio DestinationRule as Glidepath writes it. */
export interface DestinationRuleManifest {
  apiVersion: 'networking.istio.io/v1';
  kind: 'DestinationRule';
  metadata: OwnedMetadata;
  spec: { host: string; trafficPolicy?: Record<string, unknown> };
}

/** One weighted destination of an Istio HTTP route. */
export interface RouteDestination {
  destination: { host: string };
  weight: number;
}

/** An Istio HTTPRoute (the fields Glidepath sets; the rest come from spec.service). */
export interface HttpRoute {
  name: string;
  match?: Record<string, unknown>[];
  route: RouteDestination[];
  mirror?: { host: string };
  mirrorPercentage?: { value: number };
  rewrite?: unknown;
  retries?: unknown;
  timeout?: string;
  headers?: unknown;
  corsPolicy?: unknown;
}

/** An Istio VirtualService as Glidepath writes it. */
export interface VirtualServiceManifest {
  apiVersion: 'networking.istio.io/v1';
  kind: 'VirtualService';
  metadata: OwnedMetadata;
  spec: { hosts: string[]; gateways: string[]; http: HttpRoute[] };
}
