// In-memory object storage with one global, monotonically increasing resourceVersion, like
// etcd's revision. Stored objects are never mutated after they are handed in; every write
// replaces the object, so readers and watch events can share references safely.
import type { KubeObject } from './resource-type.ts';

/** The three kinds of change a store reports. */
export const ChangeType = Object.freeze({ Added: 'ADDED', Modified: 'MODIFIED', Deleted: 'DELETED' } as const);
export type ChangeType = (typeof ChangeType)[keyof typeof ChangeType];

/** One committed change. `previous` is the object before a MODIFIED or DELETED. */
export interface StoreEvent {
  type: ChangeType;
  resource: string;
  rv: number;
  object: KubeObject;
  previous?: KubeObject;
}

/** A stored object together with the resource it belongs to (for snapshots). */
export interface StoredEntry {
  resource: string;
  object: KubeObject;
}

type Listener = (event: StoreEvent) => void;

interface Bucket {
  objects: Map<string, KubeObject>;
  sorted: string[] | undefined;
}

/** Reads metadata.name/namespace of a stored object. */
export function metaOf(obj: KubeObject): Record<string, unknown> {
  const meta = obj.metadata;
  return typeof meta === 'object' && meta !== null ? (meta as Record<string, unknown>) : {};
}

function keyOf(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

function objectKey(obj: KubeObject): string {
  const meta = metaOf(obj);
  return keyOf(typeof meta.namespace === 'string' ? meta.namespace : '', String(meta.name));
}

function withVersion(obj: KubeObject, rv: number): KubeObject {
  return { ...obj, metadata: { ...metaOf(obj), resourceVersion: String(rv) } };
}

/** The object store: buckets per resource (group/plural), objects keyed by namespace/name. */
export class ObjectStore {
  private readonly buckets = new Map<string, Bucket>();
  private readonly listeners: Listener[] = [];
  private rv = 1;

  /** The latest committed resourceVersion. */
  get resourceVersion(): number {
    return this.rv;
  }

  /** Registers a listener called synchronously after every committed change. */
  onChange(listener: Listener): void {
    this.listeners.push(listener);
  }

  /** The stored object, or undefined. */
  get(resource: string, namespace: string, name: string): KubeObject | undefined {
    return this.buckets.get(resource)?.objects.get(keyOf(namespace, name));
  }

  /** Objects of a resource in key order, optionally within one namespace. */
  list(resource: string, namespace?: string): KubeObject[] {
    const bucket = this.buckets.get(resource);
    if (bucket === undefined) return [];
    bucket.sorted ??= [...bucket.objects.keys()].sort();
    const prefix = namespace === undefined ? undefined : `${namespace}/`;
    const out: KubeObject[] = [];
    for (const key of bucket.sorted) {
      if (prefix !== undefined && !key.startsWith(prefix)) continue;
      const obj = bucket.objects.get(key);
      if (obj !== undefined) out.push(obj);
    }
    return out;
  }

  /** Number of objects stored for a resource. */
  count(resource: string): number {
    return this.buckets.get(resource)?.objects.size ?? 0;
  }

  /** Stores a new object under the next resourceVersion and returns the stored copy. */
  create(resource: string, obj: KubeObject): KubeObject {
    const stored = withVersion(obj, ++this.rv);
    const bucket = this.bucket(resource);
    bucket.objects.set(objectKey(stored), stored);
    bucket.sorted = undefined;
    this.emit({ type: ChangeType.Added, resource, rv: this.rv, object: stored });
    return stored;
  }

  /** Replaces an existing object under the next resourceVersion and returns the stored copy. */
  replace(resource: string, obj: KubeObject, previous: KubeObject): KubeObject {
    const stored = withVersion(obj, ++this.rv);
    this.bucket(resource).objects.set(objectKey(stored), stored);
    this.emit({ type: ChangeType.Modified, resource, rv: this.rv, object: stored, previous });
    return stored;
  }

  /** Removes an object; the DELETED event carries it at a new resourceVersion. */
  remove(resource: string, namespace: string, name: string): KubeObject | undefined {
    const bucket = this.buckets.get(resource);
    const key = keyOf(namespace, name);
    const previous = bucket?.objects.get(key);
    if (bucket === undefined || previous === undefined) return undefined;
    bucket.objects.delete(key);
    bucket.sorted = undefined;
    const gone = withVersion(previous, ++this.rv);
    this.emit({ type: ChangeType.Deleted, resource, rv: this.rv, object: gone, previous });
    return gone;
  }

  /** Every stored object with its resource (for snapshots). */
  entries(): StoredEntry[] {
    const out: StoredEntry[] = [];
    for (const [resource, bucket] of this.buckets) {
      for (const object of bucket.objects.values()) out.push({ resource, object });
    }
    return out;
  }

  /** Loads objects verbatim (no events) and moves the resourceVersion to at least `rv`. */
  restore(entries: StoredEntry[], rv: number): void {
    for (const { resource, object } of entries) {
      const bucket = this.bucket(resource);
      bucket.objects.set(objectKey(object), object);
      bucket.sorted = undefined;
    }
    this.rv = Math.max(this.rv, rv);
  }

  private bucket(resource: string): Bucket {
    let bucket = this.buckets.get(resource);
    if (bucket === undefined) {
      bucket = { objects: new Map(), sorted: undefined };
      this.buckets.set(resource, bucket);
    }
    return bucket;
  }

  private emit(event: StoreEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
