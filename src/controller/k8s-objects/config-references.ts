import type { Container, PodTemplate, Volume } from './object-shapes.ts';

/** The kinds of configuration a pod template can reference. */
export const ConfigKind = Object.freeze({ ConfigMap: 'ConfigMap', Secret: 'Secret' } as const);
export type ConfigKind = (typeof ConfigKind)[keyof typeof ConfigKind];

/** A ConfigMap or Secret a pod template reads. */
export interface ConfigReference {
  kind: ConfigKind;
  name: string;
  /** True only when every reference to it is optional. */
  optional: boolean;
}

/** Returns the key used for a referenced config in hash inputs and status (`ConfigMap/name`). */
export function configKey(ref: Pick<ConfigReference, 'kind' | 'name'>): string {
  return `${ref.kind}/${ref.name}`;
}

/**
 * Lists the ConfigMaps and Secrets a pod template references through env valueFrom, envFrom
 * and volumes (including projected volumes), sorted and without duplicates.
 */
export function referencedConfigs(template: PodTemplate): ConfigReference[] {
  const found = new Map<string, ConfigReference>();
  const note = (kind: ConfigKind, name: string | undefined, optional: boolean | undefined): void => {
    if (name === undefined || name === '') return;
    const key = configKey({ kind, name });
    const seen = found.get(key);
    found.set(key, { kind, name, optional: (seen?.optional ?? true) && optional === true });
  };
  const spec = template.spec ?? {};
  for (const container of [...(spec.containers ?? []), ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])]) {
    containerRefs(container, note);
  }
  for (const volume of spec.volumes ?? []) volumeRefs(volume, note);
  return [...found.values()].sort((a, b) => configKey(a).localeCompare(configKey(b)));
}

type Note = (kind: ConfigKind, name: string | undefined, optional: boolean | undefined) => void;

function containerRefs(container: Container, note: Note): void {
  for (const env of container.env ?? []) {
    const from = env.valueFrom;
    if (from?.configMapKeyRef) note(ConfigKind.ConfigMap, from.configMapKeyRef.name, from.configMapKeyRef.optional);
    if (from?.secretKeyRef) note(ConfigKind.Secret, from.secretKeyRef.name, from.secretKeyRef.optional);
  }
  envFromRefs(container, note);
}

function envFromRefs(container: Container, note: Note): void {
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef) note(ConfigKind.ConfigMap, source.configMapRef.name, source.configMapRef.optional);
    if (source.secretRef) note(ConfigKind.Secret, source.secretRef.name, source.secretRef.optional);
  }
}

function volumeRefs(volume: Volume, note: Note): void {
  if (volume.configMap) note(ConfigKind.ConfigMap, volume.configMap.name, volume.configMap.optional);
  if (volume.secret) note(ConfigKind.Secret, volume.secret.secretName, volume.secret.optional);
  for (const source of volume.projected?.sources ?? []) {
    if (source.configMap) note(ConfigKind.ConfigMap, source.configMap.name, source.configMap.optional);
    if (source.secret) note(ConfigKind.Secret, source.secret.name, source.secret.optional);
  }
}
