/**
 * The release machine as drawable data, read from the machine definition itself with
 * `xstate/graph`: a node per state (compound states hold their children) and one edge
 * per source/target pair, labelled with the events that take it.
 */
import { toDirectedGraph } from 'xstate/graph';
import type { DirectedGraphNode } from 'xstate/graph';
import type { ReleaseMachine } from '../../machines/registry.ts';

/** One state of the machine. */
export interface GraphNode {
  /** The dotted state path, as `status.history` writes it (`progressing.analysing`). */
  id: string;
  /** The state's own key. */
  label: string;
  /** The Flagger phase the state reports ('' when it declares none). */
  phase: string;
  /** The enclosing compound state's path, or null at the top level. */
  parent: string | null;
  /** True for a state with children. */
  compound: boolean;
  /** Position among its siblings in the definition. */
  order: number;
}

/** Every transition between two different states, merged per source/target pair. */
export interface GraphEdge {
  /** `source->target`. */
  id: string;
  source: string;
  target: string;
  /** The events that take this edge, in definition order. */
  events: string[];
  /** The guards on this edge's transitions (for tooltips). */
  guards: string[];
}

/** A machine as nodes and edges. */
export interface MachineGraph {
  machine: string;
  initial: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** Returns the edge id used for a source/target pair. */
export function edgeId(source: string, target: string): string {
  return `${source}->${target}`;
}

function pathOf(node: { path: readonly string[] }): string {
  return node.path.join('.');
}

function phaseOfMeta(meta: unknown): string {
  const phase = (meta as { phase?: unknown } | undefined)?.phase;
  return typeof phase === 'string' ? phase : '';
}

function guardName(guard: unknown): string {
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function') return guard.name === '' ? 'guard' : guard.name;
  const type = (guard as { type?: unknown } | undefined)?.type;
  return typeof type === 'string' ? type : '';
}

function addEdge(edges: Map<string, GraphEdge>, ends: { source: string; target: string }, event: string, guard: string): void {
  const { source, target } = ends;
  const id = edgeId(source, target);
  const edge = edges.get(id) ?? { id, source, target, events: [], guards: [] };
  edges.set(id, edge);
  if (!edge.events.includes(event)) edge.events.push(event);
  if (guard !== '' && !edge.guards.includes(guard)) edge.guards.push(guard);
}

function visit(node: DirectedGraphNode, parent: string | null, order: number, out: { nodes: GraphNode[]; edges: Map<string, GraphEdge> }): void {
  const id = pathOf(node.stateNode);
  out.nodes.push({ id, label: node.stateNode.key, phase: phaseOfMeta(node.stateNode.meta), parent, compound: node.children.length > 0, order });
  for (const edge of node.edges) {
    const target = pathOf(edge.target);
    // Self-transitions (a tick that stays) carry no information in a drawing.
    if (target !== id) addEdge(out.edges, { source: id, target }, edge.label.text, guardName(edge.transition.guard));
  }
  node.children.forEach((child, index) => { visit(child, id, index, out); });
}

function initialOf(machine: ReleaseMachine): string {
  const initial = machine.root.initial.target[0];
  return initial === undefined ? '' : pathOf(initial);
}

/** The graph of a release machine: its states (without the root) and its transitions. */
export function machineGraph(machine: ReleaseMachine): MachineGraph {
  const root = toDirectedGraph(machine);
  const out = { nodes: [] as GraphNode[], edges: new Map<string, GraphEdge>() };
  root.children.forEach((child, index) => { visit(child, null, index, out); });
  return { machine: machine.id, initial: initialOf(machine), nodes: out.nodes, edges: [...out.edges.values()] };
}
