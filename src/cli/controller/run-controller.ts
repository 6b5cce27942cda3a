/**
 * What `glidepath controller` does: load the cluster connection, check the Canary API
 * answers, start the controller and the status page, print `metrics: <url>`, `page: <url>`
 * and `ready`, and run until SIGINT or SIGTERM, when both are stopped.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { startController } from '../../controller/controller.ts';
import type { ControllerOptions, RunningController } from '../../controller/controller.ts';
import { createLogger } from '../../controller/runtime/logger.ts';
import type { LogLevel, Logger } from '../../controller/runtime/logger.ts';
import { ApiActionWriter } from '../../page/action-writer.ts';
import { InformerCanarySource } from '../../page/informer-canary-source.ts';
import { createStatusPage } from '../../page/status-page.ts';
import type { StatusPage } from '../../page/status-page.ts';
import { apiCall } from '../api-call.ts';
import { CanaryApi } from '../canary-api.ts';
import { CliError } from '../cli-error.ts';
import { loadInClusterTarget, loadKubeTarget } from '../kube-target.ts';
import type { KubeTarget } from '../kube-target.ts';
import { waitForShutdownSignal } from '../shutdown-signal.ts';

/** The parsed flags of `glidepath controller`. */
export interface ControllerFlags {
  kubeconfig?: string;
  context?: string;
  inCluster?: boolean;
  prometheus: string;
  namespace?: string;
  selector?: string;
  metricsPort: number;
  metricsAddress: string;
  pagePort: number;
  pageAddress: string;
  page: boolean;
  actionsToken?: string;
  leaderElect?: boolean;
  leaseNamespace: string;
  logLevel: LogLevel;
}

function targetOf(flags: ControllerFlags): KubeTarget {
  return flags.inCluster === true ? loadInClusterTarget() : loadKubeTarget({ kubeconfig: flags.kubeconfig, context: flags.context });
}

/** The controller options the flags describe. */
export function controllerOptionsOf(flags: ControllerFlags, target: KubeTarget, logger: Logger): ControllerOptions {
  return {
    kubeConfig: target.kubeConfig,
    prometheusUrl: flags.prometheus,
    metricsPort: flags.metricsPort,
    // In a pod, probes come from the kubelet, not loopback.
    metricsHost: flags.metricsAddress,
    logger,
    ...(flags.namespace === undefined ? {} : { namespace: flags.namespace }),
    ...(flags.selector === undefined ? {} : { labelSelector: flags.selector }),
    ...(flags.leaderElect === true ? { leaderElection: { identity: `${hostname()}_${randomBytes(4).toString('hex')}`, leaseNamespace: flags.leaseNamespace } } : {}),
  };
}

class Running {
  controller: RunningController | undefined;
  source: InformerCanarySource | undefined;
  page: StatusPage | undefined;

  async stop(): Promise<void> {
    await this.page?.stop();
    await this.source?.stop();
    await this.controller?.stop();
  }
}

async function startPage(running: Running, flags: ControllerFlags, target: KubeTarget, logger: Logger): Promise<string> {
  running.source = new InformerCanarySource({ kubeConfig: target.kubeConfig, namespace: flags.namespace, labelSelector: flags.selector, logger: logger.child({ component: 'status-page' }) });
  await running.source.start();
  try {
    running.page = await createStatusPage({
      source: running.source, host: flags.pageAddress, port: flags.pagePort, logger: logger.child({ component: 'status-page' }),
      ...(flags.actionsToken === undefined ? {} : { actionsToken: flags.actionsToken, actionWriter: new ApiActionWriter(target.kubeConfig) }),
    });
  } catch (err: unknown) {
    throw new CliError(err instanceof Error ? err.message : String(err), undefined, err);
  }
  return running.page.url;
}

async function startAll(running: Running, flags: ControllerFlags, target: KubeTarget): Promise<string[]> {
  // Logs go to stderr so stdout carries only the endpoint lines scripts read.
  const logger = createLogger({ level: flags.logLevel, sink: (line) => { process.stderr.write(`${line}\n`); } });
  running.controller = await apiCall('starting the controller', target.server, () => startController(controllerOptionsOf(flags, target, logger)));
  const lines = [`metrics: ${running.controller.metricsUrl}`];
  if (flags.page) lines.push(`page: ${await startPage(running, flags, target, logger)}`);
  return lines;
}

/** Runs the controller (and the page) until a shutdown signal; a failed start stops what had started. */
export async function runController(flags: ControllerFlags): Promise<void> {
  const target = targetOf(flags);
  // One list up front: a wrong server or a missing CRD is one clear line, not informer retries forever.
  await new CanaryApi(target).list(flags.namespace ?? null);
  const signal = waitForShutdownSignal();
  const running = new Running();
  try {
    const lines = await startAll(running, flags, target);
    process.stdout.write(`${lines.join('\n')}\nready\n`);
    process.stderr.write(`controller running against ${target.server}${flags.actionsToken === undefined ? '; page actions disabled (no --actions-token)' : ''}\n`);
    await signal;
  } finally {
    await running.stop();
  }
}
