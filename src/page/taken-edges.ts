/**
 * Which drawn transitions the current release has taken, from `status.history`. A
 * release starts at the latest entry that began one (a new revision or a retry that
 * changed state); history before it belongs to earlier releases.
 */
import type { HistoryStatus } from '../api/canary-types.ts';
import type { GraphEdge, MachineGraph } from './machine-graph.ts';

const STARTS_RELEASE: ReadonlySet<string> = new Set(['NEW_REVISION', 'RETRY']);

function within(state: string, node: string): boolean {
  return state === node || state.startsWith(`${node}.`);
}

function depth(id: string): number {
  return id.split('.').length;
}

/** The drawn edge a history entry went along, preferring the most specific source. */
export function edgeFor(edges: readonly GraphEdge[], entry: HistoryStatus): GraphEdge | undefined {
  const candidates = edges.filter((e) => within(entry.from, e.source) && within(entry.to, e.target) && e.events.includes(entry.event));
  return candidates.sort((a, b) => depth(b.source) - depth(a.source) || depth(b.target) - depth(a.target))[0];
}

/** The index of the entry that started the current release, or 0. */
export function releaseStartIndex(history: readonly HistoryStatus[]): number {
  for (let i = history.length - 1; i >= 0; i -= 1) {
    const entry = history[i];
    if (entry !== undefined && STARTS_RELEASE.has(entry.event) && entry.from !== entry.to) return i;
  }
  return 0;
}

/** The ids of the edges taken in the current release, and when it started. */
export function takenEdges(graph: MachineGraph, history: readonly HistoryStatus[]): { edges: string[]; releaseStart: string | null } {
  const start = releaseStartIndex(history);
  const ids = new Set<string>();
  for (const entry of history.slice(start)) {
    if (entry.from === entry.to) continue;
    const edge = edgeFor(graph.edges, entry);
    if (edge !== undefined) ids.add(edge.id);
  }
  return { edges: [...ids], releaseStart: history[start]?.time ?? null };
}
