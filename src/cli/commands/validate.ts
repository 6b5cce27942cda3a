/**
 * `glidepath validate <file...>`: offline checks of Canary and MetricTemplate manifests.
 * Problems go to stdout, one per line (`file:docIndex: field: message`), so scripts and
 * editors can parse them; notes and the summary go to stderr.
 */
import type { Command } from 'commander';
import { CliError, ExitCode } from '../cli-error.ts';
import { expandManifestPaths } from '../validate/manifest-files.ts';
import { formatProblem, validateFiles } from '../validate/validate-documents.ts';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function runValidate(paths: string[]): void {
  const files = expandManifestPaths(paths);
  const report = validateFiles(files);
  for (const problem of report.problems) process.stdout.write(`${formatProblem(problem)}\n`);
  for (const note of report.notes) process.stderr.write(`${note.file}:${note.docIndex}: note: ${note.text}\n`);
  const summary = `${plural(report.checked, 'resource')} checked in ${plural(files.length, 'file')}`;
  if (report.problems.length > 0) throw new CliError(`${plural(report.problems.length, 'problem')} found (${summary})`, ExitCode.Error);
  process.stderr.write(`${summary}: all valid\n`);
}

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
    .action((paths: string[]) => {
      runValidate(paths);
    });
}
