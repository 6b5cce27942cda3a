/**
 * TypeScript shapes of the `glidepath.dev/v1alpha1` Canary, matching
 * manifests/crds/canaries.glidepath.dev.yaml field for field. Optional
 * fields are optional here too; schema defaults (portName, progressDeadlineSeconds,
 * readiness thresholds, intervals, webhook type and timeout) are filled in by
 * the API server, so a Canary read back from it carries them.
 */
import type { Phase, Strategy, Verdict } from '../../machines/release-types.ts';

/** The API group and version of Glidepath's resources. */
export const GLIDEPATH_API_VERSION = 'glidepath.dev/v1alpha1';

/** The metadata fields Glidepath reads. */
export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  generation?: number;
  resourceVersion?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  [field: string]: unknown;
}

/** A reference to an object, optionally in another namespace. */
export interface ObjectReference {
  apiVersion: string;
  kind: string;
  name: string;
}

/** An Istio StringMatch: exactly one of the fields. `suffix` is Flagger's A/B header extension. */
export interface StringMatch {
  exact?: string;
  prefix?: string;
  suffix?: string;
  regex?: string;
}

/** An Istio HTTPMatchRequest (the fields Glidepath accepts). */
export interface HttpMatchRequest {
  name?: string;
  uri?: StringMatch;
  scheme?: StringMatch;
  method?: StringMatch;
  authority?: StringMatch;
  headers?: Record<string, StringMatch>;
  withoutHeaders?: Record<string, StringMatch>;
  queryParams?: Record<string, StringMatch>;
  port?: number;
  sourceLabels?: Record<string, string>;
  sourceNamespace?: string;
  gateways?: string[];
  ignoreUriCase?: boolean;
}

/** Header edits on a request or response. */
export interface HeaderOperations {
  set?: Record<string, string>;
  add?: Record<string, string>;
  remove?: string[];
}

/** Istio's per-route header manipulation. */
export interface Headers {
  request?: HeaderOperations;
  response?: HeaderOperations;
}

/** Istio's HTTPRetry. */
export interface HttpRetry {
  attempts?: number;
  perTryTimeout?: string;
  retryOn?: string;
  retryRemoteLocalities?: boolean;
}

/** Istio's HTTPRewrite. */
export interface HttpRewrite {
  uri?: string;
  authority?: string;
  uriRegexRewrite?: { match?: string; rewrite?: string };
}

/** Istio's CorsPolicy. */
export interface CorsPolicy {
  allowOrigins?: StringMatch[];
  allowOrigin?: string[];
  allowMethods?: string[];
  allowHeaders?: string[];
  exposeHeaders?: string[];
  maxAge?: string;
  allowCredentials?: boolean;
  unmatchedPreflights?: 'UNSPECIFIED' | 'FORWARD' | 'IGNORE';
}

