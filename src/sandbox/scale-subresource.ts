// The scale subresource: an autoscaling/v1 Scale view of an object's replica count.
import type { KubeObject, ScaleSpec } from './resource-type.ts';
import type { ResolvedResource } from './resource-registry.ts';
import { parseJsonPath, readPath, writePath } from './json-path.ts';
import { labelSelectorToString } from './selectors.ts';
import { badRequest } from './status-errors.ts';

type Rec = Record<string, unknown>;

function scaleSpecOf(resolved: ResolvedResource): ScaleSpec {
  const spec = resolved.version.scale;
  if (spec === undefined) throw badRequest(`${resolved.type.plural} has no scale subresource`);
  return spec;
}

function selectorOf(obj: KubeObject, spec: ScaleSpec, builtin: boolean): string {
  if (builtin) return labelSelectorToString((obj.spec as Rec | undefined)?.selector);
  if (spec.labelSelectorPath === undefined) return '';
  const value = readPath(obj, parseJsonPath(spec.labelSelectorPath));
  return typeof value === 'string' ? value : '';
}

/** The Scale object for a stored object. */
export function toScale(obj: KubeObject, resolved: ResolvedResource): KubeObject {
  const spec = scaleSpecOf(resolved);
  const meta = (obj.metadata ?? {}) as Rec;
  const replicas = readPath(obj, parseJsonPath(spec.specReplicasPath));
  const current = readPath(obj, parseJsonPath(spec.statusReplicasPath));
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: meta.name,
      namespace: meta.namespace,
      uid: meta.uid,
      resourceVersion: meta.resourceVersion,
      creationTimestamp: meta.creationTimestamp,
    },
    spec: { replicas: typeof replicas === 'number' ? replicas : 0 },
    status: { replicas: typeof current === 'number' ? current : 0, selector: selectorOf(obj, spec, resolved.type.builtin) },
  };
}

/** Reads spec.replicas of an incoming Scale; 422-worthy values are rejected as 400. */
export function replicasOf(scale: unknown): number {
  const spec = (typeof scale === 'object' && scale !== null ? (scale as Rec).spec : undefined) as Rec | undefined;
  const replicas = spec?.replicas ?? 0;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    throw badRequest(`spec.replicas must be a non-negative integer (got ${JSON.stringify(replicas)})`);
  }
  return replicas;
}

/** A copy of `obj` with its replica count set through the scale spec path. */
export function withReplicas(obj: KubeObject, resolved: ResolvedResource, replicas: number): KubeObject {
  return writePath(obj, parseJsonPath(scaleSpecOf(resolved).specReplicasPath), replicas);
}
