// Background garbage collection through ownerReferences. An index maps each owner uid to its
// dependents; when an owner disappears its dependents are deleted (unless another owner still
// exists). The `orphan` and `foregroundDeletion` finalizers that DELETE adds for those
// propagation policies are processed here too. All reactions run after the triggering write.
import type { KubeObject } from './resource-type.ts';
import type { StoreEvent } from './object-store.ts';
import { ChangeType, metaOf } from './object-store.ts';
import type { SandboxCore } from './write-context.ts';
import type { ObjectRef } from './internal-writes.ts';
import { deleteInternally, refOf, updateInternally } from './internal-writes.ts';
import { GcFinalizer } from './object-delete.ts';
import { finalizersOf } from './object-meta.ts';

const manager = 'garbage-collector';

function ownerUids(obj: KubeObject | undefined): string[] {
  const refs = obj === undefined ? undefined : metaOf(obj).ownerReferences;
  if (!Array.isArray(refs)) return [];
  return refs.map((r) => (r as Record<string, unknown>).uid).filter((u): u is string => typeof u === 'string');
}

function refKey(ref: ObjectRef): string {
  return `${ref.resource}|${ref.namespace}|${ref.name}`;
}

/** The garbage collector; it subscribes to the store when constructed. */
export class GarbageCollector {
  private readonly dependents = new Map<string, Map<string, ObjectRef>>();
  private readonly byUid = new Map<string, ObjectRef>();

  constructor(private readonly core: SandboxCore) {
    core.store.onChange((event) => {
      this.track(event);
    });
  }

  /** Indexes objects already in the store (after a snapshot restore). */
  indexExisting(): void {
    for (const { resource, object } of this.core.store.entries()) this.track({ type: ChangeType.Added, resource, rv: 0, object });
  }

  private track(event: StoreEvent): void {
    const ref = refOf(event.resource, event.object);
    const uid = metaOf(event.object).uid;
    const before = ownerUids(event.previous);
    const after = event.type === ChangeType.Deleted ? [] : ownerUids(event.object);
    for (const owner of before) if (!after.includes(owner)) this.dependents.get(owner)?.delete(refKey(ref));
    for (const owner of after) this.dependentsOf(owner).set(refKey(ref), ref);
    if (typeof uid !== 'string') return;
    if (event.type === ChangeType.Deleted) {
      this.byUid.delete(uid);
      this.later(() => {
        this.ownerGone(uid);
      });
      for (const owner of before) this.laterFinalize(owner);
      return;
    }
    this.byUid.set(uid, ref);
    if (metaOf(event.object).deletionTimestamp !== undefined) this.laterFinalize(uid);
  }

  private dependentsOf(owner: string): Map<string, ObjectRef> {
    let deps = this.dependents.get(owner);
    if (deps === undefined) {
      deps = new Map();
      this.dependents.set(owner, deps);
    }
    return deps;
  }

  private later(fn: () => void): void {
    setImmediate(fn);
  }

  private laterFinalize(uid: string): void {
    this.later(() => {
      this.finalize(uid);
    });
  }

  private ownerGone(uid: string): void {
    const deps = this.dependents.get(uid);
    if (deps === undefined || this.byUid.has(uid)) return;
    this.dependents.delete(uid);
    for (const dep of deps.values()) {
      const obj = this.core.store.get(dep.resource, dep.namespace, dep.name);
      if (obj === undefined) continue;
      const liveOwners = ownerUids(obj).filter((o) => o !== uid && this.byUid.has(o));
      if (liveOwners.length === 0) deleteInternally(this.core, dep, manager);
    }
  }

  private finalize(uid: string): void {
    const ref = this.byUid.get(uid);
    const obj = ref === undefined ? undefined : this.core.store.get(ref.resource, ref.namespace, ref.name);
    if (ref === undefined || obj === undefined || metaOf(obj).deletionTimestamp === undefined) return;
    const finalizers = finalizersOf(obj);
    if (finalizers.includes(GcFinalizer.Orphan)) this.orphan(uid, ref);
    else if (finalizers.includes(GcFinalizer.Foreground)) this.foreground(uid, ref);
  }

  private orphan(uid: string, owner: ObjectRef): void {
    for (const dep of [...(this.dependents.get(uid)?.values() ?? [])]) {
      updateInternally(this.core, dep, manager, (copy) => {
        const meta = metaOf(copy);
        meta.ownerReferences = (meta.ownerReferences as Record<string, unknown>[]).filter((r) => r.uid !== uid);
      });
    }
    this.removeFinalizer(owner, GcFinalizer.Orphan);
  }

  private foreground(uid: string, owner: ObjectRef): void {
    const live = [...(this.dependents.get(uid)?.values() ?? [])].filter((d) => this.core.store.get(d.resource, d.namespace, d.name) !== undefined);
    if (live.length === 0) {
      this.removeFinalizer(owner, GcFinalizer.Foreground);
      return;
    }
    for (const dep of live) {
      const obj = this.core.store.get(dep.resource, dep.namespace, dep.name);
      if (obj !== undefined && metaOf(obj).deletionTimestamp === undefined) deleteInternally(this.core, dep, manager);
    }
  }

  private removeFinalizer(ref: ObjectRef, finalizer: string): void {
    updateInternally(this.core, ref, manager, (copy) => {
      const meta = metaOf(copy);
      meta.finalizers = finalizersOf(copy).filter((f) => f !== finalizer);
    });
  }
}
