import { KubeConfig } from '@kubernetes/client-node';
import type { KubeSource } from './config.ts';
import { ConfigError } from './config.ts';

/** Loads credentials the way the configuration says (in-cluster, a file, or client-node's defaults); throws ConfigError when they are unusable. */
export function loadKubeConfig(source: KubeSource): KubeConfig {
  const kc = new KubeConfig();
  try {
    if (source.mode === 'in-cluster') kc.loadFromCluster();
    else if (source.mode === 'file') kc.loadFromFile(source.path);
    else kc.loadFromDefault();
  } catch (err: unknown) {
    throw new ConfigError(settingOf(source), `cannot load credentials: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (source.mode !== 'in-cluster' && source.context !== null) useContext(kc, source.context);
  if (!kc.getCurrentCluster()) {
    throw new ConfigError(settingOf(source), 'no current cluster; set a current-context or pass --context');
  }
  return kc;
}

function useContext(kc: KubeConfig, context: string): void {
  if (!kc.getContextObject(context)) {
    const known = kc.getContexts().map((c) => c.name).join(', ') || 'none';
    throw new ConfigError('--context (GLIDEPATH_CONTEXT)', `context "${context}" is not in the kubeconfig; known: ${known}`);
  }
  kc.setCurrentContext(context);
}

function settingOf(source: KubeSource): string {
  if (source.mode === 'in-cluster') return '--in-cluster (GLIDEPATH_IN_CLUSTER)';
  if (source.mode === 'file') return '--kubeconfig (GLIDEPATH_KUBECONFIG)';
  return 'KUBECONFIG';
}
