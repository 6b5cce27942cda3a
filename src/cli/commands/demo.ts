/**
 * `glidepath demo`: the four-release podinfo scenario on a local sandbox, narrated, with a
 * summary table; exit 0 when every release did what it should.
 */
import { InvalidArgumentError } from 'commander';
import type { Command } from 'commander';
import type { DemoFlags } from '../demo/run-demo.ts';
import { parseInteger, parsePort, parsePositiveDuration } from '../option-parsers.ts';

function parseInterval(value: string): number {
  const ms = parsePositiveDuration(value);
  if (ms < 1000 || ms % 1000 !== 0) throw new InvalidArgumentError('Expected whole seconds of at least 1s, such as 2s.');
  return ms;
}

/** Adds `demo` to the program. */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('run the four-release podinfo demo on a local sandbox: promote, roll back, promote by hand')
    .option('--keep', 'keep the sandbox, controller and status page running after the demo, until Ctrl-C')
    .option('--interval <duration>', 'analysis interval of the demo Canary (whole seconds)', parseInterval, 2000)
    .option('--timeout <duration>', 'deadline of each release', parsePositiveDuration, 90_000)
    .option('--seed <n>', 'seed of the simulated traffic', parseInteger, 7)
    .option('--page-port <port>', 'status page port (0 picks a free one)', parsePort, 0)
    .addHelpText('after', [
      '',
      'Starts the sandbox API server, the simulated Istio mesh, Prometheus, the controller and the',
      'status page (its URL is printed first), then plays:',
      '  1. podinfo v1 behind a VirtualService, with a Canary',
      '  2. v2, healthy: analysis promotes it',
      '  3. v3, 15% errors: analysis rolls it back',
      '  4. v4, healthy: promoted by hand with the glidepath.dev/promote annotation',
      'and prints a summary table. Exit code 0 when every release did what it should.',
      'Needs Prometheus: installed with apt-get when missing and running as root on Debian/Ubuntu.',
    ].join('\n'))
    .action(async (flags: DemoFlags) => {
      const { runDemo } = await import('../demo/run-demo.ts');
      await runDemo(flags);
    });
}
