/**
 * Converges a Canary's Services and DestinationRules only when something they are built from may
 * have changed. They depend on the Canary's spec and identity and on the target's spec, never on
 * the machine's state, yet building and comparing all five on every pass was one of the
 * controller's largest CPU costs at 1,000 Canaries. A fingerprint of their inputs (generations and
 * uids) and of the five cached objects (resourceVersions, or their absence) says when a pass may
 * skip them: any edit to the Canary's or the target's spec, and any change to one of the objects
 * (a user's edit, a deletion, our own write) makes the next pass check again.
 */
import type { Canary } from '../../api/canary-types.ts';
import { canaryObjectNames } from '../k8s-objects/object-names.ts';
import type { Deployment } from '../k8s-objects/object-shapes.ts';
import type { ConvergeDeps } from './owned-objects.ts';
import { convergeNetworking } from './owned-objects.ts';

/** The fingerprint of what the networking objects are built from, or null when it cannot be trusted (no generation). */
export function networkingFingerprint(canary: Canary, target: Deployment, cached: ConvergeDeps['cached']): string | null {
  const canaryGeneration = canary.metadata.generation;
  const targetGeneration = target.metadata.generation;
  if (canaryGeneration === undefined || typeof targetGeneration !== 'number') return null;
  const namespace = canary.metadata.namespace ?? 'default';
  const names = canaryObjectNames(canary);
  const versionOf = (kind: 'Service' | 'DestinationRule', name: string): string => {
    const found = cached(kind, namespace, name) as { metadata?: { resourceVersion?: string } } | undefined;
    return found === undefined ? '-' : (found.metadata?.resourceVersion ?? '?');
  };
  return [
    canary.metadata.uid ?? '', String(canaryGeneration), target.metadata.uid ?? '', String(targetGeneration),
    versionOf('Service', names.service), versionOf('Service', names.primaryService), versionOf('Service', names.canaryService),
    versionOf('DestinationRule', names.primaryService), versionOf('DestinationRule', names.canaryService),
  ].join('|');
}

/** convergeNetworking, skipped while the fingerprint of its inputs is the one last converged. */
export class NetworkingConvergence {
  private readonly converged = new Map<string, string>();

  /** Creates or patches the Services and DestinationRules unless nothing they depend on changed since the last time; returns the writes. */
  async converge(deps: ConvergeDeps, key: string, canary: Canary, target: Deployment): Promise<number> {
    const before = networkingFingerprint(canary, target, (kind, ns, name) => deps.cached(kind, ns, name));
    if (before !== null && this.converged.get(key) === before) return 0;
    this.converged.delete(key);
    const writes = await convergeNetworking(deps, canary, target);
    // After writes the cache holds other versions: the next pass checks once more and remembers those.
    if (before !== null && writes === 0) this.converged.set(key, before);
    return writes;
  }

  /** Forgets a deleted Canary. */
  forget(key: string): void {
    this.converged.delete(key);
  }
}
