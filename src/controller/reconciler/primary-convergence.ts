// Keeps `<target>-primary` at the revision the machine wants on every pass: created when missing,
// promoted while the machine promotes, and otherwise put back to the promoted revision's template
// (never the canary's in-flight one) when it was deleted, edited or scaled to 0 by hand.
import type { Canary } from '../../api/canary-types.ts';
import type { DesiredState } from '../../../machines/release-types.ts';
import type { ConfigReference } from '../k8s-objects/config-references.ts';
import { canaryObjectNames } from '../k8s-objects/object-names.ts';
import type { Deployment, PodTemplate } from '../k8s-objects/object-shapes.ts';
import { primaryDeployment, primaryTemplate } from '../k8s-objects/primary-deployment.ts';
import { selectorLabel } from '../k8s-objects/selector-label.ts';
import { ResourceKinds } from '../runtime/resource-kinds.ts';
import type { KubeObject } from './cluster-api.ts';
import { apiErrorCode } from './cluster-api.ts';
import { copyTrackedConfigs } from './config-copies.ts';
import type { ConvergeDeps } from './owned-objects.ts';
import { ConvergeError } from './owned-objects.ts';
import { OwnedWrites } from './owned-writes.ts';
import type { PrimaryRecord } from './primary-records.ts';
import type { PrimarySpec } from './primary-repair.ts';
import { replicasToRestore, templateRepairPatch, wantedPrimary } from './primary-repair.ts';
import { primaryRevisionOf } from './workload-readiness.ts';

/** What converging the primary depends on. */
export interface PrimaryFacts {
  desired: DesiredState;
  /** The target's current revision (template plus referenced configs). */
  targetRevision: string;
  /** The revision the machine releases (what promotion copies). */
  releasing: string | null;
  /** The revision last promoted (the machine's); null or absent before the first promotion. */
  promotedRevision?: string | null;
  /** Replicas for a primary created now (its last count, moved into the autoscaler's bounds); the target's when absent. */
  replicas?: number;
  /** The target's tracked ConfigMaps/Secrets, copied to `-primary` whenever the primary takes a template. */
  trackedConfigs?: readonly ConfigReference[];
  /** What this controller remembers about the primary (kept by the caller across passes). */
  record?: PrimaryRecord;
}

interface PrimaryPass {
  deps: ConvergeDeps;
  canary: Canary;
  target: Deployment;
  facts: PrimaryFacts;
  record: PrimaryRecord;
}

function targetTemplate(target: Deployment): PodTemplate {
  const template = target.spec?.template;
  if (template === undefined) throw new ConvergeError('ObjectsInvalid', `Deployment ${target.metadata.namespace ?? 'default'}/${target.metadata.name} has no spec.template`);
  return template;
}

function emptyRecord(): PrimaryRecord {
  return { copies: new Map(), unrestorable: new Set(), writes: new OwnedWrites() };
}

/**
 * Creates `<target>-primary` when missing; while the machine promotes gives it the target's
 * template and revision annotation; otherwise puts back the promoted revision's template when it
 * drifted and restores a primary scaled to 0. Returns the number of writes.
 */
export async function convergePrimary(deps: ConvergeDeps, canary: Canary, target: Deployment, facts: PrimaryFacts): Promise<number> {
  const pass: PrimaryPass = { deps, canary, target, facts, record: facts.record ?? emptyRecord() };
  const live = deps.cached('Deployment', canary.metadata.namespace ?? 'default', canaryObjectNames(canary).primaryDeployment) as Deployment | undefined;
  const promoting = facts.desired.promoteTemplate && facts.releasing !== null;
  const wanted = decideWanted(pass, live, promoting);
  return live === undefined ? createPrimary(pass, wanted) : convergeLive(pass, live, wanted, promoting);
}

/** Records the live primary's replica count; false when the cache has not seen this controller's last write of it. */
function seeLive(record: PrimaryRecord, live: Deployment): boolean {
  if (record.writes.isStale('Deployment', live.metadata.name, live.metadata.resourceVersion)) return false;
  const replicas = live.spec?.replicas ?? 0;
  if (replicas >= 1) record.replicas = replicas;
  return true;
}

async function convergeLive(pass: PrimaryPass, live: Deployment, wanted: PrimarySpec | null, promoting: boolean): Promise<number> {
  if (!seeLive(pass.record, live)) return 0;
  if (wanted === null) return restoreReplicas(pass, live);
  if (promoting && primaryRevisionOf(live) !== pass.facts.targetRevision) return promote(pass, live, wanted);
  // Before the first promotion the primary is only created, never repaired.
  const templateWrites = (pass.facts.promotedRevision ?? null) === null ? 0 : await repairTemplate(pass, live, wanted);
  return templateWrites + await restoreReplicas(pass, live);
}

