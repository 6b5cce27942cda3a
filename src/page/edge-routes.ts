/**
 * Routes for the edges of a laid-out machine graph. Edges between neighbouring columns
 * are curves; longer forward edges run in lanes above the nodes, backward edges in lanes
 * below them, and edges between siblings of a compound state are short vertical lines.
 * Lanes are shared greedily by edges whose column spans do not overlap.
 */
import type { GraphEdge } from './machine-graph.ts';

/** A rectangle in SVG user units. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** A node as the router sees it. */
export interface RoutedNode extends Box {
  id: string;
  parent: string | null;
  rank: number;
}

/** One column of the layout: its x span and its top-level states from top to bottom. */
export interface Column {
  x: number;
  width: number;
  ids: string[];
}

/** How an edge is drawn. */
export type RouteKind = 'adjacent' | 'over' | 'under' | 'inner';

/** An edge with its SVG path and label position. */
export interface RoutedEdge extends GraphEdge {
  kind: RouteKind;
  path: string;
  labelX: number;
  labelY: number;
  labelAnchor: 'start' | 'middle' | 'end';
}

/** What routing needs. */
export interface RouteInput {
  nodes: readonly RoutedNode[];
  columns: readonly Column[];
  laneGap: number;
}

type Point = readonly [number, number];

function topLevelOf(id: string): string {
  return id.split('.')[0] ?? id;
}

function kindOf(edge: GraphEdge, rankOf: (id: string) => number): RouteKind {
  if (topLevelOf(edge.source) === topLevelOf(edge.target)) return 'inner';
  const step = rankOf(edge.target) - rankOf(edge.source);
  if (step === 1) return 'adjacent';
  return step > 1 ? 'over' : 'under';
}

function overlaps(a: readonly [number, number], b: readonly [number, number]): boolean {
  return a[0] <= b[1] && b[0] <= a[1];
}

/** Gives each over/under edge the lowest lane whose other edges span other columns. */
export function assignLanes(edges: readonly GraphEdge[], kinds: ReadonlyMap<string, RouteKind>, rankOf: (id: string) => number): Map<string, number> {
  const lanes = new Map<string, number>();
  for (const kind of ['over', 'under'] as const) {
    const spans = edges.filter((e) => kinds.get(e.id) === kind).map((e) => {
      const a = rankOf(e.source);
      const b = rankOf(e.target);
      return { id: e.id, span: [Math.min(a, b), Math.max(a, b)] as const };
    }).sort((p, q) => (p.span[1] - p.span[0]) - (q.span[1] - q.span[0]) || p.span[0] - q.span[0]);
    const taken: (readonly [number, number])[][] = [];
    for (const { id, span } of spans) {
      let lane = taken.findIndex((used) => used.every((other) => !overlaps(other, span)));
      if (lane === -1) lane = taken.push([]) - 1;
      taken[lane]?.push(span);
      lanes.set(id, lane);
    }
  }
  return lanes;
}

/** The room the lanes need above and below the nodes. */
export function laneSpace(edges: readonly GraphEdge[], nodes: readonly RoutedNode[], laneGap: number): { above: number; below: number } {
  const rankOf = rankLookup(nodes);
  const kinds = new Map(edges.map((e) => [e.id, kindOf(e, rankOf)]));
  const lanes = assignLanes(edges, kinds, rankOf);
  const count = (kind: RouteKind): number => Math.max(-1, ...edges.filter((e) => kinds.get(e.id) === kind).map((e) => lanes.get(e.id) ?? 0)) + 1;
  return { above: (count('over') + 1) * laneGap, below: (count('under') + 1) * laneGap };
}

function rankLookup(nodes: readonly RoutedNode[]): (id: string) => number {
  const ranks = new Map(nodes.map((n) => [n.id, n.rank]));
  return (id) => ranks.get(id) ?? 0;
}

/** An SVG path through the points with rounded corners. */
export function roundedPath(points: readonly Point[], radius = 6): string {
  const [first] = points;
  if (first === undefined) return '';
  const parts = [`M${fmt(first)}`];
  for (let i = 1; i < points.length - 1; i += 1) {
    const [prev, here, next] = [points[i - 1], points[i], points[i + 1]] as [Point, Point, Point];
    const r = Math.min(radius, distance(prev, here) / 2, distance(here, next) / 2);
    parts.push(`L${fmt(towards(here, prev, r))}`, `Q${fmt(here)} ${fmt(towards(here, next, r))}`);
  }
  const last = points.at(-1);
  if (last !== undefined && points.length > 1) parts.push(`L${fmt(last)}`);
  return parts.join(' ');
}

function fmt(p: Point): string {
  return `${round(p[0])},${round(p[1])}`;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

function distance(a: Point, b: Point): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}

function towards(from: Point, to: Point, length: number): Point {
  const d = distance(from, to);
  if (d === 0) return from;
  return [from[0] + ((to[0] - from[0]) * length) / d, from[1] + ((to[1] - from[1]) * length) / d];
}

class Router {
  private readonly byId: Map<string, RoutedNode>;
  private readonly top: number;
  private readonly bottom: number;

