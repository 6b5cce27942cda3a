/**
 * What `glidepath validate` does: problems go to stdout, one per line
 * (`file:docIndex: field: message`), so scripts and editors can parse them; notes and the
 * summary go to stderr.
 */
import { CliError, ExitCode } from '../cli-error.ts';
import { expandManifestPaths } from './manifest-files.ts';
import { formatProblem, validateFiles } from './validate-documents.ts';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Validates the files and directories; throws a CliError (exit 1) when any problem is found. */
export function runValidate(paths: readonly string[]): void {
  const files = expandManifestPaths(paths);
  const report = validateFiles(files);
  for (const problem of report.problems) process.stdout.write(`${formatProblem(problem)}\n`);
  for (const note of report.notes) process.stderr.write(`${note.file}:${note.docIndex}: note: ${note.text}\n`);
  const summary = `${plural(report.checked, 'resource')} checked in ${plural(files.length, 'file')}`;
  if (report.problems.length > 0) throw new CliError(`${plural(report.problems.length, 'problem')} found (${summary})`, ExitCode.Error);
  process.stderr.write(`${summary}: all valid\n`);
}
