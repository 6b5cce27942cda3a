/**
 * The `glidepath` command line: one commander program with a subcommand per file under
 * commands/. `runCli` never throws and never prints a stack trace unless `--debug` is given;
 * it returns the exit code.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { CliError, ExitCode } from './cli-error.ts';
import { registerActionCommands } from './commands/actions.ts';
import { registerControllerCommand } from './commands/controller.ts';
import { registerDemoCommand } from './commands/demo.ts';
import { registerSandboxCommand } from './commands/sandbox.ts';
import { registerStatusCommand } from './commands/status.ts';
import { registerValidateCommand } from './commands/validate.ts';

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Builds the program with every command registered; parsing errors throw CommanderError instead of exiting. */
export function buildProgram(): Command {
  const program = new Command('glidepath')
    .description('Progressive delivery for Kubernetes and Istio: run the controller, a sandbox or the demo, act on Canaries, validate manifests')
    .version(packageVersion(), '-V, --version')
    .option('--debug', 'print stack traces for errors')
    // Usage errors stay on one line: commander puts its "(Did you mean ...?)" on a second one.
    .configureOutput({ outputError: (text, write) => { write(`${text.replace(/\n(?=\(Did you mean)/, ' ').trimEnd()}\n`); } })
    .exitOverride();
  registerSandboxCommand(program);
  registerControllerCommand(program);
  registerDemoCommand(program);
  registerActionCommands(program);
  registerStatusCommand(program);
  registerValidateCommand(program);
  return program;
}

function stackOf(err: unknown): string {
  const lines: string[] = [];
  for (let cause: unknown = err, depth = 0; cause !== undefined && depth < 5; depth++) {
    lines.push(cause instanceof Error ? cause.stack ?? cause.message : JSON.stringify(cause));
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return lines.join('\ncaused by: ');
}

/** The text printed for an error: one line, or the stack (with causes) when debugging. */
export function errorText(err: unknown, debug: boolean): string {
  const message = err instanceof Error ? err.message : String(err);
  const line = err instanceof CliError ? message : `unexpected error: ${message.split('\n')[0] ?? ''}`;
  return debug ? `error: ${line}\n${stackOf(err)}` : `error: ${line}${err instanceof CliError ? '' : ' (run with --debug for details)'}`;
}

/** Parses `argv` (without node and script), runs the command and returns its exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return ExitCode.Ok;
  } catch (err: unknown) {
    // Commander has already printed its one-line message (or the help) to the right stream.
    if (err instanceof CommanderError) return err.exitCode;
    process.stderr.write(`${errorText(err, debug)}\n`);
    return err instanceof CliError ? err.exitCode : ExitCode.Error;
  }
}
