// Reading the controller's verdict on an action request from a Canary and its Events.
import { expect } from 'chai';
import type { CoreV1Event } from '@kubernetes/client-node';
import type { Canary } from '../../src/api/canary-types.ts';
import { markerOf, outcomeOf, stillPending } from '../../src/cli/actions/action-outcome.ts';
import type { ActionRequestRecord } from '../../src/cli/actions/action-outcome.ts';

const REQUEST: ActionRequestRecord = { action: 'promote', value: '2026-01-01T00:00:00.000Z-abcd', requestedAt: Date.parse('2026-01-01T00:00:00Z') };

function canary(annotations: Record<string, string>, history: { message: string }[] = []): Canary {
  return {
    metadata: { name: 'shop', namespace: 'ns', annotations },
    spec: { analysis: {} },
    status: { phase: 'Promoting', history: history.map((h) => ({ time: '', from: 'progressing.analysing', to: 'promoting', event: 'PROMOTE', weight: 20, ...h })) },
  } as unknown as Canary;
}

function refusal(message: string, time: string): CoreV1Event {
  const event: unknown = { type: 'Warning', reason: 'ActionRefused', message, lastTimestamp: new Date(time), involvedObject: { kind: 'Canary', name: 'shop' }, metadata: {} };
  return event as CoreV1Event;
}

describe('action outcome', () => {
  it('is pending while the annotation holds the requested value', () => {
    const c = canary({ 'glidepath.dev/promote': REQUEST.value });
    expect(stillPending(c, REQUEST)).to.equal(true);
    expect(outcomeOf(c, [], REQUEST)).to.deep.equal({ kind: 'pending' });
  });

  it('is acted when a history entry ends with the marker of this very value', () => {
    expect(markerOf('promote', REQUEST.value)).to.equal(`(annotation glidepath.dev/promote="${REQUEST.value}")`);
    const c = canary({}, [{ message: 'older (annotation glidepath.dev/promote="other")' }, { message: `promoted by glidepath-cli ${markerOf('promote', REQUEST.value)}` }]);
    const outcome = outcomeOf(c, [], REQUEST);
    expect(outcome.kind).to.equal('acted');
    expect(outcome.kind === 'acted' ? outcome.phase : '').to.equal('Promoting');
  });

  it('is refused when an ActionRefused Event for this annotation was recorded since the request', () => {
    const events = [
      refusal('glidepath.dev/promote: stale refusal', '2025-12-31T23:59:00Z'),
      refusal('glidepath.dev/pause: about another action', '2026-01-01T00:00:01Z'),
      refusal('glidepath.dev/promote: promote is not possible while Succeeded: nothing is progressing', '2026-01-01T00:00:00Z'),
    ];
    expect(outcomeOf(canary({}), events, REQUEST)).to.deep.equal({ kind: 'refused', reason: 'promote is not possible while Succeeded: nothing is progressing' });
  });

  it('is superseded when someone else set another value, and unrecorded when nothing says what happened', () => {
    expect(outcomeOf(canary({ 'glidepath.dev/promote': 'manual' }), [], REQUEST)).to.deep.equal({ kind: 'superseded', value: 'manual' });
    expect(outcomeOf(canary({}), [refusal('glidepath.dev/promote: old', '2025-12-31T23:00:00Z')], REQUEST)).to.deep.equal({ kind: 'unrecorded' });
  });
});
