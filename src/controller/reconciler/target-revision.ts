import type { ConfigReference } from '../k8s-objects/config-references.ts';
import { ConfigKind, configKey, referencedConfigs } from '../k8s-objects/config-references.ts';
import type { Deployment } from '../k8s-objects/object-shapes.ts';
import { revisionHash } from '../k8s-objects/revision-hash.ts';
import type { ResourceKindName } from '../runtime/resource-kinds.ts';

/** Reads a cached object. */
export type CachedLookup = (kind: ResourceKindName, namespace: string, name: string) => unknown;

interface ConfigObject {
  data?: Record<string, string>;
  binaryData?: Record<string, string>;
  stringData?: Record<string, string>;
}

function contentOf(ref: ConfigReference, namespace: string, cached: CachedLookup): unknown {
  const kind: ResourceKindName = ref.kind === ConfigKind.ConfigMap ? 'ConfigMap' : 'Secret';
  const found = cached(kind, namespace, ref.name) as ConfigObject | undefined;
  // A missing object is part of the revision too: creating it later is a change worth releasing.
  return found === undefined ? null : { data: found.data ?? {}, binaryData: found.binaryData ?? {} };
}

/** The target's revision: its pod template hashed with the contents of the ConfigMaps and Secrets it references. */
export function targetRevision(target: Deployment, cached: CachedLookup): string {
  const template = target.spec?.template ?? {};
  const namespace = target.metadata.namespace ?? 'default';
  const data: Record<string, unknown> = {};
  for (const ref of referencedConfigs(template)) data[configKey(ref)] = contentOf(ref, namespace, cached);
  return revisionHash(template, data);
}
