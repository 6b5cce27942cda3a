/**
 * Builds the Pods a Deployment asks for: name `<deployment>-<hash>-<suffix>`,
 * the template's labels plus `pod-template-hash`, a controller ownerReference
 * to the Deployment (so the API server's garbage collector removes them with
 * it), and the template's spec.
 */
import { randomInt } from 'node:crypto';
import type { DeploymentLike, OwnerReferenceBody, PodLike, PodManifest } from './api-shapes.ts';
import { TEMPLATE_HASH_LABEL } from './pod-state.ts';
import { SAFE_ALPHABET } from './template-hash.ts';
import { WorkloadSpecError } from './rollout-strategy.ts';

/** Returns `length` random characters of the Kubernetes safe alphabet. */
export function randomSuffix(length = 5): string {
  let out = '';
  for (let i = 0; i < length; i++) out += SAFE_ALPHABET.charAt(randomInt(SAFE_ALPHABET.length));
  return out;
}

/** The controller reference every Pod of the Deployment carries; throws WorkloadSpecError without name and uid. */
export function controllerReference(deployment: DeploymentLike): OwnerReferenceBody {
  const name = deployment.metadata?.name;
  const uid = deployment.metadata?.uid;
  if (name === undefined || uid === undefined) {
    throw new WorkloadSpecError('metadata.name and metadata.uid: a Deployment must have both before it can own Pods');
  }
  return { apiVersion: 'apps/v1', kind: 'Deployment', name, uid, controller: true, blockOwnerDeletion: true };
}

/** Returns a new Pod manifest for the Deployment's current revision; throws WorkloadSpecError without a pod template. */
export function buildPod(deployment: DeploymentLike, hash: string, suffix: string = randomSuffix()): PodManifest {
  const owner = controllerReference(deployment);
  const template = deployment.spec?.template;
  if (template?.spec === undefined) throw new WorkloadSpecError('spec.template.spec: required to create Pods');
  const templateMeta = structuredClone(template.metadata ?? {});
  const annotations = templateMeta.annotations;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${owner.name}-${hash}-${suffix}`,
      namespace: deployment.metadata?.namespace,
      labels: { ...(templateMeta.labels ?? {}), [TEMPLATE_HASH_LABEL]: hash },
      ...(annotations === undefined ? {} : { annotations }),
      ownerReferences: [owner],
    },
    spec: structuredClone(template.spec),
  };
}

/** The `namespace/name` of the Deployment that controls a Pod, if any. */
export function controllingDeploymentKey(pod: PodLike): string | undefined {
  const owner = pod.metadata?.ownerReferences?.find((ref) => ref.kind === 'Deployment' && ref.controller === true);
  return owner === undefined ? undefined : `${pod.metadata?.namespace ?? ''}/${owner.name}`;
}
