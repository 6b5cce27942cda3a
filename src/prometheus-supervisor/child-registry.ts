import { rmSync } from 'node:fs';

interface Owned {
  pid: number;
  dataDir: string;
}

const owned = new Map<number, Owned>();
let hookInstalled = false;

// 'exit' handlers must be synchronous, so this only signals and deletes; it cannot wait.
function killAllSync(): void {
  for (const child of owned.values()) {
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {
      // Already gone: nothing to clean up for the process itself.
    }
    rmSync(child.dataDir, { recursive: true, force: true });
  }
  owned.clear();
}

/** Records a started child so that it is killed and its dir removed if this process exits first. */
export function registerChild(pid: number, dataDir: string): void {
  if (!hookInstalled) {
    process.on('exit', killAllSync);
    hookInstalled = true;
  }
  owned.set(pid, { pid, dataDir });
}

/** Forgets a child that has been stopped and cleaned up normally. */
export function unregisterChild(pid: number): void {
  owned.delete(pid);
}

/** Returns the PIDs of children still registered (for diagnostics and tests). */
export function registeredPids(): number[] {
  return [...owned.keys()];
}
