// Finishes namespace deletion: once a namespace is Terminating, everything in it is deleted,
// and the namespace itself goes away when nothing (e.g. objects held by finalizers) remains.
import type { StoreEvent } from './object-store.ts';
import { ChangeType, metaOf } from './object-store.ts';
import { storageKey } from './resource-type.ts';
import type { SandboxCore } from './write-context.ts';
import { deleteInternally, refOf } from './internal-writes.ts';

/** The storage bucket of namespaces. */
export const namespaceBucket = '/namespaces';
const manager = 'namespace-controller';

/** The namespace controller; it subscribes to the store when constructed. */
export class NamespaceController {
  private readonly pending = new Set<string>();

  constructor(private readonly core: SandboxCore) {
    core.store.onChange((event) => {
      this.onChange(event);
    });
  }

  private onChange(event: StoreEvent): void {
    if (event.resource === namespaceBucket) {
      if (event.type !== ChangeType.Deleted && metaOf(event.object).deletionTimestamp !== undefined) this.schedule(String(metaOf(event.object).name));
      return;
    }
    const ns = metaOf(event.object).namespace;
    if (event.type === ChangeType.Deleted && typeof ns === 'string' && this.isTerminating(ns)) this.schedule(ns);
  }

  private isTerminating(ns: string): boolean {
    const obj = this.core.store.get(namespaceBucket, '', ns);
    return obj !== undefined && metaOf(obj).deletionTimestamp !== undefined;
  }

  private schedule(ns: string): void {
    if (this.pending.has(ns)) return;
    this.pending.add(ns);
    setImmediate(() => {
      this.pending.delete(ns);
      this.drain(ns);
    });
  }

  private contents(ns: string): { resource: string; objects: ReturnType<SandboxCore['store']['list']> }[] {
    return this.core.registry
      .all()
      .filter((t) => t.namespaced)
      .map((t) => ({ resource: storageKey(t.group, t.plural), objects: this.core.store.list(storageKey(t.group, t.plural), ns) }));
  }

  private drain(ns: string): void {
    if (!this.isTerminating(ns)) return;
    for (const { resource, objects } of this.contents(ns)) {
      for (const obj of objects) if (metaOf(obj).deletionTimestamp === undefined) deleteInternally(this.core, refOf(resource, obj), manager);
    }
    const remaining = this.contents(ns).reduce((n, c) => n + c.objects.length, 0);
    if (remaining === 0) this.core.store.remove(namespaceBucket, '', ns);
  }
}
