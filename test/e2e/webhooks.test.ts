// Webhooks end to end (sandbox + simulated mesh + real Prometheus + a real HTTP receiver on
// 127.0.0.1): the gates hold a release where docs/webhooks.md says, pre-rollout runs once per
// revision across a controller restart, failing check hooks count towards the threshold, a
// rollback hook aborts, post-rollout and event hooks are told, and a slow hook times out.
import { expect } from 'chai';
import type { Canary } from '../../src/api/canary-types.ts';
import { startEnvironment } from './fixtures/environment.ts';
import type { Environment } from './fixtures/environment.ts';
import { ConcurrentScenarios } from './fixtures/concurrent-scenarios.ts';
import { Given, With, app } from './fixtures/scenario.ts';
import type { Release } from './fixtures/scenario.ts';
import { expectPhase, expectPrimaryServes, expectWeightAtLeast, expectWeightsSeen, newImage } from './fixtures/steps.ts';
import { WeightRecorder } from './fixtures/weight-recorder.ts';
import { WebhookReceiver } from './fixtures/webhook-receiver.ts';
import { FLAGGER_PAYLOAD_KEYS, expectCalls, expectFlaggerPayload, expectHeld, hookFor, hookPath } from './fixtures/webhook-steps.ts';

const NS = 'webhooks';
const INTERVAL_MS = 2000;
const CLOSED = Object.freeze({ status: 500 });
const OPEN = Object.freeze({ status: 200 });
const GATE_METADATA = Object.freeze({ approver: 'release-team', ticket: 'CHG-42' });

function weightIs(weight: number, phase: string): (r: Release) => Promise<boolean> {
  return async (r) => (await r.routedWeight()) === weight && (await r.canary()).status?.phase === phase;
}

function checkNamed(canary: Canary, name: string): { verdict?: string; message?: string; kind?: string } | undefined {
  return canary.status?.checks?.find((c) => c.name === name);
}

/** What the gate scenario saw at each closed gate. */
interface GateOutcome {
  gated: Release;
  waitingMessage: string;
  v2Revision: string;
}

/** confirm-rollout, confirm-traffic-increase and confirm-promotion, each closed for a while and then opened. */
async function gateScenario(e: Environment, w: WeightRecorder, hooks: WebhookReceiver): Promise<GateOutcome> {
  const path = (type: string): string => hookPath('gated', type);
  for (const type of ['confirm-rollout', 'confirm-traffic-increase', 'confirm-promotion']) hooks.answer(path(type), CLOSED);
  const webhooks = [
    hookFor(hooks, 'gated', 'confirm-rollout', { metadata: GATE_METADATA }),
    hookFor(hooks, 'gated', 'confirm-traffic-increase'),
    hookFor(hooks, 'gated', 'confirm-promotion'),
    hookFor(hooks, 'gated', 'post-rollout'),
    hookFor(hooks, 'gated', 'event'),
  ];
  // Behind a closed confirm-traffic-increase the canary stays at 0% and gets no requests; its
  // metrics are not judged then (no data is not a failure of the canary), so the gate alone decides.
  const gated = await Given(e, app('gated', { stepWeight: 20, maxWeight: 40, webhooks }), w).run();
  await With(gated).When(newImage('v2')).Then(expectPhase('Waiting', 15_000)).And(expectCalls(hooks, path('confirm-rollout'), 2))
    .And(expectHeld('waits at weight 0 while confirm-rollout is closed', weightIs(0, 'Waiting'), 2 * INTERVAL_MS)).run();
  const waiting = await gated.canary();
  hooks.answer(path('confirm-rollout'), OPEN);
  await With(gated).Then(expectPhase('Progressing', 15_000)).And(expectCalls(hooks, path('confirm-traffic-increase'), 2))
    .And(expectHeld('holds weight 0 while confirm-traffic-increase is closed', weightIs(0, 'Progressing'), 2 * INTERVAL_MS)).run();
  hooks.answer(path('confirm-traffic-increase'), OPEN);
  await With(gated).Then(expectWeightAtLeast(40, 20_000)).And(expectPhase('WaitingPromotion', 15_000))
    .And(expectHeld('holds at the max weight while confirm-promotion is closed', weightIs(40, 'WaitingPromotion'), 2 * INTERVAL_MS)).run();
  hooks.answer(path('confirm-promotion'), OPEN);
  await With(gated).Then(expectPhase('Succeeded')).And(expectPrimaryServes('v2')).And(expectCalls(hooks, path('post-rollout'), 1))
    .And(expectHeld('post-rollout called once', () => Promise.resolve(hooks.calls(path('post-rollout')).length === 1), INTERVAL_MS)).run();
  return { gated, waitingMessage: waiting.status?.message ?? '', v2Revision: waiting.status?.revision ?? '' };
}

