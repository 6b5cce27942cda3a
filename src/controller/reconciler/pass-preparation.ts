import type { Canary } from '../../api/canary-types.ts';
import { SnapshotError } from '../../../machines/snapshot-error.ts';
import type { ReleaseSnapshot } from '../../../machines/registry.ts';
import { start } from '../../../machines/run.ts';
import type { ReleaseConfig } from '../../../machines/release-types.ts';
import { checkAutoscalerRef } from '../k8s-objects/autoscaler-reference.ts';
import type { Deployment } from '../k8s-objects/object-shapes.ts';
import type { HorizontalPodAutoscaler } from '../k8s-objects/primary-autoscaler.ts';
import { ObjectBuildError } from '../k8s-objects/ownership.ts';
import { selectorLabel } from '../k8s-objects/selector-label.ts';
import type { AnalysisMetric } from '../../telemetry/index.ts';
import type { ReadyState } from './conditions.ts';
import { ReadyReason } from './conditions.ts';
import type { MetricLookups } from './metric-specs.ts';
import { resolveMetrics } from './metric-specs.ts';
import type { SpecChecker } from './spec-check.ts';
import type { CachedLookup } from './target-revision.ts';
import { targetRevision } from './target-revision.ts';
import { restoreStored } from './stored-snapshot.ts';
import type { TrackedConfigs } from './tracked-configs.ts';
import { trackedConfigsOf } from './tracked-configs.ts';

/** Everything a pass needs once the Canary is known to be runnable. */
export interface PreparedPass {
  ok: true;
  key: string;
  namespace: string;
  canary: Canary;
  config: ReleaseConfig;
  target: Deployment;
  metrics: AnalysisMetric[];
  /** The snapshot as persisted (or a fresh one in `initializing` before the first write). */
  snapshot: ReleaseSnapshot;
  revision: string;
  /** The ConfigMaps/Secrets copied to `-primary`, with their digests for status.trackedConfigs. */
  configs: TrackedConfigs;
  now: number;
}

/** Why the machine cannot run this pass. */
export interface BlockedPass {
  ok: false;
  ready: ReadyState;
}

function blocked(reason: string, message: string): BlockedPass {
  return { ok: false, ready: { status: 'False', reason, message } };
}

function restoreOrStart(canary: Canary, config: ReleaseConfig, now: number): ReleaseSnapshot | BlockedPass {
  const stored = canary.status?.machine;
  if (stored === undefined) return start(config.strategy, config, now);
  try {
    return restoreStored(stored);
  } catch (err: unknown) {
    if (!(err instanceof SnapshotError)) throw err;
    return blocked(ReadyReason.SnapshotIncompatible, `${err.message}; the release cannot resume from status.machine`);
  }
}

function targetProblem(target: Deployment): string | null {
  try {
    selectorLabel(target);
    return null;
  } catch (err: unknown) {
    if (err instanceof ObjectBuildError) return err.message;
    throw err;
  }
}

/** What preparation reads. */
export interface PreparationDeps {
  specs: SpecChecker;
  cached: CachedLookup;
  lookups: MetricLookups;
}

/**
 * Checks a Canary the way the reconcile design orders it (spec, target, metric templates,
 * snapshot) and returns the first reason it cannot run, or the pass's inputs.
 */
export function preparePass(deps: PreparationDeps, key: string, canary: Canary, now: number): PreparedPass | BlockedPass {
  const spec = deps.specs.check(key, canary);
  if (!spec.ok) return blocked(ReadyReason.InvalidSpec, `invalid Canary spec: ${spec.message}`);
  const namespace = canary.metadata.namespace ?? 'default';
  const targetName = canary.spec.targetRef.name;
  const target = deps.cached('Deployment', namespace, targetName) as Deployment | undefined;
  if (target === undefined) {
    return blocked(ReadyReason.TargetNotFound, `target Deployment ${namespace}/${targetName} (spec.targetRef.name) does not exist; create it or fix spec.targetRef`);
  }
  const problem = targetProblem(target);
  if (problem !== null) return blocked(ReadyReason.ObjectsInvalid, problem);
  const configs = trackedConfigsOf(target, deps.cached);
  if (!configs.ok) return blocked(ReadyReason.ConfigNotFound, configs.message);
  const scaler = checkAutoscalerRef(canary, (ns, n) => deps.cached('HorizontalPodAutoscaler', ns, n) as HorizontalPodAutoscaler | undefined);
  if (scaler?.ok === false) return blocked(scaler.reason, scaler.message);
  const metrics = resolveMetrics(canary, deps.lookups);
  if (!metrics.ok) return blocked(ReadyReason.MetricTemplateInvalid, metrics.message);
  const snapshot = restoreOrStart(canary, spec.config, now);
  if ('ok' in snapshot) return snapshot;
  const revision = targetRevision(target, deps.cached);
  return { ok: true, key, namespace, canary, config: spec.config, target, metrics: metrics.metrics, snapshot, revision, configs, now };
}
