// End to end against the sandbox, the simulated mesh and a real Prometheus: releases of several
// apps run concurrently in one namespace under one controller; each `it` awaits its own scenario.
import { expect } from 'chai';
import type { Canary } from '../../src/api/canary-types.ts';
import type { Environment } from './fixtures/environment.ts';
import { scenarioSuite } from './fixtures/concurrent-scenarios.ts';
import { Given, With, app, refusedApp } from './fixtures/scenario.ts';
import type { Release } from './fixtures/scenario.ts';
import {
  annotate, expectActionAnnotationsRemoved, expectNotReady, expectPhase, expectPrimaryServes, expectWarning,
  expectWeightAtLeast, expectWeightsSeen, newImage,
} from './fixtures/steps.ts';
import { WeightRecorder } from './fixtures/weight-recorder.ts';
import { errorsByWorkload, userErrorShare } from './fixtures/prometheus-queries.ts';

const NS = 'e2e';
const INTERVAL_MS = 2000;

/** Asserts the routed weight stays at `weight` for `ms` (an invariant over a window, checked every 50 ms). */
async function holdsWeight(release: Release, weight: number | null, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    expect(await release.routedWeight(), `weight of ${release.name} while paused`).to.equal(weight);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** promote mid-analysis, abort, retry, pause/resume on one Canary, then a refused resume. */
async function operatorScenario(e: Environment, w: WeightRecorder): Promise<OperatorOutcome> {
  const ops = await Given(e, app('ops', { stepWeight: 10, maxWeight: 50 }), w).run();
  await With(ops).When(newImage('v2')).Then(expectWeightAtLeast(10))
    .When(annotate('promote')).Then(expectPhase('Succeeded', 20_000)).And(expectPrimaryServes('v2')).And(expectActionAnnotationsRemoved()).run();
  const weightsWhenPromoted = ops.weights.weights('ops');
  await With(ops).When(newImage('v3')).Then(expectWeightAtLeast(10))
    .When(annotate('abort')).Then(expectPhase('Failed', 10_000)).And(expectPrimaryServes('v2')).And(expectActionAnnotationsRemoved()).run();
  const failed = await ops.canary();
  await With(ops).When(annotate('retry')).Then(expectPhase('Progressing', 10_000)).And(expectWeightAtLeast(10)).run();
  const retried = await ops.canary();
  await With(ops).When(annotate('pause')).Then(async (r) => { await r.until('paused', async () => (await r.canary()).status?.paused === true, 10_000); }).run();
  await holdsWeight(ops, await ops.routedWeight(), 3 * INTERVAL_MS);
  await With(ops).When(annotate('resume')).Then(expectPhase('Succeeded')).And(expectPrimaryServes('v3')).run();
  await With(ops).When(annotate('resume')).Then(expectWarning('ActionRefused', /resume is not possible while Succeeded/)).And(expectActionAnnotationsRemoved()).run();
  return { weightsWhenPromoted, failed, retried, final: await ops.canary() };
}

interface OperatorOutcome {
  weightsWhenPromoted: number[];
  failed: Canary;
  retried: Canary;
  final: Canary;
}

describe('e2e: canary releases (sandbox + simulated mesh + real Prometheus)', function () {
  this.timeout(180_000);
  const { outcome, env } = scenarioSuite(NS, (launch) => {
    launch('healthy', (e, w) => Given(e, app('shop'), w)
      .When(newImage('v2'))
      .Then(expectPhase('Succeeded'))
      .And(expectWeightsSeen([0, 20, 40, 60, 0]))
      .And(expectPrimaryServes('v2'))
      .run());

    launch('faulty', async () => {
      const shop = await outcome<Release>('healthy');
      const startedAt = Date.now();
      await With(shop)
        .When(newImage('v3', { 'sandbox.glidepath.dev/error-rate': '0.2' }))
        .Then(expectPhase('Failed'))
        .And(expectPrimaryServes('v2'))
        .run();
      return { shop, windowS: Math.ceil((Date.now() - startedAt) / 1000) + 2, maxWeight: Math.max(...shop.weights.weights('shop')) };
    });

    launch('annotations', operatorScenario);

    launch('superseded', async (e, w) => {
      const rebase = await Given(e, app('rebase', { stepWeight: 20, maxWeight: 60 }), w)
        .When(newImage('v2')).Then(expectWeightAtLeast(40))
        .When(newImage('v3')).Then(expectPhase('Succeeded')).And(expectPrimaryServes('v3'))
        .run();
      return rebase;
    });

    launch('deadline', (e, w) => Given(e, app('stuck', { progressDeadlineSeconds: 4 }), w)
      .When(newImage('v2', { 'sandbox.glidepath.dev/never-ready': 'true' }))
      .Then(expectPhase('Failed', 30_000)).And(expectPrimaryServes('v1'))
      .run());

    launch('bad-input', async (e, w) => {
      const invalid = Given(e, refusedApp('broken', { stepWeight: 30, maxWeight: 20 }), w).run();
      const orphan = Given(e, refusedApp('orphan', { targetName: 'no-such-deployment' }), w).run();
      const template = Given(e, refusedApp('templated', { metrics: [{ name: 'errors', templateRef: { name: 'missing-template' }, thresholdRange: { max: 1 } }] }), w).run();
      const [broken, lonely, templated] = await Promise.all([invalid, orphan, template]);
      await expectNotReady('InvalidSpec', /spec\.analysis\.maxWeight: Invalid value: 20: must be at least stepWeight \(30\)/)(broken);
      await expectNotReady('TargetNotFound', /Deployment e2e\/no-such-deployment/)(lonely);
      await expectNotReady('MetricTemplateInvalid', /MetricTemplate e2e\/missing-template \(metric "errors"\) does not exist/)(templated);
      return [broken, lonely, templated];
    });
  });

  it('healthy release: bootstraps -primary, v2 steps 20, 40, 60, promotes; primary runs v2 with 100% of traffic', async () => {
    const shop = await outcome<Release>('healthy');
    const canary = await shop.canary();
    expect(canary.status?.conditions?.find((c) => c.type === 'Promoted')?.status).to.equal('True');
    expect((await shop.deployment('shop-primary'))?.metadata.ownerReferences?.[0]?.kind).to.equal('Canary');
  });

  it('faulty release: v3 with 20% errors rolls back after threshold failed checks; users saw errors only from the canary', async () => {
    const { shop, windowS, maxWeight } = await outcome<{ shop: Release; windowS: number; maxWeight: number }>('faulty');
    const canary = await shop.canary();
    expect(canary.status?.failedChecks).to.equal(2);
    expect(canary.status?.checks?.find((c) => c.name === 'request-success-rate')?.verdict).to.equal('Failed');
    const promUrl = env().prometheus.url;
    const errors = await errorsByWorkload(promUrl, NS, 'shop', windowS);
    expect(errors.shop, 'errors from the canary workload').to.be.greaterThan(0);
    expect(errors['shop-primary'], 'errors from the primary workload').to.equal(undefined);
    const share = await userErrorShare(promUrl, NS, 'shop', windowS);
    expect(share, `user-visible error share with canary weight at most ${maxWeight}%`).to.be.at.most((0.2 * maxWeight) / 100 + 0.02);
  });

  it('annotations: promote, abort, retry, pause/resume act once each; a refused action gets a Warning Event', async () => {
    const result = await outcome<OperatorOutcome>('annotations');
    expect(Math.max(...result.weightsWhenPromoted), 'promote skipped the remaining steps').to.be.below(50);
    expect(result.retried.status?.revision, 'retry keeps the revision').to.equal(result.failed.status?.revision);
    expect(result.retried.status?.failedChecks).to.equal(0);
    const actions = (result.final.status?.history ?? []).filter((h) => h.actor !== undefined).map((h) => h.event);
    expect(actions).to.deep.equal(['PROMOTE', 'ABORT', 'RETRY', 'PAUSE', 'RESUME']);
  });

  it('superseded release: a new revision mid-analysis restarts at weight 0 and releases the newer one', async () => {
    const rebase = await outcome<Release>('superseded');
    const seen = rebase.weights.weights('rebase');
    const drop = seen.findIndex((w, i) => i > 0 && w === 0 && (seen[i - 1] ?? 0) >= 40);
    expect(drop, `weights ${JSON.stringify(seen)} drop to 0 after reaching 40`).to.be.greaterThan(0);
    expect(seen.slice(drop), 'the new revision walks the steps again').to.deep.equal([0, 20, 40, 60, 0]);
  });

  it('progress deadline: a never-ready canary is rolled back after progressDeadlineSeconds', async () => {
    const stuck = await outcome<Release>('deadline');
    expect((await stuck.canary()).status?.message).to.match(/past the progress deadline of 4s: rolled back/);
  });

  it('bad input: invalid Canaries get Ready=False with precise messages while others progress', async () => {
    await outcome('bad-input');
    await outcome('healthy');
  });
});
