import { ApiException } from '@kubernetes/client-node';
import type { LeaseRecord, LeaseStore, StoredLease } from '../../../src/controller/runtime/lease-store.ts';

/** One Lease held in memory with resourceVersion checks, shared by several candidates' stores. */
export class MemoryLeaseBackend {
  lease: StoredLease | null = null;
  private version = 0;
  writes = 0;

  /** Returns a store for one candidate; `link.mode` can cut that candidate off from the backend. */
  storeFor(link: { mode: 'up' | 'failing' | 'hanging' }): LeaseStore {
    const guard = async <T>(op: () => T): Promise<T> => {
      if (link.mode === 'failing') throw new Error('connect ECONNREFUSED 127.0.0.1:6443');
      if (link.mode === 'hanging') return new Promise<T>(() => undefined);
      await Promise.resolve();
      return op();
    };
    return {
      description: 'glidepath-system/glidepath-controller-leader',
      get: () => guard(() => (this.lease ? structuredClone(this.lease) : null)),
      create: (record) => guard(() => this.create(record)),
      update: (record, rv) => guard(() => this.update(record, rv)),
    };
  }

  private create(record: LeaseRecord): StoredLease {
    if (this.lease) throw new ApiException(409, 'AlreadyExists', {}, {});
    return this.write(record);
  }

  private update(record: LeaseRecord, resourceVersion: string): StoredLease {
    if (!this.lease) throw new ApiException(404, 'NotFound', {}, {});
    if (this.lease.resourceVersion !== resourceVersion) throw new ApiException(409, 'Conflict', {}, {});
    return this.write(record);
  }

  private write(record: LeaseRecord): StoredLease {
    this.version += 1;
    this.writes += 1;
    this.lease = { record: { ...record }, resourceVersion: String(this.version) };
    return structuredClone(this.lease);
  }
}
