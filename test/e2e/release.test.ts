// End to end against the sandbox, the simulated mesh and a real Prometheus: releases of several
// apps run concurrently in one namespace under one controller; each `it` awaits its own scenario.
import { expect } from 'chai';
import { startEnvironment } from './fixtures/environment.ts';
import type { Environment } from './fixtures/environment.ts';
import { Given, With, app } from './fixtures/scenario.ts';
import type { Release } from './fixtures/scenario.ts';
import { expectPhase, expectPrimaryServes, expectWeightsSeen, newImage } from './fixtures/steps.ts';
import { WeightRecorder } from './fixtures/weight-recorder.ts';

const NS = 'e2e';

describe('e2e: canary releases', function () {
  this.timeout(180_000);
  let env: Environment | undefined;
  let weights: WeightRecorder | undefined;
  const scenarios = new Map<string, Promise<unknown>>();

  function launch(name: string, body: (env: Environment, weights: WeightRecorder) => Promise<unknown>): void {
    if (env === undefined || weights === undefined) throw new Error('environment not started');
    const running = body(env, weights);
    running.catch(() => undefined);
    scenarios.set(name, running);
  }

  async function outcome(name: string): Promise<void> {
    const running = scenarios.get(name);
    if (running === undefined) throw new Error(`scenario ${name} was not launched`);
    try {
      await running;
    } catch (err) {
      const tail = env?.logs.filter((l) => !l.includes('"level":"debug"')).slice(-15).join('\n') ?? '';
      throw new Error(`${err instanceof Error ? err.message : String(err)}\ncontroller log tail:\n${tail}`);
    }
  }

  before(async function () {
    this.timeout(60_000);
    env = await startEnvironment({ namespace: NS });
    weights = new WeightRecorder(env.kc, NS);
    await weights.start();
    launch('healthy-then-faulty', async (e, w) => {
      const release = await Given(e, app('shop'), w)
        .When(newImage('v2'))
        .Then(expectPhase('Succeeded'))
        .And(expectWeightsSeen([0, 20, 40, 60, 0]))
        .And(expectPrimaryServes('v2'))
        .run();
      scenarios.set('healthy-done', Promise.resolve(release));
      return With(release)
        .When(newImage('v3', { 'sandbox.glidepath.dev/error-rate': '0.2' }))
        .Then(expectPhase('Failed'))
        .And(expectPrimaryServes('v2'))
        .run();
    });
  });

  after(async function () {
    this.timeout(60_000);
    await weights?.stop();
    await env?.stop();
  });

  it('healthy release: v2 steps 20, 40, 60, promotes, primary runs v2 with all traffic', async () => {
    await outcome('healthy-then-faulty');
    const release = (await scenarios.get('healthy-done')) as Release;
    const canary = await release.canary();
    expect(canary.status?.phase).to.equal('Failed');
  });
});
