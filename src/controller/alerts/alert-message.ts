/** The provider-neutral content of one alert: what every payload shape is built from. */
import type { Canary } from '../../api/canary-types.ts';
import type { AlertSeverity } from '../../api/alert-provider-types.ts';
import type { AlertReason, ReleaseAlert } from './transition-alerts.ts';

/** One labelled value shown with an alert. */
export interface AlertField {
  name: string;
  value: string;
}

/** Everything a payload builder needs; holds no address or other credential. */
export interface AlertMessage {
  id: string;
  severity: AlertSeverity;
  reason: AlertReason;
  title: string;
  detail: string;
  canary: { name: string; namespace: string };
  target: string;
  phaseTransition: { from: string; to: string };
  weight: number;
  time: string;
  fields: AlertField[];
}

function analysisFacts(canary: Canary): AlertField[] {
  const analysis = canary.spec.analysis;
  const fields: AlertField[] = [];
  if (analysis.interval !== undefined) fields.push({ name: 'Interval', value: analysis.interval });
  if (analysis.threshold !== undefined) fields.push({ name: 'Failed checks threshold', value: String(analysis.threshold) });
  if (canary.spec.progressDeadlineSeconds !== undefined) fields.push({ name: 'Progress deadline', value: `${canary.spec.progressDeadlineSeconds}s` });
  return fields;
}

/** The message for `alert` about `canary` (`failedChecks` as the pass left them): a title, the machine's detail and the facts a reader checks first. */
export function alertMessage(canary: Canary, alert: ReleaseAlert, failedChecks?: number): AlertMessage {
  const namespace = canary.metadata.namespace ?? 'default';
  const target = `${canary.spec.targetRef.name}.${namespace}`;
  const weight = alert.entry.weight ?? 0;
  const fields: AlertField[] = [
    { name: 'Target', value: `Deployment/${target}` },
    { name: 'Transition', value: `${alert.entry.from} → ${alert.entry.to}` },
    { name: 'Canary weight', value: `${weight}%` },
    ...(failedChecks === undefined ? [] : [{ name: 'Failed checks', value: String(failedChecks) }]),
    ...analysisFacts(canary),
  ];
  return {
    id: alert.id, severity: alert.severity, reason: alert.reason, title: alert.title, detail: alert.detail,
    canary: { name: canary.metadata.name, namespace }, target, phaseTransition: { from: alert.entry.from, to: alert.entry.to },
    weight, time: alert.entry.time, fields,
  };
}
