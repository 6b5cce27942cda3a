// The objects bench/controller-scale.ts creates: one Deployment and one Canary per app.

/** The namespace every benchmark object lives in. */
export const SCALE_NAMESPACE = 'scale';

/** A one-replica Deployment whose pod template carries `version` as an annotation. */
export function deploymentManifest(name: string, version: string): object {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: SCALE_NAMESPACE, labels: { app: name } },
    spec: { replicas: 1, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name }, annotations: { version } }, spec: { containers: [{ name: 'app', image: `example/${name}:${version}` }] } } },
  };
}

/** A Canary on the Deployment `name`: 10 % steps up to 50 %, one builtin metric, `intervalS` apart. */
export function canaryManifest(name: string, intervalS: number): object {
  return {
    apiVersion: 'glidepath.dev/v1alpha1', kind: 'Canary', metadata: { name, namespace: SCALE_NAMESPACE },
    spec: {
      targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name }, progressDeadlineSeconds: 600, service: { port: 80 },
      analysis: { interval: `${String(intervalS)}s`, threshold: 5, stepWeight: 10, maxWeight: 50, metrics: [{ name: 'request-success-rate', interval: '30s', thresholdRange: { min: 90 } }] },
    },
  };
}
