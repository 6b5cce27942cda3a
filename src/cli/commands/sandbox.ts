/**
 * `glidepath sandbox`: the local cluster for trying Glidepath and for scripts. It prints
 * exactly `kubeconfig: <path>`, `api: <url>`, `prometheus: <url>` and `mesh-metrics: <url>`,
 * then `ready`, and runs until SIGINT or SIGTERM, when it stops everything it started.
 */
import type { Command } from 'commander';
import { parseInteger, parsePort, parsePositiveDuration } from '../option-parsers.ts';
import type { SandboxFlags } from '../sandbox/run-sandbox.ts';

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
      const { runSandbox } = await import('../sandbox/run-sandbox.ts');
      await runSandbox(flags);
    });
}
