/**
 * What the demo applies: podinfo as a Deployment (one per version; a version's behaviour in
 * the simulated mesh is set by pod-template annotations) and its Canary, with short
 * intervals so four releases fit in a couple of minutes.
 */
import { MeshAnnotation } from '../../mesh/index.ts';

/** The demo's namespace and app. */
export const DEMO = Object.freeze({ namespace: 'demo', app: 'podinfo', versionAnnotation: 'demo.glidepath.dev/version' });

/** One podinfo version. */
export interface DemoVersion {
  version: string;
  /** Fraction of requests answered 500 by this version in the simulated mesh. */
  errorRate: number;
}

/** The Namespace object. */
export function namespaceManifest(): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name: DEMO.namespace } };
}

/** podinfo at `v`: two replicas; the image tag and an annotation name the version. */
export function podinfoDeployment(v: DemoVersion): Record<string, unknown> {
  const labels = { app: DEMO.app };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: DEMO.app, namespace: DEMO.namespace, labels },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      template: {
        metadata: {
          labels,
          annotations: { [DEMO.versionAnnotation]: v.version, [MeshAnnotation.ErrorRate]: String(v.errorRate), [MeshAnnotation.LatencyMs]: '30' },
        },
        spec: { containers: [{ name: 'podinfod', image: `ghcr.io/stefanprodan/podinfo:${v.version}`, ports: [{ name: 'http', containerPort: 9898 }] }] },
      },
    },
  };
}

/** How fast the demo's analysis runs. */
export interface DemoTiming {
  /** Analysis interval in seconds. */
  intervalSeconds: number;
}

/** The Canary: 20% steps to 60%, success rate ≥ 99% and p99 ≤ 500 ms over at least 20 requests, rollback after 2 failed checks. */
export function podinfoCanary(timing: DemoTiming): Record<string, unknown> {
  const interval = `${timing.intervalSeconds}s`;
  // The query window spans a few intervals, so each check sees enough requests.
  const window = `${Math.max(6, timing.intervalSeconds * 3)}s`;
  return {
    apiVersion: 'glidepath.dev/v1alpha1',
    kind: 'Canary',
    metadata: { name: DEMO.app, namespace: DEMO.namespace },
    spec: {
      targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: DEMO.app },
      progressDeadlineSeconds: 60,
      service: { port: 9898, targetPort: 9898, apex: { annotations: { [MeshAnnotation.Rps]: '200' } } },
      analysis: {
        interval,
        threshold: 2,
        stepWeight: 20,
        maxWeight: 60,
        // Glidepath's low-traffic guard: a check on fewer requests is Inconclusive, not Failed.
        minRequests: 20,
        metrics: [
          { name: 'request-success-rate', interval: window, thresholdRange: { min: 99 } },
          { name: 'request-duration', interval: window, thresholdRange: { max: 500 } },
        ],
      },
    },
  };
}