/** A successful pre-rollout hook, with the controller restarted after its result was persisted. */
async function preRolloutScenario(e: Environment, w: WeightRecorder, hooks: WebhookReceiver): Promise<Release> {
  const webhooks = [hookFor(hooks, 'prehook', 'pre-rollout', { metadata: { suite: 'smoke' } })];
  const prehook = await Given(e, app('prehook', { stepWeight: 20, maxWeight: 60, webhooks }), w).run();
  await With(prehook).When(newImage('v2')).Then(expectWeightAtLeast(20, 20_000)).run();
  // The first step is taken on the pre-rollout tick, so its result is in status now: restart.
  await e.controller?.stop();
  e.controller = await e.startController();
  await With(prehook).Then(expectPhase('Succeeded')).And(expectPrimaryServes('v2')).run();
  return prehook;
}

describe('e2e: webhooks (sandbox + simulated mesh + real Prometheus + a real receiver)', function () {
  this.timeout(180_000);
  let env: Environment | undefined;
  let weights: WeightRecorder | undefined;
  const hooks = new WebhookReceiver();
  const scenarios = new ConcurrentScenarios(() => env);

  before(async function () {
    this.timeout(60_000);
    await hooks.start();
    env = await startEnvironment({ namespace: NS });
    const recorder = new WeightRecorder(env.kc, NS);
    weights = recorder;
    await recorder.start();

    scenarios.launch('gates', (e) => gateScenario(e, recorder, hooks));
    scenarios.launch('pre-rollout', (e) => preRolloutScenario(e, recorder, hooks));

    scenarios.launch('pre-rollout failing', async (e) => {
      hooks.answer(hookPath('prefail', 'pre-rollout'), CLOSED);
      const webhooks = [hookFor(hooks, 'prefail', 'pre-rollout'), hookFor(hooks, 'prefail', 'post-rollout')];
      return Given(e, app('prefail', { webhooks }), recorder).When(newImage('v2'))
        .Then(expectPhase('Failed')).And(expectPrimaryServes('v1')).And(expectWeightsSeen([0]))
        .And(expectCalls(hooks, hookPath('prefail', 'post-rollout'), 1)).run();
    });

    scenarios.launch('rollout failing', async (e) => {
      hooks.answer(hookPath('rollcheck', 'rollout'), { status: 503 });
      return Given(e, app('rollcheck', { webhooks: [hookFor(hooks, 'rollcheck', 'rollout')] }), recorder).When(newImage('v2'))
        .Then(expectPhase('Failed')).And(expectPrimaryServes('v1')).And(expectWeightsSeen([0, 20, 0])).run();
    });

    scenarios.launch('rollback hook', async (e) => {
      hooks.answer(hookPath('killswitch', 'rollback'), CLOSED);
      const release = await Given(e, app('killswitch', { stepWeight: 10, maxWeight: 50, webhooks: [hookFor(hooks, 'killswitch', 'rollback')] }), recorder)
        .When(newImage('v2')).Then(expectWeightAtLeast(10, 20_000)).run();
      hooks.answer(hookPath('killswitch', 'rollback'), OPEN);
      return With(release).Then(expectPhase('Failed', 10_000)).And(expectPrimaryServes('v1')).run();
    });

    scenarios.launch('timeout', async (e) => {
      hooks.answer(hookPath('slowpoke', 'rollout'), { status: 200, delayMs: 3000 });
      const slow = hookFor(hooks, 'slowpoke', 'rollout', { timeout: '500ms', retries: 1 });
      return Given(e, app('slowpoke', { webhooks: [slow] }), recorder).When(newImage('v2'))
        .Then(expectPhase('Failed')).And(expectPrimaryServes('v1')).run();
    });
  });

  after(async function () {
    this.timeout(60_000);
    await scenarios.settle();
    await weights?.stop();
    await env?.stop();
    await hooks.stop();
  });

  it('confirm-rollout, confirm-traffic-increase and confirm-promotion hold the release while closed and let it go when opened', async () => {
    const { waitingMessage } = await scenarios.outcome<GateOutcome>('gates');
    expect(waitingMessage, 'the status says what the release waits for').to.match(/confirm-rollout/);
    const weightsSeen = weights?.weights('gated') ?? [];
    expect(weightsSeen, 'the weight never moved before its gate opened').to.deep.equal([0, 20, 40, 0]);
  });

  it('sends Flagger\'s payload: name, namespace, phase, checksum (the revision) and the hook\'s metadata', async () => {
    const { v2Revision } = await scenarios.outcome<GateOutcome>('gates');
    expect(v2Revision, 'the revision released').to.match(/^[0-9a-f]+$/);
    const [first] = hooks.calls(hookPath('gated', 'confirm-rollout'));
    expectFlaggerPayload(first, { name: 'gated', namespace: NS, phase: 'Waiting', checksum: v2Revision, metadata: { ...GATE_METADATA } });
    const post = hooks.calls(hookPath('gated', 'post-rollout'));
    expectFlaggerPayload(post[0], { name: 'gated', namespace: NS, phase: 'Succeeded', checksum: v2Revision, metadata: {} });
    const traffic = hooks.calls(hookPath('gated', 'confirm-traffic-increase'));
    expect(traffic.every((c) => (c.body as { phase?: string }).phase === 'Progressing'), 'confirm-traffic-increase runs while Progressing').to.equal(true);
  });

  it('the event webhook is told about every transition of the release', async () => {
    await scenarios.outcome<GateOutcome>('gates');
    const events = hooks.calls(hookPath('gated', 'event')).map((c) => c.body as { phase?: string; metadata?: Record<string, string> });
    const phases = events.map((e) => e.phase);
    expect(new Set(phases), `event phases ${JSON.stringify(phases)}`).to.include.members(['Initialized', 'Waiting', 'Progressing', 'WaitingPromotion', 'Succeeded']);
    for (const event of events) {
      expect(Object.keys(event).sort(), 'Flagger payload fields').to.deep.equal(FLAGGER_PAYLOAD_KEYS);
      expect(event.metadata?.eventType, 'eventType').to.be.oneOf(['Normal', 'Warning']);
      expect(Number(event.metadata?.timestamp), 'timestamp in ms').to.be.greaterThan(Date.parse('2020-01-01'));
    }
    const messages = events.map((e) => e.metadata?.eventMessage ?? '');
    expect(messages.some((m) => /→ waitingPromotion/.test(m)), `eventMessage per transition ${JSON.stringify(messages)}`).to.equal(true);
    expect(messages.at(-1), 'the last event is the release succeeding').to.match(/→ succeeded/);
  });

  it('pre-rollout runs once per revision, also across a controller restart', async () => {
    const prehook = await scenarios.outcome<Release>('pre-rollout');
    const calls = hooks.calls(hookPath('prehook', 'pre-rollout'));
    expect(calls, 'pre-rollout calls').to.have.length(1);
    const canary = await prehook.canary();
    expectFlaggerPayload(calls[0], { name: 'prehook', namespace: NS, phase: 'Progressing', checksum: canary.status?.revision ?? '', metadata: { suite: 'smoke' } });
    expect(prehook.weights.weights('prehook')).to.deep.equal([0, 20, 40, 60, 0]);
  });

  it('a failing pre-rollout hook counts as a failed check and rolls back before any traffic moved; post-rollout is told', async () => {
    const prefail = await scenarios.outcome<Release>('pre-rollout failing');
    const canary = await prefail.canary();
    expect(canary.status?.failedChecks).to.equal(2);
    expect(checkNamed(canary, 'prefail-pre-rollout')).to.include({ kind: 'pre-rollout', verdict: 'Failed' });
    expect(checkNamed(canary, 'prefail-pre-rollout')?.message).to.match(/answered 500/);
    expect(hooks.calls(hookPath('prefail', 'pre-rollout')), 'pre-rollout ran again on the next tick while it failed').to.have.length(2);
    expect((hooks.calls(hookPath('prefail', 'post-rollout'))[0]?.body as { phase?: string }).phase).to.equal('Failed');
  });

  it('a failing rollout hook counts towards the threshold and rolls back', async () => {
    const rollcheck = await scenarios.outcome<Release>('rollout failing');
    const canary = await rollcheck.canary();
    expect(canary.status?.failedChecks).to.equal(2);
    expect(checkNamed(canary, 'rollcheck-rollout')).to.include({ kind: 'rollout', verdict: 'Failed' });
    expect(canary.status?.message).to.match(/rollcheck-rollout/);
  });

  it('a rollback hook answering success aborts the release at once', async () => {
    const killswitch = await scenarios.outcome<Release>('rollback hook');
    const canary = await killswitch.canary();
    expect(canary.status?.failedChecks, 'not a failed check').to.equal(0);
    expect(Math.max(...killswitch.weights.weights('killswitch')), 'aborted before the last step').to.be.below(50);
    expect(canary.status?.message).to.match(/rollback/i);
  });

  it('a hook slower than its timeout fails (after its retries) with a message saying it timed out', async () => {
    const slowpoke = await scenarios.outcome<Release>('timeout');
    const canary = await slowpoke.canary();
    expect(canary.status?.failedChecks).to.equal(2);
    const check = checkNamed(canary, 'slowpoke-rollout');
    expect(check?.verdict).to.be.oneOf(['Failed', 'Error']);
    expect(check?.message).to.match(/timed out: no answer within 500 ms.* after 2 attempts/);
    expect(hooks.calls(hookPath('slowpoke', 'rollout')), 'one retry per failing tick').to.have.length(4);
  });
});
