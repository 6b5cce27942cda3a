/** `glidepath demo`: placeholder until the demo scenario is written. */
import type { Command } from 'commander';
import { CliError } from '../cli-error.ts';

/** Adds `demo` to the program. */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('run the four-release podinfo demo on a local sandbox')
    .action(() => {
      throw new CliError('the demo is not written yet');
    });
}
