import { expect } from 'chai';
import { machineEntries } from '../../machines/registry.ts';
import { statePaths } from '../../machines/persistence.ts';
import { machineGraph } from '../../src/page/machine-graph.ts';
import { layoutGraph, rankTopLevel } from '../../src/page/graph-layout.ts';
import { roundedPath } from '../../src/page/edge-routes.ts';
import { edgeFor, releaseStartIndex, takenEdges } from '../../src/page/taken-edges.ts';
import type { HistoryStatus } from '../../src/api/canary-types.ts';

function overlap(a: { x: number; y: number; w: number; h: number }, b: { x: number; y: number; w: number; h: number }): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

describe('page: machine graph and layout', () => {
  for (const entry of machineEntries()) {
    describe(`the ${entry.name} machine`, () => {
      const graph = machineGraph(entry.machine);
      const layout = layoutGraph(graph);

      it('has a node for every state the machine can be in, with its phase', () => {
        const leaves = graph.nodes.filter((n) => !n.compound).map((n) => n.id);
        expect(leaves.sort()).to.deep.equal(statePaths(entry.machine).sort());
        for (const node of graph.nodes) expect(node.phase, node.id).to.not.equal('');
      });

      it('draws transitions from the definition, merged per pair and without self-loops', () => {
        const ids = graph.edges.map((e) => e.id);
        expect(new Set(ids).size).to.equal(ids.length);
        expect(graph.edges.every((e) => e.source !== e.target)).to.equal(true);
        expect(graph.edges.find((e) => e.id === 'progressing->promoting')?.events).to.include('PROMOTE');
        expect(graph.edges.find((e) => e.id === 'failed->waiting')?.events).to.include.members(['NEW_REVISION', 'RETRY']);
        expect(graph.edges.find((e) => e.id === 'progressing.analysing->progressing.paused')?.events).to.deep.equal(['PAUSE']);
      });

      it('ranks states left to right in release order', () => {
        const rank = rankTopLevel(graph);
        const r = (id: string): number => rank.get(id) ?? -1;
        expect(r('initializing')).to.equal(0);
        expect(r('initialized')).to.be.below(r('waiting'));
        expect(r('waiting')).to.be.below(r('progressing'));
        expect(r('progressing')).to.be.below(r('promoting'));
        expect(r('promoting')).to.be.below(r('finalising'));
        expect(r('finalising')).to.be.below(r('succeeded'));
      });

      it('places nodes inside the drawing without overlaps, children inside their compound state', () => {
        const tops = layout.nodes.filter((n) => n.parent === null);
        for (const node of layout.nodes) {
          expect(node.x, node.id).to.be.at.least(0);
          expect(node.y, node.id).to.be.at.least(0);
          expect(node.x + node.w, node.id).to.be.at.most(layout.width);
          expect(node.y + node.h, node.id).to.be.at.most(layout.height);
        }
        for (const a of tops) for (const b of tops) if (a !== b) expect(overlap(a, b), `${a.id} overlaps ${b.id}`).to.equal(false);
        for (const child of layout.nodes.filter((n) => n.parent !== null)) {
          const parent = layout.nodes.find((n) => n.id === child.parent);
          expect(parent, child.id).to.not.equal(undefined);
          if (parent === undefined) continue;
          expect(child.x).to.be.above(parent.x);
          expect(child.y + child.h).to.be.below(parent.y + parent.h);
        }
      });

      it('routes every edge with a path that starts and ends inside the drawing', () => {
        for (const edge of layout.edges) {
          expect(edge.path, edge.id).to.match(/^M[\d.-]+,[\d.-]+/);
          const numbers = [...edge.path.matchAll(/(-?[\d.]+),(-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])] as const);
          for (const [x, y] of numbers) {
            expect(x, edge.id).to.be.within(0, layout.width);
            expect(y, edge.id).to.be.within(0, layout.height);
          }
        }
      });
    });
  }

  it('rounds corners of a polyline and keeps its ends', () => {
    const path = roundedPath([[0, 0], [0, 10], [20, 10]], 4);
    expect(path.startsWith('M0,0')).to.equal(true);
    expect(path).to.include('Q0,10 4,10');
    expect(path.endsWith('L20,10')).to.equal(true);
  });
});

describe('page: transitions taken in the current release', () => {
  const graph = machineGraph(machineEntries()[0]!.machine);
  const entry = (from: string, to: string, event: string, time = '2026-01-01T00:00:00Z'): HistoryStatus => ({ time, from, to, event, weight: 0, message: '' });

  it('maps a history entry to the most specific drawn edge for its event', () => {
    expect(edgeFor(graph.edges, entry('progressing.analysing', 'promoting', 'PROMOTE'))?.id).to.equal('progressing->promoting');
    expect(edgeFor(graph.edges, entry('progressing.analysing', 'promoting', 'TICK'))?.id).to.equal('progressing.analysing->promoting');
    expect(edgeFor(graph.edges, entry('waiting', 'progressing.analysing', 'TICK'))?.id).to.equal('waiting->progressing');
    expect(edgeFor(graph.edges, entry('succeeded', 'failed', 'TICK'))).to.equal(undefined);
  });

  it('starts the release at the latest new revision or retry and ignores earlier releases', () => {
    const history = [
      entry('initializing', 'initialized', 'TICK', 't0'),
      entry('initialized', 'waiting', 'NEW_REVISION', 't1'),
      entry('waiting', 'failed', 'ABORT', 't2'),
      entry('failed', 'waiting', 'RETRY', 't3'),
      entry('waiting', 'progressing.analysing', 'TICK', 't4'),
      entry('progressing.analysing', 'progressing.analysing', 'TICK', 't5'),
    ];
    expect(releaseStartIndex(history)).to.equal(3);
    const taken = takenEdges(graph, history);
    expect(taken.releaseStart).to.equal('t3');
    expect(taken.edges.sort()).to.deep.equal(['failed->waiting', 'waiting->progressing']);
  });

  it('an empty history takes nothing', () => {
    expect(takenEdges(graph, [])).to.deep.equal({ edges: [], releaseStart: null });
  });
});
