// The description of one servable resource, shared by built-in kinds and CRD-defined kinds.

/** A JSON object as stored and served. */
export type KubeObject = Record<string, unknown>;

/** One additional printer column (CRD `additionalPrinterColumns` shape). */
export interface PrinterColumn {
  name: string;
  type: string;
  jsonPath: string;
  description?: string;
  priority?: number;
  format?: string;
}

/** Where a scale subresource reads and writes replicas (CRD `subresources.scale` shape). */
export interface ScaleSpec {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

/** Strategic-merge metadata: merge keys and strategies per field, as a tree. */
export interface PatchMetaNode {
  mergeKey?: string;
  strategy?: 'merge' | 'retainKeys' | 'merge,retainKeys';
  fields?: Readonly<Record<string, PatchMetaNode>>;
  items?: PatchMetaNode;
}

/** One served version of a resource. */
export interface ResourceVersion {
  name: string;
  served: boolean;
  storage: boolean;
  schema?: unknown;
  printerColumns: PrinterColumn[];
  status: boolean;
  scale?: ScaleSpec;
}

/** A kind the sandbox serves; objects are stored once per (group, plural) whatever the version. */
export interface ResourceType {
  group: string;
  kind: string;
  listKind: string;
  plural: string;
  singular: string;
  shortNames: string[];
  categories: string[];
  namespaced: boolean;
  versions: ResourceVersion[];
  /** Built-in kinds accept strategic merge patches; custom resources answer 415. */
  builtin: boolean;
  /** Whether metadata.generation is maintained (bumped on spec changes). */
  tracksGeneration: boolean;
  patchMeta?: PatchMetaNode;
  /** Built-in defaulting, run on every write before validation. */
  defaults?: (obj: KubeObject, old: KubeObject | undefined) => void;
  /** Status given to a newly created object of a kind with a status subresource. */
  initialStatus?: (obj: KubeObject) => unknown;
}

/** The storage key shared by all versions of a resource. */
export function storageKey(group: string, plural: string): string {
  return `${group}/${plural}`;
}

/** The `apiVersion` string for a group and version. */
export function apiVersionOf(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

/** The version that objects are stored at. */
export function storageVersion(type: ResourceType): ResourceVersion {
  const found = type.versions.find((v) => v.storage) ?? type.versions[0];
  if (found === undefined) throw new Error(`resource ${type.plural} has no versions`);
  return found;
}
