/**
 * What `glidepath sandbox` does: start the stack, print the endpoint lines and `ready`, wait
 * for SIGINT or SIGTERM, stop everything.
 */
import { PrometheusNotInstalledError } from '../../prometheus-supervisor/index.ts';
import { CliError } from '../cli-error.ts';
import { startSandboxStack } from '../sandbox-stack.ts';
import type { StackEndpoints } from '../sandbox-stack.ts';
import { waitForShutdownSignal } from '../shutdown-signal.ts';

/** The parsed flags of `glidepath sandbox`. */
export interface SandboxFlags {
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

/** Runs the sandbox until a shutdown signal; a failed start is a one-line CliError. */
export async function runSandbox(flags: SandboxFlags): Promise<void> {
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
