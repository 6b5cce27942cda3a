import type { ConfigReference } from '../k8s-objects/config-references.ts';
import { configKey, referencedConfigs } from '../k8s-objects/config-references.ts';
import type { ConfigObject } from '../k8s-objects/config-tracking.ts';
import { trackingDisabled } from '../k8s-objects/config-tracking.ts';
import type { Deployment } from '../k8s-objects/object-shapes.ts';
import { revisionHash } from '../k8s-objects/revision-hash.ts';
import type { ResourceKindName } from '../runtime/resource-kinds.ts';
import { cacheKindOf } from './tracked-configs.ts';

/** Reads a cached object. */
export type CachedLookup = (kind: ResourceKindName, namespace: string, name: string) => unknown;

/** What a referenced config adds to the revision: its contents, null when missing, undefined when it opts out of tracking. */
function contentOf(ref: ConfigReference, namespace: string, cached: CachedLookup): unknown {
  const found = cached(cacheKindOf(ref.kind), namespace, ref.name) as ConfigObject | undefined;
  // A missing object is part of the revision too: creating it later is a change worth releasing.
  if (found === undefined) return null;
  // An opted-out config changes without a release (Flagger's config-tracking: disabled).
  if (trackingDisabled(found)) return undefined;
  return { data: found.data ?? {}, binaryData: found.binaryData ?? {} };
}

/** The target's revision: its pod template hashed with the contents of the tracked ConfigMaps and Secrets it references. */
export function targetRevision(target: Deployment, cached: CachedLookup): string {
  const template = target.spec?.template ?? {};
  const namespace = target.metadata.namespace ?? 'default';
  const data: Record<string, unknown> = {};
  for (const ref of referencedConfigs(template)) {
    const content = contentOf(ref, namespace, cached);
    if (content !== undefined) data[configKey(ref)] = content;
  }
  return revisionHash(template, data);
}
