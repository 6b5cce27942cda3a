import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { pidAlive } from '../../src/prometheus-supervisor/index.ts';
import { waitUntil } from '../telemetry/fixtures/wait-until.ts';

const SCRIPT = fileURLToPath(new URL('./fixtures/start-and-wait.ts', import.meta.url));

function startParent(...args: string[]): { child: ChildProcess; started: Promise<{ pid: number; dataDir: string }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const started = new Promise<{ pid: number; dataDir: string }>((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]!) as { pid: number; dataDir: string });
    });
    child.once('exit', (code) => { reject(new Error(`parent script exited with ${code} before starting Prometheus`)); });
  });
  return { child, started };
}

describe('prometheus supervisor cleanup when its parent dies', function () {
  this.timeout(30_000);
  let parent: ChildProcess | undefined;
  let prometheusPid: number | undefined;

  after(() => {
    if (parent?.pid !== undefined && pidAlive(parent.pid)) process.kill(parent.pid, 'SIGKILL');
    if (prometheusPid !== undefined && pidAlive(prometheusPid)) process.kill(prometheusPid, 'SIGKILL');
  });

  it('stops Prometheus and removes its dir when the parent is SIGKILLed (no exit hooks run)', async () => {
    const run = startParent();
    parent = run.child;
    const { pid, dataDir } = await run.started;
    prometheusPid = pid;
    expect(pidAlive(pid)).to.equal(true);
    process.kill(run.child.pid!, 'SIGKILL');
    await waitUntil(`Prometheus pid ${pid} to be gone`, () => Promise.resolve(pidAlive(pid) ? undefined : true), 15_000);
    await waitUntil(`${dataDir} to be removed`, () => Promise.resolve(existsSync(dataDir) ? undefined : true), 5000);
  });

  it('kills Prometheus and removes its dir synchronously when the parent calls process.exit', async () => {
    const run = startParent('--then-exit');
    parent = run.child;
    const exited = new Promise<void>((resolve) => run.child.once('exit', () => { resolve(); }));
    const { pid, dataDir } = await run.started;
    prometheusPid = pid;
    await exited;
    // The exit hook ran before the parent was gone, so the dir is already removed (the guard would lag by a second).
    expect(existsSync(dataDir), `${dataDir} still present`).to.equal(false);
    await waitUntil(`Prometheus pid ${pid} to be gone`, () => Promise.resolve(pidAlive(pid) ? undefined : true), 5000);
  });
});
