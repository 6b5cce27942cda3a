/**
 * Which Canaries refer to which objects, kept up to date from the Canary cache's changes, so a
 * Deployment or HPA event finds the Canaries that target it without scanning every Canary of its
 * namespace (at 1,000 Canaries in one namespace that scan ran on every Deployment status update).
 */
import type { Canary } from '../../api/canary-types.ts';
import type { ChangeVerb } from '../runtime/informer-supervisor.ts';

interface Refs {
  namespace: string;
  target: string;
  autoscaler: string | undefined;
}

function refsOf(canary: Canary): Refs {
  return { namespace: canary.metadata.namespace ?? 'default', target: canary.spec.targetRef.name, autoscaler: canary.spec.autoscalerRef?.name };
}

/** A multimap from `namespace/name` to the keys of the Canaries referring to it. */
class KeySets {
  private readonly sets = new Map<string, Set<string>>();

  add(at: string, key: string): void {
    const set = this.sets.get(at) ?? new Set<string>();
    set.add(key);
    this.sets.set(at, set);
  }

  remove(at: string, key: string): void {
    const set = this.sets.get(at);
    set?.delete(key);
    if (set?.size === 0) this.sets.delete(at);
  }

  keys(at: string): string[] {
    return [...(this.sets.get(at) ?? [])];
  }
}

/** The Canaries by target Deployment, by HPA (spec.autoscalerRef) and by namespace. */
export class CanaryRefIndex {
  private readonly refs = new Map<string, Refs>();
  private readonly byTarget = new KeySets();
  private readonly byAutoscaler = new KeySets();
  private readonly byNamespace = new KeySets();

  /** Applies one Canary cache change under the Canary's queue key. */
  apply(verb: ChangeVerb, key: string, canary: Canary): void {
    const old = this.refs.get(key);
    const next = verb === 'delete' ? undefined : refsOf(canary);
    if (old !== undefined && next !== undefined && sameRefs(old, next)) return;
    if (old !== undefined) this.unindex(key, old);
    if (next !== undefined) this.index(key, next);
  }

  /** The keys of the Canaries whose spec.targetRef names Deployment `namespace/name`. */
  targeting(namespace: string, name: string): string[] {
    return this.byTarget.keys(`${namespace}/${name}`);
  }

  /** The keys of the Canaries whose spec.autoscalerRef names HPA `namespace/name`. */
  scaledBy(namespace: string, name: string): string[] {
    return this.byAutoscaler.keys(`${namespace}/${name}`);
  }

  /** The keys of every Canary in `namespace`. */
  inNamespace(namespace: string): string[] {
    return this.byNamespace.keys(namespace);
  }

  private index(key: string, refs: Refs): void {
    this.refs.set(key, refs);
    this.byNamespace.add(refs.namespace, key);
    this.byTarget.add(`${refs.namespace}/${refs.target}`, key);
    if (refs.autoscaler !== undefined) this.byAutoscaler.add(`${refs.namespace}/${refs.autoscaler}`, key);
  }

  private unindex(key: string, refs: Refs): void {
    this.refs.delete(key);
    this.byNamespace.remove(refs.namespace, key);
    this.byTarget.remove(`${refs.namespace}/${refs.target}`, key);
    if (refs.autoscaler !== undefined) this.byAutoscaler.remove(`${refs.namespace}/${refs.autoscaler}`, key);
  }
}

function sameRefs(a: Refs, b: Refs): boolean {
  return a.namespace === b.namespace && a.target === b.target && a.autoscaler === b.autoscaler;
}
