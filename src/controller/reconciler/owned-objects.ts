import type { Canary } from '../../api/canary-types.ts';
import type { DesiredState } from '../../../machines/release-types.ts';
import { destinationRules } from '../k8s-objects/destination-rules.ts';
import type { Deployment } from '../k8s-objects/object-shapes.ts';
import { services } from '../k8s-objects/services.ts';
import { virtualService } from '../k8s-objects/virtual-service.ts';
import type { ClusterApi, KubeObject } from './cluster-api.ts';
import { apiErrorCode, apiErrorMessage } from './cluster-api.ts';
import type { RepairSink } from './drift-repairs.ts';
import type { OwnedWrites } from './owned-writes.ts';
import { objectRepair } from './drift-repairs.ts';
import type { ResourceKindName } from '../runtime/resource-kinds.ts';
import { ResourceKinds } from '../runtime/resource-kinds.ts';
import { coveredBy } from './merge-patch.ts';

/** A converge step that cannot succeed until someone changes the cluster (a missing CRD). */
export class ConvergeError extends Error {
  override readonly name = 'ConvergeError';
  constructor(readonly reason: 'IstioCRDsMissing' | 'ObjectsInvalid' | 'ConfigNotFound' | 'PrimaryUnrecoverable', message: string) {
    super(message);
  }
}

/** What converging needs: cache reads, API writes and the leader fence. */
export interface ConvergeDeps {
  api: ClusterApi;
  cached(kind: ResourceKindName, namespace: string, name: string): unknown;
  /** Throws unless this instance may write; called right before each write. */
  fence(): void;
  /** Told about every object created or patched back, for `Restored` Events when the pass repairs drift. */
  repaired?: RepairSink | undefined;
  /** The Canary's owned-object writes: a cached object older than this controller's last write of it is left alone. */
  writes?: OwnedWrites | undefined;
}

type Desired = KubeObject & { metadata: { name: string; namespace: string; labels?: Record<string, string>; annotations?: Record<string, string>; ownerReferences?: unknown[] }; spec: unknown };

function ownedPart(desired: Desired): object {
  const { labels, annotations, ownerReferences } = desired.metadata;
  const metadata = { labels, ownerReferences, ...(annotations === undefined ? {} : { annotations }) };
  return { metadata, spec: desired.spec };
}

/** True when the cached object holds `wanted`, or is older than this controller's last write of it. */
function holdsOrPending(deps: ConvergeDeps, kind: ResourceKindName, current: KubeObject, wanted: object): boolean {
  const name = current.metadata?.name ?? '';
  return deps.writes?.isStale(kind, name, current.metadata?.resourceVersion) === true || coveredBy(current, wanted);
}

async function ensureObject(deps: ConvergeDeps, kind: ResourceKindName, desired: Desired, detail?: string): Promise<number> {
  const { name, namespace } = desired.metadata;
  const current = deps.cached(kind, namespace, name) as KubeObject | undefined;
  const wanted = ownedPart(desired);
  if (current !== undefined && holdsOrPending(deps, kind, current, wanted)) return 0;
  deps.fence();
  try {
    const written = current === undefined ? await deps.api.create(ResourceKinds[kind], namespace, desired) : await deps.api.mergePatch(ResourceKinds[kind], namespace, name, wanted);
    deps.writes?.wrote(kind, name, written.metadata?.resourceVersion);
  } catch (err: unknown) {
    // Created by an earlier pass whose write the cache has not shown yet: nothing to restore.
    if (current === undefined && apiErrorCode(err) === 409) return 0;
    throw classify(err, kind, `${namespace}/${name}`);
  }
  deps.repaired?.(objectRepair(kind, name, current === undefined, detail));
  return 1;
}

function classify(err: unknown, kind: ResourceKindName, key: string): unknown {
  const code = apiErrorCode(err);
  const istio = kind === 'VirtualService' || kind === 'DestinationRule';
  if (istio && code === 404) {
    return new ConvergeError('IstioCRDsMissing', `cannot write ${kind} ${key}: the API does not serve networking.istio.io/v1 ${ResourceKinds[kind].plural} (install Istio's CRDs)`);
  }
  if (code === 422 || code === 400) return new ConvergeError('ObjectsInvalid', `the API rejected ${kind} ${key}: ${apiErrorMessage(err)}`);
  return err;
}

/** Creates or patches the Services and DestinationRules; returns the number of writes. */
export async function convergeNetworking(deps: ConvergeDeps, canary: Canary, target: Deployment): Promise<number> {
  const svc = services(canary, target);
  const rules = destinationRules(canary);
  let writes = 0;
  for (const service of [svc.apex, svc.primary, svc.canary]) writes += await ensureObject(deps, 'Service', service as Desired);
  for (const rule of [rules.primary, rules.canary]) writes += await ensureObject(deps, 'DestinationRule', rule as Desired);
  return writes;
}

/** Creates or patches the VirtualService to the desired traffic split; returns the number of writes. */
export async function convergeRouting(deps: ConvergeDeps, canary: Canary, desired: DesiredState): Promise<number> {
  return ensureObject(deps, 'VirtualService', virtualService(canary, desired) as Desired, `canary weight ${String(desired.canaryWeight)}%`);
}

/** The target's desired replicas: the primary's count while the canary runs, else 0. */
export function canaryReplicas(desired: DesiredState, primary: Deployment | undefined): number {
  if (!desired.canaryRunning) return 0;
  const replicas = primary?.spec?.replicas ?? 1;
  return Math.max(1, replicas);
}

/** Scales the target when its replicas differ from what the machine wants; returns the number of writes. */
export async function convergeCanaryScale(deps: ConvergeDeps, target: Deployment, replicas: number): Promise<number> {
  if ((target.spec?.replicas ?? 1) === replicas) return 0;
  deps.fence();
  await deps.api.scaleDeployment(target.metadata.namespace ?? 'default', target.metadata.name, replicas);
  return 1;
}
