// Discovery documents: /version, the legacy /api and /apis forms with one APIResourceList per
// group-version, and aggregated discovery (apidiscovery.k8s.io v2 / v2beta1) that kubectl 1.32
// asks for first.
import type { ResourceRegistry, ResolvedResource } from './resource-registry.ts';

const verbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const subresourceVerbs = ['get', 'patch', 'update'];

/** The /version document: a 1.32 server. */
export function versionInfo(): Record<string, string> {
  return {
    major: '1',
    minor: '32',
    gitVersion: 'v1.32.0-glidepath-sandbox',
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2025-01-01T00:00:00Z',
    goVersion: 'go1.23.4',
    compiler: 'gc',
    platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
  };
}

function groupVersion(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

/** The legacy /api document. */
export function apiVersions(serverAddress: string): Record<string, unknown> {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function apiGroup(group: string, versions: string[]): Record<string, unknown> {
  const list = versions.map((version) => ({ groupVersion: `${group}/${version}`, version }));
  return { kind: 'APIGroup', apiVersion: 'v1', name: group, versions: list, preferredVersion: list[0] };
}

/** The legacy /apis document. */
export function apiGroupList(registry: ResourceRegistry): Record<string, unknown> {
  const groups = registry.groups().map((g) => {
    const doc = apiGroup(g.group, g.versions);
    delete doc.kind;
    delete doc.apiVersion;
    return doc;
  });
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

/** The legacy /apis/{group} document, or undefined when the group is unknown. */
export function apiGroupDoc(registry: ResourceRegistry, group: string): Record<string, unknown> | undefined {
  const found = registry.groups().find((g) => g.group === group);
  return found === undefined ? undefined : apiGroup(found.group, found.versions);
}

function legacyResources(r: ResolvedResource): Record<string, unknown>[] {
  const { type, version } = r;
  const main: Record<string, unknown> = {
    name: type.plural,
    singularName: type.singular,
    namespaced: type.namespaced,
    kind: type.kind,
    verbs,
  };
  if (type.shortNames.length > 0) main.shortNames = type.shortNames;
  if (type.categories.length > 0) main.categories = type.categories;
  const out = [main];
  if (version.status) out.push({ name: `${type.plural}/status`, singularName: '', namespaced: type.namespaced, kind: type.kind, verbs: subresourceVerbs });
  if (version.scale !== undefined) {
    out.push({ name: `${type.plural}/scale`, singularName: '', namespaced: type.namespaced, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: subresourceVerbs });
  }
  return out;
}

/** The APIResourceList of one group-version, or undefined when nothing is served there. */
export function apiResourceList(registry: ResourceRegistry, group: string, version: string): Record<string, unknown> | undefined {
  const served = registry.inGroupVersion(group, version);
  if (served.length === 0 && !(group === '' && version === 'v1')) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: groupVersion(group, version),
    resources: served.flatMap(legacyResources),
  };
}

function aggregatedResource(r: ResolvedResource): Record<string, unknown> {
  const { type, version } = r;
  const subresources: Record<string, unknown>[] = [];
  if (version.status) {
    subresources.push({ subresource: 'status', responseKind: { group: type.group, version: version.name, kind: type.kind }, verbs: subresourceVerbs });
  }
  if (version.scale !== undefined) {
    subresources.push({ subresource: 'scale', responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: subresourceVerbs });
  }
  const doc: Record<string, unknown> = {
    resource: type.plural,
    responseKind: { group: type.group, version: version.name, kind: type.kind },
    scope: type.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: type.singular,
    verbs,
  };
  if (type.shortNames.length > 0) doc.shortNames = type.shortNames;
  if (type.categories.length > 0) doc.categories = type.categories;
  if (subresources.length > 0) doc.subresources = subresources;
  return doc;
}

function discoveryGroup(registry: ResourceRegistry, group: string, versions: string[]): Record<string, unknown> {
  return {
    metadata: { name: group, creationTimestamp: null },
    versions: versions.map((version) => ({
      version,
      resources: registry.inGroupVersion(group, version).map(aggregatedResource),
      freshness: 'Current',
    })),
  };
}

/** The aggregated discovery document for /api (core group) or /apis (all named groups). */
export function aggregatedDiscovery(registry: ResourceRegistry, core: boolean, apiVersion: string): Record<string, unknown> {
  const items = core
    ? [discoveryGroup(registry, '', ['v1'])]
    : registry.groups().map((g) => discoveryGroup(registry, g.group, g.versions));
  return { kind: 'APIGroupDiscoveryList', apiVersion: `apidiscovery.k8s.io/${apiVersion}`, metadata: {}, items };
}