  constructor(private readonly input: RouteInput) {
    this.byId = new Map(input.nodes.map((n) => [n.id, n]));
    this.top = Math.min(...input.nodes.map((n) => n.y));
    this.bottom = Math.max(...input.nodes.map((n) => n.y + n.h));
  }

  node(id: string): RoutedNode {
    const node = this.byId.get(id);
    if (node === undefined) throw new Error(`edge refers to unknown state '${id}'`);
    return node;
  }

  /** True when nothing sits above (`top`) or below (`bottom`) the node in its column. */
  outermost(node: RoutedNode, side: 'top' | 'bottom'): boolean {
    if (node.parent !== null) return false;
    const ids = this.input.columns[node.rank]?.ids ?? [];
    return (side === 'top' ? ids[0] : ids.at(-1)) === node.id;
  }

  gapX(rank: number, side: 'left' | 'right', lane: number): number {
    const column = this.input.columns[rank] ?? { x: 0, width: 0 };
    const inset = 10 + (lane % 5) * 8;
    return side === 'right' ? column.x + column.width + inset : column.x - inset;
  }

  laneY(kind: 'over' | 'under', lane: number): number {
    const offset = this.input.laneGap * (lane + 1);
    return kind === 'over' ? this.top - offset : this.bottom + offset;
  }

  adjacent(s: RoutedNode, t: RoutedNode): Omit<RoutedEdge, keyof GraphEdge | 'kind'> {
    const [sx, sy, tx, ty] = [s.x + s.w, s.y + s.h / 2, t.x, t.y + t.h / 2];
    const mx = (sx + tx) / 2;
    return { path: `M${fmt([sx, sy])} C${fmt([mx, sy])} ${fmt([mx, ty])} ${fmt([tx, ty])}`, labelX: mx, labelY: (sy + ty) / 2 - 4, labelAnchor: 'middle' };
  }

  inner(s: RoutedNode, t: RoutedNode): Omit<RoutedEdge, keyof GraphEdge | 'kind'> {
    const down = s.y < t.y;
    const x = s.x + s.w / 2 + (down ? 14 : -14);
    const [y1, y2] = down ? [s.y + s.h, t.y] : [s.y, t.y + t.h];
    return { path: `M${fmt([x, y1])} L${fmt([x, y2])}`, labelX: x + (down ? 4 : -4), labelY: (y1 + y2) / 2 + 3, labelAnchor: down ? 'start' : 'end' };
  }

  lane(kind: 'over' | 'under', s: RoutedNode, t: RoutedNode, lane: number): Omit<RoutedEdge, keyof GraphEdge | 'kind'> {
    const edgeSide = kind === 'over' ? 'top' : 'bottom';
    const y = this.laneY(kind, lane);
    const offset = ((lane % 5) - 2) * 8;
    const start = this.exit(kind, s, lane, offset);
    const end = this.entry(kind, t, lane, offset);
    const startX = (start.at(-1) ?? [0, 0])[0];
    const endX = (end[0] ?? [0, 0])[0];
    const points: Point[] = [...start, [startX, y], [endX, y], ...end];
    const labelY = edgeSide === 'top' ? y - 3 : y + 10;
    return { path: roundedPath(points), labelX: (startX + endX) / 2, labelY, labelAnchor: 'middle' };
  }

  private exit(kind: 'over' | 'under', s: RoutedNode, lane: number, offset: number): Point[] {
    const side = kind === 'over' ? 'top' : 'bottom';
    if (this.outermost(s, side)) return [[s.x + s.w / 2 + offset, side === 'top' ? s.y : s.y + s.h]];
    const right = kind === 'over';
    const gx = this.gapX(s.rank, right ? 'right' : 'left', lane);
    return [[right ? s.x + s.w : s.x, s.y + s.h / 2], [gx, s.y + s.h / 2]];
  }

  private entry(kind: 'over' | 'under', t: RoutedNode, lane: number, offset: number): Point[] {
    const side = kind === 'over' ? 'top' : 'bottom';
    const y = this.laneY(kind, lane);
    if (this.outermost(t, side)) {
      const x = t.x + t.w / 2 + offset;
      return [[x, y], [x, side === 'top' ? t.y : t.y + t.h]];
    }
    const left = kind === 'over';
    const gx = this.gapX(t.rank, left ? 'left' : 'right', lane);
    return [[gx, y], [gx, t.y + t.h / 2], [left ? t.x : t.x + t.w, t.y + t.h / 2]];
  }
}

/** Routes every edge between the laid-out nodes. */
export function routeEdges(edges: readonly GraphEdge[], input: RouteInput): RoutedEdge[] {
  const router = new Router(input);
  const rankOf = rankLookup(input.nodes);
  const kinds = new Map(edges.map((e) => [e.id, kindOf(e, rankOf)]));
  const lanes = assignLanes(edges, kinds, rankOf);
  return edges.map((edge) => {
    const kind = kinds.get(edge.id) ?? 'adjacent';
    const [s, t] = [router.node(edge.source), router.node(edge.target)];
    if (kind === 'adjacent') return { ...edge, kind, ...router.adjacent(s, t) };
    if (kind === 'inner') return { ...edge, kind, ...router.inner(s, t) };
    return { ...edge, kind, ...router.lane(kind, s, t, lanes.get(edge.id) ?? 0) };
  });
}
