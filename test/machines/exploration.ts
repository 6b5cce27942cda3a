/**
 * Walks a release machine with xstate/graph: a representative set of events
 * (every kind of TICK, each revision, each operator action) is offered in
 * every reachable state, with times relative to the state's own timestamps so
 * "due", "not due" and "past the deadline" all occur. States are compared by
 * an abstraction of their context, which keeps the walk finite.
 */
import { getAdjacencyMap, toDirectedGraph } from 'xstate/graph';
import type { AdjacencyMap, AdjacencyValue, DirectedGraphEdge, DirectedGraphNode } from 'xstate/graph';
import type { AnyTransitionDefinition } from 'xstate';
import type { ReleaseMachine, ReleaseSnapshot } from '../../machines/registry.ts';
import { stateOf } from '../../machines/run.ts';
import type { ReleaseConfig, ReleaseEvent, ReleaseInput, Strategy, TickEvent } from '../../machines/release-types.ts';
import { OPEN_GATES, T0, check, configFor } from './release-driver.ts';

/** Small numbers keep the abstract state space small while reaching every branch. */
export function explorationConfig(strategy: Strategy): ReleaseConfig {
  return configFor(strategy, { stepWeights: [40, 80], stepWeightPromotion: 30, threshold: 2, iterations: 2 });
}

const REVISIONS = ['A', 'B', 'C'] as const;

function baseTime(snapshot: ReleaseSnapshot): number {
  const { lastTransitionAt, lastAnalysisAt, unreadySince } = snapshot.context;
  return Math.max(lastTransitionAt, lastAnalysisAt ?? 0, unreadySince ?? 0);
}

function tickKinds(snapshot: ReleaseSnapshot): Partial<TickEvent>[] {
  const { config, unreadySince, promotedRevision } = snapshot.context;
  const due = baseTime(snapshot) + config.intervalMs;
  const closed = { confirmRollout: false, confirmTrafficIncrease: false, confirmPromotion: false };
  return [
    { now: due },
    { now: due, gates: closed },
    { now: due, checks: [check('m', 'Failed'), check('hook', 'Failed', 'pre-rollout')] },
    { now: due, checks: [check('m', 'Inconclusive'), check('hook', 'Inconclusive', 'pre-rollout')] },
    { now: due, canaryReady: false, primaryReady: false },
    { now: (unreadySince ?? due) + config.progressDeadlineMs + 1, canaryReady: false, primaryReady: false },
    { now: due, rollbackRequested: true },
    { now: baseTime(snapshot) + 1 },
    { now: due, primaryRevision: promotedRevision },
  ];
}

/** The events offered in a state. */
export function representativeEvents(snapshot: ReleaseSnapshot): ReleaseEvent[] {
  const { config, revision, promotedRevision } = snapshot.context;
  const now = baseTime(snapshot) + 1;
  const primaryRevision = snapshot.matches('promoting') ? revision : (promotedRevision ?? 'A');
  const ticks = tickKinds(snapshot).map(
    (kind): TickEvent => ({
      type: 'TICK',
      now,
      config,
      canaryReady: true,
      primaryReady: true,
      primaryRevision,
      checks: [],
      gates: OPEN_GATES,
      rollbackRequested: false,
      ...kind,
    }),
  );
  // The current and promoted revisions, plus one that is neither (offered with and without skipAnalysis).
  const fresh = REVISIONS.find((rev) => rev !== revision && rev !== promotedRevision) ?? 'D';
  const revisions: ReleaseEvent[] = [revision ?? 'A', promotedRevision ?? 'A', fresh].map((rev) => ({
    type: 'NEW_REVISION',
    now,
    revision: rev,
    config: { ...config, skipAnalysis: false },
  }));
  revisions.push({ type: 'NEW_REVISION', now, revision: fresh, config: { ...config, skipAnalysis: true } });
  const operators = (['PROMOTE', 'ABORT', 'PAUSE', 'RESUME', 'RETRY'] as const).map(
    (type): ReleaseEvent => ({ type, now, actor: 'explorer' }),
  );
  return [...ticks, ...revisions, ...operators];
}

