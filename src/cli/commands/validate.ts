/** `glidepath validate <file...>`: offline checks of Canary and MetricTemplate manifests. */
import type { Command } from 'commander';

/** Adds `validate` to the program. */
export function registerValidateCommand(program: Command): void {
  program
    .command('validate')
    .description('check Canary and MetricTemplate YAML offline against the CRD schemas and Glidepath\'s semantic rules')
    .argument('<file...>', 'YAML or JSON files (several documents each) or directories of them')
    .addHelpText('after', [
      '',
      'Each problem is printed on stdout as "file:docIndex: field: message" (docIndex counts from 0).',
      'glidepath.dev kinds and the Istio VirtualService/DestinationRule are checked; other kinds',
      '(Deployment, Service, ...) are skipped with a note on stderr. Exit code 1 when any problem is found.',
    ].join('\n'))
    .action(async (paths: string[]) => {
      const { runValidate } = await import('../validate/run-validate.ts');
      runValidate(paths);
    });
}
