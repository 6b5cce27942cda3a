import { expect } from 'chai';
import type { Canary } from '../../../src/api/canary-types.ts';
import { ActionAnnotation, actionMarker, alreadyActedOn, pendingAction, removalPatch } from '../../../src/controller/reconciler/operator-actions.ts';

function canaryWith(annotations: Record<string, string>, managedFields: unknown[] = []): Canary {
  return {
    apiVersion: 'glidepath.dev/v1alpha1', kind: 'Canary',
    metadata: { name: 'shop', namespace: 'ns', annotations, managedFields },
    spec: { targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'shop' }, service: { port: 80 }, analysis: {} },
  };
}

describe('reconciler operator actions', () => {
  it('finds an action annotation with its value and the field manager that set it', () => {
    const managed = [{ manager: 'kubectl-annotate', fieldsV1: { 'f:metadata': { 'f:annotations': { 'f:glidepath.dev/promote': {} } } } }];
    expect(pendingAction(canaryWith({ 'glidepath.dev/promote': 'now', other: 'x' }, managed))).to.deep.equal({
      annotation: ActionAnnotation.promote, value: 'now', type: 'PROMOTE', actor: 'kubectl-annotate',
    });
    expect(pendingAction(canaryWith({ other: 'x' }))).to.equal(null);
  });

  it('handles abort first when several actions are set', () => {
    expect(pendingAction(canaryWith({ 'glidepath.dev/promote': '1', 'glidepath.dev/abort': '1' }))?.type).to.equal('ABORT');
  });

  it('recognises an action already recorded in the last history entry, and only that value', () => {
    const action = { annotation: ActionAnnotation.pause, value: 'a', type: 'PAUSE' as const, actor: 'me' };
    const entry = { time: '2026-01-01T00:00:00Z', from: 'progressing.analysing', to: 'progressing.paused', event: 'PAUSE', message: `paused by me ${actionMarker(action)}` };
    expect(alreadyActedOn([entry], action)).to.equal(true);
    expect(alreadyActedOn([entry], { ...action, value: 'b' })).to.equal(false);
    expect(alreadyActedOn([entry, { ...entry, event: 'TICK', message: 'later' }], action)).to.equal(false);
    expect(alreadyActedOn(undefined, action)).to.equal(false);
  });

  it('removes the annotation only if it still holds the acted-on value (JSON patch test, escaped pointer)', () => {
    const action = { annotation: ActionAnnotation.retry, value: 'v1', type: 'RETRY' as const, actor: 'me' };
    expect(removalPatch(action)).to.deep.equal([
      { op: 'test', path: '/metadata/annotations/glidepath.dev~1retry', value: 'v1' },
      { op: 'remove', path: '/metadata/annotations/glidepath.dev~1retry' },
    ]);
  });
});
