// Server-side defaults of autoscaling/v2 HorizontalPodAutoscalers, as kube-apiserver sets them:
// one replica at least, and 80% average CPU utilization when no metric is given.
import type { KubeObject } from './resource-type.ts';

/** Fills spec.minReplicas (1) and spec.metrics (CPU at 80% utilization) when absent. */
export function defaultHpa(obj: KubeObject): void {
  const spec = obj.spec;
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) return;
  const fields = spec as Record<string, unknown>;
  fields.minReplicas ??= 1;
  if (!Array.isArray(fields.metrics) || fields.metrics.length === 0) {
    fields.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
  }
}
