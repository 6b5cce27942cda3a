import { ApiException, AppsV1Api, CoreV1Api, CoreV1Event, CustomObjectsApi, PatchStrategy, V1ConfigMap, V1Secret, V1Service, setHeaderOptions } from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';
import type { SecretReader } from './provider-secrets.ts';
import type { ResourceKind } from '../runtime/resource-kinds.ts';
import { ResourceKinds } from '../runtime/resource-kinds.ts';
import { withSharedKeepAlive } from '../runtime/keep-alive-agent.ts';

/** A Kubernetes object as plain JSON. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; resourceVersion?: string; [field: string]: unknown };
  [field: string]: unknown;
}

/** One RFC 6902 operation. */
export interface JsonPatchOp {
  op: 'add' | 'remove' | 'replace' | 'test';
  path: string;
  value?: unknown;
}

/**
 * Every write the reconciler makes. Writes resolve to the written object's identity and new
 * resourceVersion only (what the stale guard and the echo filter need), not its whole body. Reads come from informer caches, except `readConfig`: the
 * caches hold ConfigMap and Secret data as digests, so the few configs copied to `-primary` on a
 * promotion are read then.
 */
export interface ClusterApi {
  create(kind: ResourceKind, namespace: string, body: KubeObject): Promise<KubeObject>;
  mergePatch(kind: ResourceKind, namespace: string, name: string, patch: object): Promise<KubeObject>;
  /** A JSON merge patch on the Canary's /status subresource. */
  patchCanaryStatus(namespace: string, name: string, patch: object): Promise<KubeObject>;
  /** A JSON patch on the Canary itself (annotation removal guarded by a `test`). */
  jsonPatchCanary(namespace: string, name: string, ops: readonly JsonPatchOp[]): Promise<KubeObject>;
  /** Sets a Deployment's replicas through its scale subresource. */
  scaleDeployment(namespace: string, name: string, replicas: number): Promise<void>;
  createEvent(namespace: string, event: KubeObject): Promise<void>;
  /** A merge patch on an existing Event (a repeat bumps its count and lastTimestamp). */
  patchEvent(namespace: string, name: string, patch: object): Promise<void>;
  /** Reads a ConfigMap or Secret with its data; undefined when it does not exist. */
  readConfig(kind: 'ConfigMap' | 'Secret', namespace: string, name: string): Promise<KubeObject | undefined>;
}

/** Counts API requests by verb, so benchmarks can report requests per tick. */
export class RequestCounter {
  readonly byVerb = new Map<string, number>();

  /** Adds one request of `verb`. */
  count(verb: string): void {
    this.byVerb.set(verb, (this.byVerb.get(verb) ?? 0) + 1);
  }

  /** The number of requests so far, all verbs together. */
  get total(): number {
    let sum = 0;
    for (const n of this.byVerb.values()) sum += n;
    return sum;
  }
}

/** The HTTP status of a failed API call, or undefined when it was not an API answer. */
export function apiErrorCode(err: unknown): number | undefined {
  if (err instanceof ApiException) return err.code;
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** The message of a failed API call: the Status message when the server sent one. */
export function apiErrorMessage(err: unknown): string {
  if (err instanceof ApiException) {
    const body: unknown = err.body;
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    try {
      const status = JSON.parse(text) as { message?: unknown };
      if (typeof status.message === 'string') return status.message;
    } catch {
      // Not a Status body; fall back to the raw text.
    }
    return `HTTP ${err.code}: ${text}`;
  }
  return err instanceof Error ? err.message : String(err);
}

const mergePatchHeader = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
const jsonPatchHeader = setHeaderOptions('Content-Type', PatchStrategy.JsonPatch);

function customRef(kind: ResourceKind, namespace: string): { group: string; version: string; plural: string; namespace: string } {
  return { group: kind.group, version: kind.version, plural: kind.plural, namespace };
}

function asPlain(value: unknown): KubeObject {
  return JSON.parse(JSON.stringify(value)) as KubeObject;
}

interface Identified {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; resourceVersion?: string };
}

// Copying a whole answer (a Canary with its status) to plain JSON cost more CPU than anything read from it.
function identityOf(value: unknown): KubeObject {
  const written = (value ?? {}) as Identified;
  const meta = written.metadata ?? {};
  return { apiVersion: written.apiVersion, kind: written.kind, metadata: { name: meta.name, namespace: meta.namespace, resourceVersion: meta.resourceVersion } };
}

