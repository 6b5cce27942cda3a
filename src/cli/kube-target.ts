/**
 * Which cluster a command talks to: a kubeconfig (from --kubeconfig, $KUBECONFIG or
 * ~/.kube/config) or the in-cluster service account, checked up front so a bad file
 * fails with one line naming it rather than a later connection error to localhost.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { CliError } from './cli-error.ts';

/** Where to find credentials, as the user gave them. */
export interface KubeTargetOptions {
  kubeconfig?: string | undefined;
  context?: string | undefined;
}

/** A loaded, checked cluster connection. */
export interface KubeTarget {
  kubeConfig: KubeConfig;
  /** The API server URL, for messages. */
  server: string;
  /** The context's namespace, else `default`. */
  namespace: string;
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
}

function loadFile(kc: KubeConfig, path: string): void {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err: unknown) {
    const code = (err as { code?: unknown }).code;
    throw new CliError(`kubeconfig ${path}: cannot read it (${code === 'ENOENT' ? 'no such file' : firstLine(err)})`);
  }
  try {
    kc.loadFromString(text);
  } catch (err: unknown) {
    throw new CliError(`kubeconfig ${path}: not a valid kubeconfig: ${firstLine(err)}`);
  }
}

function defaultPaths(env: NodeJS.ProcessEnv): string[] {
  const fromEnv = (env.KUBECONFIG ?? '').split(delimiter).filter((p) => p !== '');
  return fromEnv.length > 0 ? fromEnv : [join(homedir(), '.kube', 'config')];
}

function loadDefault(kc: KubeConfig, env: NodeJS.ProcessEnv): string {
  const path = defaultPaths(env).find((p) => existsSync(p));
  if (path !== undefined) {
    loadFile(kc, path);
    return path;
  }
  if (env.KUBERNETES_SERVICE_HOST !== undefined) {
    kc.loadFromCluster();
    return 'in-cluster service account';
  }
  throw new CliError('no kubeconfig found: pass --kubeconfig <file>, set KUBECONFIG, or create ~/.kube/config');
}

function selectContext(kc: KubeConfig, context: string | undefined, source: string): void {
  if (context !== undefined) {
    if (kc.getContextObject(context) === null) {
      const known = kc.getContexts().map((c) => c.name).join(', ') || 'none';
      throw new CliError(`kubeconfig ${source}: context "${context}" does not exist (known contexts: ${known})`);
    }
    kc.setCurrentContext(context);
  }
  if (kc.getCurrentContext() === '' || kc.getContextObject(kc.getCurrentContext()) === null) {
    throw new CliError(`kubeconfig ${source}: no current-context is set; pass --context <name>`);
  }
}

/** Loads and checks the cluster connection; throws a CliError naming the file and the problem. */
export function loadKubeTarget(options: KubeTargetOptions, env: NodeJS.ProcessEnv = process.env): KubeTarget {
  const kc = new KubeConfig();
  const source = options.kubeconfig ?? loadDefault(kc, env);
  if (options.kubeconfig !== undefined) loadFile(kc, options.kubeconfig);
  selectContext(kc, options.context, source);
  const cluster = kc.getCurrentCluster();
  if (cluster === null || cluster.server === '') {
    throw new CliError(`kubeconfig ${source}: context "${kc.getCurrentContext()}" names no cluster with a server URL`);
  }
  return { kubeConfig: kc, server: cluster.server, namespace: kc.getContextObject(kc.getCurrentContext())?.namespace ?? 'default' };
}

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/** The pod's service account; a CliError when not running in a pod. */
export function loadInClusterTarget(env: NodeJS.ProcessEnv = process.env): KubeTarget {
  if (env.KUBERNETES_SERVICE_HOST === undefined || env.KUBERNETES_SERVICE_HOST === '' || !existsSync(SERVICE_ACCOUNT_TOKEN)) {
    throw new CliError(`--in-cluster: not running in a pod (KUBERNETES_SERVICE_HOST is unset or ${SERVICE_ACCOUNT_TOKEN} is missing); use --kubeconfig`);
  }
  const kc = new KubeConfig();
  kc.loadFromCluster();
  return { kubeConfig: kc, server: kc.getCurrentCluster()?.server ?? 'in-cluster', namespace: readFileSafe(SERVICE_ACCOUNT_TOKEN.replace(/token$/, 'namespace')) ?? 'default' };
}

function readFileSafe(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}
