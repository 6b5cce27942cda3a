import { expect } from 'chai';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { createStatusPage, StatusPageOptionError } from '../../src/page/status-page.ts';
import type { StatusPage } from '../../src/page/status-page.ts';
import { MemoryCanarySource } from '../../src/page/memory-canary-source.ts';
import { actionPatch, CanaryNotFoundError, LAST_ACTION_ANNOTATION } from '../../src/page/action-writer.ts';
import type { ActionRequest, CanaryActionWriter } from '../../src/page/action-writer.ts';
import type { CanaryDetail, CanarySummary } from '../../src/page/canary-view.ts';
import { createLogger } from '../../src/controller/runtime/logger.ts';
import { CONTENT_SECURITY_POLICY } from '../../src/page/security-headers.ts';
import { fixtureCanary, XSS } from './page-fixtures.ts';
import { openStream } from './sse-client.ts';

const TOKEN = 'test-actions-token-0123456789';

class RecordingWriter implements CanaryActionWriter {
  readonly requests: ActionRequest[] = [];
  missing = false;
  async write(request: ActionRequest): Promise<void> {
    await Promise.resolve();
    if (this.missing) throw new CanaryNotFoundError('gone');
    this.requests.push(request);
  }
}

interface Answer { status: number; body: Record<string, unknown>; headers: Headers; text: string }

async function call(url: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // Not JSON; tests that care look at `text`.
  }
  return { status: res.status, body, headers: res.headers, text };
}

function post(url: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  return call(url, { method: 'POST', headers, ...(body === undefined ? {} : { body }) });
}

