// The kubeconfig that points kubectl and client-node at the sandbox.
import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';

/** The context name written into sandbox kubeconfigs. */
export const sandboxContext = 'glidepath-sandbox';

/** A kubeconfig document for a server URL: insecure-skip-tls-verify (plain http) and a token. */
export function kubeconfigDocument(url: string, token = 'glidepath-sandbox-token'): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [{ name: sandboxContext, cluster: { server: url, 'insecure-skip-tls-verify': true } }],
    users: [{ name: sandboxContext, user: { token } }],
    contexts: [{ name: sandboxContext, context: { cluster: sandboxContext, user: sandboxContext, namespace: 'default' } }],
    'current-context': sandboxContext,
  };
}

/** Writes the kubeconfig file (mode 0600, as it carries a token). */
export function writeKubeconfig(path: string, url: string): void {
  writeFileSync(path, stringify(kubeconfigDocument(url)), { mode: 0o600 });
}
