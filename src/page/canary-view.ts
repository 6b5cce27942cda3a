/**
 * The JSON the page's API serves: a summary row per Canary and the detail of one.
 * Everything is derived from the cached Canary, its Events and what the page has
 * observed over time; nothing here talks to the API server.
 */
import type { Canary, CanaryCondition, CanaryMetric, CheckStatus, HistoryStatus } from '../api/canary-types.ts';
import { RELEASE_DEFAULTS } from '../api/release-config.ts';
import { resolveStrategy } from '../api/strategy.ts';
import type { CanaryEventRecord } from './canary-source.ts';
import type { MachineGraph } from './machine-graph.ts';
import type { CheckSample, ObservedSeries, WeightSample } from './observed-series.ts';
import { currentStateOf } from './observed-series.ts';
import { ACTION_DESCRIPTIONS, annotationOf, kubectlCommand, pageActions } from './page-actions.ts';
import { takenEdges } from './taken-edges.ts';

/** One row of the list. */
export interface CanarySummary {
  namespace: string;
  name: string;
  strategy: string;
  phase: string;
  state: string;
  canaryWeight: number;
  failedChecks: number;
  threshold: number;
  iterations: number;
  lastTransitionTime: string | null;
  revision: string | null;
  message: string;
  paused: boolean;
  /** `spec.suspend`: the controller leaves this Canary alone until it is unset. */
  suspended: boolean;
  target: string;
}

/** A metric as the spec declares it. */
export interface MetricSpecView {
  name: string;
  interval: string;
  thresholdMin: number | null;
  thresholdMax: number | null;
  source: string;
}

/** An action with the kubectl command that does the same. */
export interface ActionView {
  action: string;
  annotation: string;
  description: string;
  command: string;
}

/** Everything the detail view shows. */
export interface CanaryDetail {
  summary: CanarySummary;
  spec: { interval: string; stepWeights: number[]; maxWeight: number; iterations: number; metrics: MetricSpecView[] };
  annotations: Record<string, string>;
  conditions: CanaryCondition[];
  checks: CheckStatus[];
  history: HistoryStatus[];
  events: readonly CanaryEventRecord[];
  series: { since: string; weights: readonly WeightSample[]; checks: Readonly<Record<string, readonly CheckSample[]>> };
  machine: { name: string; state: string; graph: string; takenEdges: string[]; releaseStart: string | null };
  actions: { enabled: boolean; list: ActionView[] };
}

/** The strategy the Canary runs: the persisted machine's name, else the spec's. */
export function strategyOf(canary: Canary): string {
  const name = canary.status?.machine?.name;
  if (typeof name === 'string' && name !== '') return name;
  return resolveStrategy(canary.spec);
}

function thresholdOf(canary: Canary): number {
  const threshold = canary.spec.analysis.threshold;
  return threshold !== undefined && threshold > 0 ? threshold : RELEASE_DEFAULTS.threshold;
}

function revisionOf(canary: Canary): string | null {
  return canary.status?.revision ?? canary.status?.lastAppliedSpec ?? null;
}

function statusFields(canary: Canary): Pick<CanarySummary, 'phase' | 'canaryWeight' | 'failedChecks' | 'iterations' | 'lastTransitionTime' | 'revision' | 'message' | 'paused'> {
  const status = canary.status ?? {};
  return {
    phase: status.phase ?? 'Initializing',
    canaryWeight: status.canaryWeight ?? 0,
    failedChecks: status.failedChecks ?? 0,
    iterations: status.iterations ?? 0,
    lastTransitionTime: status.lastTransitionTime ?? null,
    revision: revisionOf(canary),
    message: status.message ?? '',
    paused: status.paused ?? false,
  };
}

/** The list row of a Canary. */
export function summarize(canary: Canary): CanarySummary {
  return {
    namespace: canary.metadata.namespace ?? 'default',
    name: canary.metadata.name,
    strategy: strategyOf(canary),
    state: currentStateOf(canary),
    threshold: thresholdOf(canary),
    target: canary.spec.targetRef.name,
    suspended: canary.spec.suspend === true,
    ...statusFields(canary),
  };
}

function stepWeightsOf(canary: Canary): number[] {
  const analysis = canary.spec.analysis;
  if (analysis.stepWeights !== undefined) return [...analysis.stepWeights];
  const step = analysis.stepWeight ?? 0;
  const max = analysis.maxWeight ?? RELEASE_DEFAULTS.maxWeight;
  const steps: number[] = [];
  for (let w = step; step > 0 && w < max; w += step) steps.push(w);
  if (step > 0) steps.push(max);
  return steps;
}

function metricSource(metric: CanaryMetric): string {
  if (metric.templateRef !== undefined) {
    const ns = metric.templateRef.namespace;
    return `template ${ns === undefined ? '' : `${ns}/`}${metric.templateRef.name}`;
  }
  return metric.query === undefined ? 'builtin' : 'inline query';
}

function metricSpecs(canary: Canary): MetricSpecView[] {
  return (canary.spec.analysis.metrics ?? []).map((m) => ({
    name: m.name,
    interval: m.interval ?? '1m',
    thresholdMin: m.thresholdRange?.min ?? null,
    thresholdMax: m.thresholdRange?.max ?? m.threshold ?? null,
    source: metricSource(m),
  }));
}

function actionViews(namespace: string, name: string): ActionView[] {
  return pageActions().map((action) => ({
    action,
    annotation: annotationOf(action),
    description: ACTION_DESCRIPTIONS[action],
    command: kubectlCommand(action, namespace, name),
  }));
}

/** What the detail view needs besides the Canary. */
export interface DetailContext {
  events: readonly CanaryEventRecord[];
  series: ObservedSeries;
  graph: MachineGraph | undefined;
  actionsEnabled: boolean;
}

function specView(canary: Canary): CanaryDetail['spec'] {
  const analysis = canary.spec.analysis;
  return {
    interval: analysis.interval ?? RELEASE_DEFAULTS.interval,
    stepWeights: stepWeightsOf(canary),
    maxWeight: analysis.maxWeight ?? RELEASE_DEFAULTS.maxWeight,
    iterations: analysis.iterations ?? 0,
    metrics: metricSpecs(canary),
  };
}

/** The detail of a Canary. */
export function detailOf(canary: Canary, context: DetailContext): CanaryDetail {
  const summary = summarize(canary);
  const { namespace, name } = summary;
  const status = canary.status ?? {};
  const history = status.history ?? [];
  const taken = context.graph === undefined ? { edges: [], releaseStart: null } : takenEdges(context.graph, history);
  return {
    summary,
    spec: specView(canary),
    annotations: { ...canary.metadata.annotations },
    conditions: status.conditions ?? [],
    checks: status.checks ?? [],
    history,
    events: context.events,
    series: { since: context.series.since, weights: context.series.weights(namespace, name), checks: context.series.checks(namespace, name) },
    machine: { name: summary.strategy, state: summary.state, graph: `/api/machines/${encodeURIComponent(summary.strategy)}/graph`, takenEdges: taken.edges, releaseStart: taken.releaseStart },
    actions: { enabled: context.actionsEnabled, list: actionViews(namespace, name) },
  };
}
