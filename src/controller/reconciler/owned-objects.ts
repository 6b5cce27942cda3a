import type { Canary } from '../../api/canary-types.ts';
import type { DesiredState } from '../../../machines/release-types.ts';
import { destinationRules } from '../k8s-objects/destination-rules.ts';
import { canaryObjectNames } from '../k8s-objects/object-names.ts';
import type { Deployment } from '../k8s-objects/object-shapes.ts';
import type { PrimaryTemplateOptions } from '../k8s-objects/primary-deployment.ts';
import { REVISION_ANNOTATION, primaryDeployment, primaryTemplate } from '../k8s-objects/primary-deployment.ts';
import { selectorLabel } from '../k8s-objects/selector-label.ts';
import type { ConfigReference } from '../k8s-objects/config-references.ts';
import { copyTrackedConfigs } from './config-copies.ts';
import { services } from '../k8s-objects/services.ts';
import { virtualService } from '../k8s-objects/virtual-service.ts';
import type { ClusterApi, KubeObject } from './cluster-api.ts';
import { apiErrorCode, apiErrorMessage } from './cluster-api.ts';
import type { ResourceKindName } from '../runtime/resource-kinds.ts';
import { ResourceKinds } from '../runtime/resource-kinds.ts';
import { coveredBy, mergePatchBetween } from './merge-patch.ts';

/** A converge step that cannot succeed until someone changes the cluster (a missing CRD). */
export class ConvergeError extends Error {
  override readonly name = 'ConvergeError';
  constructor(readonly reason: 'IstioCRDsMissing' | 'ObjectsInvalid' | 'ConfigNotFound', message: string) {
    super(message);
  }
}

/** What converging needs: cache reads, API writes and the leader fence. */
export interface ConvergeDeps {
  api: ClusterApi;
  cached(kind: ResourceKindName, namespace: string, name: string): unknown;
  /** Throws unless this instance may write; called right before each write. */
  fence(): void;
}

/** What converging the primary depends on. */
export interface PrimaryFacts {
  desired: DesiredState;
  /** The target's current revision (template plus referenced configs). */
  targetRevision: string;
  /** The revision the machine releases (what promotion copies). */
  releasing: string | null;
  /** Replicas for a primary created now (from the autoscaler's bounds); the target's when absent. */
  replicas?: number;
  /** The target's tracked ConfigMaps/Secrets, copied to `-primary` whenever the primary takes a template. */
  trackedConfigs?: readonly ConfigReference[];
}

type Desired = KubeObject & { metadata: { name: string; namespace: string; labels?: Record<string, string>; annotations?: Record<string, string>; ownerReferences?: unknown[] }; spec: unknown };

function ownedPart(desired: Desired): object {
  const { labels, annotations, ownerReferences } = desired.metadata;
  const metadata = { labels, ownerReferences, ...(annotations === undefined ? {} : { annotations }) };
  return { metadata, spec: desired.spec };
}

async function ensureObject(deps: ConvergeDeps, kind: ResourceKindName, desired: Desired): Promise<number> {
  const { name, namespace } = desired.metadata;
  const current = deps.cached(kind, namespace, name) as KubeObject | undefined;
  const wanted = ownedPart(desired);
  if (current !== undefined && coveredBy(current, wanted)) return 0;
  deps.fence();
  try {
    if (current === undefined) await deps.api.create(ResourceKinds[kind], namespace, desired);
    else await deps.api.mergePatch(ResourceKinds[kind], namespace, name, wanted);
  } catch (err: unknown) {
    throw classify(err, kind, `${namespace}/${name}`);
  }
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
  return ensureObject(deps, 'VirtualService', virtualService(canary, desired) as Desired);
}

/**
 * Creates `<target>-primary` when missing; during promotion gives it the target's template and
 * revision annotation. Otherwise its template is never touched. Returns the number of writes.
 */
export async function convergePrimary(deps: ConvergeDeps, canary: Canary, target: Deployment, facts: PrimaryFacts): Promise<number> {
  const names = canaryObjectNames(canary);
  const namespace = canary.metadata.namespace ?? 'default';
  const primary = deps.cached('Deployment', namespace, names.primaryDeployment) as Deployment | undefined;
  const tracked = facts.trackedConfigs ?? [];
  const options = { revision: facts.targetRevision, trackedConfigs: tracked };
  if (primary === undefined) {
    // Copies first: the primary's pods must find the configs they reference.
    const copies = await copyTrackedConfigs(deps, canary, tracked);
    deps.fence();
    await deps.api.create(ResourceKinds.Deployment, namespace, primaryDeployment(target, canary, { ...options, ...(facts.replicas === undefined ? {} : { replicas: facts.replicas }) }) as unknown as KubeObject);
    return copies + 1;
  }
  const promoting = facts.desired.promoteTemplate && facts.releasing !== null;
  if (!promoting || primary.metadata.annotations?.[REVISION_ANNOTATION] === facts.targetRevision) return 0;
  const copies = await copyTrackedConfigs(deps, canary, tracked);
  return copies + await promotePrimary(deps, primary, target, options);
}

async function promotePrimary(deps: ConvergeDeps, primary: Deployment, target: Deployment, options: PrimaryTemplateOptions & { revision: string }): Promise<number> {
  const namespace = primary.metadata.namespace ?? 'default';
  const template = target.spec?.template;
  if (template === undefined) throw new ConvergeError('ObjectsInvalid', `Deployment ${namespace}/${target.metadata.name} has no spec.template`);
  const wanted = primaryTemplate(template, selectorLabel(target), options);
  const patch = { metadata: { annotations: { [REVISION_ANNOTATION]: options.revision } }, spec: { template: mergePatchBetween(primary.spec?.template, wanted) ?? {} } };
  deps.fence();
  await deps.api.mergePatch(ResourceKinds.Deployment, namespace, primary.metadata.name, patch);
  return 1;
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
