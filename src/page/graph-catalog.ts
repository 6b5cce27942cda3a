/**
 * Machine graphs and their layouts, computed once per registered machine: the
 * definitions do not change while the process runs.
 */
import { entryNamed } from '../../machines/registry.ts';
import type { GraphLayout } from './graph-layout.ts';
import { layoutGraph } from './graph-layout.ts';
import type { MachineGraph } from './machine-graph.ts';
import { machineGraph } from './machine-graph.ts';

/** A machine's graph and its drawing. */
export interface DrawnMachine {
  graph: MachineGraph;
  layout: GraphLayout;
}

/** Lazily computed, cached graphs of the registered machines. */
export class GraphCatalog {
  private readonly drawn = new Map<string, DrawnMachine>();

  /** The graph and layout of the machine persisted as `name`, or undefined for an unknown machine. */
  get(name: string): DrawnMachine | undefined {
    const cached = this.drawn.get(name);
    if (cached !== undefined) return cached;
    const entry = entryNamed(name);
    if (entry === undefined) return undefined;
    const graph = machineGraph(entry.machine);
    const result = { graph, layout: layoutGraph(graph) };
    this.drawn.set(name, result);
    return result;
  }
}
