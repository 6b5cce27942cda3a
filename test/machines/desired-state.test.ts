import { expect } from 'chai';
import { promotedConditionOf } from '../../machines/desired-state.ts';
import { Phase, Strategy } from '../../machines/release-types.ts';
import type { DesiredState, ReleaseConfig } from '../../machines/release-types.ts';
import { Release } from './release-driver.ts';

const closedPromotion = { confirmRollout: true, confirmTrafficIncrease: true, confirmPromotion: false };

const configs: Readonly<Record<Strategy, Partial<ReleaseConfig>>> = {
  canary: { stepWeights: [10, 20, 50] },
  blueGreen: { iterations: 2, mirror: true, mirrorWeight: 0 },
  abTesting: { iterations: 2 },
};

/** Brings a release of the strategy into a state along the happy path (promotion gate closed). */
function reach(strategy: Strategy, state: string): Release {
  const release = Release.of(strategy, configs[strategy]);
  const steps: readonly [string, () => void][] = [
    ['initializing', () => undefined],
    ['initialized', () => release.bootstrapped()],
    ['waiting', () => release.newRevision('B')],
    ['progressing.analysing', () => release.tick().analyse([], { gates: closedPromotion }).wait(10_000).analyse([], { gates: closedPromotion })],
    ['progressing.paused', () => release.operator('PAUSE')],
    ['waitingPromotion', () => release.operator('RESUME').analyseUntil((r) => r.state() !== 'progressing.analysing', { gates: closedPromotion })],
    ['promoting', () => release.wait(1).tick()],
    ['finalising', () => release.tick()],
    ['succeeded', () => release.tick()],
  ];
  for (const [name, go] of steps) {
    go();
    if (name === state) return release;
  }
  return release.newRevision('C').operator('ABORT');
}

/** [canaryWeight, mirrorWeight, routeMatchedToCanary, canaryRunning, promoteTemplate] */
function desired(...[canaryWeight, mirrorWeight, routeMatchedToCanary, canaryRunning, promoteTemplate]: [number, number, boolean, boolean, boolean]): DesiredState {
  return { canaryWeight, mirrorWeight, routeMatchedToCanary, canaryRunning, promoteTemplate };
}

const AT_REST = desired(0, 0, false, false, false);

const table: Readonly<Record<string, Readonly<Record<Strategy, DesiredState>>>> = {
  initializing: { canary: AT_REST, blueGreen: AT_REST, abTesting: AT_REST },
  initialized: { canary: AT_REST, blueGreen: AT_REST, abTesting: AT_REST },
  waiting: { canary: AT_REST, blueGreen: AT_REST, abTesting: AT_REST },
  'progressing.analysing': {
    canary: desired(20, 0, false, true, false),
    blueGreen: desired(0, 100, false, true, false),
    abTesting: desired(0, 0, true, true, false),
  },
  'progressing.paused': {
    canary: desired(20, 0, false, true, false),
    blueGreen: desired(0, 100, false, true, false),
    abTesting: desired(0, 0, true, true, false),
  },
  waitingPromotion: {
    canary: desired(50, 0, false, true, false),
    blueGreen: desired(0, 100, false, true, false),
    abTesting: desired(0, 0, true, true, false),
  },
  promoting: {
    canary: desired(50, 0, false, true, true),
    blueGreen: desired(100, 0, false, true, true),
    abTesting: desired(0, 0, true, true, true),
  },
  finalising: { canary: AT_REST, blueGreen: AT_REST, abTesting: AT_REST },
  succeeded: { canary: AT_REST, blueGreen: AT_REST, abTesting: AT_REST },
  failed: { canary: AT_REST, blueGreen: AT_REST, abTesting: AT_REST },
};

const phases: Readonly<Record<string, Phase>> = {
  initializing: Phase.Initializing,
  initialized: Phase.Initialized,
  waiting: Phase.Waiting,
  'progressing.analysing': Phase.Progressing,
  'progressing.paused': Phase.Progressing,
  waitingPromotion: Phase.WaitingPromotion,
  promoting: Phase.Promoting,
  finalising: Phase.Finalising,
  succeeded: Phase.Succeeded,
  failed: Phase.Failed,
};

describe('desired state', () => {
  for (const [state, row] of Object.entries(table)) {
    for (const strategy of Object.values(Strategy)) {
      it(`${strategy} in ${state}`, () => {
        const release = reach(strategy, state);
        expect(release.state()).to.equal(state);
        expect(release.phase()).to.equal(phases[state]);
        expect(release.desired()).to.deep.equal(row[strategy]);
      });
    }
  }

  it("maps phases to Flagger's Promoted condition", () => {
    expect(promotedConditionOf(Phase.Initialized)).to.equal('True');
    expect(promotedConditionOf(Phase.Succeeded)).to.equal('True');
    expect(promotedConditionOf(Phase.Failed)).to.equal('False');
    expect(promotedConditionOf(Phase.Progressing)).to.equal('Unknown');
  });
});
