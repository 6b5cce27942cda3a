import { expect } from 'chai';
import { getShortestPaths } from 'xstate/graph';
import { statePaths } from '../../machines/persistence.ts';
import { machineEntries } from '../../machines/registry.ts';
import { start, stateOf, step } from '../../machines/run.ts';
import { T0 } from './release-driver.ts';
import {
  abstractState,
  allEdges,
  edgeName,
  explore,
  explorationConfig,
  representativeEvents,
  takenTransitions,
  visits,
} from './exploration.ts';

describe('machine graphs', () => {
  for (const entry of machineEntries()) {
    describe(`${entry.name} (version ${entry.version})`, () => {
      let adjacency: ReturnType<typeof explore> = {};
      let reached = new Set<string>();
      before(() => {
        adjacency = explore(entry.machine, entry.strategy);
        reached = new Set(visits(adjacency).map(({ state }) => stateOf(state)));
      });

      it('reaches every state', () => {
        const missing = statePaths(entry.machine).filter((path) => !reached.has(path));
        expect(missing, `unreachable states: ${missing.join(', ')}`).to.deep.equal([]);
      });

      it('exercises every declared transition (a new transition without a test fails here by name)', () => {
        const taken = takenTransitions(entry.machine, adjacency);
        const edges = allEdges(entry.machine);
        expect(edges.length).to.be.greaterThan(30);
        const uncovered = edges.filter((edge) => !taken.has(edge.transition)).map(edgeName);
        expect(uncovered, `transitions never taken:\n  ${uncovered.join('\n  ')}`).to.deep.equal([]);
      });

      it('has shortest paths (xstate/graph) to every state that replay to the same state through run.step', () => {
        const paths = getShortestPaths<typeof entry.machine>(entry.machine, {
          input: { config: explorationConfig(entry.strategy), now: T0 },
          events: representativeEvents,
          serializeState: abstractState,
        });
        const firstPerState = new Map<string, (typeof paths)[number]>();
        for (const path of paths) {
          const name = stateOf(path.state);
          const best = firstPerState.get(name);
          if (best === undefined || path.steps.length < best.steps.length) firstPerState.set(name, path);
        }
        expect([...firstPerState.keys()].sort()).to.deep.equal(statePaths(entry.machine).sort());
        for (const [name, path] of firstPerState) {
          let snapshot = start(entry.strategy, explorationConfig(entry.strategy), T0);
          for (const { event } of path.steps.slice(1)) snapshot = step(snapshot, event).snapshot;
          expect(abstractState(snapshot), `replaying the path to ${name}`).to.equal(abstractState(path.state));
        }
      });
    });
  }
});
