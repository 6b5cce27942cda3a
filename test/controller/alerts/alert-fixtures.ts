/** Canaries and history entries for alert tests. */
import type { Canary, CanaryAlert, CanaryWebhook, HistoryStatus } from '../../../src/api/canary-types.ts';

/** A Canary `shop` in `shop-ns` with the given alerts and webhooks. */
export function canaryWith(alerts: CanaryAlert[], webhooks: CanaryWebhook[] = []): Canary {
  return {
    apiVersion: 'glidepath.dev/v1alpha1',
    kind: 'Canary',
    metadata: { name: 'shop', namespace: 'shop-ns', uid: 'uid-1' },
    spec: {
      targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'shop' },
      progressDeadlineSeconds: 60,
      service: { port: 80 },
      analysis: { interval: '10s', threshold: 3, stepWeight: 20, maxWeight: 60, alerts, webhooks },
    },
  };
}

let clock = Date.parse('2026-01-01T00:00:00Z');

/** A history entry; each call gets a later time. */
export function entry(from: string, to: string, event = 'TICK', extra: Partial<HistoryStatus> = {}): HistoryStatus {
  clock += 1000;
  return { time: new Date(clock).toISOString(), from, to, event, weight: 0, message: `${from} to ${to}`, ...extra };
}
