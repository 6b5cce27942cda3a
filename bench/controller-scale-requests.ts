// Server-side request accounting for bench/controller-scale.ts: the controller child talks to the
// sandbox with its own bearer token, so every request it makes is counted where it arrives,
// whatever code path in the controller made it. Watches, reads (GET without watch) and writes are
// counted apart; reads are also counted per path, so a read that bypasses the caches is named.
import type { IncomingMessage, Server } from 'node:http';

/** The bearer token the controller child's kubeconfig carries. */
export const CONTROLLER_TOKEN = 'glidepath-scale-controller';

/** What the server saw from the controller up to now. */
export interface RequestTally {
  watches: number;
  reads: number;
  writesByVerb: Record<string, number>;
  readsByPath: Record<string, number>;
}

function isWatch(url: URL): boolean {
  const watch = url.searchParams.get('watch');
  return watch === 'true' || watch === '1';
}

/** Counts the requests carrying the controller's token on `server`; `tally()` returns a copy. */
export function countControllerRequests(server: Server): { tally(): RequestTally } {
  const counts: RequestTally = { watches: 0, reads: 0, writesByVerb: {}, readsByPath: {} };
  const onRequest = (req: IncomingMessage): void => {
    if (req.headers.authorization !== `Bearer ${CONTROLLER_TOKEN}`) return;
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const verb = req.method ?? 'GET';
    if (verb !== 'GET') {
      counts.writesByVerb[verb] = (counts.writesByVerb[verb] ?? 0) + 1;
    } else if (isWatch(url)) {
      counts.watches += 1;
    } else {
      counts.reads += 1;
      counts.readsByPath[url.pathname] = (counts.readsByPath[url.pathname] ?? 0) + 1;
    }
  };
  server.on('request', onRequest);
  return { tally: () => structuredClone(counts) };
}

/** Total writes in a tally. */
export function writeTotal(tally: RequestTally): number {
  return Object.values(tally.writesByVerb).reduce((sum, n) => sum + n, 0);
}

/** Per-key difference `after - before` of two counters, keeping only keys that changed. */
export function counterDelta(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(after)) {
    const delta = value - (before[key] ?? 0);
    if (delta !== 0) out[key] = delta;
  }
  return out;
}
