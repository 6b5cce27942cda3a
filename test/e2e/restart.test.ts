// Crash safety end to end: a controller in a child process is killed with SIGKILL at random points
// of several releases, at least ten times, and a fresh process resumes each time from the snapshot
// in status. Weights never go backwards, no step repeats and each release ends in the right phase.
import { expect } from 'chai';
import type { Canary, HistoryStatus } from '../../src/api/canary-types.ts';
import { startEnvironment } from './fixtures/environment.ts';
import type { Environment } from './fixtures/environment.ts';
import { ControllerProcess } from './fixtures/controller-process.ts';
import { Given, With, app } from './fixtures/scenario.ts';
import type { Release } from './fixtures/scenario.ts';
import { expectPhase, expectPrimaryServes, newImage } from './fixtures/steps.ts';
import { WeightRecorder } from './fixtures/weight-recorder.ts';
import { waitFor } from '../helpers/wait-for.ts';

const NS = 'restart';
const MIN_KILLS = 10;

interface KillPoint {
  release: string;
  phase: string;
  weight: number;
}

function killPoint(canary: Canary, release: string): KillPoint {
  return { release, phase: canary.status?.phase ?? '?', weight: canary.status?.canaryWeight ?? -1 };
}

/** What a controller's progress changes in status: a new history entry, weight or phase. */
function progressMark(canary: Canary): string {
  const status = canary.status;
  return JSON.stringify([status?.history?.at(-1), status?.canaryWeight, status?.phase]);
}

/** The weights the analysis stepped to in history since `since`, in order (one entry per step taken). */
function stepsTaken(history: readonly HistoryStatus[], since: number): number[] {
  return history.filter((h) => Date.parse(h.time) >= since && /^analysis passed: weight/.test(h.message ?? '')).map((h) => h.weight ?? -1);
}

interface PlannedRelease {
  version: string;
  behaviour: Record<string, string>;
  phase: 'Succeeded' | 'Failed';
  primary: string;
}

/** A release's weights and history: exact steps for a success, only rising then 0 for a rollback. */
function checkRelease(r: PlannedRelease, seen: number[], canary: Canary, since: number): void {
  const steps = stepsTaken(canary.status?.history ?? [], since);
  if (r.phase === 'Succeeded') {
    expect(seen, `${r.version}: VirtualService weights`).to.deep.equal([0, 10, 20, 30, 40, 50, 0]);
    expect(steps, `${r.version}: each weight step taken once`).to.deep.equal([10, 20, 30, 40, 50]);
    return;
  }
  expect(seen.slice(0, -1), `${r.version}: weights only rise before the rollback`).to.deep.equal([...seen.slice(0, -1)].sort((a, b) => a - b));
  expect(seen.at(-1), `${r.version}: rollback to 0`).to.equal(0);
  expect(canary.status?.failedChecks, `${r.version}: each failed check counted once`).to.equal(2);
}

describe('e2e: controller killed at random points resumes from status', function () {
  this.timeout(240_000);
  let env: Environment | undefined;
  let weights: WeightRecorder | undefined;
  const running: { current: ControllerProcess | undefined; warm: Promise<ControllerProcess> | undefined } = { current: undefined, warm: undefined };
  const kills: KillPoint[] = [];

  before(async function () {
    this.timeout(60_000);
    env = await startEnvironment({ namespace: NS, controller: false });
    weights = new WeightRecorder(env.kc, NS);
    await weights.start();
  });

  after(async function () {
    this.timeout(60_000);
    await running.current?.kill();
    await (await running.warm?.catch(() => undefined))?.kill();
    await weights?.stop();
    await env?.stop();
  });

  async function stopCurrent(): Promise<void> {
    await running.current?.kill();
    running.current = undefined;
  }

  /** Activates a pre-loaded process (module loading takes seconds on a busy machine) and loads the next one. */
  async function restart(): Promise<ControllerProcess> {
    const next = await (running.warm ?? ControllerProcess.spawn(vars()));
    running.warm = ControllerProcess.spawn(vars());
    running.warm.catch(() => undefined);
    await next.activate();
    running.current = next;
    return next;
  }

  function vars(): Record<string, string> {
    if (env === undefined) throw new Error('environment not started');
    return { GLIDEPATH_KUBECONFIG: env.sandbox.kubeconfigPath, GLIDEPATH_PROMETHEUS: env.prometheus.url };
  }

  /** Kills and restarts the controller at random points until `release` reaches `phase`; the last process is left running. */
  async function chaos(release: Release, label: string, phase: string): Promise<void> {
    for (;;) {
      await restart();
      const canary = await release.canary();
      if (canary.status?.phase === phase || kills.length >= MIN_KILLS) return;
      // Each process must move the release on before it dies, or a slow machine kills every process
      // at the point where the previous one stopped; then the kill lands at a random moment after.
      const resumedAt = progressMark(canary);
      await waitFor(async () => progressMark(await release.canary()) !== resumedAt, { what: `${label}: progress after resuming at ${resumedAt}`, timeoutMs: 60_000, intervalMs: 50 });
      await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 900)));
      const point = killPoint(await release.canary(), label);
      kills.push(point);
      await stopCurrent();
      if (point.phase === phase) return;
    }
  }

  it(`survives at least ${MIN_KILLS} SIGKILLs across releases: no weight backwards, no step repeated, right final phases`, async () => {
    if (env === undefined || weights === undefined) throw new Error('environment not started');
    await restart();
    const phoenix = await Given(env, app('phoenix', { stepWeight: 10, maxWeight: 50, interval: '1s' }), weights).run();
    await stopCurrent();
    const releases: PlannedRelease[] = [
      { version: 'v2', behaviour: {}, phase: 'Succeeded', primary: 'v2' },
      { version: 'v3', behaviour: { 'sandbox.glidepath.dev/error-rate': '0.3' }, phase: 'Failed', primary: 'v2' },
      { version: 'v4', behaviour: {}, phase: 'Succeeded', primary: 'v4' },
      { version: 'v5', behaviour: {}, phase: 'Succeeded', primary: 'v5' },
    ];
    for (const r of releases) {
      if (kills.length >= MIN_KILLS && r.version !== 'v2' && r.version !== 'v3') break;
      const since = Date.now();
      await With(phoenix).When(newImage(r.version, r.behaviour)).run();
      await chaos(phoenix, r.version, r.phase);
      await With(phoenix).Then(expectPhase(r.phase, 60_000)).And(expectPrimaryServes(r.primary)).run();
      checkRelease(r, weights.weights('phoenix'), await phoenix.canary(), since);
      await stopCurrent();
    }
    expect(kills.length, `kill points ${JSON.stringify(kills)}`).to.be.at.least(MIN_KILLS);
    expect(new Set(kills.map((k) => `${k.phase}@${k.weight}`)).size, 'kills happened at different points').to.be.at.least(4);
  });
});
