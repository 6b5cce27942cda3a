import type { ChildProcess } from 'node:child_process';

/** How the readiness wait ended. */
export type ReadinessResult =
  | { kind: 'ready' }
  | { kind: 'exited'; code: number | null; signal: NodeJS.Signals | null }
  | { kind: 'timeout' };

async function isReady(baseUrl: string): Promise<boolean> {
  const res = await fetch(`${baseUrl}/-/ready`, { signal: AbortSignal.timeout(1000) });
  await res.body?.cancel();
  return res.status === 200;
}

// Another server may already hold the port and answer /-/ready before our child fails to bind,
// so readiness only counts when the answering server uses our TSDB directory.
async function isOurs(baseUrl: string, tsdbPath: string): Promise<boolean> {
  const res = await fetch(`${baseUrl}/api/v1/status/flags`, { signal: AbortSignal.timeout(1000) });
  const body = (await res.json()) as { data?: Record<string, unknown> };
  return body.data?.['storage.tsdb.path'] === tsdbPath;
}

async function probe(baseUrl: string, tsdbPath: string): Promise<boolean> {
  try {
    return (await isReady(baseUrl)) && (await isOurs(baseUrl, tsdbPath));
  } catch {
    return false;
  }
}

/** Polls `${baseUrl}/-/ready` until our child (identified by its TSDB path) answers 200, the child exits, or `timeoutMs` passes. */
export async function waitForReady(child: ChildProcess, baseUrl: string, tsdbPath: string, timeoutMs: number): Promise<ReadinessResult> {
  const seen: { exit: ReadinessResult | null } = { exit: null };
  const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
    seen.exit = { kind: 'exited', code, signal };
  };
  child.once('exit', onExit);
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      if (seen.exit !== null) return seen.exit;
      if (await probe(baseUrl, tsdbPath)) return { kind: 'ready' };
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return seen.exit ?? { kind: 'timeout' };
  } finally {
    child.off('exit', onExit);
  }
}
