/**
 * Config tracking, as Flagger does it: the ConfigMaps and Secrets a target's pod template
 * references are copied to `<name>-primary` when the primary takes a revision, and the
 * primary's template points at those copies, so a changed ConfigMap is released through a
 * canary analysis while the primary keeps the old values until promotion.
 */
import { createHash } from 'node:crypto';
import type { Canary } from '../../api/canary-types.ts';
import type { ConfigReference } from './config-references.ts';
import { ConfigKind, configKey } from './config-references.ts';
import type { Container, PodTemplate, Volume } from './object-shapes.ts';
import { ownedMetadata } from './ownership.ts';
import { stableJson } from './revision-hash.ts';

/** Annotation keys that switch tracking off for one ConfigMap or Secret: ours, and Flagger's for migration. */
export const CONFIG_TRACKING_ANNOTATIONS: readonly string[] = Object.freeze(['glidepath.dev/config-tracking', 'flagger.app/config-tracking']);

/** The annotation value that switches tracking off. */
export const CONFIG_TRACKING_DISABLED = 'disabled';

/** The suffix of a tracked config's copy. */
export const PRIMARY_CONFIG_SUFFIX = '-primary';

/** A ConfigMap or Secret as read from the cluster (data may be sha256 digests in the caches). */
export interface ConfigObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; [field: string]: unknown };
  data?: Record<string, string>;
  binaryData?: Record<string, string>;
  type?: string;
  [field: string]: unknown;
}

/** Hex characters kept from a config's digest (as revision hashes keep). */
const DIGEST_LENGTH = 16;

/** True when the object opts out of tracking with `glidepath.dev/config-tracking: disabled` (or Flagger's key). */
export function trackingDisabled(obj: ConfigObject): boolean {
  const annotations = obj.metadata?.annotations ?? {};
  return CONFIG_TRACKING_ANNOTATIONS.some((key) => annotations[key] === CONFIG_TRACKING_DISABLED);
}

/** Returns the name of a tracked config's copy: `<name>-primary`. */
export function primaryConfigName(name: string): string {
  return `${name}${PRIMARY_CONFIG_SUFFIX}`;
}

/** A short digest of a config's data and binaryData; equal contents give equal digests, whatever the key order. */
export function configDigest(obj: ConfigObject): string {
  const input = stableJson({ data: obj.data ?? {}, binaryData: obj.binaryData ?? {} });
  return createHash('sha256').update(input).digest('hex').slice(0, DIGEST_LENGTH);
}

/** Returns the `-primary` copy of the referenced ConfigMap or Secret, owned by `canary`, with the source's data, labels and type. */
export function primaryConfigCopy(source: ConfigObject, ref: Pick<ConfigReference, 'kind' | 'name'>, canary: Canary): ConfigObject {
  const { kind } = ref;
  const name = primaryConfigName(ref.name);
  const copy: ConfigObject = {
    apiVersion: 'v1',
    kind,
    metadata: { ...ownedMetadata(canary, name, { labels: { ...(source.metadata?.labels ?? {}) } }) },
    data: { ...(source.data ?? {}) },
  };
  if (kind === ConfigKind.ConfigMap) copy.binaryData = { ...(source.binaryData ?? {}) };
  if (kind === ConfigKind.Secret && source.type !== undefined) copy.type = source.type;
  return copy;
}

/**
 * Returns a copy of `template` whose references to the `tracked` configs (env valueFrom, envFrom,
 * volumes, projected volumes, in every kind of container) name their `-primary` copies instead.
 */
export function withPrimaryConfigRefs(template: PodTemplate, tracked: readonly Pick<ConfigReference, 'kind' | 'name'>[]): PodTemplate {
  const copy = structuredClone(template);
  if (tracked.length === 0) return copy;
  const keys = new Set(tracked.map(configKey));
  const rename = (kind: ConfigKind, name: string | undefined): string | undefined =>
    name !== undefined && keys.has(configKey({ kind, name })) ? primaryConfigName(name) : name;
  const spec = copy.spec ?? {};
  for (const container of [...(spec.containers ?? []), ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])]) {
    renameInContainer(container, rename);
  }
  for (const volume of spec.volumes ?? []) renameInVolume(volume, rename);
  return copy;
}

type Rename = (kind: ConfigKind, name: string | undefined) => string | undefined;

function renameInContainer(container: Container, rename: Rename): void {
  for (const env of container.env ?? []) {
    const from = env.valueFrom;
    if (from?.configMapKeyRef) from.configMapKeyRef.name = rename(ConfigKind.ConfigMap, from.configMapKeyRef.name);
    if (from?.secretKeyRef) from.secretKeyRef.name = rename(ConfigKind.Secret, from.secretKeyRef.name);
  }
  renameInEnvFrom(container, rename);
}

function renameInEnvFrom(container: Container, rename: Rename): void {
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef) source.configMapRef.name = rename(ConfigKind.ConfigMap, source.configMapRef.name);
    if (source.secretRef) source.secretRef.name = rename(ConfigKind.Secret, source.secretRef.name);
  }
}

function renameInVolume(volume: Volume, rename: Rename): void {
  if (volume.configMap) volume.configMap.name = rename(ConfigKind.ConfigMap, volume.configMap.name);
  if (volume.secret) volume.secret.secretName = rename(ConfigKind.Secret, volume.secret.secretName);
  for (const source of volume.projected?.sources ?? []) {
    if (source.configMap) source.configMap.name = rename(ConfigKind.ConfigMap, source.configMap.name);
    if (source.secret) source.secret.name = rename(ConfigKind.Secret, source.secret.name);
  }
}