/** The ClusterApi over client-node; every request is counted in `counter`. */
export function kubeClusterApi(cluster: KubeConfig, counter: RequestCounter = new RequestCounter()): ClusterApi {
  const kc = withSharedKeepAlive(cluster);
  const custom = kc.makeApiClient(CustomObjectsApi);
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const canary = ResourceKinds.Canary;
  return {
    create: async (kind, namespace, body) => {
      counter.count('create');
      if (kind.group !== '') return identityOf(await custom.createNamespacedCustomObject({ ...customRef(kind, namespace), body }));
      return identityOf(await coreWrites(core).create(kind, namespace, body));
    },
    mergePatch: async (kind, namespace, name, patch) => {
      counter.count('patch');
      if (kind.group !== '') {
        return identityOf(await custom.patchNamespacedCustomObject({ ...customRef(kind, namespace), name, body: patch }, mergePatchHeader));
      }
      return identityOf(await coreWrites(core).patch(kind, namespace, name, patch));
    },
    patchCanaryStatus: async (namespace, name, patch) => {
      counter.count('patch-status');
      return identityOf(await custom.patchNamespacedCustomObjectStatus({ ...customRef(canary, namespace), name, body: patch }, mergePatchHeader));
    },
    jsonPatchCanary: async (namespace, name, ops) => {
      counter.count('patch');
      return identityOf(await custom.patchNamespacedCustomObject({ ...customRef(canary, namespace), name, body: ops }, jsonPatchHeader));
    },
    scaleDeployment: async (namespace, name, replicas) => {
      counter.count('patch-scale');
      await apps.patchNamespacedDeploymentScale({ namespace, name, body: { spec: { replicas } } }, mergePatchHeader);
    },
    createEvent: async (namespace, event) => {
      counter.count('create-event');
      await core.createNamespacedEvent({ namespace, body: Object.assign(new CoreV1Event(), event) });
    },
    patchEvent: async (namespace, name, patch) => {
      counter.count('patch-event');
      await core.patchNamespacedEvent({ namespace, name, body: patch }, mergePatchHeader);
    },
    readConfig: async (kind, namespace, name) => {
      counter.count('get-config');
      return readConfigObject(core, kind, namespace, name);
    },
  };
}

interface CoreWrites {
  create(kind: ResourceKind, namespace: string, body: KubeObject): Promise<unknown>;
  patch(kind: ResourceKind, namespace: string, name: string, patch: object): Promise<unknown>;
}

/** Create and merge patch for the core kinds the reconciler writes: Services and the `-primary` config copies. */
function coreWrites(core: CoreV1Api): CoreWrites {
  return {
    create: async (kind, namespace, body) => {
      if (kind.plural === ResourceKinds.Service.plural) return core.createNamespacedService({ namespace, body: Object.assign(new V1Service(), body) });
      if (kind.plural === ResourceKinds.ConfigMap.plural) return core.createNamespacedConfigMap({ namespace, body: Object.assign(new V1ConfigMap(), body) });
      if (kind.plural === ResourceKinds.Secret.plural) return core.createNamespacedSecret({ namespace, body: Object.assign(new V1Secret(), body) });
      throw new Error(`creating core ${kind.plural} is not supported`);
    },
    patch: async (kind, namespace, name, body) => {
      if (kind.plural === ResourceKinds.Service.plural) return core.patchNamespacedService({ namespace, name, body }, mergePatchHeader);
      if (kind.plural === ResourceKinds.ConfigMap.plural) return core.patchNamespacedConfigMap({ namespace, name, body }, mergePatchHeader);
      if (kind.plural === ResourceKinds.Secret.plural) return core.patchNamespacedSecret({ namespace, name, body }, mergePatchHeader);
      throw new Error(`patching core ${kind.plural} is not supported`);
    },
  };
}

async function readConfigObject(core: CoreV1Api, kind: 'ConfigMap' | 'Secret', namespace: string, name: string): Promise<KubeObject | undefined> {
  try {
    const found = kind === 'ConfigMap' ? await core.readNamespacedConfigMap({ namespace, name }) : await core.readNamespacedSecret({ namespace, name });
    return asPlain(found);
  } catch (err: unknown) {
    if (apiErrorCode(err) === 404) return undefined;
    throw err;
  }
}

/**
 * Reads Secrets with a GET; a missing Secret is undefined, other failures throw. Not counted
 * with the writes: it runs once per provider Secret version, not per pass.
 */
export function kubeSecretReader(kc: KubeConfig): SecretReader {
  const core = kc.makeApiClient(CoreV1Api);
  return async (namespace, name) => {
    try {
      return await core.readNamespacedSecret({ namespace, name });
    } catch (err: unknown) {
      if (apiErrorCode(err) === 404) return undefined;
      throw err;
    }
  };
}
