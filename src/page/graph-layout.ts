/**
 * A simple layered layout of a machine graph, left to right. Top-level states are
 * ranked by the longest path over forward transitions, where "forward" follows the
 * order in which the machine declares its states (machines declare them in release
 * order, from initializing to the resting states). States of one rank are stacked in a
 * column; a compound state is a box around its children, stacked inside it.
 */
import type { GraphNode, MachineGraph } from './machine-graph.ts';
import type { Box, Column, RoutedEdge } from './edge-routes.ts';
import { laneSpace, routeEdges } from './edge-routes.ts';

/** Sizes of the drawing, in SVG user units. */
export const LAYOUT = Object.freeze({
  nodeWidth: 132,
  nodeHeight: 36,
  compoundHeader: 24,
  compoundPad: 10,
  childGap: 12,
  columnGap: 84,
  rowGap: 22,
  margin: 16,
  laneGap: 13,
});

/** A state with its place in the drawing. */
export interface LaidNode extends GraphNode, Box {
  rank: number;
}

/** A whole drawing: what the page turns into SVG. */
export interface GraphLayout {
  machine: string;
  initial: string;
  width: number;
  height: number;
  nodes: LaidNode[];
  edges: RoutedEdge[];
}

function topLevelOf(id: string): string {
  return id.split('.')[0] ?? id;
}

/** Longest path over forward edges; declaration order is a topological order of them. */
export function rankTopLevel(graph: MachineGraph): Map<string, number> {
  const tops = graph.nodes.filter((n) => n.parent === null);
  const order = new Map(tops.map((n) => [n.id, n.order]));
  const rank = new Map(tops.map((n) => [n.id, 0]));
  for (const node of tops) {
    const here = rank.get(node.id) ?? 0;
    for (const edge of graph.edges) {
      const from = topLevelOf(edge.source);
      const to = topLevelOf(edge.target);
      if (from !== node.id || (order.get(to) ?? -1) <= node.order) continue;
      rank.set(to, Math.max(rank.get(to) ?? 0, here + 1));
    }
  }
  return rank;
}

function childrenOf(graph: MachineGraph, id: string): GraphNode[] {
  return graph.nodes.filter((n) => n.parent === id);
}

function blockSize(graph: MachineGraph, node: GraphNode): { w: number; h: number } {
  if (!node.compound) return { w: LAYOUT.nodeWidth, h: LAYOUT.nodeHeight };
  const kids = childrenOf(graph, node.id).length;
  return {
    w: LAYOUT.nodeWidth + 2 * LAYOUT.compoundPad,
    h: LAYOUT.compoundHeader + kids * LAYOUT.nodeHeight + (kids - 1) * LAYOUT.childGap + LAYOUT.compoundPad,
  };
}

interface Block { node: GraphNode; w: number; h: number; rank: number }

function columnsOf(graph: MachineGraph, ranks: Map<string, number>): Block[][] {
  const columns: Block[][] = [];
  for (const node of graph.nodes.filter((n) => n.parent === null)) {
    const rank = ranks.get(node.id) ?? 0;
    const column = columns[rank] ?? [];
    columns[rank] = column;
    column.push({ node, rank, ...blockSize(graph, node) });
  }
  return columns;
}

function columnHeight(column: readonly Block[]): number {
  return column.reduce((sum, b) => sum + b.h, 0) + Math.max(0, column.length - 1) * LAYOUT.rowGap;
}

function placeChildren(graph: MachineGraph, parent: LaidNode, out: LaidNode[]): void {
  let y = parent.y + LAYOUT.compoundHeader;
  for (const child of childrenOf(graph, parent.id)) {
    out.push({ ...child, rank: parent.rank, x: parent.x + LAYOUT.compoundPad, y, w: LAYOUT.nodeWidth, h: LAYOUT.nodeHeight });
    y += LAYOUT.nodeHeight + LAYOUT.childGap;
  }
}

function placeColumn(graph: MachineGraph, column: readonly Block[], at: { x: number; width: number; middle: number }, out: LaidNode[]): void {
  let y = at.middle - columnHeight(column) / 2;
  for (const block of column) {
    const laid: LaidNode = { ...block.node, rank: block.rank, x: at.x + (at.width - block.w) / 2, y, w: block.w, h: block.h };
    out.push(laid);
    if (block.node.compound) placeChildren(graph, laid, out);
    y += block.h + LAYOUT.rowGap;
  }
}

function placeNodes(graph: MachineGraph, columns: Block[][]): { nodes: LaidNode[]; columns: Column[] } {
  const tallest = Math.max(0, ...columns.map(columnHeight));
  const nodes: LaidNode[] = [];
  const laidColumns: Column[] = [];
  let x = 0;
  for (const column of columns) {
    const width = Math.max(LAYOUT.nodeWidth, ...column.map((b) => b.w));
    placeColumn(graph, column, { x, width, middle: tallest / 2 }, nodes);
    laidColumns.push({ x, width, ids: column.map((b) => b.node.id) });
    x += width + LAYOUT.columnGap;
  }
  return { nodes, columns: laidColumns };
}

function shift(nodes: LaidNode[], dx: number, dy: number): void {
  for (const node of nodes) {
    node.x += dx;
    node.y += dy;
  }
}

/** Lays out a machine graph: node boxes, and edges routed between them with labels. */
export function layoutGraph(graph: MachineGraph): GraphLayout {
  const placed = placeNodes(graph, columnsOf(graph, rankTopLevel(graph)));
  const space = laneSpace(graph.edges, placed.nodes, LAYOUT.laneGap);
  shift(placed.nodes, LAYOUT.margin, LAYOUT.margin + space.above);
  const columns = placed.columns.map((c) => ({ ...c, x: c.x + LAYOUT.margin }));
  const edges = routeEdges(graph.edges, { nodes: placed.nodes, columns, laneGap: LAYOUT.laneGap });
  const right = Math.max(0, ...placed.nodes.map((n) => n.x + n.w));
  const bottom = Math.max(0, ...placed.nodes.map((n) => n.y + n.h));
  return {
    machine: graph.machine,
    initial: graph.initial,
    width: Math.ceil(right + LAYOUT.margin),
    height: Math.ceil(bottom + space.below + LAYOUT.margin),
    nodes: placed.nodes,
    edges,
  };
}
