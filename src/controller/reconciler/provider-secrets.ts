/**
 * Prometheus credentials for MetricTemplate providers (`spec.provider.secretRef`). The Secret
 * informer caches data as digests only, so no secret value lives in the long-lived caches; the
 * few Secrets a provider names are read with a GET and kept while the cached copy still has
 * the same resourceVersion, for a short time at most.
 */
import type { V1Secret } from '@kubernetes/client-node';
import type { Canary } from '../../api/canary-types.ts';
import type { MetricTemplate } from '../../api/metric-template-types.ts';
import type { Clock } from '../runtime/clock.ts';

/** Reads one Secret from the API; undefined when it does not exist. */
export type SecretReader = (namespace: string, name: string) => Promise<V1Secret | undefined>;

/** A Secret a provider needs, by namespace and name. */
export interface SecretRef {
  namespace: string;
  name: string;
}

/** What ProviderSecrets reads from: the API, the informer cache (for versions) and a clock. */
export interface ProviderSecretsDeps {
  read: SecretReader;
  /** The resourceVersion of the cached (digested) Secret, or undefined when it is not cached. */
  cachedVersion: (namespace: string, name: string) => string | undefined;
  clock: Clock;
  /** How long a read value may be kept even if unchanged (default 60 s). */
  maxAgeMs?: number;
}

interface Held {
  version: string;
  secret: V1Secret;
  readAt: number;
}

const DEFAULT_MAX_AGE_MS = 60_000;

/** The provider Secrets a Canary's metric templates name (templates looked up in the cache). */
export function providerSecretRefs(canary: Canary, template: (namespace: string, name: string) => MetricTemplate | undefined): SecretRef[] {
  const refs = new Map<string, SecretRef>();
  for (const metric of canary.spec.analysis.metrics ?? []) {
    const ref = metric.templateRef;
    if (ref === undefined) continue;
    const namespace = ref.namespace ?? canary.metadata.namespace ?? 'default';
    const secretName = template(namespace, ref.name)?.spec.provider.secretRef?.name;
    if (secretName !== undefined) refs.set(`${namespace}/${secretName}`, { namespace, name: secretName });
  }
  return [...refs.values()];
}

/** Provider Secrets read on demand and held per cached resourceVersion, never longer than maxAgeMs. */
export class ProviderSecrets {
  private readonly held = new Map<string, Held>();

  constructor(private readonly deps: ProviderSecretsDeps) {}

  /** Makes `get` answer for `refs`: reads each one whose cached version changed or whose copy aged out. */
  async load(refs: readonly SecretRef[]): Promise<void> {
    for (const ref of refs) await this.loadOne(ref);
  }

  /** The Secret as the last `load` left it; undefined when it is missing or was never loaded. */
  get(namespace: string, name: string): V1Secret | undefined {
    // No version check here: `load` just ran for this pass, and a change since re-queues the Canary.
    return this.held.get(`${namespace}/${name}`)?.secret;
  }

  private async loadOne(ref: SecretRef): Promise<void> {
    const key = `${ref.namespace}/${ref.name}`;
    const version = this.deps.cachedVersion(ref.namespace, ref.name);
    if (version === undefined) {
      this.held.delete(key);
      return;
    }
    if (this.fresh(ref.namespace, ref.name) !== undefined) return;
    const secret = await this.deps.read(ref.namespace, ref.name);
    if (secret === undefined) this.held.delete(key);
    // Held under the version the cache showed, so the next cache change triggers a new read.
    else this.held.set(key, { version, secret, readAt: this.deps.clock.now() });
  }

  private fresh(namespace: string, name: string): Held | undefined {
    const key = `${namespace}/${name}`;
    const held = this.held.get(key);
    if (held === undefined) return undefined;
    const current = this.deps.cachedVersion(namespace, name);
    const expired = this.deps.clock.now() - held.readAt > (this.deps.maxAgeMs ?? DEFAULT_MAX_AGE_MS);
    if (current === held.version && !expired) return held;
    this.held.delete(key);
    return undefined;
  }
}
