/**
 * Canaries for the status page tests: a spec like the podinfo example and statuses at
 * chosen points of a release, shaped as the reconciler writes them.
 */
import type { Canary, CheckStatus, HistoryStatus } from '../../src/api/canary-types.ts';
import type { Phase } from '../../machines/release-types.ts';

/** What a fixture Canary is made of. */
export interface FixtureOptions {
  namespace?: string;
  name?: string;
  phase?: Phase;
  state?: string | Record<string, string>;
  weight?: number;
  failedChecks?: number;
  annotations?: Record<string, string>;
  message?: string;
  checks?: CheckStatus[];
  history?: HistoryStatus[];
  metricName?: string;
}

const DEFAULTS = {
  namespace: 'test', name: 'podinfo', phase: 'Progressing' as Phase, state: { progressing: 'analysing' } as string | Record<string, string>,
  weight: 20, failedChecks: 0, annotations: {} as Record<string, string>, message: 'analysis passed, canary weight 20%', metricName: 'request-success-rate',
};

/** A Canary with a status; every field can be overridden. */
export function fixtureCanary(options: FixtureOptions = {}): Canary {
  const o = { ...DEFAULTS, ...options };
  const metricName = o.metricName;
  return {
    apiVersion: 'glidepath.dev/v1alpha1',
    kind: 'Canary',
    metadata: { name: o.name, namespace: o.namespace, annotations: o.annotations },
    spec: {
      targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: o.name },
      service: { port: 9898 },
      analysis: {
        interval: '10s', threshold: 5, stepWeight: 10, maxWeight: 50,
        metrics: [{ name: metricName, interval: '1m', thresholdRange: { min: 99 } }, { name: 'request-duration', interval: '1m', thresholdRange: { max: 500 } }],
      },
    },
    status: {
      phase: o.phase,
      canaryWeight: o.weight,
      failedChecks: o.failedChecks,
      iterations: 2,
      lastTransitionTime: '2026-01-01T10:00:10.000Z',
      revision: '7f9c2ba4e88f827d616045507605853e',
      message: o.message,
      machine: { name: 'canary', version: 1, snapshot: { status: 'active', value: o.state, context: {} } },
      checks: o.checks ?? [
        { name: metricName, kind: 'metric', value: 99.6, thresholdMin: 99, thresholdMax: null, verdict: 'Successful', query: 'sum(rate(istio_requests_total{reporter="destination"}[1m]))', time: '2026-01-01T10:00:20.000Z' },
        { name: 'request-duration', kind: 'metric', value: 120, thresholdMin: null, thresholdMax: 500, verdict: 'Successful', query: 'histogram_quantile(0.99, ...)', time: '2026-01-01T10:00:20.000Z' },
      ],
      history: o.history ?? [
        { time: '2026-01-01T10:00:00.000Z', from: 'succeeded', to: 'waiting', event: 'NEW_REVISION', weight: 0, message: 'new revision' },
        { time: '2026-01-01T10:00:01.000Z', from: 'waiting', to: 'progressing.analysing', event: 'TICK', weight: 0, message: 'rollout started' },
        { time: '2026-01-01T10:00:10.000Z', from: 'progressing.analysing', to: 'progressing.analysing', event: 'TICK', weight: 10, message: 'weight 10%' },
        { time: '2026-01-01T10:00:20.000Z', from: 'progressing.analysing', to: 'progressing.analysing', event: 'TICK', weight: 20, message: 'weight 20%' },
      ],
    },
  };
}

/** A script payload that would open a dialog if it ever ran. */
export const XSS = `<img src=x onerror="alert('xss')"><script>alert('xss')</script>"'><svg onload=alert(1)>`;
