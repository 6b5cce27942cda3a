import type { KubeConfig } from '@kubernetes/client-node';
import { ApiException, CoordinationV1Api, V1Lease, V1MicroTime } from '@kubernetes/client-node';

/** The leader-election fields of a `coordination.k8s.io/v1` Lease, with times as epoch milliseconds. */
export interface LeaseRecord {
  /** Empty or null when nobody holds the lease (for example after a release). */
  holderIdentity: string | null;
  leaseDurationSeconds: number;
  acquireTime: number | null;
  renewTime: number | null;
  leaseTransitions: number;
}

/** A lease as read, with the resourceVersion that an update must carry. */
export interface StoredLease {
  record: LeaseRecord;
  resourceVersion: string;
}

/** Reads and writes one Lease; create and update fail (ApiException 409) when another writer got there first. */
export interface LeaseStore {
  /** The lease's namespace/name, for logs. */
  readonly description: string;
  get(): Promise<StoredLease | null>;
  create(record: LeaseRecord): Promise<StoredLease>;
  update(record: LeaseRecord, resourceVersion: string): Promise<StoredLease>;
}

/** Returns a LeaseStore backed by the Kubernetes API (client-node's CoordinationV1Api). */
export function kubeLeaseStore(kc: KubeConfig, namespace: string, name: string): LeaseStore {
  const api = kc.makeApiClient(CoordinationV1Api);
  return {
    description: `${namespace}/${name}`,
    get: async () => {
      try {
        return fromLease(await api.readNamespacedLease({ name, namespace }));
      } catch (err: unknown) {
        if (err instanceof ApiException && err.code === 404) return null;
        throw err;
      }
    },
    create: async (record) => fromLease(await api.createNamespacedLease({ namespace, body: toLease(namespace, name, record) })),
    update: async (record, resourceVersion) => {
      const body = toLease(namespace, name, record, resourceVersion);
      return fromLease(await api.replaceNamespacedLease({ name, namespace, body }));
    },
  };
}

/** The Lease as plain JSON; client-node types models as classes but sends plain objects. */
interface LeaseBody {
  apiVersion: 'coordination.k8s.io/v1';
  kind: 'Lease';
  metadata: { name: string; namespace: string; resourceVersion?: string };
  spec: {
    holderIdentity: string;
    leaseDurationSeconds: number;
    leaseTransitions: number;
    acquireTime?: V1MicroTime;
    renewTime?: V1MicroTime;
  };
}

function toLease(namespace: string, name: string, record: LeaseRecord, resourceVersion?: string): V1Lease {
  const body: LeaseBody = {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: resourceVersion === undefined ? { name, namespace } : { name, namespace, resourceVersion },
    // An empty holder is how Kubernetes marks a released lease.
    spec: { holderIdentity: record.holderIdentity ?? '', leaseDurationSeconds: record.leaseDurationSeconds, leaseTransitions: record.leaseTransitions },
  };
  // MicroTime serialises with microseconds, as the API server's MicroTime format requires.
  if (record.acquireTime !== null) body.spec.acquireTime = new V1MicroTime(record.acquireTime);
  if (record.renewTime !== null) body.spec.renewTime = new V1MicroTime(record.renewTime);
  return Object.assign(new V1Lease(), body);
}

function fromLease(lease: V1Lease): StoredLease {
  const spec: Partial<LeaseBody['spec']> & { acquireTime?: unknown; renewTime?: unknown } = lease.spec ?? {};
  const holder = spec.holderIdentity ?? '';
  return {
    resourceVersion: lease.metadata?.resourceVersion ?? '',
    record: {
      holderIdentity: holder === '' ? null : holder,
      leaseDurationSeconds: spec.leaseDurationSeconds ?? 0,
      leaseTransitions: spec.leaseTransitions ?? 0,
      acquireTime: toMillis(spec.acquireTime),
      renewTime: toMillis(spec.renewTime),
    },
  };
}

// client-node hands MicroTime back as a string or a Date depending on the path; accept both.
function toMillis(value: unknown): number | null {
  if (value instanceof Date) return value.getTime();
  if (typeof value !== 'string' || value === '') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}
