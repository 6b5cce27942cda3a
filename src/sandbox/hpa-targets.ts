// The TARGETS cell kubectl prints for an autoscaling/v2 HorizontalPodAutoscaler: per metric
// "current/target" (resource metrics prefixed with their name, as since Kubernetes 1.30),
// `<unknown>` for a current value no autoscaler has reported, and "+ N more..." past four.
import { textOf } from './value-text.ts';

type Rec = Record<string, unknown>;

const SHOWN_METRICS = 4;

function rec(value: unknown): Rec {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Rec) : {};
}

/** The source block of a metric (`resource`, `pods`, `object`, ...), named after its `type`. */
function sourceOf(metric: Rec): Rec {
  const type = textOf(metric.type);
  const key = type.length === 0 ? '' : `${type.charAt(0).toLowerCase()}${type.slice(1)}`;
  return rec(metric[key]);
}

function targetText(target: Rec, type: string): string {
  if (target.averageUtilization !== undefined) return `${textOf(target.averageUtilization)}%`;
  if (target.averageValue === undefined) return textOf(target.value, '<unset>');
  // Only object and external metrics mark an average; pods metrics are averages by definition.
  const marked = type === 'Object' || type === 'External';
  return `${textOf(target.averageValue)}${marked ? ' (avg)' : ''}`;
}

function currentText(current: Rec, target: Rec): string {
  if (target.averageUtilization !== undefined) return current.averageUtilization === undefined ? '<unknown>' : `${textOf(current.averageUtilization)}%`;
  const value = target.averageValue !== undefined ? current.averageValue : current.value;
  return value === undefined ? '<unknown>' : textOf(value);
}

function metricText(metric: Rec, status: Rec | undefined): string {
  const source = sourceOf(metric);
  const target = rec(source.target);
  const type = textOf(metric.type);
  const current = status === undefined || status.type !== metric.type ? {} : rec(sourceOf(status).current);
  const text = `${currentText(current, target)}/${targetText(target, type)}`;
  const resource = type === 'Resource' || type === 'ContainerResource';
  return resource ? `${textOf(source.name)}: ${text}` : text;
}

/** The TARGETS cell of an HPA: `<none>` without metrics. */
export function hpaTargets(hpa: Rec): string {
  const metrics = rec(hpa.spec).metrics;
  if (!Array.isArray(metrics) || metrics.length === 0) return '<none>';
  const statuses = rec(hpa.status).currentMetrics;
  const reported = Array.isArray(statuses) ? statuses.map(rec) : [];
  const shown = metrics.slice(0, SHOWN_METRICS).map((m, i) => metricText(rec(m), reported[i]));
  const more = metrics.length > SHOWN_METRICS ? ` + ${metrics.length - SHOWN_METRICS} more...` : '';
  return `${shown.join(', ')}${more}`;
}
