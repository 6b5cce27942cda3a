// The page in real headless Chromium against an in-memory source: rendering, live
// updates over SSE without a reload, escaping of hostile strings, and the actions UI.
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { createStatusPage } from '../../src/page/status-page.ts';
import type { StatusPage } from '../../src/page/status-page.ts';
import { MemoryCanarySource } from '../../src/page/memory-canary-source.ts';
import type { ActionRequest, CanaryActionWriter } from '../../src/page/action-writer.ts';
import { createLogger } from '../../src/controller/runtime/logger.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { fixtureCanary, XSS } from './page-fixtures.ts';
import { launchBrowser, watchedPage } from './browser.ts';
import type { PageProblems } from './browser.ts';

const TOKEN = 'browser-test-token-0123456789abcdef';
const quiet = createLogger({ sink: () => undefined });

class RecordingWriter implements CanaryActionWriter {
  readonly requests: ActionRequest[] = [];
  async write(request: ActionRequest): Promise<void> {
    await Promise.resolve();
    this.requests.push(request);
  }
}

async function text(page: Page, selector: string): Promise<string> {
  return (await page.locator(selector).first().textContent()) ?? '';
}

async function currentState(page: Page): Promise<string | null> {
  return page.locator('svg.machine g.node.current').first().getAttribute('data-state', { timeout: 2000 });
}