describe('page: HTTP API with an in-memory source', () => {
  const logs: string[] = [];
  const logger = createLogger({ level: 'debug', sink: (line) => { logs.push(line); } });
  let source: MemoryCanarySource;
  let readOnly: StatusPage | undefined;
  let withActions: StatusPage | undefined;
  let writer: RecordingWriter;

  before(async () => {
    source = new MemoryCanarySource();
    source.put(fixtureCanary());
    source.put(fixtureCanary({ namespace: 'shop', name: 'cart', phase: 'Failed', state: 'failed', weight: 0, failedChecks: 5 }));
    source.putEvents('test', 'podinfo', [{ type: 'Warning', reason: 'CheckFailed', message: 'request-success-rate 97 < 99', time: '2026-01-01T10:00:05Z', count: 2, source: 'glidepath' }]);
    writer = new RecordingWriter();
    readOnly = await createStatusPage({ source, logger, streamTiming: { heartbeatMs: 50, retryMs: 700 } });
    withActions = await createStatusPage({ source, logger, actionsToken: TOKEN, actionWriter: writer, now: () => Date.parse('2026-01-01T12:00:00Z') });
  });

  after(async () => {
    await readOnly?.stop();
    await withActions?.stop();
  });

  const url = (path: string, page = readOnly): string => `${page?.url ?? ''}${path}`;

  it('listens on 127.0.0.1 by default', () => {
    expect(readOnly?.host).to.equal('127.0.0.1');
    expect(readOnly?.url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('lists Canaries with what the list shows, filtered by namespace and phase', async () => {
    const all = await call(url('/api/canaries'));
    expect(all.status).to.equal(200);
    const rows = all.body.canaries as CanarySummary[];
    expect(rows.map((c) => `${c.namespace}/${c.name}`)).to.deep.equal(['shop/cart', 'test/podinfo']);
    const podinfo = rows.find((c) => c.name === 'podinfo');
    expect(podinfo).to.include({ phase: 'Progressing', state: 'progressing.analysing', canaryWeight: 20, failedChecks: 0, threshold: 5, strategy: 'canary', revision: '7f9c2ba4e88f827d616045507605853e', lastTransitionTime: '2026-01-01T10:00:10.000Z' });
    expect(all.body.namespaces).to.deep.equal(['shop', 'test']);
    expect(all.body.phases).to.deep.equal(['Failed', 'Progressing']);
    const failed = await call(url('/api/canaries?phase=Failed'));
    expect((failed.body.canaries as CanarySummary[]).map((c) => c.name)).to.deep.equal(['cart']);
    const inTest = await call(url('/api/canaries?namespace=test'));
    expect((inTest.body.canaries as CanarySummary[]).map((c) => c.name)).to.deep.equal(['podinfo']);
  });

  it('serves the detail: checks, history, events, series, machine and kubectl commands', async () => {
    const res = await call(url('/api/canaries/test/podinfo'));
    expect(res.status).to.equal(200);
    const d = res.body as unknown as CanaryDetail;
    expect(d.summary.name).to.equal('podinfo');
    expect(d.spec.stepWeights).to.deep.equal([10, 20, 30, 40, 50]);
    expect(d.spec.metrics.map((m) => [m.name, m.thresholdMin, m.thresholdMax])).to.deep.equal([['request-success-rate', 99, null], ['request-duration', null, 500]]);
    expect(d.checks.map((c) => c.name)).to.deep.equal(['request-success-rate', 'request-duration']);
    expect(d.history).to.have.length(4);
    expect(d.events[0]).to.include({ reason: 'CheckFailed', count: 2 });
    expect(d.series.checks['request-success-rate']?.[0]).to.include({ value: 99.6, verdict: 'Successful', min: 99 });
    expect(d.machine).to.include({ name: 'canary', state: 'progressing.analysing', graph: '/api/machines/canary/graph', releaseStart: '2026-01-01T10:00:00.000Z' });
    expect(d.machine.takenEdges.sort()).to.deep.equal(['succeeded->waiting', 'waiting->progressing']);
    expect(d.actions.enabled).to.equal(false);
    expect(d.actions.list.find((a) => a.action === 'promote')?.command).to.equal('kubectl annotate canary podinfo -n test glidepath.dev/promote=true --overwrite');
  });

  it('serves the machine drawing and 404s an unknown machine', async () => {
    const graph = await call(url('/api/machines/canary/graph'));
    expect(graph.status).to.equal(200);
    expect((graph.body.nodes as unknown[]).length).to.be.above(5);
    const unknown = await call(url('/api/machines/nope/graph'));
    expect(unknown.status).to.equal(404);
    expect(unknown.body).to.deep.include({ error: 'unknown machine', machine: 'nope' });
  });

  it('answers unknown paths, unknown Canaries and invalid names with 404 JSON, never a stack trace', async () => {
    for (const path of ['/nope', '/api/nope', '/api/canaries/test/absent', '/api/canaries/BAD_NS/x', '/canaries/UPPER/x', '/assets/missing.js', '/api/canaries/test/podinfo/extra/parts']) {
      const res = await call(url(path));
      expect(res.status, path).to.equal(404);
      expect(res.headers.get('content-type'), path).to.match(/^application\/json/);
      expect(res.body.error, path).to.be.a('string');
      expect(res.text, path).to.not.match(/\bat .*\.ts:\d+/);
    }
  });

  it('answers a malformed percent-encoding with 400 JSON', async () => {
    const res = await call(url('/api/canaries/test/%E0%A4%A'));
    expect(res.status).to.equal(400);
    expect(res.body.error).to.be.a('string');
    expect(res.text).to.not.include('URIError');
  });

  it('sets the security headers on pages, API answers, assets and errors', async () => {
    for (const path of ['/', '/canaries/test/podinfo', '/api/canaries', '/assets/common.js', '/nope']) {
      const res = await call(url(path));
      expect(res.headers.get('content-security-policy'), path).to.equal(CONTENT_SECURITY_POLICY);
      expect(res.headers.get('x-content-type-options'), path).to.equal('nosniff');
      expect(res.headers.get('x-powered-by'), path).to.equal(null);
    }
    expect(CONTENT_SECURITY_POLICY).to.include("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'");
  });

  it('serves HTML without inline scripts or data, and assets as JavaScript', async () => {
    const detail = await call(url('/canaries/test/podinfo'));
    expect(detail.headers.get('content-type')).to.match(/^text\/html/);
    expect(detail.text).to.include('<script type="module" src="/assets/detail.js"></script>');
    expect(detail.text.match(/<script/g)).to.have.length(1);
    expect(detail.text).to.not.include('request-success-rate');
    const js = await call(url('/assets/detail.js'));
    expect(js.status).to.equal(200);
    expect(js.headers.get('content-type')).to.match(/javascript/);
  });

  it('streams a change as a server-sent event within 1 s, with retry and heartbeats', async () => {
    const stream = await openStream(url('/api/events'));
    try {
      expect(stream.status).to.equal(200);
      expect(stream.headers.get('content-type')).to.match(/^text\/event-stream/);
      const started = Date.now();
      source.put(fixtureCanary({ weight: 30 }));
      const event = await stream.waitForEvent((e) => e.event === 'canary', 'a canary event', 1000);
      expect(Date.now() - started).to.be.below(1000);
      const data = JSON.parse(event.data) as { verb: string; namespace: string; name: string; summary: CanarySummary };
      expect(data).to.deep.include({ verb: 'update', namespace: 'test', name: 'podinfo' });
      expect(data.summary.canaryWeight).to.equal(30);
      await stream.waitForEvent(() => stream.raw().includes(': heartbeat'), 'a heartbeat comment', 1000);
      expect(stream.raw()).to.match(/^retry: 700\n/);
    } finally {
      stream.close();
    }
  });

  it('records the series the page observed after start-up', async () => {
    source.put(fixtureCanary({ weight: 40, checks: [{ name: 'request-success-rate', value: 97, thresholdMin: 99, verdict: 'Failed', time: '2026-01-01T10:00:30.000Z' }] }));
    const d = (await call(url('/api/canaries/test/podinfo'))).body as unknown as CanaryDetail;
    expect(d.series.weights.map((w) => w.weight)).to.include.members([20, 30, 40]);
    expect(d.series.checks['request-success-rate']?.map((s) => s.verdict)).to.deep.equal(['Successful', 'Failed']);
  });

  describe('actions', () => {
    const actionUrl = (path: string): string => url(path, withActions);

    it('are absent without a token: the route says so, and the detail reports them disabled', async () => {
      const res = await post(url('/api/canaries/test/podinfo/actions/promote'), { Authorization: `Bearer ${TOKEN}` });
      expect(res.status).to.equal(404);
      expect(res.body.error).to.match(/actions are disabled/);
      expect(writer.requests).to.have.length(0);
    });

    it('need the bearer token: 401 without it, 403 with a wrong one', async () => {
      const missing = await post(actionUrl('/api/canaries/test/podinfo/actions/promote'));
      expect(missing.status).to.equal(401);
      expect(missing.headers.get('www-authenticate')).to.match(/^Bearer/);
      expect(missing.body.error).to.match(/token is required/);
      const wrong = await post(actionUrl('/api/canaries/test/podinfo/actions/promote'), { Authorization: 'Bearer not-the-token' });
      expect(wrong.status).to.equal(403);
      const basic = await post(actionUrl('/api/canaries/test/podinfo/actions/promote'), { Authorization: `Basic ${TOKEN}` });
      expect(basic.status).to.equal(401);
      expect(writer.requests).to.have.length(0);
    });

    it('checks the token before parsing the body', async () => {
      const res = await post(actionUrl('/api/canaries/test/podinfo/actions/promote'), { 'Content-Type': 'application/json' }, '{not json');
      expect(res.status).to.equal(401);
    });

    it('reject an unknown action with 400 and an unknown Canary with 404', async () => {
      const auth = { Authorization: `Bearer ${TOKEN}` };
      const unknown = await post(actionUrl('/api/canaries/test/podinfo/actions/explode'), auth);
      expect(unknown.status).to.equal(400);
      expect(unknown.body.allowed).to.deep.equal(['promote', 'abort', 'pause', 'resume', 'retry']);
      const absent = await post(actionUrl('/api/canaries/test/absent/actions/promote'), auth);
      expect(absent.status).to.equal(404);
      expect(writer.requests).to.have.length(0);
    });

    it('reject a malformed body and a bad actor name with 400', async () => {
      const headers = { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' };
      const broken = await post(actionUrl('/api/canaries/test/podinfo/actions/pause'), headers, '{not json');
      expect(broken.status).to.equal(400);
      expect(broken.body.error).to.equal('the request body is not valid JSON');
      const badActor = await post(actionUrl('/api/canaries/test/podinfo/actions/pause'), headers, JSON.stringify({ actor: XSS }));
      expect(badActor.status).to.equal(400);
      expect(badActor.body.error).to.match(/^actor must be/);
      expect(writer.requests).to.have.length(0);
    });

    it('with the token, set the annotation through the writer, answer 202 and log who asked', async () => {
      const res = await post(actionUrl('/api/canaries/test/podinfo/actions/promote'), { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, JSON.stringify({ actor: 'alice' }));
      expect(res.status).to.equal(202);
      expect(res.body).to.deep.include({ accepted: true, action: 'promote', actor: 'alice', annotation: 'glidepath.dev/promote', at: '2026-01-01T12:00:00.000Z' });
      expect(writer.requests).to.deep.equal([{ namespace: 'test', name: 'podinfo', action: 'promote', actor: 'alice', at: '2026-01-01T12:00:00.000Z' }]);
      expect(logs.some((line) => line.includes('"msg":"operator action requested"') && line.includes('"actor":"alice"'))).to.equal(true);
      const detail = (await call(actionUrl('/api/canaries/test/podinfo'))).body as unknown as CanaryDetail;
      expect(detail.actions.enabled).to.equal(true);
    });

    it('answer 404 when the Canary disappeared before the write', async () => {
      writer.missing = true;
      try {
        const res = await post(actionUrl('/api/canaries/test/podinfo/actions/abort'), { Authorization: `Bearer ${TOKEN}` });
        expect(res.status).to.equal(404);
      } finally {
        writer.missing = false;
      }
    });

    it('the patch sets the same annotation kubectl sets, plus a record of who and when', () => {
      expect(actionPatch({ namespace: 'test', name: 'podinfo', action: 'retry', actor: 'bob', at: 'T' })).to.deep.equal({
        metadata: { annotations: { 'glidepath.dev/retry': 'true', [LAST_ACTION_ANNOTATION]: 'retry by bob via status page at T' } },
      });
    });
  });

  describe('options', () => {
    let blocker: Server | undefined;
    after(() => { blocker?.close(); });

    it('refuse a short token, a token without a writer and a bad port', async () => {
      const src = new MemoryCanarySource();
      await createStatusPage({ source: src, actionsToken: 'short', actionWriter: writer }).then(() => { throw new Error('started'); }, (err: unknown) => {
        expect(err).to.be.instanceOf(StatusPageOptionError);
        expect((err as Error).message).to.match(/at least 16 characters/);
      });
      await createStatusPage({ source: src, actionsToken: TOKEN }).then(() => { throw new Error('started'); }, (err: unknown) => {
        expect((err as Error).message).to.match(/needs an actionWriter/);
      });
      await createStatusPage({ source: src, port: 70000 }).then(() => { throw new Error('started'); }, (err: unknown) => {
        expect((err as Error).message).to.match(/port must be an integer from 0 to 65535/);
      });
    });

    it('refuse a busy port with a clear message', async () => {
      blocker = createServer();
      await new Promise<void>((resolve) => { blocker?.listen(0, '127.0.0.1', resolve); });
      const address = blocker.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      await createStatusPage({ source: new MemoryCanarySource(), port, logger }).then(() => { throw new Error('started'); }, (err: unknown) => {
        expect((err as Error).message).to.match(new RegExp(`cannot listen on 127.0.0.1:${port}: EADDRINUSE`));
      });
    });
  });
});
