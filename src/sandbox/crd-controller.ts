// Makes CustomResourceDefinitions servable: admission checks a CRD's names and schemas and
// fills in its status (NamesAccepted, Established, acceptedNames); a store listener registers
// the kind when a CRD is written and, once it is deleted, removes its objects and the kind.
import { compileStructuralSchema } from '../api/structural-schema.ts';
import type { KubeObject, PrinterColumn, ResourceType, ResourceVersion, ScaleSpec } from './resource-type.ts';
import { storageKey } from './resource-type.ts';
import type { ResourceRegistry } from './resource-registry.ts';
import type { ObjectStore, StoreEvent } from './object-store.ts';
import { ChangeType, metaOf } from './object-store.ts';
import type { WatchHub } from './watch-hub.ts';
import type { Admission, WriteRequest } from './write-context.ts';
import type { StatusCause } from './status-errors.ts';
import { invalid } from './status-errors.ts';
import { nowTimestamp } from './object-meta.ts';
import { textOf } from './value-text.ts';

/** The storage bucket of CRD objects. */
export const crdBucket = 'apiextensions.k8s.io/customresourcedefinitions';

type Rec = Record<string, unknown>;

function rec(value: unknown): Rec {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Rec) : {};
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function toVersion(raw: unknown): ResourceVersion {
  const v = rec(raw);
  const sub = rec(v.subresources);
  const version: ResourceVersion = {
    name: String(v.name),
    served: v.served !== false,
    storage: v.storage === true,
    schema: rec(v.schema).openAPIV3Schema,
    printerColumns: Array.isArray(v.additionalPrinterColumns) ? (v.additionalPrinterColumns as PrinterColumn[]) : [],
    status: sub.status !== undefined,
  };
  if (sub.scale !== undefined) version.scale = sub.scale as ScaleSpec;
  return version;
}

/** The resource type a CRD object defines. */
export function resourceTypeOf(crd: KubeObject): ResourceType {
  const spec = rec(crd.spec);
  const names = rec(spec.names);
  const kind = String(names.kind);
  return {
    group: String(spec.group),
    kind,
    listKind: typeof names.listKind === 'string' ? names.listKind : `${kind}List`,
    plural: String(names.plural),
    singular: typeof names.singular === 'string' ? names.singular : kind.toLowerCase(),
    shortNames: strings(names.shortNames),
    categories: strings(names.categories),
    namespaced: spec.scope !== 'Cluster',
    versions: (Array.isArray(spec.versions) ? spec.versions : []).map(toVersion),
    builtin: false,
    tracksGeneration: true,
  };
}

function cause(field: string, message: string, reason = 'FieldValueInvalid'): StatusCause {
  return { field, message, reason };
}

function versionCauses(versions: unknown[]): StatusCause[] {
  const causes: StatusCause[] = [];
  if (versions.length === 0) causes.push(cause('spec.versions', 'Required value: must have exactly one version marked as storage version', 'FieldValueRequired'));
  if (versions.length > 0 && versions.filter((v) => rec(v).storage === true).length !== 1) {
    causes.push(cause('spec.versions', 'Invalid value: must have exactly one version marked as storage version'));
  }
  versions.forEach((v, i) => {
    const schema = rec(rec(v).schema).openAPIV3Schema;
    if (schema === undefined) return;
    try {
      compileStructuralSchema(schema as object);
    } catch (err) {
      causes.push(cause(`spec.versions[${i}].schema.openAPIV3Schema`, `Invalid value: ${err instanceof Error ? err.message : String(err)}`));
    }
  });
  return causes;
}

function requiredStrings(obj: Rec, fields: string[], prefix: string): StatusCause[] {
  return fields
    .filter((f) => typeof obj[f] !== 'string' || obj[f] === '')
    .map((f) => cause(`${prefix}.${f}`, 'Required value', 'FieldValueRequired'));
}

