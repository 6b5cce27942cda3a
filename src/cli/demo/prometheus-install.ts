/**
 * Making sure the demo has a Prometheus binary: use the one found; when there is none and
 * the demo runs as root on Debian or Ubuntu, install the `prometheus` package with apt-get;
 * otherwise say exactly what to install. PROMETHEUS_BIN, when set, is the user's choice and
 * is never second-guessed with an install.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { PROMETHEUS_PACKAGE, PrometheusNotInstalledError } from '../../prometheus-supervisor/index.ts';
import { locatePrometheusBinary } from '../../prometheus-supervisor/binary-locator.ts';
import { CliError } from '../cli-error.ts';

/** What the machine looks like, for the decision. */
export interface InstallContext {
  env: NodeJS.ProcessEnv;
  /** The effective user id (0 is root). */
  uid: number;
  /** The text of /etc/os-release, or '' when absent. */
  osRelease: string;
}

/** What to do about Prometheus. */
export type InstallPlan =
  | { action: 'use'; binary: string }
  | { action: 'install'; commands: string[][] }
  | { action: 'explain'; message: string };

function osField(osRelease: string, name: string): string {
  return (new RegExp(`^${name}=(.*)$`, 'm').exec(osRelease)?.[1] ?? '').replace(/^["']|["']$/g, '');
}

function osIds(osRelease: string): string[] {
  return [osField(osRelease, 'ID'), ...osField(osRelease, 'ID_LIKE').split(/\s+/)].filter((id) => id !== '');
}

/** True when /etc/os-release names Debian or Ubuntu (or a derivative of them). */
export function isDebianLike(osRelease: string): boolean {
  return osIds(osRelease).some((id) => id === 'debian' || id === 'ubuntu');
}

const HOW_TO = `install it with "sudo apt-get install ${PROMETHEUS_PACKAGE}" on Debian or Ubuntu, ` +
  'or download it from https://prometheus.io/download/ and set PROMETHEUS_BIN=/path/to/prometheus';

/** Decides, without side effects, whether to use a binary, install the package, or explain. */
export function planPrometheus(context: InstallContext): InstallPlan {
  try {
    return { action: 'use', binary: locatePrometheusBinary({ env: context.env }) };
  } catch (err: unknown) {
    if (!(err instanceof PrometheusNotInstalledError)) throw err;
    if (context.env.PROMETHEUS_BIN !== undefined && context.env.PROMETHEUS_BIN !== '') {
      return { action: 'explain', message: `PROMETHEUS_BIN=${context.env.PROMETHEUS_BIN} is not an executable Prometheus binary; fix it or unset it` };
    }
    if (context.uid === 0 && isDebianLike(context.osRelease)) {
      return { action: 'install', commands: [['apt-get', 'update'], ['apt-get', 'install', '-y', '--no-install-recommends', PROMETHEUS_PACKAGE]] };
    }
    const why = context.uid === 0 ? 'this is not Debian or Ubuntu' : 'the demo installs it only when run as root';
    return { action: 'explain', message: `Prometheus is not installed (${why}); ${HOW_TO}` };
  }
}

function run(command: string[], log: (line: string) => void): Promise<void> {
  log(`$ ${command.join(' ')}`);
  return new Promise((resolve, reject) => {
    const [file = '', ...args] = command;
    const child = spawn(file, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    child.on('error', (err) => { reject(new CliError(`${command.join(' ')}: ${err.message}`)); });
    child.on('exit', (code) => {
      if (code === 0) resolve();
      else reject(new CliError(`${command.join(' ')} failed with exit code ${String(code)}; ${HOW_TO}`));
    });
  });
}

function readOsRelease(): string {
  try {
    return readFileSync('/etc/os-release', 'utf8');
  } catch {
    return '';
  }
}

/** Returns a usable Prometheus binary, installing it when the plan says so; throws a CliError otherwise. */
export async function ensurePrometheus(log: (line: string) => void): Promise<string> {
  const context: InstallContext = { env: process.env, uid: process.getuid?.() ?? -1, osRelease: readOsRelease() };
  const plan = planPrometheus(context);
  if (plan.action === 'use') return plan.binary;
  if (plan.action === 'explain') throw new CliError(plan.message);
  log(`Prometheus is not installed; installing the Debian package "${PROMETHEUS_PACKAGE}" (running as root)`);
  for (const command of plan.commands) await run(command, log);
  const after = planPrometheus(context);
  if (after.action !== 'use') throw new CliError(`apt-get installed ${PROMETHEUS_PACKAGE}, but no prometheus binary is on PATH; ${HOW_TO}`);
  return after.binary;
}
