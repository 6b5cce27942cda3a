import type { ChildProcess } from 'node:child_process';

/** How the readiness wait ended. */
export type ReadinessResult =
  | { kind: 'ready' }
  | { kind: 'exited'; code: number | null; signal: NodeJS.Signals | null }
  | { kind: 'timeout' };

async function probe(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await res.body?.cancel();
    return res.status === 200;
  } catch {
    return false;
  }
}

/** Polls `${baseUrl}/-/ready` until it answers 200, the child exits, or `timeoutMs` passes. */
export async function waitForReady(child: ChildProcess, baseUrl: string, timeoutMs: number): Promise<ReadinessResult> {
  const seen: { exit: ReadinessResult | null } = { exit: null };
  const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
    seen.exit = { kind: 'exited', code, signal };
  };
  child.once('exit', onExit);
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      if (seen.exit !== null) return seen.exit;
      if (await probe(`${baseUrl}/-/ready`)) return { kind: 'ready' };
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return seen.exit ?? { kind: 'timeout' };
  } finally {
    child.off('exit', onExit);
  }
}
