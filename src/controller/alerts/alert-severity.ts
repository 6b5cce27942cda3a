/** Which alerts an `analysis.alerts[]` entry receives, by severity. */
import type { CanaryAlert } from '../../api/canary-types.ts';
import { AlertSeverity } from '../../api/alert-provider-types.ts';

const RANK: Readonly<Record<AlertSeverity, number>> = Object.freeze({ info: 0, warn: 1, error: 2 });

/** The entry's threshold; an absent or empty severity means `info`, as in Flagger. */
export function thresholdOf(alert: Pick<CanaryAlert, 'severity'>): AlertSeverity {
  const severity = alert.severity;
  return severity === undefined || severity === '' ? AlertSeverity.Info : severity;
}

/** True when an alert of `severity` reaches an entry with threshold `threshold`: info takes all, warn takes warn and error, error takes error only. */
export function severityReaches(severity: AlertSeverity, threshold: AlertSeverity): boolean {
  return RANK[severity] >= RANK[threshold];
}
