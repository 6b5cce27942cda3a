/**
 * Recognises the watch events that only echo this process's own writes. Every write the
 * reconciler makes comes back through the informers as an update carrying the resourceVersion
 * the write returned; reconciling the Canary again for it finds nothing to do, and at 1,000
 * Canaries those passes were most of the controller's passes. An update from anyone else (the
 * deployment controller reporting readiness, a user editing a VirtualService) carries another
 * resourceVersion and is still acted on. A pass that wants the next one as soon as the cache
 * holds its write (StaleGuard.awaitsCatchUp) still gets its echo.
 */
import type { KubernetesObject } from '@kubernetes/client-node';
import type { ClusterApi, KubeObject } from './cluster-api.ts';

/** The resourceVersions this process's writes returned, until their echo arrives. */
export class OwnWriteEchoes {
  private readonly pending = new Map<string, string>();

  /** Records what a write of `kind` returned. */
  wrote(kind: string, written: KubeObject): void {
    const meta = written.metadata;
    const version = meta?.resourceVersion;
    if (meta?.name === undefined || version === undefined || version === '') return;
    this.pending.set(echoKey(kind, meta.namespace, meta.name), version);
  }

  /** True, once, for the cached update that carries exactly the version our last write of it returned. */
  isEcho(kind: string, obj: KubernetesObject): boolean {
    const meta = obj.metadata;
    if (meta?.name === undefined) return false;
    const key = echoKey(kind, meta.namespace, meta.name);
    const version = this.pending.get(key);
    if (version === undefined) return false;
    this.pending.delete(key);
    return version === meta.resourceVersion;
  }

  /** How many writes still wait for their echo (bounded by the objects written, one entry each). */
  get size(): number {
    return this.pending.size;
  }
}

function echoKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}/${namespace ?? ''}/${name}`;
}

/** `api` with every write's returned version recorded in `echoes`. */
export function recordingOwnWrites(api: ClusterApi, echoes: OwnWriteEchoes): ClusterApi {
  const noted = (kind: string, written: KubeObject): KubeObject => {
    echoes.wrote(kind, written);
    return written;
  };
  return {
    ...api,
    create: async (kind, namespace, body) => noted(kind.kind, await api.create(kind, namespace, body)),
    mergePatch: async (kind, namespace, name, patch) => noted(kind.kind, await api.mergePatch(kind, namespace, name, patch)),
    patchCanaryStatus: async (namespace, name, patch) => noted('Canary', await api.patchCanaryStatus(namespace, name, patch)),
    jsonPatchCanary: async (namespace, name, ops) => noted('Canary', await api.jsonPatchCanary(namespace, name, ops)),
  };
}
