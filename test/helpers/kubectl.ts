/**
 * Running the real `kubectl` binary against a sandbox in tests.
 *
 * Every invocation gets `--kubeconfig` and a private `--cache-dir`, so
 * discovery caches never leak between test files or into ~/.kube. When
 * kubectl is not on PATH, `requireKubectl()` throws (never skips): with
 * CI=true it must be installed, and locally the message says how to fix it.
 *
 * ```ts
 * const kubectl = new Kubectl({ kubeconfigPath: sandbox.kubeconfigPath, cacheDir: dir.join('cache') });
 * await kubectl.ok(['apply', '-f', file]);
 * const watcher = kubectl.spawn(['get', 'canaries', '-w']);
 * await watcher.waitForOutput(/Progressing/, { what: 'the update in get -w' });
 * await watcher.stop();
 * ```
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { waitFor } from './wait-for.ts';

/** The outcome of one kubectl run. */
export interface KubectlResult {
  args: string[];
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Where kubectl finds the cluster and its cache, and how long a command may take. */
export interface KubectlOptions {
  kubeconfigPath: string;
  cacheDir: string;
  /** Per-command deadline in ms (default 30000); the process is killed by PID when it passes. */
  timeoutMs?: number;
  /** The binary to run (default: kubectl found on PATH). */
  binary?: string;
}

/** Extra input for one command. */
export interface RunOptions {
  /** Written to the process's stdin (for `-f -`). */
  input?: string;
  timeoutMs?: number;
}

/** A failed kubectl command; the message carries the command line, exit code and stderr. */
export class KubectlError extends Error {
  override readonly name = 'KubectlError';
  constructor(readonly result: KubectlResult) {
    super(`kubectl ${result.args.join(' ')} exited ${String(result.code)}\nstderr: ${result.stderr}\nstdout: ${result.stdout}`);
  }
}

/** Returns the absolute path of `kubectl` on PATH, or undefined when there is none. */
export function findKubectl(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, 'kubectl');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this PATH entry; keep looking.
    }
  }
  return undefined;
}

/** Returns the kubectl path or throws a message explaining that these tests need it (never a skip). */
export function requireKubectl(): string {
  const found = findKubectl();
  if (found !== undefined) return found;
  const where = process.env.CI === 'true'
    ? 'CI=true: the CI image must provide kubectl v1.32 on PATH'
    : 'install kubectl v1.32 and put it on PATH to run the sandbox conformance tests';
  throw new Error(`kubectl not found on PATH (${process.env.PATH ?? ''}); ${where}`);
}

/** A kubectl child process left running (e.g. `get -w`), with its output so far. */
export class KubectlProcess {
  private out = '';
  private err = '';
  private readonly exited: Promise<number | null>;

  constructor(readonly args: string[], private readonly child: ChildProcess) {
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => { this.out += chunk; });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => { this.err += chunk; });
    this.exited = new Promise((resolve) => {
      child.on('close', (code) => { resolve(code); });
      child.on('error', () => { resolve(null); });
    });
  }

  /** Everything the process printed on stdout so far. */
  get stdout(): string {
    return this.out;
  }

  /** Everything the process printed on stderr so far. */
  get stderr(): string {
    return this.err;
  }

  /** Resolves with the exit code (null when killed by a signal or failed to start). */
  async exitCode(): Promise<number | null> {
    return this.exited;
  }

  /** The child's PID (undefined if it failed to start). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Resolves once stdout matches `pattern`; fails after the deadline quoting the output seen. */
  async waitForOutput(pattern: RegExp, opts: { what: string; timeoutMs?: number }): Promise<string> {
    return waitFor(() => pattern.test(this.out) && this.out, {
      what: opts.what,
      timeoutMs: opts.timeoutMs ?? 10_000,
      describeLast: () => `stdout so far: ${JSON.stringify(this.out)}; stderr: ${JSON.stringify(this.err)}`,
    });
  }

  /** Kills the process by PID (SIGTERM, then SIGKILL after 2 s) and resolves once it has exited. */
  async stop(): Promise<void> {
    const pid = this.child.pid;
    if (pid === undefined || this.child.exitCode !== null || this.child.signalCode !== null) return;
    process.kill(pid, 'SIGTERM');
    const hardKill = setTimeout(() => { killQuietly(pid); }, 2000);
    await this.exited;
    clearTimeout(hardKill);
  }
}

/** Runs kubectl commands against one cluster with a private cache directory. */
export class Kubectl {
  private readonly binary: string;
  private readonly running = new Set<KubectlProcess>();

  constructor(private readonly options: KubectlOptions) {
    this.binary = options.binary ?? requireKubectl();
  }

  /** Runs a command to completion; never rejects for a non-zero exit (inspect `code`). */
  async run(args: string[], opts: RunOptions = {}): Promise<KubectlResult> {
    const { child, proc } = this.launch(args);
    child.stdin?.end(opts.input ?? '');
    const timeoutMs = opts.timeoutMs ?? this.options.timeoutMs ?? 30_000;
    const timer = setTimeout(() => { if (child.pid !== undefined) killQuietly(child.pid); }, timeoutMs);
    const code = await proc.exitCode();
    clearTimeout(timer);
    return { args, code, stdout: proc.stdout, stderr: proc.stderr };
  }

  /** Runs a command that must succeed and returns its stdout; throws KubectlError otherwise. */
  async ok(args: string[], opts: RunOptions = {}): Promise<string> {
    const result = await this.run(args, opts);
    if (result.code !== 0) throw new KubectlError(result);
    return result.stdout;
  }

  /** Runs a command that must fail and returns its result; throws if it exited 0. */
  async fail(args: string[], opts: RunOptions = {}): Promise<KubectlResult> {
    const result = await this.run(args, opts);
    if (result.code === 0) throw new Error(`expected kubectl ${args.join(' ')} to fail, but it exited 0:\n${result.stdout}`);
    return result;
  }

  /** Runs a command with `-o json` appended and parses its output. */
  async json(args: string[]): Promise<Record<string, unknown>> {
    return JSON.parse(await this.ok([...args, '-o', 'json'])) as Record<string, unknown>;
  }

  /** Starts a long-running command (e.g. `get -w`); stop it with `stop()` or `stopAll()`. */
  spawn(args: string[]): KubectlProcess {
    const { proc } = this.launch(args);
    this.running.add(proc);
    return proc;
  }

  /** Starts the binary with the cluster flags appended. */
  private launch(args: string[]): { child: ChildProcess; proc: KubectlProcess } {
    const fullArgs = [...args, '--kubeconfig', this.options.kubeconfigPath, '--cache-dir', this.options.cacheDir];
    const child = spawn(this.binary, fullArgs, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, KUBECONFIG: this.options.kubeconfigPath } });
    return { child, proc: new KubectlProcess(args, child) };
  }

  /** Stops every process started with `spawn` that is still running (for `after` hooks). */
  async stopAll(): Promise<void> {
    const procs = [...this.running];
    this.running.clear();
    await Promise.all(procs.map((p) => p.stop()));
  }
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
