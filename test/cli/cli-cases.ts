/**
 * Shared pieces of the CLI tests that talk to a sandbox: manifests for a release that does
 * not need Prometheus (no metrics, a long interval), kubeconfigs that are broken on purpose,
 * and an unused port for an unreachable API server.
 */
import { createServer } from 'node:net';
import { stringify } from 'yaml';
import { kubeconfigDocument } from '../../src/sandbox/kubeconfig.ts';
import type { TempDir } from '../helpers/temp-dir.ts';

/** A Deployment of `app` at `version` (a pod-template annotation), two replicas. */
export function deployment(app: string, namespace: string, version: string): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: app, namespace, labels: { app } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app } },
      template: {
        metadata: { labels: { app }, annotations: { 'example.test/version': version } },
        spec: { containers: [{ name: 'app', image: `example.test/${app}:${version}`, ports: [{ name: 'http', containerPort: 8080 }] }] },
      },
    },
  };
}

/** A canary-strategy Canary with no metrics and an hour between steps: it sits in analysis until told otherwise. */
export function slowCanary(app: string, namespace: string): Record<string, unknown> {
  return {
    apiVersion: 'glidepath.dev/v1alpha1',
    kind: 'Canary',
    metadata: { name: app, namespace },
    spec: {
      targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: app },
      progressDeadlineSeconds: 60,
      service: { port: 80, targetPort: 8080 },
      analysis: { interval: '1h', threshold: 3, stepWeight: 20, maxWeight: 60, metrics: [] },
    },
  };
}

/** Returns a port nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Writes kubeconfigs that fail in known ways; returns their paths. */
export async function brokenKubeconfigs(dir: TempDir): Promise<{ unreachable: string; garbage: string; noContext: string }> {
  const unreachable = await dir.write('unreachable.kubeconfig', stringify(kubeconfigDocument(`http://127.0.0.1:${await closedPort()}`)));
  const garbage = await dir.write('garbage.kubeconfig', 'clusters: [unclosed\n  - {');
  const withoutContext = kubeconfigDocument('http://127.0.0.1:1');
  delete withoutContext['current-context'];
  const noContext = await dir.write('no-context.kubeconfig', stringify(withoutContext));
  return { unreachable, garbage, noContext };
}