describe('page: in headless Chromium (in-memory source)', function () {
  this.timeout(30_000);
  let browser: Browser | undefined;
  let source: MemoryCanarySource;
  let readOnly: StatusPage | undefined;
  let withActions: StatusPage | undefined;
  const writer = new RecordingWriter();
  let page: Page;
  let problems: PageProblems;
  let expectedErrors: RegExp[] = [];

  before(async () => {
    source = new MemoryCanarySource();
    source.put(fixtureCanary());
    source.put(fixtureCanary({ namespace: 'shop', name: 'cart', phase: 'Failed', state: 'failed', weight: 0, failedChecks: 5, message: 'rolled back' }));
    source.put(fixtureCanary({ namespace: 'shop', name: 'frontend', phase: 'Succeeded', state: 'succeeded', weight: 0 }));
    readOnly = await createStatusPage({ source, logger: quiet });
    withActions = await createStatusPage({ source, logger: quiet, actionsToken: TOKEN, actionWriter: writer });
    browser = await launchBrowser();
  });

  beforeEach(async () => {
    if (browser === undefined) throw new Error('no browser');
    ({ page, problems } = await watchedPage(browser));
    expectedErrors = [];
  });

  afterEach(async () => {
    await page.close();
    expect(problems.dialogs, 'dialogs opened').to.deep.equal([]);
    expect(problems.errors.filter((e) => !expectedErrors.some((p) => p.test(e))), 'page errors').to.deep.equal([]);
  });

  after(async () => {
    await browser?.close();
    await readOnly?.stop();
    await withActions?.stop();
  });

  it('lists every Canary with phase, weight, failed checks and revision, and filters by phase', async () => {
    await page.goto(`${readOnly?.url ?? ''}/`);
    await page.locator('[data-testid=canary-row]').nth(2).waitFor({ timeout: 5000 });
    const rows = page.locator('[data-testid=canary-row]');
    expect(await rows.count()).to.equal(3);
    const podinfo = page.locator('[data-testid=canary-row][data-name=podinfo]');
    expect(await podinfo.locator('[data-testid=phase]').textContent()).to.equal('Progressing');
    expect(await podinfo.locator('[data-testid=weight]').textContent()).to.equal('20%');
    expect(await podinfo.textContent()).to.include('0 / 5').and.include('7f9c2ba4e8');
    expect(await page.locator('[data-testid=canary-row][data-name=cart] [data-testid=phase]').getAttribute('class')).to.include('tone-bad');
    await page.selectOption('select[name=phase]', 'Failed');
    await waitFor(async () => (await rows.count()) === 1, { what: 'the list filtered to Failed', timeoutMs: 3000 });
    expect(await rows.first().getAttribute('data-name')).to.equal('cart');
    expect(page.url()).to.match(/\?phase=Failed$/);
  });

  it('updates the list live when a Canary appears', async () => {
    await page.goto(`${readOnly?.url ?? ''}/?namespace=test`);
    await page.locator('[data-testid=canary-row]').first().waitFor({ timeout: 5000 });
    source.put(fixtureCanary({ name: 'checkout', phase: 'Waiting', state: 'waiting', weight: 0 }));
    await waitFor(async () => (await page.locator('[data-testid=canary-row][data-name=checkout]').count()) === 1, { what: 'the new Canary in the list', timeoutMs: 2000 });
    source.remove('test', 'checkout');
    await waitFor(async () => (await page.locator('[data-testid=canary-row][data-name=checkout]').count()) === 0, { what: 'the deleted Canary gone from the list', timeoutMs: 2000 });
  });

  it('marks a suspended Canary in the list, live', async () => {
    await page.goto(`${readOnly?.url ?? ''}/?namespace=test`);
    const badge = page.locator('[data-testid=canary-row][data-name=held] [data-testid=phase]');
    const held = fixtureCanary({ name: 'held' });
    held.spec.suspend = true;
    source.put(held);
    let seen: string | null = null;
    await waitFor(async () => (await badge.count()) === 1 && (seen = await badge.textContent()) === 'Progressing · suspended', { what: 'the suspended badge', timeoutMs: 2000, describeLast: () => `badge text ${String(seen)}` });
    source.remove('test', 'held');
  });

  it('detail: highlights the current state and follows weight and state within 1 s, without a reload', async () => {
    source.put(fixtureCanary());
    await page.goto(`${readOnly?.url ?? ''}/canaries/test/podinfo`);
    await page.locator('svg.machine g.node.current').waitFor({ timeout: 5000 });
    expect(await currentState(page)).to.equal('progressing.analysing');
    expect(await text(page, '[data-testid=weight]')).to.equal('20%');
    expect(await page.locator('svg.machine g.edge.taken').count()).to.equal(2);
    expect(await page.locator('svg.chart.timeline').count()).to.equal(1);
    expect(await page.locator('[data-testid=check]').count()).to.equal(2);
    await page.evaluate(() => { (globalThis as { marker?: number }).marker = 42; });
    const started = Date.now();
    source.put(fixtureCanary({ weight: 50, phase: 'WaitingPromotion', state: 'waitingPromotion', message: 'waiting for confirm-promotion' }));
    await waitFor(async () => (await currentState(page)) === 'waitingPromotion' && (await text(page, '[data-testid=weight]')) === '50%', { what: 'the new state and weight on the page', timeoutMs: 1000, intervalMs: 10 });
    expect(Date.now() - started).to.be.below(1000);
    expect(await page.evaluate(() => (globalThis as { marker?: number }).marker)).to.equal(42);
    expect(await text(page, '[data-testid=phase]')).to.equal('WaitingPromotion');
  });

  it('renders hostile annotations, messages, metric names, queries and events as inert text', async () => {
    source.put(fixtureCanary({
      name: 'hostile',
      annotations: { 'example.test/note': XSS },
      message: XSS,
      metricName: XSS,
      checks: [{ name: XSS, kind: 'metric', value: 1, thresholdMin: 2, verdict: 'Failed', message: XSS, query: XSS, time: '2026-01-01T10:00:00Z' }],
      history: [{ time: '2026-01-01T10:00:00Z', from: 'succeeded', to: 'waiting', event: 'NEW_REVISION', weight: 0, message: XSS, actor: XSS }],
    }));
    source.putEvents('test', 'hostile', [{ type: 'Warning', reason: XSS, message: XSS, time: '2026-01-01T10:00:01Z', count: 1, source: XSS }]);
    await page.goto(`${readOnly?.url ?? ''}/canaries/test/hostile`);
    await page.locator('[data-testid=annotation]').waitFor({ state: 'attached', timeout: 5000 });
    await page.goto(`${readOnly?.url ?? ''}/`);
    await page.locator('[data-testid=canary-row][data-name=hostile]').waitFor({ timeout: 5000 });
    await page.goBack();
    await page.locator('[data-testid=annotation]').waitFor({ state: 'attached', timeout: 5000 });
    expect(await page.locator('#app img, #app script, #app svg[onload], #app [onerror]').count()).to.equal(0);
    expect(await page.locator('[data-testid=message]').textContent()).to.equal(XSS);
    expect(await page.locator('[data-testid=annotation] td.message').textContent()).to.equal(XSS);
    expect(await page.locator('[data-testid=check] h3').first().textContent()).to.equal(XSS);
    const body = (await page.locator('#app').textContent()) ?? '';
    expect(body.split(XSS).length - 1, 'payload shown as text').to.be.at.least(5);
    expect(await page.evaluate(() => (globalThis as { xss?: unknown }).xss)).to.equal(undefined);
  });

  it('detail of a name that cannot exist is a 404 JSON answer, not a page', async () => {
    const res = await page.goto(`${readOnly?.url ?? ''}/canaries/test/${encodeURIComponent('<script>alert(1)</script>')}`);
    expect(res?.status()).to.equal(404);
    expect(res?.headers()['content-type']).to.match(/^application\/json/);
    // Chromium logs the 404 itself; that is the expected answer here, not a page error.
    expectedErrors = [/status of 404/];
  });

  it('read-only: commands to copy, but no action buttons and no token field', async () => {
    await page.goto(`${readOnly?.url ?? ''}/canaries/test/podinfo`);
    await page.locator('[data-testid=command-promote]').waitFor({ timeout: 5000 });
    expect(await text(page, '[data-testid=command-promote]')).to.equal('kubectl annotate canary podinfo -n test glidepath.dev/promote=true --overwrite');
    expect(await page.locator('[data-testid^=action-]:not([data-testid=action-result])').count()).to.equal(0);
    expect(await page.locator('[data-testid=token-input]').count()).to.equal(0);
  });

  it('with a token: asks for it, keeps it out of the HTML, and a click requests the action', async () => {
    const html = await (await fetch(`${withActions?.url ?? ''}/canaries/test/podinfo`)).text();
    expect(html).to.not.include(TOKEN);
    await page.goto(`${withActions?.url ?? ''}/canaries/test/podinfo`);
    await page.locator('[data-testid=token-input]').waitFor({ timeout: 5000 });
    expect(await page.locator('[data-testid=action-promote]').count()).to.equal(0);
    await page.fill('[data-testid=token-input]', TOKEN);
    await page.fill('[data-testid=actor-input]', 'alice');
    await page.click('[data-testid=unlock]');
    await page.click('[data-testid=action-promote]');
    await waitFor(() => writer.requests.length === 1, { what: 'the promote request to reach the writer', timeoutMs: 3000 });
    expect(writer.requests[0]).to.include({ namespace: 'test', name: 'podinfo', action: 'promote', actor: 'alice' });
    await waitFor(async () => /Promote requested by alice/.test(await text(page, '[data-testid=action-result]')), { what: 'the result line', timeoutMs: 3000 });
  });

  it('with a wrong token: the refusal is shown and the token is forgotten', async () => {
    await page.goto(`${withActions?.url ?? ''}/canaries/test/podinfo`);
    await page.fill('[data-testid=token-input]', 'wrong-token-wrong-token');
    await page.click('[data-testid=unlock]');
    await page.click('[data-testid=action-abort]');
    await waitFor(async () => (await page.locator('[data-testid=token-input]').count()) === 1, { what: 'the token field to come back', timeoutMs: 3000 });
    expect(writer.requests.filter((r) => r.action === 'abort')).to.deep.equal([]);
    expectedErrors = [/status of 403/];
  });

  it('keeps the detail view under 150 KB transferred', async () => {
    let bytes = 0;
    page.on('response', (res) => {
      if (res.url().endsWith('/api/events')) return;
      void res.body().then((b) => { bytes += b.length; }, () => undefined);
    });
    await page.goto(`${readOnly?.url ?? ''}/canaries/test/podinfo`);
    await page.locator('svg.machine g.node.current').waitFor({ timeout: 5000 });
    await page.waitForLoadState('networkidle').catch(() => undefined);
    expect(bytes).to.be.above(10_000);
    expect(bytes).to.be.below(150 * 1024);
  });
});
