// Turns a request path into what it addresses: a discovery document, an OpenAPI document or a
// resource (collection, object or subresource), following the Kubernetes URL layout.

/** A path that addresses objects of one resource. */
export interface ResourceRoute {
  kind: 'resource';
  group: string;
  version: string;
  plural: string;
  namespace?: string;
  name?: string;
  subresource?: string;
  /** Legacy `/watch/` path prefix: always a watch. */
  legacyWatch: boolean;
}

/** Everything the server answers. */
export type Route =
  | { kind: 'version' }
  | { kind: 'health' }
  | { kind: 'api-root' }
  | { kind: 'apis-root' }
  | { kind: 'group'; group: string }
  | { kind: 'group-version'; group: string; version: string }
  | { kind: 'openapi-index' }
  | { kind: 'openapi-v2' }
  | { kind: 'openapi-doc'; group: string; version: string }
  | ResourceRoute
  | { kind: 'unknown' };

const healthPaths = new Set(['/healthz', '/livez', '/readyz']);
// Namespace subresources; any other third segment is a namespaced collection.
const namespaceSubresources = new Set(['status', 'finalize']);

function decodeSegments(pathname: string): string[] {
  return pathname
    .split('/')
    .filter((s) => s !== '')
    .map((s) => (s.includes('%') ? decodeURIComponent(s) : s));
}

// `namespaces/{ns}/{plural}...` addresses a namespaced collection, except the Namespace's own
// subresources (`namespaces/{ns}/status`).
function isNamespacedPath(parts: string[]): boolean {
  if (parts[0] !== 'namespaces' || parts.length < 3) return false;
  return !(parts.length === 3 && namespaceSubresources.has(parts[2] ?? ''));
}

function withTail(route: ResourceRoute, tail: string[]): Route {
  const [plural, name, subresource] = tail;
  if (plural === undefined || tail.length > 3) return { kind: 'unknown' };
  route.plural = plural;
  if (name !== undefined) route.name = name;
  if (subresource !== undefined) route.subresource = subresource;
  return route;
}

function resourceRoute(group: string, version: string, rest: string[]): Route {
  const legacyWatch = rest[0] === 'watch';
  const parts = legacyWatch ? rest.slice(1) : rest;
  const base: ResourceRoute = { kind: 'resource', group, version, plural: '', legacyWatch };
  if (isNamespacedPath(parts)) {
    base.namespace = parts[1] ?? '';
    return withTail(base, parts.slice(2));
  }
  return withTail(base, parts);
}

function openapiRoute(segments: string[]): Route {
  if (segments.length === 2) return { kind: 'openapi-index' };
  if (segments[2] === 'api' && segments[3] !== undefined && segments.length === 4) {
    return { kind: 'openapi-doc', group: '', version: segments[3] };
  }
  if (segments[2] === 'apis' && segments[3] !== undefined && segments[4] !== undefined && segments.length === 5) {
    return { kind: 'openapi-doc', group: segments[3], version: segments[4] };
  }
  return { kind: 'unknown' };
}

function coreRoute(segments: string[]): Route {
  const version = segments[1];
  if (version === undefined) return { kind: 'api-root' };
  if (segments.length === 2) return { kind: 'group-version', group: '', version };
  return resourceRoute('', version, segments.slice(2));
}

function groupRoute(segments: string[]): Route {
  const [, group, version] = segments;
  if (group === undefined) return { kind: 'apis-root' };
  if (version === undefined) return { kind: 'group', group };
  if (segments.length === 3) return { kind: 'group-version', group, version };
  return resourceRoute(group, version, segments.slice(3));
}

function segmentsOf(pathname: string): string[] | undefined {
  try {
    return decodeSegments(pathname);
  } catch {
    return undefined;
  }
}

/** Classifies a request path; unknown layouts yield `{kind: 'unknown'}`. */
export function route(pathname: string): Route {
  if (pathname === '/version' || pathname === '/version/') return { kind: 'version' };
  if (healthPaths.has(pathname)) return { kind: 'health' };
  const segments = segmentsOf(pathname);
  if (segments === undefined) return { kind: 'unknown' };
  return routeSegments(segments);
}

function routeSegments(segments: string[]): Route {
  if (segments[0] === 'api') return coreRoute(segments);
  if (segments[0] === 'apis') return groupRoute(segments);
  if (segments[0] === 'openapi' && segments[1] === 'v3') return openapiRoute(segments);
  if (segments[0] === 'openapi' && segments[1] === 'v2' && segments.length === 2) return { kind: 'openapi-v2' };
  return { kind: 'unknown' };
}
