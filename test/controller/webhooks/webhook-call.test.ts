import { expect } from 'chai';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Canary, CanaryWebhook } from '../../../src/api/canary-types.ts';
import { callWebhook } from '../../../src/controller/webhooks/webhook-call.ts';
import { webhookPayload, webhooksOfType, webhookTypeOf } from '../../../src/controller/webhooks/webhook-payload.ts';

interface Received {
  path: string;
  contentType: string | undefined;
  body: unknown;
}

type Behaviour = (req: IncomingMessage, res: ServerResponse, attempt: number) => void;

const canary: Canary = {
  apiVersion: 'glidepath.dev/v1alpha1',
  kind: 'Canary',
  metadata: { name: 'podinfo', namespace: 'shop', uid: 'u1' },
  spec: {
    targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'podinfo' },
    service: { port: 9898 },
    analysis: {
      webhooks: [
        { name: 'gate', type: 'confirm-rollout', url: 'http://127.0.0.1:1/gate' },
        { name: 'load', url: 'http://127.0.0.1:1/load', metadata: { cmd: 'hey -z 1m' } },
        { name: 'smoke', type: '', url: 'http://127.0.0.1:1/smoke' },
      ],
    },
  },
};
const FAST_RETRY = { retryBackoff: { initialMs: 5, maxMs: 10 } };

describe('webhooks', () => {
  let server: Server | undefined;
  let base = '';
  let received: Received[] = [];
  let behaviour: Behaviour = (_req, res) => { res.end('ok'); };

  before(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ path: req.url ?? '', contentType: req.headers['content-type'], body: JSON.parse(Buffer.concat(chunks).toString() || 'null') });
        behaviour(req, res, received.length);
      });
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  beforeEach(() => { received = []; });

  after(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  const hook = (extra: Partial<CanaryWebhook> = {}): CanaryWebhook => ({ name: 'load', url: `${base}/hook`, metadata: { cmd: 'run' }, ...extra });
  const payload = (h: CanaryWebhook) => webhookPayload(canary, h, { phase: 'Progressing', checksum: 'abc123' });

  it('POSTs Flagger\'s payload as JSON and reports 200 as Successful', async () => {
    behaviour = (_req, res) => { res.end('ok'); };
    const h = hook({ type: 'pre-rollout' });
    const result = await callWebhook(h, payload(h));
    expect(result).to.deep.equal({ name: 'load', kind: 'pre-rollout', verdict: 'Successful', message: 'answered 200' });
    expect(received).to.deep.equal([{
      path: '/hook', contentType: 'application/json',
      body: { name: 'podinfo', namespace: 'shop', phase: 'Progressing', checksum: 'abc123', metadata: { cmd: 'run' } },
    }]);
  });

  it('treats 202 as success and anything above 202 as Failed, quoting the answer', async () => {
    behaviour = (_req, res) => { res.statusCode = 202; res.end(); };
    expect((await callWebhook(hook(), payload(hook()))).verdict).to.equal('Successful');
    behaviour = (_req, res) => { res.statusCode = 203; res.end(); };
    expect((await callWebhook(hook(), payload(hook()))).verdict).to.equal('Failed');
    behaviour = (_req, res) => { res.statusCode = 500; res.end('load generator crashed'); };
    const result = await callWebhook(hook(), payload(hook()));
    expect(result).to.deep.include({ kind: 'rollout', verdict: 'Failed', message: 'answered 500: load generator crashed' });
  });

  it('gives up on a slow hook after its timeout with an Error', async () => {
    behaviour = () => undefined;
    const started = Date.now();
    const result = await callWebhook(hook({ timeout: '150ms' }), payload(hook()));
    const took = Date.now() - started;
    expect(result.verdict).to.equal('Error');
    expect(result.message).to.match(/no answer within 150 ms/);
    expect(took).to.be.at.least(140).and.below(2000);
  });

  it('retries failed attempts and succeeds when a later attempt does', async () => {
    behaviour = (_req, res, attempt) => { res.statusCode = attempt < 3 ? 503 : 200; res.end(); };
    const result = await callWebhook(hook({ retries: 3 }), payload(hook()), FAST_RETRY);
    expect(result.verdict).to.equal('Successful');
    expect(received).to.have.length(3);
  });

  it('reports the last failure after all retries', async () => {
    behaviour = (_req, res) => { res.statusCode = 500; res.end('nope'); };
    const result = await callWebhook(hook({ retries: 2 }), payload(hook()), FAST_RETRY);
    expect(result).to.deep.include({ verdict: 'Failed', message: 'answered 500: nope after 3 attempts' });
    expect(received).to.have.length(3);
  });

  it('reports a refused connection as an Error, without throwing', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const h = hook({ url: `http://127.0.0.1:${port}/gate`, type: 'confirm-promotion' });
    const result = await callWebhook(h, payload(h));
    expect(result).to.deep.include({ name: 'load', kind: 'confirm-promotion', verdict: 'Error' });
    expect(result.message).to.match(/ECONNREFUSED/);
  });

  it('reports unusable settings as an Error naming the field', async () => {
    const badUrl = await callWebhook(hook({ url: 'not a url' }), payload(hook()));
    expect(badUrl).to.deep.include({ verdict: 'Error', message: 'webhook load: url "not a url" is not a valid URL' });
    const badScheme = await callWebhook(hook({ url: 'ftp://127.0.0.1/x' }), payload(hook()));
    expect(badScheme.message).to.match(/must use http or https/);
    const badTimeout = await callWebhook(hook({ timeout: 'soon' }), payload(hook()));
    expect(badTimeout).to.deep.include({ verdict: 'Error' });
    expect(badTimeout.message).to.match(/^webhook load: timeout: invalid duration "soon"/);
    expect(received).to.have.length(0);
  });

  it('selects hooks by type, an absent or empty type meaning rollout', () => {
    expect(webhooksOfType(canary, 'rollout').map((h) => h.name)).to.deep.equal(['load', 'smoke']);
    expect(webhooksOfType(canary, 'confirm-rollout').map((h) => h.name)).to.deep.equal(['gate']);
    expect(webhookTypeOf({ name: 'x', url: 'http://x' })).to.equal('rollout');
  });

  it('adds event fields to the payload metadata', () => {
    const h = hook();
    const p = webhookPayload(canary, h, { phase: 'Failed', checksum: 'c', extra: { eventMessage: 'rolled back', eventType: 'Warning' } });
    expect(p.metadata).to.deep.equal({ cmd: 'run', eventMessage: 'rolled back', eventType: 'Warning' });
  });
});
