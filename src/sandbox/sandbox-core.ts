// Assembles the server's core: registry with built-in kinds, store, watch hub, admission chain
// and the in-process controllers (CRDs, garbage collection, namespaces).
import { ResourceRegistry } from './resource-registry.ts';
import { builtinKinds } from './builtin-kinds.ts';
import { ObjectStore } from './object-store.ts';
import { WatchHub } from './watch-hub.ts';
import type { SandboxCore } from './write-context.ts';
import { internalOptions } from './write-context.ts';
import { CrdController, crdAdmission } from './crd-controller.ts';
import { schemaAdmission } from './schema-admission.ts';
import { builtinAdmission } from './builtin-admission.ts';
import { GarbageCollector } from './garbage-collector.ts';
import { NamespaceController } from './namespace-controller.ts';
import { createObject } from './object-create.ts';
import { storageVersion } from './resource-type.ts';

/** Tunables of the core. */
export interface CoreOptions {
  watchWindow: number;
  bookmarkIntervalMs: number;
  maxWatchBufferBytes: number;
}

/** The core plus its controllers. */
export interface CoreServices {
  core: SandboxCore;
  crds: CrdController;
  gc: GarbageCollector;
  namespaces: NamespaceController;
}

/** The namespaces every sandbox starts with. */
export const initialNamespaces = Object.freeze(['default', 'kube-system', 'glidepath-system']);

/** Builds a core with built-in kinds and controllers attached. */
export function createCore(opts: CoreOptions): CoreServices {
  const registry = new ResourceRegistry();
  for (const type of builtinKinds()) registry.register(type);
  const store = new ObjectStore();
  const hub = new WatchHub(store, { window: opts.watchWindow, bookmarkIntervalMs: opts.bookmarkIntervalMs, maxBufferedBytes: opts.maxWatchBufferBytes });
  const core: SandboxCore = { registry, store, hub, admission: [crdAdmission, schemaAdmission, builtinAdmission] };
  return { core, crds: new CrdController(registry, store, hub), gc: new GarbageCollector(core), namespaces: new NamespaceController(core) };
}

/** Creates the initial namespaces that do not exist yet. */
export function seedNamespaces(core: SandboxCore): void {
  const type = core.registry.byPlural('', 'namespaces');
  if (type === undefined) throw new Error('the namespaces resource is not registered');
  for (const name of initialNamespaces) {
    if (core.store.get('/namespaces', '', name) !== undefined) continue;
    const req = { resolved: { type, version: storageVersion(type) }, namespace: '', options: internalOptions('sandbox'), warnings: [] };
    createObject(core, req, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  }
}
