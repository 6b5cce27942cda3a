import type { Canary } from '../../../src/api/canary-types.ts';
import type { Deployment } from '../../../src/controller/k8s-objects/object-shapes.ts';

/** A Canary as read back from the API server (uid, namespace and defaults present). */
export function podinfoCanary(overrides: Partial<Canary['spec']> = {}): Canary {
  return {
    apiVersion: 'glidepath.dev/v1alpha1',
    kind: 'Canary',
    metadata: { name: 'podinfo', namespace: 'shop', uid: '5f1c2a9e-0000-4000-8000-000000000001' },
    spec: {
      targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'podinfo' },
      service: { port: 9898, portName: 'http', targetPort: 9898 },
      analysis: { interval: '10s', threshold: 2, stepWeight: 20, maxWeight: 60 },
      ...overrides,
    },
  };
}

/** The user's Deployment, as an informer would cache it. */
export function podinfoDeployment(): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'podinfo', namespace: 'shop', uid: 'dep-uid', resourceVersion: '42', generation: 3,
      creationTimestamp: '2026-11-25T08:00:00Z',
      labels: { app: 'podinfo', team: 'web' },
      annotations: {
        'kubectl.kubernetes.io/last-applied-configuration': '{}',
        'deployment.kubernetes.io/revision': '3',
        'example.com/owner': 'web-team',
      },
      managedFields: [{ manager: 'kubectl' }],
    },
    spec: {
      replicas: 3,
      revisionHistoryLimit: 5,
      selector: { matchLabels: { app: 'podinfo' } },
      template: {
        metadata: { creationTimestamp: null, labels: { app: 'podinfo', version: 'v1' }, annotations: { 'prometheus.io/scrape': 'true' } },
        spec: {
          containers: [{
            name: 'podinfod', image: 'ghcr.io/stefanprodan/podinfo:6.0.0',
            env: [{ name: 'LEVEL', valueFrom: { configMapKeyRef: { name: 'podinfo-config', key: 'level' } } }],
          }],
        },
      },
    },
    status: { availableReplicas: 3 },
  };
}
