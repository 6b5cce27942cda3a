// Alert delivery against a real HTTP receiver on 127.0.0.1: severity routing, bounded retries,
// timeouts, the proxy path, bad providers, and that the address never reaches logs or Events.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { expect } from 'chai';
import type { AlertProvider } from '../../../src/api/alert-provider-types.ts';
import type { Canary, CanaryAlert } from '../../../src/api/canary-types.ts';
import { AlertDispatcher } from '../../../src/controller/alerts/alert-dispatcher.ts';
import type { PostPolicy } from '../../../src/controller/alerts/alert-post.ts';
import { createLogger } from '../../../src/controller/runtime/logger.ts';
import { WebhookReceiver } from '../../e2e/fixtures/webhook-receiver.ts';
import { waitFor } from '../../helpers/wait-for.ts';
import { canaryWith, entry } from './alert-fixtures.ts';

const TOKEN = 'T0K3N-SECRET-PATH';
const INSTANT: PostPolicy = { attempts: 3, timeoutMs: 2000, delayMs: () => 0, sleep: () => Promise.resolve() };

interface Warning { reason: string; message: string }

describe('alerts: delivery to a real HTTP receiver', function () {
  this.timeout(20_000);
  const receiver = new WebhookReceiver();
  const logs: string[] = [];
  let warnings: Warning[] = [];
  let providers: AlertProvider[] = [];

  before(async () => { await receiver.start(); });
  after(async () => { await receiver.stop(); });
  beforeEach(() => { warnings = []; providers = []; });
  afterEach(() => {
    for (const line of logs) expect(line, 'a log line').to.not.include(TOKEN);
    for (const w of warnings) expect(w.message, 'a Warning').to.not.include(TOKEN);
  });

  function provider(name: string, spec: Record<string, unknown>): void {
    providers.push({ apiVersion: 'glidepath.dev/v1alpha1', kind: 'AlertProvider', metadata: { name, namespace: 'shop-ns' }, spec } as unknown as AlertProvider);
  }

  function dispatcher(policy: PostPolicy = INSTANT, extra: { maxQueued?: number; concurrency?: number } = {}): AlertDispatcher {
    return new AlertDispatcher({
      resolution: {
        readProvider: (ns, n) => Promise.resolve(providers.find((p) => p.metadata.namespace === ns && p.metadata.name === n)),
        readSecret: () => Promise.resolve(undefined),
      },
      warn: (_canary: Canary, reason, message) => { warnings.push({ reason, message }); return Promise.resolve(); },
      logger: createLogger({ level: 'debug', sink: (line) => { logs.push(line); } }),
      policy, ...extra,
    });
  }

  function subscribe(...alerts: CanaryAlert[]): Canary {
    return canaryWith(alerts);
  }

  it('routes by severity: info gets the start, the promotion and the failure; error gets only the failure', async () => {
    provider('chat', { type: 'slack', address: receiver.url(`/sev/slack/${TOKEN}`), channel: 'rel' });
    provider('pager', { type: 'generic', address: receiver.url(`/sev/generic/${TOKEN}`) });
    const canary = subscribe({ name: 'all', severity: 'info', providerRef: { name: 'chat' } }, { name: 'oncall', severity: 'error', providerRef: { name: 'pager' } });
    const d = dispatcher();
    d.enqueue(canary, [entry('succeeded', 'waiting', 'NEW_REVISION'), entry('finalising', 'succeeded')], 0);
    d.enqueue(canary, [entry('progressing.analysing', 'failed', 'TICK', { message: 'threshold reached' })], 3);
    await d.idle();
    const slack = receiver.calls(`/sev/slack/${TOKEN}`).map((c) => (c.body as { text: string; channel: string }));
    expect(slack.map((b) => b.text.replace(/^shop\.shop-ns: /, '').split(':')[0])).to.deep.equal([
      'New revision detected', 'Release of shop.shop-ns promoted', 'Release of shop.shop-ns failed',
    ]);
    expect(slack[0]?.channel).to.equal('rel');
    const generic = receiver.calls(`/sev/generic/${TOKEN}`).map((c) => c.body as { reason: string; severity: string; message: string });
    expect(generic.map((b) => [b.reason, b.severity, b.message])).to.deep.equal([['Failed', 'error', 'threshold reached']]);
    expect(receiver.calls(`/sev/generic/${TOKEN}`)[0]?.contentType).to.equal('application/json');
    expect(d.sent).to.equal(4);
    expect(warnings).to.deep.equal([]);
  });

  it('a 500 is retried a bounded number of times, then becomes one Warning that does not quote the address', async () => {
    receiver.answer(`/flaky/${TOKEN}`, { status: 500 });
    provider('p', { type: 'discord', address: receiver.url(`/flaky/${TOKEN}`) });
    const d = dispatcher();
    d.enqueue(subscribe({ name: 'a', providerRef: { name: 'p' } }), [entry('finalising', 'succeeded')]);
    await d.idle();
    expect(receiver.calls(`/flaky/${TOKEN}`)).to.have.length(3);
    expect(warnings).to.have.length(1);
    expect(warnings[0]?.reason).to.equal('AlertFailed');
    expect(warnings[0]?.message).to.match(/^alert a \(Promoted\) via AlertProvider shop-ns\/p \(discord\) failed: HTTP 500 after 3 attempts; the release goes on$/);
  });

  it('a 400 is not retried', async () => {
    receiver.answer(`/bad/${TOKEN}`, { status: 400 });
    provider('p', { type: 'msteams', address: receiver.url(`/bad/${TOKEN}`) });
    const d = dispatcher();
    d.enqueue(subscribe({ name: 'a', providerRef: { name: 'p' } }), [entry('finalising', 'succeeded')]);
    await d.idle();
    expect(receiver.calls(`/bad/${TOKEN}`)).to.have.length(1);
    expect(warnings[0]?.message).to.match(/failed: HTTP 400;/);
  });

  it('a receiver that does not answer times out per attempt', async () => {
    receiver.answer(`/slow/${TOKEN}`, { status: 200, delayMs: 5000 });
    provider('p', { type: 'gchat', address: receiver.url(`/slow/${TOKEN}`) });
    const d = dispatcher({ ...INSTANT, attempts: 2, timeoutMs: 150 });
    const started = Date.now();
    d.enqueue(subscribe({ name: 'a', providerRef: { name: 'p' } }), [entry('finalising', 'succeeded')]);
    expect(Date.now() - started, 'enqueue returns at once').to.be.below(50);
    await d.idle();
    expect(receiver.calls(`/slow/${TOKEN}`)).to.have.length(2);
    expect(warnings[0]?.message).to.match(/failed: no answer within 150 ms after 2 attempts/);
  });

  it('a missing provider, or one with no address, is a Warning naming it; nothing is sent', async () => {
    provider('empty', { type: 'slack' });
    const d = dispatcher();
    d.enqueue(subscribe({ name: 'gone', providerRef: { name: 'nope' } }, { name: 'blank', providerRef: { name: 'empty' } }), [entry('finalising', 'succeeded')]);
    await d.idle();
    expect(warnings.map((w) => w.reason).sort()).to.deep.equal(['AlertProviderInvalid', 'AlertProviderNotFound']);
    expect(warnings.map((w) => w.message).join('\n')).to.match(/AlertProvider shop-ns\/nope does not exist/).and.match(/AlertProvider shop-ns\/empty: no address/);
  });

  it('the queue is bounded: past maxQueued, and after stop, deliveries are dropped and counted', async () => {
    receiver.answer(`/bounded/${TOKEN}`, { status: 200, delayMs: 100 });
    provider('p', { type: 'generic', address: receiver.url(`/bounded/${TOKEN}`) });
    const d = dispatcher(INSTANT, { maxQueued: 2, concurrency: 1 });
    const canary = subscribe({ name: 'a', providerRef: { name: 'p' } });
    d.enqueue(canary, [1, 2, 3, 4, 5].map(() => entry('finalising', 'succeeded')));
    // One in flight, two queued, two dropped.
    expect(d.dropped).to.equal(2);
    await d.stop(5000);
    d.enqueue(canary, [entry('finalising', 'succeeded')]);
    expect(d.dropped).to.equal(3);
    expect(receiver.calls(`/bounded/${TOKEN}`)).to.have.length(3);
  });

  describe('through an HTTP proxy', () => {
    let proxy: Server;
    const seen: { method: string; url: string; host: string; body: string }[] = [];
    const tunnels: string[] = [];
    before(async () => {
      proxy = createServer((req, res) => {
        let body = '';
        req.on('data', (chunk: Buffer) => { body += chunk.toString('utf8'); });
        req.on('end', () => { seen.push({ method: req.method ?? '', url: req.url ?? '', host: req.headers.host ?? '', body }); res.writeHead(204).end(); });
      });
      // This proxy refuses every tunnel, as one that forbids the destination would.
      proxy.on('connect', (req: { url?: string }, socket: Socket) => {
        tunnels.push(req.url ?? '');
        socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      });
      await new Promise<void>((resolve) => { proxy.listen(0, '127.0.0.1', () => { resolve(); }); });
    });
    after(async () => { await new Promise<void>((resolve) => { proxy.close(() => { resolve(); }); }); });

    it('an http address goes to the proxy with the absolute URL as the request target', async () => {
      const port = (proxy.address() as AddressInfo).port;
      provider('p', { type: 'rocket', address: `http://alerts.example.test:8080/hooks/${TOKEN}`, proxy: `http://127.0.0.1:${String(port)}` });
      const d = dispatcher();
      d.enqueue(subscribe({ name: 'a', providerRef: { name: 'p' } }), [entry('finalising', 'succeeded')]);
      await d.idle();
      await waitFor(() => seen.length === 1, { what: 'the proxied request' });
      expect(seen[0]).to.include({ method: 'POST', url: `http://alerts.example.test:8080/hooks/${TOKEN}`, host: 'alerts.example.test:8080' });
      expect(JSON.parse(seen[0]?.body ?? '{}')).to.have.property('attachments');
      expect(warnings).to.deep.equal([]);
    });

    it('an https address asks the proxy for a CONNECT tunnel to host:443; a refused tunnel is a retried failure', async () => {
      const port = (proxy.address() as AddressInfo).port;
      provider('p', { type: 'slack', address: `https://alerts.example.test/hooks/${TOKEN}`, proxy: `http://127.0.0.1:${String(port)}` });
      const d = dispatcher();
      d.enqueue(subscribe({ name: 'a', providerRef: { name: 'p' } }), [entry('finalising', 'succeeded')]);
      await d.idle();
      expect(tunnels).to.deep.equal(['alerts.example.test:443', 'alerts.example.test:443', 'alerts.example.test:443']);
      expect(warnings[0]?.message).to.match(/failed: proxy CONNECT 403 after 3 attempts/);
    });
  });
});
