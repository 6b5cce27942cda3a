// Table columns for built-in kinds, chosen to match what kubectl prints against a real cluster.
import type { KubeObject } from './resource-type.ts';
import { ageOf } from './human-duration.ts';
import { hpaTargets } from './hpa-targets.ts';
import { labelSelectorToString } from './selectors.ts';
import { textOf } from './value-text.ts';

/** A column definition plus how to compute its cell. */
export interface ColumnSpec {
  name: string;
  type: string;
  format?: string;
  priority: number;
  description: string;
  cell: (obj: KubeObject) => unknown;
}

type Rec = Record<string, unknown>;

function rec(value: unknown): Rec {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Rec) : {};
}

function list(value: unknown): Rec[] {
  return Array.isArray(value) ? value.map(rec) : [];
}

function num(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

function col(name: string, cell: (obj: KubeObject) => unknown, priority = 0, type = 'string'): ColumnSpec {
  return { name, type, priority, description: `${name} column`, cell };
}

/** The Age column every kind ends with. */
export const ageColumn: ColumnSpec = col('Age', (o) => ageOf(rec(o.metadata).creationTimestamp));

function podColumns(): ColumnSpec[] {
  const statuses = (o: KubeObject): Rec[] => list(rec(o.status).containerStatuses);
  return [
    col('Ready', (o) => `${statuses(o).filter((s) => s.ready === true).length}/${list(rec(o.spec).containers).length}`),
    col('Status', (o) => (rec(o.metadata).deletionTimestamp === undefined ? textOf(rec(o.status).phase, 'Pending') : 'Terminating')),
    col('Restarts', (o) => statuses(o).reduce((n, s) => n + num(s.restartCount), 0), 0, 'integer'),
    ageColumn,
    col('IP', (o) => textOf(rec(o.status).podIP, '<none>'), 1),
    col('Node', (o) => textOf(rec(o.spec).nodeName, '<none>'), 1),
  ];
}

function servicePorts(o: KubeObject): string {
  const ports = list(rec(o.spec).ports).map((p) => `${textOf(p.port)}/${textOf(p.protocol, 'TCP')}`);
  return ports.length === 0 ? '<none>' : ports.join(',');
}

function images(o: KubeObject, field: 'name' | 'image'): string {
  return list(rec(rec(rec(o.spec).template).spec).containers).map((c) => textOf(c[field])).join(',');
}

function deploymentColumns(): ColumnSpec[] {
  return [
    col('Ready', (o) => `${num(rec(o.status).readyReplicas)}/${num(rec(o.spec).replicas)}`),
    col('Up-to-date', (o) => num(rec(o.status).updatedReplicas), 0, 'integer'),
    col('Available', (o) => num(rec(o.status).availableReplicas), 0, 'integer'),
    ageColumn,
    col('Containers', (o) => images(o, 'name'), 1),
    col('Images', (o) => images(o, 'image'), 1),
    col('Selector', (o) => labelSelectorToString(rec(o.spec).selector), 1),
  ];
}

function replicaSetColumns(): ColumnSpec[] {
  return [
    col('Desired', (o) => num(rec(o.spec).replicas), 0, 'integer'),
    col('Current', (o) => num(rec(o.status).replicas), 0, 'integer'),
    col('Ready', (o) => num(rec(o.status).readyReplicas), 0, 'integer'),
    ageColumn,
  ];
}

function eventColumns(): ColumnSpec[] {
  const involved = (o: KubeObject): Rec => rec(o.involvedObject ?? o.regarding);
  return [
    col('Last Seen', (o) => ageOf(o.lastTimestamp ?? o.eventTime ?? rec(o.metadata).creationTimestamp)),
    col('Type', (o) => textOf(o.type)),
    col('Reason', (o) => textOf(o.reason)),
    col('Object', (o) => `${textOf(involved(o).kind).toLowerCase()}/${textOf(involved(o).name)}`),
    col('Message', (o) => textOf(o.message ?? o.note)),
  ];
}

function hpaColumns(): ColumnSpec[] {
  const spec = (o: KubeObject): Rec => rec(o.spec);
  return [
    col('Reference', (o) => `${textOf(rec(spec(o).scaleTargetRef).kind)}/${textOf(rec(spec(o).scaleTargetRef).name)}`),
    col('Targets', (o) => hpaTargets(o)),
    col('MinPods', (o) => textOf(spec(o).minReplicas, '<unset>')),
    col('MaxPods', (o) => num(spec(o).maxReplicas), 0, 'integer'),
    col('Replicas', (o) => num(rec(o.status).currentReplicas), 0, 'integer'),
    ageColumn,
  ];
}

const byKind: Readonly<Record<string, () => ColumnSpec[]>> = Object.freeze({
  Namespace: () => [col('Status', (o) => textOf(rec(o.status).phase, 'Active')), ageColumn],
  Pod: podColumns,
  Service: () => [
    col('Type', (o) => textOf(rec(o.spec).type, 'ClusterIP')),
    col('Cluster-IP', (o) => textOf(rec(o.spec).clusterIP, '<none>')),
    col('External-IP', () => '<none>'),
    col('Port(s)', servicePorts),
    ageColumn,
    col('Selector', (o) => Object.entries(rec(rec(o.spec).selector)).map(([k, v]) => `${k}=${textOf(v)}`).join(',') || '<none>', 1),
  ],
  Deployment: deploymentColumns,
  ReplicaSet: replicaSetColumns,
  ConfigMap: () => [col('Data', (o) => Object.keys(rec(o.data)).length + Object.keys(rec(o.binaryData)).length, 0, 'integer'), ageColumn],
  Secret: () => [col('Type', (o) => textOf(o.type, 'Opaque')), col('Data', (o) => Object.keys(rec(o.data)).length, 0, 'integer'), ageColumn],
  Event: eventColumns,
  CustomResourceDefinition: () => [col('Created At', (o) => textOf(rec(o.metadata).creationTimestamp), 0, 'date')],
  HorizontalPodAutoscaler: hpaColumns,
  Lease: () => [col('Holder', (o) => textOf(rec(o.spec).holderIdentity)), ageColumn],
});

/** Columns (after Name) for a built-in kind; unknown kinds get just Age. */
export function builtinColumns(kind: string): ColumnSpec[] {
  return byKind[kind]?.() ?? [ageColumn];
}
