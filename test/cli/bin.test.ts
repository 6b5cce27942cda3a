// The `glidepath` bin shim (scripts/glidepath.mjs, what `npx glidepath` runs) and --help on
// every command.
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import type { CliResult } from './cli-process.ts';
import { REPO_ROOT, isOneLineError, runCli, stopAllCli } from './cli-process.ts';

const COMMANDS = ['sandbox', 'controller', 'demo', 'promote', 'abort', 'pause', 'resume', 'retry', 'status', 'validate'];

function runBin(args: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['scripts/glidepath.mjs', ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => { stdout += c; });
    child.stderr.setEncoding('utf8').on('data', (c: string) => { stderr += c; });
    const timer = setTimeout(() => { child.kill('SIGKILL'); }, 30_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

describe('glidepath bin and help', function () {
  this.timeout(60_000);
  after(async () => { await stopAllCli(); });

  it('the bin shim runs the CLI through tsx', async () => {
    const version = await runBin(['--version']);
    expect(version.code, version.stderr).to.equal(0);
    expect(version.stdout.trim()).to.match(/^\d+\.\d+\.\d+$/);
    const unknown = await runBin(['deploy']);
    expect(unknown.code).to.equal(1);
    expect(isOneLineError(unknown.stderr), unknown.stderr).to.equal(true);
    expect(unknown.stderr.trim()).to.equal("error: unknown command 'deploy' (Did you mean demo?)");
  });

  it('--help lists every command', async () => {
    const help = await runCli(['--help']);
    expect(help.code).to.equal(0);
    for (const command of COMMANDS) expect(help.stdout).to.match(new RegExp(`^  ${command} `, 'm'));
  });

  for (const command of COMMANDS) {
    it(`${command} --help describes the command and exits 0`, async () => {
      const help = await runCli([command, '--help']);
      expect(help.code, help.stderr).to.equal(0);
      expect(help.stdout).to.match(new RegExp(`^Usage: glidepath ${command} `));
      expect(help.stdout).to.include('-h, --help');
    });
  }
});
