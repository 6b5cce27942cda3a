/**
 * `glidepath controller`: the controller (and, once wired, the status page) against a
 * kubeconfig or in-cluster, until SIGINT or SIGTERM.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Option } from 'commander';
import type { Command } from 'commander';
import { startController } from '../../controller/controller.ts';
import type { ControllerOptions, RunningController } from '../../controller/controller.ts';
import { labelSelectorProblem } from '../../controller/runtime/label-selector.ts';
import { createLogger, isLogLevel } from '../../controller/runtime/logger.ts';
import type { LogLevel } from '../../controller/runtime/logger.ts';
import { InvalidArgumentError } from 'commander';
import { apiCall } from '../api-call.ts';
import { CanaryApi } from '../canary-api.ts';
import { CliError } from '../cli-error.ts';
import { loadKubeTarget } from '../kube-target.ts';
import type { KubeTarget } from '../kube-target.ts';
import { parseHttpUrl, parseListenAddress, parseNamespace, parsePort } from '../option-parsers.ts';
import { waitForShutdownSignal } from '../shutdown-signal.ts';

/** The flags of `glidepath controller`, parsed. */
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

function parseSelector(value: string): string {
  const problem = labelSelectorProblem(value.trim());
  if (value.trim() === '' || problem !== null) throw new InvalidArgumentError(`Expected a label selector such as team=shop,tier!=batch${problem === null ? '' : ` (${problem})`}.`);
  return value.trim();
}

function parseLogLevel(value: string): LogLevel {
  const level = value.trim().toLowerCase();
  if (!isLogLevel(level)) throw new InvalidArgumentError('Expected debug, info, warn or error.');
  return level;
}

function targetOf(flags: ControllerFlags): KubeTarget {
  if (flags.inCluster !== true) return loadKubeTarget({ kubeconfig: flags.kubeconfig, context: flags.context });
  // loadKubeTarget falls back to in-cluster only without a kubeconfig; --in-cluster asks for it outright.
  return loadKubeTarget({}, { KUBERNETES_SERVICE_HOST: process.env.KUBERNETES_SERVICE_HOST, KUBERNETES_SERVICE_PORT: process.env.KUBERNETES_SERVICE_PORT, KUBECONFIG: '/nonexistent' });
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

async function checkReachable(target: KubeTarget, namespace: string | undefined): Promise<void> {
  // One list up front: a wrong server or missing CRD is one clear line, not informer retries forever.
  await new CanaryApi(target).list(namespace ?? null);
}

async function runController(flags: ControllerFlags): Promise<void> {
  const target = targetOf(flags);
  await checkReachable(target, flags.namespace);
  const signal = waitForShutdownSignal();
  const controller: RunningController = await apiCall('starting the controller', target.server, () => startController(controllerOptionsOf(flags, target)));
  process.stderr.write(`controller running against ${target.server}; metrics at ${controller.metricsUrl}\n`);
  await signal;
  await controller.stop();
}

/** Adds `controller` to the program. */
export function registerControllerCommand(program: Command): void {
  program
    .command('controller')
    .description('run the Glidepath controller and its status page against a cluster')
    .option('--kubeconfig <file>', 'kubeconfig file (default: $KUBECONFIG, ~/.kube/config, or in-cluster)')
    .option('--context <name>', 'kubeconfig context to use')
    .addOption(new Option('--in-cluster', 'use the pod\'s service account').conflicts(['kubeconfig', 'context']))
    .option('--prometheus <url>', 'Prometheus address for the builtin metrics', parseHttpUrl, 'http://127.0.0.1:9090')
    .option('--namespace <namespace>', 'watch only this namespace (default: all)', parseNamespace)
    .option('--selector <selector>', 'watch only Canaries matching this label selector', parseSelector)
    .option('--metrics-port <port>', 'port of /metrics, /healthz and /readyz (0 picks a free one)', parsePort, 8080)
    .option('--page-port <port>', 'port of the status page (0 picks a free one)', parsePort, 8081)
    .option('--page-address <address>', 'listen address of the status page', parseListenAddress, '127.0.0.1')
    .addOption(new Option('--actions-token <token>', 'bearer token the status page requires for promote/abort/pause/resume/retry (none: actions disabled)').env('GLIDEPATH_ACTIONS_TOKEN'))
    .option('--leader-elect', 'compete for a Lease so only one replica reconciles')
    .addOption(new Option('--lease-namespace <namespace>', 'namespace of the leader-election Lease').env('POD_NAMESPACE').default('glidepath-system').argParser(parseNamespace))
    .option('--log-level <level>', 'debug, info, warn or error', parseLogLevel, 'info')
    .action(async (flags: ControllerFlags) => {
      await runController(flags);
    });
}

export { CliError };
