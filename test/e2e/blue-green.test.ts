// Blue/green end to end (sandbox + simulated mesh + real Prometheus): a Canary with
// analysis.iterations and no step fields is analysed on mirrored traffic while users stay on the
// primary, then traffic switches 0 → 100 → 0 at promotion; a failing one rolls back without users
// ever reaching the canary.
import { expect } from 'chai';
import { startEnvironment } from './fixtures/environment.ts';
import type { Environment } from './fixtures/environment.ts';
import { ConcurrentScenarios } from './fixtures/concurrent-scenarios.ts';
import { Given, With, app } from './fixtures/scenario.ts';
import type { Release } from './fixtures/scenario.ts';
import { expectPhase, expectPrimaryServes, expectWeightsSeen, newImage } from './fixtures/steps.ts';
import { blueGreenShape } from './fixtures/strategy-shapes.ts';
import { WeightRecorder } from './fixtures/weight-recorder.ts';
import { errorsByWorkload, userErrorShare } from './fixtures/prometheus-queries.ts';
import { sentByService, servedByWorkload } from './fixtures/traffic-queries.ts';
import { routesOf, weightTo } from './fixtures/virtual-service-reader.ts';
import type { RouteView } from './fixtures/virtual-service-reader.ts';

const NS = 'bluegreen';
const ITERATIONS = 3;
// minRequests: a tick before Prometheus has scraped the first mirrored requests holds instead of failing.
const SHAPE = blueGreenShape(ITERATIONS, { mirror: true, extra: { analysisExtra: { minRequests: 20 } } });

/** What the VirtualService and the sidecars showed while the analysis ran. */
interface DuringAnalysis {
  phase: string | undefined;
  route: RouteView | undefined;
  served: Record<string, number>;
  sent: Record<string, number>;
}

/** A Prometheus window covering everything since `startedAt`, plus a scrape's slack. */
function windowSince(startedAt: number): number {
  return Math.ceil((Date.now() - startedAt) / 1000) + 2;
}

/** Waits for two passed iterations, then reads the default route and what each workload and service saw since `startedAt`. */
async function observeAnalysis(release: Release, promUrl: string, startedAt: number): Promise<DuringAnalysis> {
  await release.until('two passed iterations', async () => ((await release.canary()).status?.iterations ?? 0) >= 2, 30_000);
  const [canary, routes] = await Promise.all([release.canary(), routesOf(release)]);
  const window = windowSince(startedAt);
  const [served, sent] = await Promise.all([servedByWorkload(promUrl, NS, release.name, window), sentByService(promUrl, NS, release.name, window)]);
  return { phase: canary.status?.phase, route: routes.find((r) => r.name === 'default'), served, sent };
}

interface FailedOutcome {
  green: Release;
  windowS: number;
}

describe('e2e: blue/green releases (sandbox + simulated mesh + real Prometheus)', function () {
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

    scenarios.launch('healthy', async (e) => {
      const blue = await Given(e, app('blue', SHAPE), recorder).run();
      const startedAt = Date.now();
      await With(blue).When(newImage('v2')).run();
      const during = await observeAnalysis(blue, e.prometheus.url, startedAt);
      await With(blue).Then(expectPhase('Succeeded')).And(expectPrimaryServes('v2')).And(expectWeightsSeen([0, 100, 0])).run();
      return { blue, during };
    });

    scenarios.launch('faulty', async (e) => {
      const green = await Given(e, app('green', SHAPE), recorder).run();
      const startedAt = Date.now();
      await With(green).When(newImage('v2', { 'sandbox.glidepath.dev/error-rate': '0.5' }))
        .Then(expectPhase('Failed')).And(expectPrimaryServes('v1')).And(expectWeightsSeen([0])).run();
      return { green, windowS: windowSince(startedAt) };
    });
  });

  after(async function () {
    this.timeout(60_000);
    await scenarios.settle();
    await weights?.stop();
    await env?.stop();
  });

  it('analyses the canary at 0% public traffic on a mirrored copy, then switches 0 → 100 → 0 and the primary runs v2', async () => {
    const { blue, during } = await scenarios.outcome<{ blue: Release; during: DuringAnalysis }>('healthy');
    expect(during.phase, 'phase while iterating').to.equal('Progressing');
    expect(weightTo(during.route, '-canary'), 'public weight of the canary during analysis').to.equal(0);
    expect(weightTo(during.route, '-primary')).to.equal(100);
    expect(during.route?.mirror?.host, 'mirror destination during analysis').to.equal('blue-canary');
    expect(during.served.blue, 'mirrored requests the canary served (its own sidecar counted them)').to.be.greaterThan(0);
    expect(during.sent['blue-canary'] ?? 0, 'requests users sent to the canary during analysis').to.equal(0);
    expect(during.sent['blue-primary'], 'requests users sent to the primary').to.be.greaterThan(0);
    const canary = await blue.canary();
    expect(canary.status?.conditions?.find((c) => c.type === 'Promoted')?.status).to.equal('True');
    const routes = await routesOf(blue);
    expect(routes.find((r) => r.name === 'default')?.mirror, 'no mirror once released').to.equal(undefined);
  });

  it('a failing blue/green release (50% errors on the mirror) rolls back with no user request ever on the canary', async () => {
    const { green, windowS } = await scenarios.outcome<FailedOutcome>('faulty');
    const promUrl = env?.prometheus.url ?? '';
    const canary = await green.canary();
    expect(canary.status?.failedChecks).to.equal(2);
    expect(canary.status?.checks?.find((c) => c.name === 'request-success-rate')?.verdict).to.equal('Failed');
    const errors = await errorsByWorkload(promUrl, NS, 'green', windowS);
    expect(errors.green, 'errors the canary answered to mirrored copies').to.be.greaterThan(0);
    expect(errors['green-primary'], 'errors from the primary').to.equal(undefined);
    expect(await userErrorShare(promUrl, NS, 'green', windowS), 'errors users saw').to.equal(0);
    expect((await sentByService(promUrl, NS, 'green', windowS))['green-canary'] ?? 0, 'user requests to the canary').to.equal(0);
  });
});