/** Labels and annotations added to a generated object. */
export interface CustomMetadata {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** `spec.service`: the generated Services, VirtualService and DestinationRules. */
export interface CanaryService {
  name?: string;
  port: number;
  portName?: string;
  targetPort?: number | string;
  portDiscovery?: boolean;
  appProtocol?: string;
  headless?: boolean;
  delegation?: boolean;
  hosts?: string[];
  gateways?: string[];
  match?: HttpMatchRequest[];
  rewrite?: HttpRewrite;
  retries?: HttpRetry;
  timeout?: string;
  headers?: Headers;
  corsPolicy?: CorsPolicy;
  /** Istio TrafficPolicy, passed through to the DestinationRules unchanged. */
  trafficPolicy?: Record<string, unknown>;
  apex?: CustomMetadata;
  primary?: CustomMetadata;
  canary?: CustomMetadata;
}

/** `spec.autoscalerRef`. */
export interface AutoscalerReference extends ObjectReference {
  primaryScalerReplicas?: { minReplicas?: number; maxReplicas?: number };
}

/** The accepted range of a metric's value; either bound may be absent. */
export interface ThresholdRange {
  min?: number;
  max?: number;
}

/** One entry of `spec.analysis.metrics`. */
export interface CanaryMetric {
  name: string;
  interval?: string;
  /** Deprecated by Flagger: the same as thresholdRange.max. */
  threshold?: number;
  thresholdRange?: ThresholdRange;
  /** Deprecated by Flagger: an inline PromQL query. */
  query?: string;
  templateRef?: { name: string; namespace?: string };
  templateVariables?: Record<string, string>;
}

/** Webhook types, in the order of a release. */
export const WebhookType = Object.freeze({
  ConfirmRollout: 'confirm-rollout',
  PreRollout: 'pre-rollout',
  Rollout: 'rollout',
  ConfirmTrafficIncrease: 'confirm-traffic-increase',
  ConfirmPromotion: 'confirm-promotion',
  PostRollout: 'post-rollout',
  Rollback: 'rollback',
  Event: 'event',
} as const);
export type WebhookType = (typeof WebhookType)[keyof typeof WebhookType];

/** One entry of `spec.analysis.webhooks`. An empty or absent type means `rollout`. */
export interface CanaryWebhook {
  name: string;
  type?: WebhookType | '';
  url: string;
  timeout?: string;
  metadata?: Record<string, string>;
  retries?: number;
  muteAlert?: boolean;
  disableTLS?: boolean;
}

/** One entry of `spec.analysis.alerts`. */
export interface CanaryAlert {
  name: string;
  severity?: 'info' | 'warn' | 'error' | '';
  providerRef: { name: string; namespace?: string };
}

/** `spec.analysis.sessionAffinity`. */
export interface SessionAffinity {
  cookieName: string;
  primaryCookieName?: string;
  maxAge?: number;
  domain?: string;
  path?: string;
  httpOnly?: boolean;
  secure?: boolean;
  partitioned?: boolean;
  sameSite?: 'Strict' | 'Lax' | 'None';
}

/** `spec.analysis`. */
export interface CanaryAnalysis {
  interval?: string;
  threshold?: number;
  maxWeight?: number;
  stepWeight?: number;
  stepWeights?: number[];
  stepWeightPromotion?: number;
  iterations?: number;
  minRequests?: number;
  match?: HttpMatchRequest[];
  mirror?: boolean;
  mirrorWeight?: number;
  primaryReadyThreshold?: number;
  canaryReadyThreshold?: number;
  metrics?: CanaryMetric[];
  webhooks?: CanaryWebhook[];
  alerts?: CanaryAlert[];
  sessionAffinity?: SessionAffinity;
}

/** `spec` of a Canary. */
export interface CanarySpec {
  strategy?: Strategy;
  provider?: 'istio';
  metricsServer?: string;
  targetRef: ObjectReference;
  progressDeadlineSeconds?: number;
  skipAnalysis?: boolean;
  suspend?: boolean;
  revertOnDeletion?: boolean;
  autoscalerRef?: AutoscalerReference;
  service: CanaryService;
  analysis: CanaryAnalysis;
}

/** One entry of `status.conditions` (Glidepath sets `Promoted`, as Flagger does). */
export interface CanaryCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
  observedGeneration?: number;
}

/** `status.machine`: the persisted release machine. */
export interface MachineStatus {
  name: string;
  version: number | string;
  snapshot?: Record<string, unknown>;
}

/** One entry of `status.checks`: a check's latest value, threshold and verdict. */
export interface CheckStatus {
  name: string;
  kind?: string;
  value?: number | null;
  thresholdMin?: number | null;
  thresholdMax?: number | null;
  verdict: Verdict;
  message?: string;
  query?: string;
  time?: string;
}

/** One entry of `status.history` (at most 50 are kept). */
export interface HistoryStatus {
  time: string;
  from: string;
  to: string;
  event: string;
  weight?: number;
  message?: string;
  actor?: string;
}

/** The most entries `status.history` may hold (the CRD's maxItems). */
export const MAX_HISTORY_ENTRIES = 50;

/** `status` of a Canary. */
export interface CanaryStatus {
  observedGeneration?: number;
  phase?: Phase;
  canaryWeight?: number;
  failedChecks?: number;
  iterations?: number;
  lastAppliedSpec?: string;
  lastPromotedSpec?: string;
  lastTransitionTime?: string;
  revision?: string;
  trackedConfigs?: Record<string, string>;
  paused?: boolean;
  message?: string;
  conditions?: CanaryCondition[];
  machine?: MachineStatus;
  checks?: CheckStatus[];
  history?: HistoryStatus[];
}

/** A Canary resource. */
export interface Canary {
  apiVersion: typeof GLIDEPATH_API_VERSION;
  kind: 'Canary';
  metadata: ObjectMeta;
  spec: CanarySpec;
  status?: CanaryStatus;
}
