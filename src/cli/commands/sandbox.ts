/**
 * `glidepath sandbox`: the local cluster for trying Glidepath and for scripts. It prints
 * exactly `kubeconfig: <path>`, `api: <url>`, `prometheus: <url>` and `mesh-metrics: <url>`,
 * then `ready`, and runs until SIGINT or SIGTERM, when it stops everything it started.
 */
import type { Command } from 'commander';
import { CliError } from '../cli-error.ts';
import { parseInteger, parsePort, parsePositiveDuration } from '../option-parsers.ts';
import { startSandboxStack } from '../sandbox-stack.ts';
import type { StackEndpoints } from '../sandbox-stack.ts';
import { waitForShutdownSignal } from '../shutdown-signal.ts';
import { PrometheusNotInstalledError } from '../../prometheus-supervisor/index.ts';

interface SandboxFlags {
  port?: number;
  seed: number;
  kubeconfigOut?: string;
  scrapeInterval: number;
}

/** The endpoint lines scripts read, in their fixed order. */
export function endpointLines(endpoints: StackEndpoints): string[] {
  return [
    `kubeconfig: ${endpoints.kubeconfig}`,
    `api: ${endpoints.api}`,
    `prometheus: ${endpoints.prometheus}`,
    `mesh-metrics: ${endpoints.meshMetrics}`,
  ];
}

async function runSandbox(flags: SandboxFlags): Promise<void> {
  // Listen before starting, so a signal during start-up still stops what was started.
  const signal = waitForShutdownSignal();
  const stack = await startSandboxStack({
    seed: flags.seed,
    scrapeIntervalMs: flags.scrapeInterval,
    ...(flags.port === undefined ? {} : { port: flags.port }),
    ...(flags.kubeconfigOut === undefined ? {} : { kubeconfigPath: flags.kubeconfigOut }),
  }).catch((err: unknown) => {
    if (err instanceof PrometheusNotInstalledError) throw new CliError(err.message, undefined, err);
    throw new CliError(`the sandbox could not start: ${err instanceof Error ? err.message.split('\n')[0] ?? '' : String(err)}`, undefined, err);
  });
  process.stdout.write(`${endpointLines(stack.endpoints).join('\n')}\nready\n`);
  const received = await signal;
  process.stderr.write(`${received}: stopping Prometheus (pid ${stack.prometheus.pid}), the mesh and the API server\n`);
  await stack.stop();
}

/** Adds `sandbox` to the program. */
export function registerSandboxCommand(program: Command): void {
  program
    .command('sandbox')
    .description('run a local Kubernetes API server with the simulated Istio mesh and a real Prometheus scraping it')
    .option('--port <port>', 'API server port (default: a free port)', parsePort)
    .option('--seed <n>', 'seed of the mesh\'s random draws (same seed, same traffic)', parseInteger, 1)
    .option('--kubeconfig-out <path>', 'write the kubeconfig here instead of a temp file')
    .option('--scrape-interval <duration>', 'Prometheus scrape interval', parsePositiveDuration, 1000)
    .addHelpText('after', [
      '',
      'Prints, one per line and in this order, then "ready":',
      '  kubeconfig: <path>',
      '  api: <url>',
      '  prometheus: <url>',
      '  mesh-metrics: <url>',
      'Runs until SIGINT or SIGTERM, then stops Prometheus, the mesh and the API server.',
      'Needs the prometheus binary (apt-get install prometheus, or PROMETHEUS_BIN=<path>).',
    ].join('\n'))
    .action(async (flags: SandboxFlags) => {
      await runSandbox(flags);
    });
}