function decideWanted(pass: PrimaryPass, live: Deployment | undefined, promoting: boolean): PrimarySpec | null {
  const { facts, target } = pass;
  const wanted = wantedPrimary({
    promoting, targetRevision: facts.targetRevision, promotedRevision: facts.promotedRevision ?? null, recorded: pass.record.spec, live,
    buildFromTarget: () => primaryTemplate(targetTemplate(target), selectorLabel(target), { revision: facts.targetRevision, trackedConfigs: facts.trackedConfigs ?? [] }),
  });
  if (wanted !== null) pass.record.spec = wanted;
  return wanted;
}

async function promote(pass: PrimaryPass, live: Deployment, wanted: PrimarySpec): Promise<number> {
  const copies = await copyTrackedConfigs(pass.deps, pass.canary, pass.facts.trackedConfigs ?? []);
  return copies + await patchTemplate(pass, live, wanted, false);
}

function unrecoverable(pass: PrimaryPass): ConvergeError {
  const { canary, facts } = pass;
  const namespace = canary.metadata.namespace ?? 'default';
  const name = canaryObjectNames(canary).primaryDeployment;
  const promoted = facts.promotedRevision ?? '(none)';
  return new ConvergeError('PrimaryUnrecoverable',
    `Deployment ${namespace}/${name} is missing and the template of promoted revision ${promoted} is unknown to this controller ` +
    `(the primary was deleted while revision ${facts.targetRevision} was in flight, and the controller restarted since): ` +
    `apply the target at revision ${promoted} again, or recreate ${name} from your manifests`);
}

async function createPrimary(pass: PrimaryPass, wanted: PrimarySpec | null): Promise<number> {
  if (wanted === null) throw unrecoverable(pass);
  const { deps, canary, target, facts } = pass;
  const tracked = facts.trackedConfigs ?? [];
  // Copies first, so the primary's pods find the configs they reference; only a template built from
  // the target has configs holding its revision's data (other copies are restored on their own).
  const copies = wanted.fromTarget ? await copyTrackedConfigs(deps, canary, tracked) : 0;
  const options = { revision: wanted.revision, trackedConfigs: tracked, ...(facts.replicas === undefined ? {} : { replicas: facts.replicas }) };
  const manifest = primaryDeployment(target, canary, options);
  manifest.spec.template = structuredClone(wanted.template);
  deps.fence();
  try {
    const created = await deps.api.create(ResourceKinds.Deployment, manifest.metadata.namespace, manifest as unknown as KubeObject);
    pass.record.writes.wrote('Deployment', manifest.metadata.name, created.metadata?.resourceVersion);
  } catch (err: unknown) {
    // Created by an earlier pass whose write the cache has not shown yet: nothing to restore.
    if (apiErrorCode(err) === 409) return copies;
    throw err;
  }
  deps.repaired?.({ kind: 'Deployment', name: manifest.metadata.name, what: `it was missing; recreated at revision ${wanted.revision} with ${String(manifest.spec.replicas)} replicas` });
  return copies + 1;
}

async function repairTemplate(pass: PrimaryPass, live: Deployment, wanted: PrimarySpec): Promise<number> {
  const generation = live.metadata.generation;
  const stamp = typeof generation === 'number' ? `${String(generation)}/${wanted.revision}` : undefined;
  if (stamp !== undefined && pass.record.verified === stamp) return 0;
  const writes = await patchTemplate(pass, live, wanted, true);
  if (writes === 0) pass.record.verified = stamp;
  return writes;
}

async function patchTemplate(pass: PrimaryPass, live: Deployment, wanted: PrimarySpec, repair: boolean): Promise<number> {
  const patch = templateRepairPatch(live, wanted);
  if (patch === null) return 0;
  pass.deps.fence();
  const patched = await pass.deps.api.mergePatch(ResourceKinds.Deployment, live.metadata.namespace ?? 'default', live.metadata.name, patch);
  pass.record.writes.wrote('Deployment', live.metadata.name, patched.metadata?.resourceVersion);
  if (repair) pass.deps.repaired?.({ kind: 'Deployment', name: live.metadata.name, what: `its pod template differed from revision ${wanted.revision}; put back` });
  return 1;
}

async function restoreReplicas(pass: PrimaryPass, live: Deployment): Promise<number> {
  const replicas = replicasToRestore(live, pass.record.replicas, pass.facts.replicas ?? pass.target.spec?.replicas ?? 1);
  if (replicas === null) return 0;
  pass.deps.fence();
  await pass.deps.api.scaleDeployment(live.metadata.namespace ?? 'default', live.metadata.name, replicas);
  pass.deps.repaired?.({ kind: 'Deployment', name: live.metadata.name, what: `it was scaled to 0; scaled back to ${String(replicas)}` });
  return 1;
}
