/**
 * `glidepath controller`: the controller and its status page against a kubeconfig or
 * in-cluster, until SIGINT or SIGTERM.
 */
import { InvalidArgumentError, Option } from 'commander';
import type { Command } from 'commander';
import { labelSelectorProblem } from '../../controller/runtime/label-selector.ts';
import { isLogLevel } from '../../controller/runtime/logger.ts';
import type { LogLevel } from '../../controller/runtime/logger.ts';
import { checkActionsToken } from '../../page/request-checks.ts';
import type { ControllerFlags } from '../controller/run-controller.ts';
import { parseHttpUrl, parseListenAddress, parseNamespace, parsePort } from '../option-parsers.ts';

function parseSelector(value: string): string {
  const selector = value.trim();
  const problem = selector === '' ? 'it is empty' : labelSelectorProblem(selector);
  if (problem !== null) throw new InvalidArgumentError(`Expected a label selector such as team=shop,tier!=batch (${problem}).`);
  return selector;
}

function parseActionsToken(value: string): string {
  try {
    checkActionsToken(value);
  } catch (err: unknown) {
    throw new InvalidArgumentError(`${err instanceof Error ? err.message : String(err)}.`);
  }
  return value;
}

function parseLogLevel(value: string): LogLevel {
  const level = value.trim().toLowerCase();
  if (!isLogLevel(level)) throw new InvalidArgumentError('Expected debug, info, warn or error.');
  return level;
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
    .option('--metrics-address <address>', 'listen address of /metrics, /healthz and /readyz (0.0.0.0 in a pod, for probes)', parseListenAddress, '127.0.0.1')
    .option('--page-port <port>', 'port of the status page (0 picks a free one)', parsePort, 8081)
    .option('--page-address <address>', 'listen address of the status page', parseListenAddress, '127.0.0.1')
    .option('--no-page', 'do not serve the status page')
    .addOption(new Option('--actions-token <token>', 'bearer token (16+ characters) the status page requires for promote/abort/pause/resume/retry; without it the page is read-only').env('GLIDEPATH_ACTIONS_TOKEN').argParser(parseActionsToken))
    .option('--leader-elect', 'compete for a Lease so only one replica reconciles')
    .addOption(new Option('--lease-namespace <namespace>', 'namespace of the leader-election Lease').env('POD_NAMESPACE').default('glidepath-system').argParser(parseNamespace))
    .option('--log-level <level>', 'debug, info, warn or error', parseLogLevel, 'info')
    .addHelpText('after', [
      '',
      'Prints "metrics: <url>", "page: <url>" (unless --no-page) and "ready" on stdout once started;',
      'logs are JSON lines on stderr. Runs until SIGINT or SIGTERM.',
    ].join('\n'))
    .action(async (flags: ControllerFlags) => {
      const { runController } = await import('../controller/run-controller.ts');
      await runController(flags);
    });
}
