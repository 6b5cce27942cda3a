import type { Canary } from '../../api/canary-types.ts';
import { GLIDEPATH_API_VERSION } from '../../api/canary-types.ts';
import type { CustomMetadata } from '../../api/canary-types.ts';
import type { OwnedMetadata, OwnerReference } from './object-shapes.ts';

/** The label on every object Glidepath creates, so they can be listed and told apart from users' objects. */
export const MANAGED_BY_LABEL = Object.freeze({ key: 'app.kubernetes.io/managed-by', value: 'glidepath' } as const);

/** Thrown when a builder's input cannot produce a valid object; the message names the field. */
export class ObjectBuildError extends Error {
  override readonly name = 'ObjectBuildError';
}

/** Returns the controller ownerReference to `canary`; throws ObjectBuildError when the Canary has no uid (it was not read from the API). */
export function canaryOwnerReference(canary: Canary): OwnerReference {
  const uid = canary.metadata.uid;
  if (uid === undefined || uid === '') {
    throw new ObjectBuildError(`Canary ${canary.metadata.name}: metadata.uid is missing; owned objects need the Canary as read from the API`);
  }
  return { apiVersion: GLIDEPATH_API_VERSION, kind: 'Canary', name: canary.metadata.name, uid, controller: true, blockOwnerDeletion: true };
}

/** Returns the namespace of `canary`; throws ObjectBuildError when it has none. */
export function canaryNamespace(canary: Canary): string {
  const ns = canary.metadata.namespace;
  if (ns === undefined || ns === '') throw new ObjectBuildError(`Canary ${canary.metadata.name}: metadata.namespace is missing`);
  return ns;
}

/** Returns metadata for an object owned by `canary`, carrying the managed-by label and any custom labels/annotations. */
export function ownedMetadata(canary: Canary, name: string, custom?: CustomMetadata): OwnedMetadata {
  const metadata: OwnedMetadata = {
    name,
    namespace: canaryNamespace(canary),
    labels: { ...(custom?.labels ?? {}), [MANAGED_BY_LABEL.key]: MANAGED_BY_LABEL.value },
    ownerReferences: [canaryOwnerReference(canary)],
  };
  if (custom?.annotations && Object.keys(custom.annotations).length > 0) metadata.annotations = { ...custom.annotations };
  return metadata;
}
