import type { V1Secret } from '@kubernetes/client-node';
import type { Canary, CanaryMetric } from '../../api/canary-types.ts';
import type { MetricTemplate } from '../../api/metric-template-types.ts';
import { RELEASE_DEFAULTS } from '../../api/release-config.ts';
import { canaryObjectNames } from '../k8s-objects/object-names.ts';
import type { AnalysisMetric, AnalysisTarget, QueryClient } from '../../telemetry/index.ts';
import { PrometheusClient, authFromSecret, isBuiltinMetric, renderMetricTemplate } from '../../telemetry/index.ts';

/** Cache lookups the resolution needs. */
export interface MetricLookups {
  template(namespace: string, name: string): MetricTemplate | undefined;
  secret(namespace: string, name: string): V1Secret | undefined;
}

/** The metrics of a Canary ready to run, or why one of them cannot run (for a Ready=False condition). */
export type MetricResolution = { ok: true; metrics: AnalysisMetric[] } | { ok: false; message: string };

/** The names a query is about, shared by builtin queries and templates. */
export function analysisTarget(canary: Canary): AnalysisTarget {
  const names = canaryObjectNames(canary);
  return { name: canary.metadata.name, namespace: canary.metadata.namespace ?? 'default', target: names.target, service: names.service };
}

function thresholdOf(metric: CanaryMetric): AnalysisMetric['thresholdRange'] {
  if (metric.thresholdRange !== undefined) return metric.thresholdRange;
  // Flagger's deprecated `threshold` is an upper bound.
  return metric.threshold === undefined ? undefined : { max: metric.threshold };
}

function clientFor(template: MetricTemplate, lookups: MetricLookups): QueryClient | string | undefined {
  const { address, secretRef } = template.spec.provider;
  if (address === undefined) return undefined;
  if (secretRef === undefined) return new PrometheusClient({ address });
  const namespace = template.metadata.namespace ?? 'default';
  const secret = lookups.secret(namespace, secretRef.name);
  if (secret === undefined) return `its provider secretRef names Secret ${namespace}/${secretRef.name}, which does not exist`;
  const auth = authFromSecret(secret);
  return auth.ok ? new PrometheusClient({ address, auth: auth.auth }) : auth.error;
}

function fromTemplate(canary: Canary, metric: CanaryMetric, lookups: MetricLookups): AnalysisMetric | string {
  const ref = metric.templateRef;
  if (ref === undefined) return `metric "${metric.name}" is not builtin and has no templateRef`;
  const namespace = ref.namespace ?? canary.metadata.namespace ?? 'default';
  const where = `MetricTemplate ${namespace}/${ref.name} (metric "${metric.name}")`;
  const template = lookups.template(namespace, ref.name);
  if (template === undefined) return `${where} does not exist`;
  const interval = metric.interval ?? RELEASE_DEFAULTS.metricInterval;
  try {
    renderMetricTemplate(template.spec.query, { ...analysisTarget(canary), interval, variables: metric.templateVariables ?? {} });
  } catch (err: unknown) {
    return `${where} does not render: ${err instanceof Error ? err.message : String(err)}`;
  }
  const client = clientFor(template, lookups);
  if (typeof client === 'string') return `${where}: ${client}`;
  return { name: metric.name, interval, thresholdRange: thresholdOf(metric), template: { query: template.spec.query }, templateVariables: metric.templateVariables, client };
}

function resolveOne(canary: Canary, metric: CanaryMetric, lookups: MetricLookups): AnalysisMetric | string {
  if (metric.query !== undefined && metric.templateRef === undefined) {
    return { name: metric.name, interval: metric.interval, thresholdRange: thresholdOf(metric), template: { query: metric.query } };
  }
  if (metric.templateRef === undefined && isBuiltinMetric(metric.name)) {
    return { name: metric.name, interval: metric.interval, thresholdRange: thresholdOf(metric) };
  }
  return fromTemplate(canary, metric, lookups);
}

/** Resolves every `analysis.metrics` entry to something runAnalysis can run; the first problem wins, naming the template and why. */
export function resolveMetrics(canary: Canary, lookups: MetricLookups): MetricResolution {
  const metrics: AnalysisMetric[] = [];
  for (const metric of canary.spec.analysis.metrics ?? []) {
    const resolved = resolveOne(canary, metric, lookups);
    if (typeof resolved === 'string') return { ok: false, message: resolved };
    metrics.push(resolved);
  }
  return { ok: true, metrics };
}
