// The page on a real release: the sandbox, the simulated mesh, a real Prometheus and the
// controller run a canary release while headless Chromium watches the page.
// Set UPDATE_SCREENSHOTS=1 to refresh docs/images/status-list.png and status-detail.png.
import { expect } from 'chai';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startEnvironment } from '../e2e/fixtures/environment.ts';
import type { Environment } from '../e2e/fixtures/environment.ts';
import { Given, With, app } from '../e2e/fixtures/scenario.ts';
import type { Release } from '../e2e/fixtures/scenario.ts';
import { expectPhase, newImage } from '../e2e/fixtures/steps.ts';
import { canaryManifest } from '../e2e/fixtures/manifests.ts';
import { WeightRecorder } from '../e2e/fixtures/weight-recorder.ts';
import { createStatusPage } from '../../src/page/status-page.ts';
import type { StatusPage } from '../../src/page/status-page.ts';
import { InformerCanarySource } from '../../src/page/informer-canary-source.ts';
import { ApiActionWriter, LAST_ACTION_ANNOTATION, PAGE_FIELD_MANAGER } from '../../src/page/action-writer.ts';
import { createLogger } from '../../src/controller/runtime/logger.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { launchBrowser, watchedPage } from './browser.ts';
import type { PageProblems } from './browser.ts';
import { XSS } from './page-fixtures.ts';

const NS = 'pagelive';
const TOKEN = 'live-release-token-0123456789abcdef';
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1';
const IMAGES = join(import.meta.dirname, '..', '..', 'docs', 'images');

async function stateOf(page: Page): Promise<string> {
  return (await page.locator('svg.machine g.node.current').first().getAttribute('data-state', { timeout: 1000 }).catch(() => null)) ?? '';
}

interface Shown { state: string; weight: string; phase: string }

// One atomic read of the page (a render between separate reads could mix two updates).
const SHOWN = `(() => {
  const text = (sel) => document.querySelector(sel)?.textContent ?? '';
  return { state: document.querySelector('svg.machine g.node.current')?.getAttribute('data-state') ?? '', weight: text('[data-testid=weight]'), phase: text('[data-testid=phase]') };
})()`;

/** What the detail page showed over a release, sampled every 50 ms until `phase`. */
async function watchUntil(page: Page, phase: string, onSample: (weight: string) => Promise<void>, timeoutMs = 60_000): Promise<{ states: string[]; weights: string[] }> {
  const states: string[] = [];
  const weights: string[] = [];
  await waitFor(async () => {
    const shown = await page.evaluate<Shown>(SHOWN);
    if (shown.state !== '' && states.at(-1) !== shown.state) states.push(shown.state);
    if (shown.weight !== '' && weights.at(-1) !== shown.weight) weights.push(shown.weight);
    await onSample(shown.weight);
    return shown.phase === phase;
  }, { what: `phase ${phase} on the detail page`, timeoutMs, intervalMs: 50, describeLast: () => `states ${states.join(' > ')}; weights ${weights.join(' > ')}` });
  return { states, weights };
}

