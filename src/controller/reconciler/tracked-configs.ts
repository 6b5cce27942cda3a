import type { ConfigReference } from '../k8s-objects/config-references.ts';
import { ConfigKind, configKey, referencedConfigs } from '../k8s-objects/config-references.ts';
import type { ConfigObject } from '../k8s-objects/config-tracking.ts';
import { configDigest, trackingDisabled } from '../k8s-objects/config-tracking.ts';
import type { Deployment } from '../k8s-objects/object-shapes.ts';
import type { ResourceKindName } from '../runtime/resource-kinds.ts';

/** Reads a cached object. */
type CachedLookup = (kind: ResourceKindName, namespace: string, name: string) => unknown;

/** The configs a target's primary gets `-primary` copies of, and their digests for `status.trackedConfigs`. */
export interface TrackedConfigs {
  ok: true;
  refs: ConfigReference[];
  /** Digest per `ConfigMap/name` / `Secret/name`. */
  digests: Record<string, string>;
}

/** A non-optional reference to a config that does not exist. */
export interface MissingConfig {
  ok: false;
  message: string;
}

/** The cache kind of a config reference. */
export function cacheKindOf(kind: ConfigKind): 'ConfigMap' | 'Secret' {
  return kind === ConfigKind.ConfigMap ? 'ConfigMap' : 'Secret';
}

function missingMessage(target: Deployment, namespace: string, ref: ConfigReference): string {
  return `Deployment ${namespace}/${target.metadata.name} references ${ref.kind} ${namespace}/${ref.name} in its pod template, ` +
    `which does not exist; create it, or mark every reference to it optional`;
}

/**
 * The target's tracked configs: every referenced ConfigMap/Secret that exists and does not opt
 * out. A missing optional one is skipped; a missing non-optional one is reported.
 */
export function trackedConfigsOf(target: Deployment, cached: CachedLookup): TrackedConfigs | MissingConfig {
  const namespace = target.metadata.namespace ?? 'default';
  const refs: ConfigReference[] = [];
  const digests: Record<string, string> = {};
  for (const ref of referencedConfigs(target.spec?.template ?? {})) {
    const found = cached(cacheKindOf(ref.kind), namespace, ref.name) as ConfigObject | undefined;
    if (found === undefined) {
      if (ref.optional) continue;
      return { ok: false, message: missingMessage(target, namespace, ref) };
    }
    if (trackingDisabled(found)) continue;
    refs.push(ref);
    digests[configKey(ref)] = configDigest(found);
  }
  return { ok: true, refs, digests };
}
