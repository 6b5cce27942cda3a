// A/B testing end to end (sandbox + simulated mesh + real Prometheus): a Canary with
// analysis.match (a header and a cookie) and iterations sends only matching requests to the
// canary (the synthetic client sends 20% with the header and 10% with the cookie), promotes after
// the iterations, and rolls back on errors with users' errors bounded by the matched share.
import { expect } from 'chai';
import { startEnvironment } from './fixtures/environment.ts';
import type { Environment } from './fixtures/environment.ts';
import { ConcurrentScenarios } from './fixtures/concurrent-scenarios.ts';
import { Given, With, app } from './fixtures/scenario.ts';
import type { Release } from './fixtures/scenario.ts';
import { expectPhase, expectPrimaryServes, newImage } from './fixtures/steps.ts';
import { INSIDER_MATCH, abTestingShape, insiderMix } from './fixtures/strategy-shapes.ts';
import { WeightRecorder } from './fixtures/weight-recorder.ts';
import { errorsByWorkload, userErrorShare } from './fixtures/prometheus-queries.ts';
import { sentByService } from './fixtures/traffic-queries.ts';
import { routesOf, weightTo } from './fixtures/virtual-service-reader.ts';
import type { RouteView } from './fixtures/virtual-service-reader.ts';

const NS = 'abtesting';
const ITERATIONS = 3;
const INSIDERS = 0.2;
const COOKIES = 0.1;
const MATCHED = INSIDERS + COOKIES;

/** A Prometheus window covering everything since `startedAt`, plus a scrape's slack. */
function windowSince(startedAt: number): number {
  return Math.ceil((Date.now() - startedAt) / 1000) + 2;
}

/** The routes and the canary's share of user requests while the analysis ran. */
interface DuringAnalysis {
  routes: RouteView[];
  canaryShare: number;
  sent: Record<string, number>;
}

/** Waits for two passed iterations and reads the routes, then the canary's share of user requests over a window inside the analysis. */
async function observeAnalysis(release: Release, promUrl: string): Promise<DuringAnalysis> {
  await release.until('two passed iterations', async () => ((await release.canary()).status?.iterations ?? 0) >= 2, 30_000);
  const routes = await routesOf(release);
  // 3 s ends inside the analysis: at least two iterations of 2 s passed since traffic was split.
  const sent = await sentByService(promUrl, NS, release.name, 3);
  const canary = sent[`${release.name}-canary`] ?? 0;
  const total = canary + (sent[`${release.name}-primary`] ?? 0);
  return { routes, canaryShare: total === 0 ? 0 : canary / total, sent };
}

describe('e2e: A/B testing releases (sandbox + simulated mesh + real Prometheus)', function () {
  this.timeout(120_000);
  let env: Environment | undefined;
  let weights: WeightRecorder | undefined;
  const scenarios = new ConcurrentScenarios(() => env);

  before(async function () {
    this.timeout(60_000);
    env = await startEnvironment({ namespace: NS });
    const recorder = new WeightRecorder(env.kc, NS);
    weights = recorder;
    await recorder.start();
    // minRequests: a tick before Prometheus has scraped the canary's first requests holds instead of failing.
    const shape = abTestingShape(ITERATIONS, insiderMix(INSIDERS, COOKIES), { analysisExtra: { minRequests: 20 } });

    scenarios.launch('healthy', async (e) => {
      const insiders = await Given(e, app('insiders', shape), recorder).When(newImage('v2')).run();
      const during = await observeAnalysis(insiders, e.prometheus.url);
      await With(insiders).Then(expectPhase('Succeeded')).And(expectPrimaryServes('v2')).run();
      return { insiders, during };
    });

    scenarios.launch('faulty', async (e) => {
      const beta = await Given(e, app('beta', shape), recorder).run();
      const startedAt = Date.now();
      await With(beta).When(newImage('v2', { 'sandbox.glidepath.dev/error-rate': '0.5' }))
        .Then(expectPhase('Failed')).And(expectPrimaryServes('v1')).run();
      return { beta, windowS: windowSince(startedAt) };
    });
  });

  after(async function () {
    this.timeout(60_000);
    await scenarios.settle();
    await weights?.stop();
    await env?.stop();
  });

  it('routes only header- or cookie-matched requests to the canary during analysis, then promotes', async () => {
    const { insiders, during } = await scenarios.outcome<{ insiders: Release; during: DuringAnalysis }>('healthy');
    const [matched, fallback] = during.routes;
    expect(matched?.match, 'the matched route comes first with analysis.match').to.deep.equal(INSIDER_MATCH);
    expect(weightTo(matched, '-canary'), 'matched requests go to the canary').to.equal(100);
    expect(fallback?.match, 'the default route matches everything else').to.equal(undefined);
    expect(weightTo(fallback, '-canary'), 'unmatched requests to the canary').to.equal(0);
    expect(during.canaryShare, `canary share of user requests ${JSON.stringify(during.sent)}`).to.be.within(MATCHED - 0.06, MATCHED + 0.06);
    expect(insiders.weights.weights('insiders').every((w) => w === 0), 'the default route never split traffic').to.equal(true);
    const routes = await routesOf(insiders);
    expect(routes.map((r) => r.name), 'the matched route is gone after the release').to.deep.equal(['default']);
    expect((await insiders.canary()).status?.conditions?.find((c) => c.type === 'Promoted')?.status).to.equal('True');
  });

  it('a failing A/B release (50% errors) rolls back; only matched users saw errors, none from the primary', async () => {
    const { beta, windowS } = await scenarios.outcome<{ beta: Release; windowS: number }>('faulty');
    const promUrl = env?.prometheus.url ?? '';
    const canary = await beta.canary();
    expect(canary.status?.failedChecks).to.equal(2);
    const errors = await errorsByWorkload(promUrl, NS, 'beta', windowS);
    expect(errors.beta, 'errors from the canary').to.be.greaterThan(0);
    expect(errors['beta-primary'], 'errors from the primary').to.equal(undefined);
    expect(await userErrorShare(promUrl, NS, 'beta', windowS), 'user-visible error share').to.be.at.most(MATCHED * 0.5 + 0.02);
    expect(beta.weights.weights('beta').every((w) => w === 0), 'the default route never split traffic').to.equal(true);
  });
});
