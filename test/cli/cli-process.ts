/**
 * Running the `glidepath` CLI as a child process, the way a user does:
 * `node --import tsx src/cli/main.ts ...`. Every process is tracked and killed by PID in
 * `stopAll()` (call it from an `after` hook), also when a test fails midway.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { waitFor } from '../helpers/wait-for.ts';

/** The repository root, the CLI's working directory. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The outcome of a finished run. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Extra settings for one run. */
export interface CliRunOptions {
  env?: Record<string, string | undefined>;
  /** Killed (SIGKILL by PID) when it runs longer; default 60 s. */
  timeoutMs?: number;
}

/** A CLI process that may still be running. */
export class CliProcess {
  stdout = '';
  stderr = '';
  readonly exited: Promise<CliResult>;
  private done = false;

  constructor(readonly child: ChildProcess) {
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => { this.stdout += chunk; });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => { this.stderr += chunk; });
    this.exited = new Promise((resolve) => {
      child.on('close', (code, signal) => {
        this.done = true;
        resolve({ code, signal, stdout: this.stdout, stderr: this.stderr });
      });
    });
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error('the CLI process did not start');
    return this.child.pid;
  }

  get running(): boolean {
    return !this.done;
  }

  /** Waits until stdout matches `pattern`; the failure shows both streams. */
  async waitForStdout(pattern: RegExp, what: string, timeoutMs = 60_000): Promise<RegExpExecArray> {
    return waitFor(() => {
      if (this.done && !pattern.test(this.stdout)) throw new Error(`exited before printing ${what}`);
      return pattern.exec(this.stdout);
    }, { what, timeoutMs, intervalMs: 25, describeLast: () => `stdout: ${this.stdout.slice(-2000)}\nstderr: ${this.stderr.slice(-2000)}` });
  }

  /** Sends `signal` by PID (if still running). */
  signal(signal: NodeJS.Signals): void {
    if (this.done) return;
    try {
      process.kill(this.pid, signal);
    } catch {
      // Already gone.
    }
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the result. */
  async stop(graceMs = 10_000): Promise<CliResult> {
    this.signal('SIGTERM');
    const timer = setTimeout(() => { this.signal('SIGKILL'); }, graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

const running = new Set<CliProcess>();

/** Starts `glidepath <args>` in the repository root. */
export function spawnCli(args: readonly string[], options: CliRunOptions = {}): CliProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const cli = new CliProcess(child);
  running.add(cli);
  void cli.exited.then(() => running.delete(cli));
  return cli;
}

/** Runs `glidepath <args>` to completion (killed by PID after the timeout). */
export async function runCli(args: readonly string[], options: CliRunOptions = {}): Promise<CliResult> {
  const cli = spawnCli(args, options);
  const timer = setTimeout(() => { cli.signal('SIGKILL'); }, options.timeoutMs ?? 60_000);
  try {
    return await cli.exited;
  } finally {
    clearTimeout(timer);
  }
}

/** Stops every CLI process still running (SIGTERM, then SIGKILL). */
export async function stopAllCli(): Promise<void> {
  await Promise.all([...running].map((cli) => cli.stop(5000)));
}

/** True when stderr holds exactly one non-empty line and no stack trace. */
export function isOneLineError(stderr: string): boolean {
  const lines = stderr.split('\n').filter((l) => l.trim() !== '');
  return lines.length === 1 && !/^\s+at /m.test(stderr);
}
