/**
 * Weighted choice among a route's destinations, with Istio's defaults:
 * a lone destination without a weight takes all traffic. Weights that do not
 * add up to 100 (Istio's validation would reject them) are normalised so the
 * simulation still runs, and the caller is told.
 */
import type { HttpRouteDestination } from './istio-types.ts';

/** Cumulative weights ready for one uniform draw per request. */
export interface WeightTable {
  /** cumulative[i] = sum of weights 0..i, divided by the total. */
  readonly cumulative: Float64Array;
  /** The sum of the raw weights (100 for a valid route). */
  readonly total: number;
}

/** Builds the table for a route's destinations; returns the warning text when the weights are not a valid Istio split. */
export function buildWeightTable(destinations: readonly HttpRouteDestination[]): { table: WeightTable; problem?: string } {
  const raw = destinations.map((d) => (destinations.length === 1 && d.weight === undefined ? 100 : d.weight ?? 0));
  const total = raw.reduce((sum, w) => sum + w, 0);
  const cumulative = new Float64Array(raw.length);
  let running = 0;
  raw.forEach((w, i) => {
    running += w;
    cumulative[i] = total > 0 ? running / total : 0;
  });
  const table = { cumulative, total };
  if (destinations.length === 0) return { table, problem: 'route has no destinations' };
  if (total <= 0) return { table, problem: 'route weights add up to 0; no destination can be chosen' };
  if (total !== 100) return { table, problem: `route weights add up to ${total}, not 100; normalising them` };
  return { table };
}

/** Maps a uniform draw in [0, 1) to a destination index, or -1 when every weight is 0. */
export function pickWeighted(table: WeightTable, uniform: number): number {
  const { cumulative } = table;
  if (table.total <= 0) return -1;
  for (let i = 0; i < cumulative.length; i++) {
    if (uniform < (cumulative[i] ?? 0)) return i;
  }
  // Floating-point rounding can leave the last cumulative at 0.9999…; the draw then belongs to the last positive weight.
  for (let i = cumulative.length - 1; i >= 0; i--) {
    if ((cumulative[i] ?? 0) > (cumulative[i - 1] ?? 0)) return i;
  }
  return -1;
}

/** Picks one element uniformly (kube-proxy-like spreading over ready pods); undefined for an empty list. */
export function pickUniform<T>(items: readonly T[], uniform: number): T | undefined {
  return items[Math.floor(uniform * items.length)];
}
