// The set of resources the server currently serves. CRDs add and remove entries at runtime,
// so discovery and routing always consult this registry rather than a fixed table.
import type { ResourceType, ResourceVersion } from './resource-type.ts';
import { storageKey } from './resource-type.ts';

/** A resource resolved at one served version. */
export interface ResolvedResource {
  type: ResourceType;
  version: ResourceVersion;
}

/** A group with the versions it serves, newest preferred first. */
export interface GroupVersions {
  group: string;
  versions: string[];
}

/** Registry of served resources, keyed by group and plural. */
export class ResourceRegistry {
  private readonly types = new Map<string, ResourceType>();
  private changeCount = 0;

  /** Adds or replaces a resource type. */
  register(type: ResourceType): void {
    this.types.set(storageKey(type.group, type.plural), type);
    this.changeCount++;
  }

  /** Removes a resource type; its stored objects are the caller's concern. */
  unregister(group: string, plural: string): void {
    this.types.delete(storageKey(group, plural));
    this.changeCount++;
  }

  /** A counter that moves whenever the set of resources changes (for discovery hashes). */
  get generation(): number {
    return this.changeCount;
  }

  /** The type stored under group/plural, at any version. */
  byPlural(group: string, plural: string): ResourceType | undefined {
    return this.types.get(storageKey(group, plural));
  }

  /** The resource at group/version/plural if that version is served. */
  resolve(group: string, version: string, plural: string): ResolvedResource | undefined {
    const type = this.byPlural(group, plural);
    const served = type?.versions.find((v) => v.name === version && v.served);
    return type === undefined || served === undefined ? undefined : { type, version: served };
  }

  /** The type whose kind matches, within a group. */
  byKind(group: string, kind: string): ResourceType | undefined {
    for (const type of this.types.values()) {
      if (type.group === group && type.kind === kind) return type;
    }
    return undefined;
  }

  /** Every registered type. */
  all(): ResourceType[] {
    return [...this.types.values()];
  }

  /** Resources served at one group-version. */
  inGroupVersion(group: string, version: string): ResolvedResource[] {
    const out: ResolvedResource[] = [];
    for (const type of this.types.values()) {
      if (type.group !== group) continue;
      const v = type.versions.find((x) => x.name === version && x.served);
      if (v !== undefined) out.push({ type, version: v });
    }
    return out.sort((a, b) => a.type.plural.localeCompare(b.type.plural));
  }

  /** Groups (excluding the core group) and their served versions, preferred version first. */
  groups(): GroupVersions[] {
    const byGroup = new Map<string, Set<string>>();
    for (const type of this.types.values()) {
      if (type.group === '') continue;
      const set = byGroup.get(type.group) ?? new Set<string>();
      for (const v of type.versions) if (v.served) set.add(v.name);
      byGroup.set(type.group, set);
    }
    return [...byGroup.entries()]
      .map(([group, set]) => ({ group, versions: [...set].sort(compareKubeVersions) }))
      .filter((g) => g.versions.length > 0)
      .sort((a, b) => a.group.localeCompare(b.group));
  }
}

const versionPattern = /^v(\d+)(?:(alpha|beta)(\d+))?$/;

/** Orders versions the way Kubernetes prefers them: GA before beta before alpha, higher first. */
export function compareKubeVersions(a: string, b: string): number {
  return versionRank(b) - versionRank(a) || a.localeCompare(b);
}

function versionRank(v: string): number {
  const m = versionPattern.exec(v);
  if (m === null) return -1;
  const major = Number(m[1]);
  const stability = m[2] === undefined ? 3 : m[2] === 'beta' ? 2 : 1;
  const minor = m[3] === undefined ? 0 : Number(m[3]);
  return stability * 1_000_000 + major * 1000 + minor;
}
