/**
 * The four releases of the demo, played against a running controller:
 * 1. podinfo v1 and its Canary (bootstrap: the primary is created);
 * 2. v2, healthy: promoted by analysis;
 * 3. v3, 15% errors: rolled back, v2 keeps serving;
 * 4. v4, healthy: promoted by hand with the glidepath.dev/promote annotation.
 */
import type { Canary } from '../../api/canary-types.ts';
import { requestAction } from '../actions/request-action.ts';
import { describeResult } from '../actions/run-action.ts';
import type { CanaryApi } from '../canary-api.ts';
import type { DemoCluster } from './demo-cluster.ts';
import { DEMO } from './demo-manifests.ts';
import type { DemoTiming, DemoVersion } from './demo-manifests.ts';
import type { ReleaseResult } from './demo-summary.ts';
import type { ReleaseWatcher } from './release-watcher.ts';

/** What the scenario runs with. */
export interface ScenarioContext {
  cluster: DemoCluster;
  api: CanaryApi;
  watcher: ReleaseWatcher;
  timing: DemoTiming;
  /** Step headings and operator lines. */
  say: (line: string) => void;
  /** Deadline of each release. */
  releaseTimeoutMs: number;
}

interface Step {
  heading: string;
  release: string;
  change: string;
  expected: string;
  primary: string;
  play: (ctx: ScenarioContext) => Promise<Canary>;
}

const healthy = (version: string): DemoVersion => ({ version, errorRate: 0 });
const phaseIs = (phase: string) => (c: Canary): boolean => c.status?.phase === phase;

async function promoteByHand(ctx: ScenarioContext): Promise<Canary> {
  await ctx.cluster.release(healthy('v4'));
  await ctx.watcher.until('v4 to start its analysis', (c) => c.status?.phase === 'Progressing' && (c.status.canaryWeight ?? 0) > 0, ctx.releaseTimeoutMs);
  ctx.say(`$ glidepath promote ${DEMO.app} -n ${DEMO.namespace}`);
  const result = await requestAction({ api: ctx.api, namespace: DEMO.namespace, name: DEMO.app, action: 'promote', timeoutMs: 30_000 });
  ctx.say(describeResult(result, DEMO.namespace, DEMO.app, 30_000));
  return ctx.watcher.until('v4 to be promoted', phaseIs('Succeeded'), ctx.releaseTimeoutMs);
}

const STEPS: readonly Step[] = [
  {
    heading: 'podinfo v1 behind a VirtualService, with a Canary', release: 'v1', change: 'bootstrap', expected: 'Initialized', primary: 'v1',
    play: async (ctx) => {
      await ctx.cluster.bootstrap(healthy('v1'), ctx.timing);
      return ctx.watcher.until('the Canary to initialize', phaseIs('Initialized'), ctx.releaseTimeoutMs);
    },
  },
  {
    heading: 'release v2 (healthy): analysis promotes it', release: 'v2', change: 'healthy', expected: 'Succeeded', primary: 'v2',
    play: async (ctx) => {
      await ctx.cluster.release(healthy('v2'));
      return ctx.watcher.until('v2 to be promoted', phaseIs('Succeeded'), ctx.releaseTimeoutMs);
    },
  },
  {
    heading: 'release v3 (15% of requests fail): analysis rolls it back', release: 'v3', change: '15% errors', expected: 'Failed', primary: 'v2',
    play: async (ctx) => {
      await ctx.cluster.release({ version: 'v3', errorRate: 0.15 });
      return ctx.watcher.until('v3 to be rolled back', phaseIs('Failed'), ctx.releaseTimeoutMs);
    },
  },
  {
    heading: 'release v4 (healthy): promoted by hand with the glidepath.dev/promote annotation', release: 'v4', change: 'healthy, manual', expected: 'Succeeded', primary: 'v4',
    play: promoteByHand,
  },
];

async function playStep(ctx: ScenarioContext, step: Step, index: number): Promise<ReleaseResult> {
  ctx.say('');
  ctx.say(`[${index + 1}/${STEPS.length}] ${step.heading}`);
  ctx.watcher.begin();
  const started = Date.now();
  const canary = await step.play(ctx);
  const primaryAfter = await ctx.cluster.primaryVersion();
  const outcome = canary.status?.phase ?? 'unknown';
  return {
    release: step.release, change: step.change, expected: `${step.expected}, primary ${step.primary}`, outcome, primaryAfter,
    seconds: (Date.now() - started) / 1000, record: ctx.watcher.current,
    ok: outcome === step.expected && primaryAfter === step.primary,
  };
}

/** Plays every step in order; a step that times out throws a CliError saying what it waited for. */
export async function playScenario(ctx: ScenarioContext): Promise<ReleaseResult[]> {
  const results: ReleaseResult[] = [];
  for (const [index, step] of STEPS.entries()) results.push(await playStep(ctx, step, index));
  return results;
}
