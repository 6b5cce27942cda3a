/**
 * What `glidepath controller` does: load the cluster connection, check the Canary API
 * answers, start the controller (and the status page), and run until SIGINT or SIGTERM.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { startController } from '../../controller/controller.ts';
import type { ControllerOptions } from '../../controller/controller.ts';
import { createLogger } from '../../controller/runtime/logger.ts';
import type { LogLevel } from '../../controller/runtime/logger.ts';
import { apiCall } from '../api-call.ts';
import { CanaryApi } from '../canary-api.ts';
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
  pagePort: number;
  pageAddress: string;
  actionsToken?: string;
  leaderElect?: boolean;
  leaseNamespace: string;
  logLevel: LogLevel;
}

function targetOf(flags: ControllerFlags): KubeTarget {
  return flags.inCluster === true ? loadInClusterTarget() : loadKubeTarget({ kubeconfig: flags.kubeconfig, context: flags.context });
}

/** The controller options the flags describe. */
export function controllerOptionsOf(flags: ControllerFlags, target: KubeTarget): ControllerOptions {
  return {
    kubeConfig: target.kubeConfig,
    prometheusUrl: flags.prometheus,
    metricsPort: flags.metricsPort,
    logger: createLogger({ level: flags.logLevel }),
    ...(flags.namespace === undefined ? {} : { namespace: flags.namespace }),
    ...(flags.selector === undefined ? {} : { labelSelector: flags.selector }),
    ...(flags.leaderElect === true ? { leaderElection: { identity: `${hostname()}_${randomBytes(4).toString('hex')}`, leaseNamespace: flags.leaseNamespace } } : {}),
  };
}

/** Runs the controller until a shutdown signal. */
export async function runController(flags: ControllerFlags): Promise<void> {
  const target = targetOf(flags);
  // One list up front: a wrong server or a missing CRD is one clear line, not informer retries forever.
  await new CanaryApi(target).list(flags.namespace ?? null);
  const signal = waitForShutdownSignal();
  const controller = await apiCall('starting the controller', target.server, () => startController(controllerOptionsOf(flags, target)));
  process.stderr.write(`controller running against ${target.server}; metrics at ${controller.metricsUrl}\n`);
  await signal;
  await controller.stop();
}
