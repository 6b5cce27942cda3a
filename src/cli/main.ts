/**
 * Entry point of the `glidepath` CLI (`node --import tsx src/cli/main.ts ...`, or the bin
 * shim scripts/glidepath.mjs). Exits explicitly so a forgotten timer cannot keep it alive.
 */
import { errorText, runCli } from './program.ts';

const debug = process.argv.includes('--debug');

function crash(err: unknown): void {
  process.stderr.write(`${errorText(err, debug)}\n`);
  process.exit(1);
}

process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

process.exit(await runCli(process.argv.slice(2)));
