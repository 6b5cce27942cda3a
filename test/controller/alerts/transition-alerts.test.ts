import { expect } from 'chai';
import { severityReaches, thresholdOf } from '../../../src/controller/alerts/alert-severity.ts';
import { alertsForEntries } from '../../../src/controller/alerts/transition-alerts.ts';
import type { AlertSeverity } from '../../../src/api/alert-provider-types.ts';
import { canaryWith, entry } from './alert-fixtures.ts';

describe('alerts: severity filter', () => {
  const table: [AlertSeverity, AlertSeverity, boolean][] = [
    ['info', 'info', true], ['warn', 'info', true], ['error', 'info', true],
    ['info', 'warn', false], ['warn', 'warn', true], ['error', 'warn', true],
    ['info', 'error', false], ['warn', 'error', false], ['error', 'error', true],
  ];
  for (const [severity, threshold, reaches] of table) {
    it(`a ${severity} alert ${reaches ? 'reaches' : 'does not reach'} a ${threshold} subscription`, () => {
      expect(severityReaches(severity, threshold)).to.equal(reaches);
    });
  }

  it('an absent or empty severity means info', () => {
    expect(thresholdOf({})).to.equal('info');
    expect(thresholdOf({ severity: '' })).to.equal('info');
    expect(thresholdOf({ severity: 'error' })).to.equal('error');
  });
});

describe('alerts: which transitions alert', () => {
  const canary = canaryWith([]);
  const reasons = (entries: ReturnType<typeof entry>[], c = canary): string[] => alertsForEntries(c, entries).map((a) => `${a.severity}:${a.reason}`);

  it('bootstrap done is info Initialized', () => {
    expect(reasons([entry('initializing', 'initialized')])).to.deep.equal(['info:Initialized']);
  });

  it('a new revision at rest is info NewRevision; mid-release it is warn AnalysisRestarted', () => {
    expect(reasons([entry('succeeded', 'waiting', 'NEW_REVISION')])).to.deep.equal(['info:NewRevision']);
    expect(reasons([entry('progressing.analysing', 'waiting', 'NEW_REVISION')])).to.deep.equal(['warn:AnalysisRestarted']);
  });

  it('going back to the promoted revision is info RevisionWithdrawn', () => {
    expect(reasons([entry('progressing.analysing', 'initialized', 'NEW_REVISION')])).to.deep.equal(['info:RevisionWithdrawn']);
  });

  it('promotion is info Promoted and a rollback or abort is error Failed', () => {
    expect(reasons([entry('finalising', 'succeeded')])).to.deep.equal(['info:Promoted']);
    expect(reasons([entry('progressing.analysing', 'failed')])).to.deep.equal(['error:Failed']);
    expect(reasons([entry('progressing.analysing', 'failed', 'ABORT', { actor: 'alice' })])).to.deep.equal(['error:Failed']);
  });

  it('weight steps and failed checks inside a state do not alert', () => {
    expect(reasons([entry('progressing.analysing', 'progressing.analysing', 'TICK', { weight: 40 })])).to.deep.equal([]);
    expect(reasons([entry('failed', 'failed')])).to.deep.equal([]);
  });

  it('entering a gate with a confirm webhook warns once, unless the gate opened in the same pass or every gate hook mutes alerts', () => {
    const gated = canaryWith([], [{ name: 'approve', type: 'confirm-promotion', url: 'http://x' }]);
    expect(reasons([entry('progressing.analysing', 'waitingPromotion')], gated)).to.deep.equal(['warn:WaitingApproval']);
    expect(reasons([entry('progressing.analysing', 'waitingPromotion'), entry('waitingPromotion', 'promoting')], gated)).to.deep.equal([]);
    const muted = canaryWith([], [{ name: 'approve', type: 'confirm-promotion', url: 'http://x', muteAlert: true }]);
    expect(reasons([entry('progressing.analysing', 'waitingPromotion')], muted)).to.deep.equal([]);
    expect(reasons([entry('progressing.analysing', 'waitingPromotion')])).to.deep.equal([]);
  });

  it('a new revision into a closed confirm-rollout gate gives both the start and the wait', () => {
    const gated = canaryWith([], [{ name: 'go', type: 'confirm-rollout', url: 'http://x' }]);
    expect(reasons([entry('initialized', 'waiting', 'NEW_REVISION')], gated)).to.deep.equal(['info:NewRevision', 'warn:WaitingApproval']);
  });

  it('ids are stable per transition and differ between transitions', () => {
    const e = entry('finalising', 'succeeded');
    const first = alertsForEntries(canary, [e])[0]?.id;
    expect(first).to.be.a('string').and.equal(alertsForEntries(canary, [e])[0]?.id);
    expect(alertsForEntries(canary, [entry('finalising', 'succeeded')])[0]?.id).to.not.equal(first);
  });
});
