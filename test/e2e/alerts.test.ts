// Release alerts end to end (sandbox + simulated mesh + real Prometheus + a real receiver on
// 127.0.0.1): AlertProviders applied with kubectl, one release promoted and one rolled back,
// each alert arriving once per transition at the severities subscribed, a missing provider
// reported as a Warning while the release goes on, and the address never in the controller log.
import { expect } from 'chai';
import { startEnvironment } from './fixtures/environment.ts';
import type { Environment } from './fixtures/environment.ts';
import { alertProvider, alertProviderWithSecret, expectGenericAlerts, genericReasons } from './fixtures/alert-steps.ts';
import { Given, app } from './fixtures/scenario.ts';
import type { Release } from './fixtures/scenario.ts';
import { expectPhase, expectPrimaryServes, expectWarning, newImage } from './fixtures/steps.ts';
import { WebhookReceiver } from './fixtures/webhook-receiver.ts';
import { WeightRecorder } from './fixtures/weight-recorder.ts';
import { waitFor } from '../helpers/wait-for.ts';

const NS = 'alerts-e2e';
const TOKEN = 'S3CRET-WEBHOOK-TOKEN';
const ALL = `/all/${TOKEN}`;
const ONCALL = `/oncall/${TOKEN}`;

const SUBSCRIPTIONS = [
  { name: 'team', severity: 'info', providerRef: { name: 'team-feed' } },
  { name: 'oncall', severity: 'error', providerRef: { name: 'oncall-chat', namespace: NS } },
];

describe('e2e: release alerts (AlertProvider, severities, real receiver)', function () {
  this.timeout(150_000);
  let env: Environment | undefined;
  let weights: WeightRecorder | undefined;
  const receiver = new WebhookReceiver();

  before(async function () {
    this.timeout(60_000);
    await receiver.start();
    env = await startEnvironment({ namespace: NS });
    weights = new WeightRecorder(env.kc, NS);
    await weights.start();
    const manifests = [...alertProviderWithSecret('team-feed', NS, 'generic', receiver.url(ALL)), alertProvider('oncall-chat', NS, 'slack', receiver.url(ONCALL))];
    await env.kubectl.ok(['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: manifests }) });
  });

  after(async function () {
    this.timeout(30_000);
    await weights?.stop();
    await env?.stop();
    await receiver.stop();
  });

  function started(): { env: Environment; weights: WeightRecorder } {
    if (env === undefined || weights === undefined) throw new Error('environment not started');
    return { env, weights };
  }

  function slackTexts(canary: string): string[] {
    return receiver.calls(ONCALL).map((c) => (c.body as { text?: string }).text ?? '').filter((text) => text.startsWith(`${canary}.${NS}:`));
  }

  it('a promoted release: info gets Initialized, NewRevision, Promoted once each; error gets nothing; a missing provider is a Warning and the release goes on', async () => {
    const { env: e, weights: w } = started();
    const alerts = [...SUBSCRIPTIONS, { name: 'nowhere', providerRef: { name: 'missing-provider' } }];
    const release: Release = await Given(e, app('promo', { threshold: 5, analysisExtra: { alerts } }), w)
      .Then(expectGenericAlerts(receiver, ALL, ['Initialized']))
      .When(newImage('v2'))
      .Then(expectPhase('Succeeded'))
      .And(expectPrimaryServes('v2'))
      .And(expectGenericAlerts(receiver, ALL, ['Initialized', 'NewRevision', 'Promoted']))
      .And(expectWarning('AlertProviderNotFound', /alert nowhere: AlertProvider alerts-e2e\/missing-provider does not exist/))
      .run();
    expect(slackTexts('promo')).to.deep.equal([]);
    const promoted = receiver.calls(ALL).map((c) => c.body as { name: string; reason: string; to: string; weight: number }).find((b) => b.name === 'promo' && b.reason === 'Promoted');
    expect(promoted).to.include({ to: 'succeeded' });
    expect((await release.canary()).status?.phase).to.equal('Succeeded');
  });

  it('a failed release: info gets NewRevision then Failed, error gets Failed only, in its Slack shape', async () => {
    const { env: e, weights: w } = started();
    await Given(e, app('broken', { analysisExtra: { alerts: SUBSCRIPTIONS } }), w)
      .When(newImage('v2', { 'sandbox.glidepath.dev/error-rate': '0.3' }))
      .Then(expectPhase('Failed'))
      .And(expectPrimaryServes('v1'))
      .And(expectGenericAlerts(receiver, ALL, ['Initialized', 'NewRevision', 'Failed']))
      .run();
    const texts = slackTexts('broken');
    expect(texts).to.have.length(1);
    expect(texts[0]).to.match(/Release of broken\.alerts-e2e failed: traffic rolled back to the primary/);
    const slack = receiver.calls(ONCALL).find((c) => ((c.body as { text?: string }).text ?? '').startsWith('broken.'))?.body as { channel?: string; attachments?: { color?: string }[] };
    expect(slack.channel).to.equal('releases');
    expect(slack.attachments?.[0]?.color).to.equal('#e01e5a');
  });

  it('a restarted controller sends nothing again: alerts come only from transitions a pass itself persisted', async () => {
    const { env: e, weights: w } = started();
    const before = receiver.calls(ALL).length + receiver.calls(ONCALL).length;
    await e.controller?.stop();
    const passes = new Map<string, number>();
    await e.startController({
      instrument: { reconcile: async (key, run) => { const result = await run(); passes.set(key, (passes.get(key) ?? 0) + 1); return result; } },
    });
    await waitFor(() => (passes.get(`${NS}/promo`) ?? 0) >= 1 && (passes.get(`${NS}/broken`) ?? 0) >= 1, { what: 'the new controller to reconcile both Canaries', timeoutMs: 20_000 });
    // A barrier: the queue is FIFO, so a re-sent alert from those passes would arrive no later than this new Canary's first one.
    await Given(e, app('marker', { analysisExtra: { alerts: [SUBSCRIPTIONS[0]] } }), w).Then(expectGenericAlerts(receiver, ALL, ['Initialized'])).run();
    expect(receiver.calls(ALL).length + receiver.calls(ONCALL).length).to.equal(before + 1);
    expect(genericReasons(receiver, ALL, 'promo')).to.deep.equal(['Initialized', 'NewRevision', 'Promoted']);
  });

  it('the webhook address (a credential) never appears in the controller log or in an Event', async () => {
    const { env: e } = started();
    expect(e.logs.length, 'the controller logged').to.be.greaterThan(0);
    expect(e.logs.filter((line) => line.includes('alert sent')).length, 'alert sends were logged').to.be.greaterThan(0);
    for (const line of e.logs) expect(line).to.not.include(TOKEN);
    const events = await e.kubectl.ok(['get', 'events', '-n', NS, '-o', 'json']);
    expect(events).to.not.include(TOKEN);
  });
});
