// Child process for the sandbox benchmark: runs the API server alone, so the load generator
// and watchers do not share its event loop. Prints `URL <url>`, answers SIGUSR2 with
// `CPU <microseconds of user+system time so far>` (a load-independent cost measure), and stops on SIGTERM.
import { startSandboxServer } from '../src/sandbox/sandbox-server.ts';

const server = await startSandboxServer({ watchWindow: 50_000 });
process.stdout.write(`URL ${server.url}\n`);
process.on('SIGUSR2', () => {
  const used = process.cpuUsage();
  process.stdout.write(`CPU ${used.user + used.system}\n`);
});
process.on('SIGTERM', () => {
  void server.stop().then(() => process.exit(0));
});
