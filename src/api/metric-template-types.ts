/**
 * TypeScript shapes of the `glidepath.dev/v1alpha1` MetricTemplate, matching
 * manifests/crds/metrictemplates.glidepath.dev.yaml.
 */
import type { CanaryCondition, GLIDEPATH_API_VERSION, ObjectMeta } from './canary-types.ts';

/** Metric providers a template may name. */
export const MetricProviderType = Object.freeze({
  Prometheus: 'prometheus',
} as const);
export type MetricProviderType = (typeof MetricProviderType)[keyof typeof MetricProviderType];

/** `spec.provider`: where the query runs. */
export interface MetricProvider {
  type: MetricProviderType;
  /** Prometheus base URL; the controller's default Prometheus when absent. */
  address?: string;
  secretRef?: { name: string };
  insecureSkipVerify?: boolean;
}

/** `spec` of a MetricTemplate. */
export interface MetricTemplateSpec {
  provider: MetricProvider;
  /** PromQL with {{ name }}, {{ namespace }}, {{ target }}, {{ service }}, {{ interval }} and {{ variables.KEY }}. */
  query: string;
}

/** `status` of a MetricTemplate. */
export interface MetricTemplateStatus {
  observedGeneration?: number;
  conditions?: CanaryCondition[];
}

/** A MetricTemplate resource. */
export interface MetricTemplate {
  apiVersion: typeof GLIDEPATH_API_VERSION;
  kind: 'MetricTemplate';
  metadata: ObjectMeta;
  spec: MetricTemplateSpec;
  status?: MetricTemplateStatus;
}