describe('page: live release (sandbox + mesh + Prometheus + controller + Chromium)', function () {
  this.timeout(120_000);
  let env: Environment | undefined;
  let weights: WeightRecorder | undefined;
  let source: InformerCanarySource | undefined;
  let page: StatusPage | undefined;
  let readOnly: StatusPage | undefined;
  let browser: Browser | undefined;
  let podinfo: Release | undefined;
  const opened: { page: Page; problems: PageProblems }[] = [];
  const pageLogs: string[] = [];

  async function open(path: string, on = page): Promise<Page> {
    if (browser === undefined) throw new Error('no browser');
    const watched = await watchedPage(browser, { width: 1400, height: 1000 });
    opened.push(watched);
    await watched.page.goto(`${on?.url ?? ''}${path}`);
    return watched.page;
  }

  before(async function () {
    this.timeout(90_000);
    env = await startEnvironment({ namespace: NS });
    weights = new WeightRecorder(env.kc, NS);
    await weights.start();
    source = new InformerCanarySource({ kubeConfig: env.kc });
    await source.start();
    const logger = createLogger({ level: 'info', sink: (line) => { pageLogs.push(line); } });
    page = await createStatusPage({ source, actionsToken: TOKEN, actionWriter: new ApiActionWriter(env.kc), logger });
    readOnly = await createStatusPage({ source, logger });
    browser = await launchBrowser();
  });

  afterEach(function () {
    const problems = opened.flatMap((o) => [...o.problems.dialogs, ...o.problems.errors]);
    if (this.currentTest?.state === 'failed') console.log(`controller log tail:\n${env?.logs.slice(-15).join('\n') ?? ''}`);
    expect(problems, 'dialogs or page errors').to.deep.equal([]);
  });

  after(async function () {
    this.timeout(60_000);
    await browser?.close();
    await page?.stop();
    await readOnly?.stop();
    await source?.stop();
    await weights?.stop();
    await env?.stop();
  });

  it('the list shows the Canaries once the controller has bootstrapped them', async () => {
    if (env === undefined || weights === undefined) throw new Error('environment not started');
    const [first] = await Promise.all([
      Given(env, app('podinfo', { interval: '2s', stepWeight: 10, maxWeight: 50, threshold: 3 }), weights).run(),
      Given(env, app('frontend'), weights).run(),
    ]);
    podinfo = first;
    const list = await open('/');
    await waitFor(async () => (await list.locator(`[data-testid=canary-row][data-namespace=${NS}]`).count()) === 2, { what: 'both Canaries in the list', timeoutMs: 10_000 });
    expect(await list.locator('[data-testid=canary-row][data-name=podinfo] [data-testid=phase]').textContent()).to.equal('Initialized');
  });

  it('the detail page follows the release without a reload and ends on Succeeded', async () => {
    if (podinfo === undefined) throw new Error('no release');
    const detail = await open(`/canaries/${NS}/podinfo`);
    const list = await open('/');
    await detail.locator('svg.machine g.node.current').waitFor({ timeout: 10_000 });
    expect(await stateOf(detail)).to.equal('initialized');
    await detail.evaluate(() => { (globalThis as { marker?: string }).marker = 'no reload'; });
    await newImage('v2')(podinfo);
    let shot = false;
    const seen = await watchUntil(detail, 'Succeeded', async (weight) => {
      if (shot || weight !== '40%') return;
      shot = true;
      if (!SCREENSHOTS) return;
      await detail.screenshot({ path: join(IMAGES, 'status-detail.png'), fullPage: true });
      await list.setViewportSize({ width: 1400, height: 420 });
      await list.screenshot({ path: join(IMAGES, 'status-list.png') });
    });
    expect(seen.states).to.include('progressing.analysing');
    expect(seen.states.at(-1)).to.equal('succeeded');
    const stepped = seen.weights.filter((w) => w !== '0%');
    expect(stepped.length, `weights seen: ${seen.weights.join(', ')}`).to.be.at.least(3);
    expect(stepped.map((w) => Number.parseInt(w, 10))).to.deep.equal([...stepped.map((w) => Number.parseInt(w, 10))].sort((a, b) => a - b));
    expect(seen.weights.at(-1)).to.equal('0%');
    expect(shot, 'the page showed 40% at some point').to.equal(true);
    expect(await detail.evaluate(() => (globalThis as { marker?: string }).marker)).to.equal('no reload');
    expect(await detail.locator('svg.machine g.edge.taken').count()).to.be.at.least(3);
    expect(await detail.locator('[data-testid=history-row]').count()).to.be.at.least(4);
    await waitFor(async () => (await list.locator('[data-testid=canary-row][data-name=podinfo] [data-testid=phase]').textContent()) === 'Succeeded', { what: 'Succeeded in the list', timeoutMs: 3000 });
  });

  it('read-only page: no action buttons, only the kubectl commands', async () => {
    const detail = await open(`/canaries/${NS}/podinfo`, readOnly);
    await detail.locator('[data-testid=command-promote]').waitFor({ timeout: 10_000 });
    expect(await detail.locator('[data-testid=action-promote], [data-testid=token-input]').count()).to.equal(0);
  });

  it('with the token, clicking promote promotes the Canary and the history shows it', async () => {
    if (env === undefined || podinfo === undefined) throw new Error('no release');
    // A slow analysis, so only the operator's promote can finish the release in time.
    await podinfo.apply(canaryManifest('podinfo', NS, { interval: '30s', stepWeight: 10, maxWeight: 50, threshold: 3 }));
    await With(podinfo).When(newImage('v3')).Then(expectPhase('Progressing', 20_000)).run();
    const detail = await open(`/canaries/${NS}/podinfo`);
    await detail.locator('[data-testid=token-input]').waitFor({ timeout: 10_000 });
    await detail.fill('[data-testid=token-input]', TOKEN);
    await detail.fill('[data-testid=actor-input]', 'alice');
    await detail.click('[data-testid=unlock]');
    await detail.click('[data-testid=action-promote]');
    await watchUntil(detail, 'Succeeded', async () => { await Promise.resolve(); }, 20_000);
    const row = detail.locator('[data-testid=history-row][data-event=PROMOTE]');
    await row.first().waitFor({ timeout: 5000 });
    expect(await row.first().locator('td.actor').textContent()).to.equal(PAGE_FIELD_MANAGER);
    const canary = await podinfo.canary();
    expect(canary.metadata.annotations?.[LAST_ACTION_ANNOTATION]).to.match(/^promote by alice via status page at /);
    expect(canary.metadata.annotations?.['glidepath.dev/promote']).to.equal(undefined);
    expect(pageLogs.some((l) => l.includes('operator action requested') && l.includes('"actor":"alice"'))).to.equal(true);
  });

  it('an annotation carrying a script payload renders as inert text', async () => {
    if (env === undefined) throw new Error('no environment');
    await env.kubectl.ok(['annotate', 'canary', 'podinfo', '-n', NS, `example.test/note=${XSS}`, '--overwrite']);
    const detail = await open(`/canaries/${NS}/podinfo`);
    await waitFor(async () => (await detail.locator('[data-testid=annotation] td.message').allTextContents()).includes(XSS), { what: 'the annotation on the page', timeoutMs: 10_000 });
    expect(await detail.locator('#app img, #app script, #app [onerror], #app [onload]').count()).to.equal(0);
  });
});