/** What distinguishes two states for the walk: everything but absolute times and messages. */
export function abstractState(snapshot: ReleaseSnapshot): string {
  const c = snapshot.context;
  return JSON.stringify([
    stateOf(snapshot),
    // Guards only compare revisions for equality, and events are offered relative to them.
    c.revision === null,
    c.promotedRevision === null,
    c.revision === c.promotedRevision,
    c.canaryWeight,
    c.failedChecks,
    c.iterations,
    c.stepIndex,
    c.preRolloutDone,
    c.lastAnalysisAt === null,
    c.unreadySince === null,
    // Only blue/green reads canaryReady (its traffic switch).
    snapshot.machine.id === 'blueGreen' && c.canaryReady,
    c.config.skipAnalysis,
  ]);
}

const explored = new Map<ReleaseMachine, AdjacencyMap<ReleaseSnapshot, ReleaseEvent>>();

/** The adjacency map of every reachable abstract state under the representative events (computed once per machine). */
export function explore(machine: ReleaseMachine, strategy: Strategy): AdjacencyMap<ReleaseSnapshot, ReleaseEvent> {
  const known = explored.get(machine);
  if (known !== undefined) return known;
  const adjacency = walk(machine, strategy);
  explored.set(machine, adjacency);
  return adjacency;
}

function walk(machine: ReleaseMachine, strategy: Strategy): AdjacencyMap<ReleaseSnapshot, ReleaseEvent> {
  return getAdjacencyMap<ReleaseSnapshot, ReleaseEvent, ReleaseInput>(machine, {
    input: { config: explorationConfig(strategy), now: T0 },
    events: representativeEvents,
    serializeState: abstractState,
    serializeEvent: (event) => JSON.stringify(event),
    limit: 200_000,
  });
}

/** Every transition the machine declares, from `toDirectedGraph`. */
export function allEdges(machine: ReleaseMachine): DirectedGraphEdge[] {
  const collect = (node: DirectedGraphNode): DirectedGraphEdge[] => [...node.edges, ...node.children.flatMap(collect)];
  return collect(toDirectedGraph(machine));
}

function guardLabel(guard: unknown): string {
  if (guard === undefined) return '';
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'object' && guard !== null && 'type' in guard) {
    const params = 'params' in guard ? JSON.stringify(guard.params) : '';
    return `${String(guard.type)}${params}`;
  }
  if (typeof guard === 'function' && 'guards' in guard && Array.isArray(guard.guards)) {
    return `and(${guard.guards.map(guardLabel).join(', ')})`;
  }
  return 'inline guard';
}

/** A readable name for an edge: "analysing --TICK [checksFailed]--> analysing". */
export function edgeName(edge: DirectedGraphEdge): string {
  const guard = guardLabel(edge.transition.guard);
  return `${edge.source.id} --${edge.transition.eventType}${guard === '' ? '' : ` [${guard}]`}--> ${edge.target.id}`;
}

/** A state the walk reached and the events it was offered there. */
export interface Visit {
  state: ReleaseSnapshot;
  events: ReleaseEvent[];
}

/** The walk as a plain list (the adjacency map is keyed by branded strings). */
export function visits(adjacency: AdjacencyMap<ReleaseSnapshot, ReleaseEvent>): Visit[] {
  const values = Object.values(adjacency) as AdjacencyValue<ReleaseSnapshot, ReleaseEvent>[];
  return values.map(({ state, transitions }) => ({
    state,
    events: (Object.values(transitions) as { event: ReleaseEvent }[]).map(({ event }) => event),
  }));
}

/** The transition definitions taken anywhere in the walk. */
export function takenTransitions(
  machine: ReleaseMachine,
  adjacency: AdjacencyMap<ReleaseSnapshot, ReleaseEvent>,
): Set<AnyTransitionDefinition> {
  const taken = new Set<AnyTransitionDefinition>();
  for (const { state, events } of visits(adjacency)) {
    for (const event of events) {
      for (const definition of machine.getTransitionData(state, event)) taken.add(definition);
    }
  }
  return taken;
}
