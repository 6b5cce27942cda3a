// Builders for the plain Kubernetes objects the mesh core consumes.
import type { DeploymentObject, PodObject, ServiceObject } from '../../src/mesh/cluster-objects.ts';
import type { ClusterSnapshot } from '../../src/mesh/world-model.ts';

export const NS = 'shop';

export function deployment(name: string, labels: Record<string, string>): DeploymentObject {
  return { metadata: { name, namespace: NS }, spec: { selector: { matchLabels: labels } } };
}

export function pod(name: string, labels: Record<string, string>, opts: { annotations?: Record<string, string>; ready?: boolean; owner?: string } = {}): PodObject {
  return {
    metadata: {
      name,
      namespace: NS,
      labels,
      annotations: opts.annotations,
      ownerReferences: opts.owner === undefined ? undefined : [{ kind: 'ReplicaSet', name: `${opts.owner}-5f7c9`, controller: true }],
    },
    spec: {},
    status: { conditions: [{ type: 'Ready', status: opts.ready === false ? 'False' : 'True' }] },
  };
}

export function service(name: string, selector: Record<string, string>): ServiceObject {
  return { metadata: { name, namespace: NS }, spec: { selector } };
}

export function virtualService(name: string, spec: unknown, annotations?: Record<string, string>): ClusterSnapshot['virtualServices'][number] {
  return { metadata: { name, namespace: NS, annotations }, spec };
}

/** A Flagger-style app: Deployments app-primary and app (canary), Services app-primary and app-canary, two ready pods each. */
export function flaggerApp(opts: { canaryAnnotations?: Record<string, string>; primaryAnnotations?: Record<string, string>; canaryReady?: boolean } = {}): Omit<ClusterSnapshot, 'virtualServices'> {
  const primaryLabels = { app: 'app-primary', version: 'v1' };
  const canaryLabels = { app: 'app', version: 'v2' };
  return {
    deployments: [deployment('app-primary', { app: 'app-primary' }), deployment('app', { app: 'app' })],
    services: [service('app-primary', { app: 'app-primary' }), service('app-canary', { app: 'app' }), service('app', { app: 'app-primary' })],
    pods: [
      pod('app-primary-5f7c9-a', primaryLabels, { annotations: opts.primaryAnnotations, owner: 'app-primary' }),
      pod('app-primary-5f7c9-b', primaryLabels, { annotations: opts.primaryAnnotations, owner: 'app-primary' }),
      pod('app-5f7c9-a', canaryLabels, { annotations: opts.canaryAnnotations, owner: 'app', ready: opts.canaryReady }),
      pod('app-5f7c9-b', canaryLabels, { annotations: opts.canaryAnnotations, owner: 'app', ready: opts.canaryReady }),
    ],
  };
}

/** The VirtualService spec Flagger writes for a canary at a given weight. */
export function weightedSpec(primaryWeight: number, canaryWeight: number): unknown {
  return {
    hosts: ['app'],
    http: [{ route: [
      { destination: { host: 'app-primary' }, weight: primaryWeight },
      { destination: { host: 'app-canary' }, weight: canaryWeight },
    ] }],
  };
}

/** Parses exposition text into sample lines: name, labels, value. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)\{(.*)\} (\S+)$/.exec(line);
    if (m === null) throw new Error(`unparseable exposition line: ${line}`);
    const labels: Record<string, string> = {};
    const labelRe = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/gy;
    let lm: RegExpExecArray | null;
    let consumed = 0;
    while ((lm = labelRe.exec(m[2]!)) !== null) {
      labels[lm[1]!] = lm[2]!.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
      consumed = labelRe.lastIndex;
    }
    if (consumed !== m[2]!.length) throw new Error(`unparseable labels in: ${line}`);
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return samples;
}

/** Sums sample values of one metric whose labels include every given pair. */
export function total(samples: readonly Sample[], name: string, where: Record<string, string> = {}): number {
  return samples
    .filter((s) => s.name === name && Object.entries(where).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}