function crdCauses(crd: KubeObject): StatusCause[] {
  const spec = rec(crd.spec);
  const names = rec(spec.names);
  const causes = [...requiredStrings(spec, ['group'], 'spec'), ...requiredStrings(names, ['plural', 'kind'], 'spec.names')];
  if (spec.scope !== 'Namespaced' && spec.scope !== 'Cluster') causes.push(cause('spec.scope', `Unsupported value: ${JSON.stringify(spec.scope)}: supported values: "Cluster", "Namespaced"`, 'FieldValueNotSupported'));
  const expected = `${String(names.plural)}.${String(spec.group)}`;
  if (causes.length === 0 && metaOf(crd).name !== expected) causes.push(cause('metadata.name', `Invalid value: ${JSON.stringify(metaOf(crd).name)}: must be spec.names.plural+"."+spec.group`));
  return [...causes, ...versionCauses(Array.isArray(spec.versions) ? spec.versions : [])];
}

function condition(type: string, reason: string, message: string, old: Rec[]): Rec {
  const prior = old.find((c) => c.type === type && c.status === 'True');
  return { type, status: 'True', lastTransitionTime: prior?.lastTransitionTime ?? nowTimestamp(), reason, message };
}

function crdStatus(crd: KubeObject, old: KubeObject | undefined): Rec {
  const type = resourceTypeOf(crd);
  const oldStatus = rec(old?.status);
  const oldConditions = Array.isArray(oldStatus.conditions) ? (oldStatus.conditions as Rec[]) : [];
  const stored = new Set([...strings(oldStatus.storedVersions), ...type.versions.filter((v) => v.storage).map((v) => v.name)]);
  const acceptedNames: Rec = { plural: type.plural, singular: type.singular, kind: type.kind, listKind: type.listKind };
  if (type.shortNames.length > 0) acceptedNames.shortNames = type.shortNames;
  if (type.categories.length > 0) acceptedNames.categories = type.categories;
  return {
    conditions: [
      condition('NamesAccepted', 'NoConflicts', 'no conflicts found', oldConditions),
      condition('Established', 'InitialNamesAccepted', 'the initial names have been accepted', oldConditions),
    ],
    acceptedNames,
    storedVersions: [...stored],
  };
}

/** Admission for CRD objects: 422 for bad names or schemas; status filled in by the server. */
export const crdAdmission: Admission = Object.freeze({
  admit(req: WriteRequest, obj: KubeObject, old: KubeObject | undefined): void {
    const { type } = req.resolved;
    if (type.group !== 'apiextensions.k8s.io' || type.plural !== 'customresourcedefinitions') return;
    if (req.subresource === 'status') return;
    const causes = crdCauses(obj);
    if (causes.length > 0) throw invalid('CustomResourceDefinition', type.group, textOf(metaOf(obj).name), causes);
    obj.status = crdStatus(obj, old);
  },
});

/** Keeps the registry in step with stored CRDs. */
export class CrdController {
  constructor(
    private readonly registry: ResourceRegistry,
    private readonly store: ObjectStore,
    private readonly hub: WatchHub,
  ) {
    store.onChange((event) => {
      this.onChange(event);
    });
  }

  /** Registers the kinds of all stored CRDs (after a snapshot restore). */
  registerAll(): void {
    for (const crd of this.store.list(crdBucket)) this.registry.register(resourceTypeOf(crd));
  }

  private onChange(event: StoreEvent): void {
    if (event.resource !== crdBucket) return;
    if (event.type !== ChangeType.Deleted) {
      this.registry.register(resourceTypeOf(event.object));
      return;
    }
    const type = resourceTypeOf(event.object);
    const name = String(metaOf(event.object).name);
    setImmediate(() => {
      this.removeKind(type, name);
    });
  }

  private removeKind(type: ResourceType, crdName: string): void {
    const bucket = storageKey(type.group, type.plural);
    for (const obj of this.store.list(bucket)) {
      const meta = metaOf(obj);
      this.store.remove(bucket, typeof meta.namespace === 'string' ? meta.namespace : '', String(meta.name));
    }
    if (this.store.get(crdBucket, '', crdName) !== undefined) return;
    this.hub.closeResource(bucket);
    this.registry.unregister(type.group, type.plural);
  }
}
