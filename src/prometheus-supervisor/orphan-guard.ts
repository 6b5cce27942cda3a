import { spawn } from 'node:child_process';

// Runs beside Prometheus and outlives a parent that dies without running 'exit' handlers
// (SIGKILL, SIGTERM, a killed test runner): once the parent is gone it stops Prometheus and removes its dir.
const GUARD_SCRIPT = `
parent="$1"; child="$2"; dir="$3"
while kill -0 "$child" 2>/dev/null; do
  if ! kill -0 "$parent" 2>/dev/null; then
    kill -TERM "$child" 2>/dev/null
    i=0; while kill -0 "$child" 2>/dev/null && [ "$i" -lt 30 ]; do sleep 0.1; i=$((i+1)); done
    kill -KILL "$child" 2>/dev/null; rm -rf "$dir"; exit 0
  fi
  sleep 1
done
`;

/** Starts a detached watchdog that kills `childPid` and removes `dataDir` if this process dies first; returns its PID. */
export function startOrphanGuard(childPid: number, dataDir: string): number | undefined {
  try {
    const guard = spawn('/bin/sh', ['-c', GUARD_SCRIPT, 'glidepath-prometheus-guard', String(process.pid), String(childPid), dataDir], {
      detached: true,
      stdio: 'ignore',
    });
    guard.on('error', () => undefined);
    guard.unref();
    return guard.pid;
  } catch {
    // Without /bin/sh the 'exit' hook still covers ordinary exits.
    return undefined;
  }
}
