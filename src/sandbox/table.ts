// Renders objects as a `meta.k8s.io` Table, the shape kubectl asks for on `get`: column
// definitions plus one row of cells per object, with the object attached as metadata-only or
// in full depending on `includeObject`.
import type { KubeObject, PrinterColumn } from './resource-type.ts';
import type { ResolvedResource } from './resource-registry.ts';
import type { ColumnSpec } from './table-columns-builtin.ts';
import { ageColumn, builtinColumns } from './table-columns-builtin.ts';
import { parseJsonPath, readPath } from './json-path.ts';
import { ageOf } from './human-duration.ts';
import { badRequest } from './status-errors.ts';
import { textOf } from './value-text.ts';

/** What each row carries in `object` (the `includeObject` query parameter). */
export const IncludeObject = Object.freeze({ None: 'None', Metadata: 'Metadata', Object: 'Object' } as const);
export type IncludeObject = (typeof IncludeObject)[keyof typeof IncludeObject];

const nameColumn: ColumnSpec = {
  name: 'Name',
  type: 'string',
  format: 'name',
  priority: 0,
  description: 'Name must be unique within a namespace.',
  cell: (o) => textOf((o.metadata as Record<string, unknown> | undefined)?.name),
};

function crdCell(column: PrinterColumn, obj: KubeObject): unknown {
  const value = readPath(obj, parseJsonPath(column.jsonPath));
  if (value === undefined || value === null) return null;
  if (column.type === 'date') return ageOf(value);
  if (column.type === 'integer' || column.type === 'number' || column.type === 'boolean') return value;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function crdColumns(columns: PrinterColumn[]): ColumnSpec[] {
  if (columns.length === 0) return [ageColumn];
  return columns.map((c) => ({
    name: c.name,
    type: c.type === 'date' ? 'string' : c.type,
    priority: c.priority ?? 0,
    description: c.description ?? '',
    cell: (obj: KubeObject) => crdCell(c, obj),
  }));
}

/** The columns for a resource: Name, then built-in or CRD printer columns. */
export function columnsFor(resolved: ResolvedResource): ColumnSpec[] {
  const rest = resolved.type.builtin ? builtinColumns(resolved.type.kind) : crdColumns(resolved.version.printerColumns);
  return [nameColumn, ...rest];
}

/** Reads `includeObject`; 400 for values Kubernetes does not define. */
export function parseIncludeObject(value: string | null): IncludeObject {
  if (value === null || value === '') return IncludeObject.Metadata;
  if (Object.values(IncludeObject).includes(value as IncludeObject)) return value as IncludeObject;
  throw badRequest(`includeObject must be one of None, Metadata, Object (got "${value}")`);
}

function rowObject(obj: KubeObject, include: IncludeObject, metaVersion: string): unknown {
  if (include === IncludeObject.Object) return obj;
  return { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${metaVersion}`, metadata: obj.metadata };
}

function safeCell(column: ColumnSpec, obj: KubeObject): unknown {
  try {
    return column.cell(obj);
  } catch {
    return null;
  }
}

/** How a Table is rendered: its list metadata, what rows carry, and the meta.k8s.io version. */
export interface TableOptions {
  listMeta: Record<string, unknown>;
  include: IncludeObject;
  metaVersion: string;
}

/** Builds a Table (meta.k8s.io/v1 or v1beta1) for the given objects. */
export function buildTable(resolved: ResolvedResource, objects: KubeObject[], opts: TableOptions): KubeObject {
  const { listMeta, include, metaVersion } = opts;
  const columns = columnsFor(resolved);
  return {
    kind: 'Table',
    apiVersion: `meta.k8s.io/${metaVersion}`,
    metadata: listMeta,
    columnDefinitions: columns.map((c) => ({ name: c.name, type: c.type, format: c.format ?? '', description: c.description, priority: c.priority })),
    rows: objects.map((obj) => {
      const row: Record<string, unknown> = { cells: columns.map((c) => safeCell(c, obj)) };
      if (include !== IncludeObject.None) row.object = rowObject(obj, include, metaVersion);
      return row;
    }),
  };
}
