/** The API types the reconciler reads and writes, with their REST coordinates. */
export interface KindRef {
  /** API group; '' is the core group (served under /api). */
  group: string;
  version: string;
  plural: string;
  kind: string;
}

/** Every kind the controller caches or writes. */
export const Kinds = Object.freeze({
  Canary: { group: 'glidepath.dev', version: 'v1alpha1', plural: 'canaries', kind: 'Canary' },
  MetricTemplate: { group: 'glidepath.dev', version: 'v1alpha1', plural: 'metrictemplates', kind: 'MetricTemplate' },
  Deployment: { group: 'apps', version: 'v1', plural: 'deployments', kind: 'Deployment' },
  Service: { group: '', version: 'v1', plural: 'services', kind: 'Service' },
  ConfigMap: { group: '', version: 'v1', plural: 'configmaps', kind: 'ConfigMap' },
  Secret: { group: '', version: 'v1', plural: 'secrets', kind: 'Secret' },
  VirtualService: { group: 'networking.istio.io', version: 'v1', plural: 'virtualservices', kind: 'VirtualService' },
  DestinationRule: { group: 'networking.istio.io', version: 'v1', plural: 'destinationrules', kind: 'DestinationRule' },
} as const satisfies Record<string, KindRef>);
export type KindName = keyof typeof Kinds;

/** The apiVersion string of a kind (`v1` for the core group). */
export function apiVersionOf(kind: KindRef): string {
  return kind.group === '' ? kind.version : `${kind.group}/${kind.version}`;
}

/** The REST collection path of a kind, in one namespace or across all of them. */
export function collectionPath(kind: KindRef, namespace?: string): string {
  const root = kind.group === '' ? `/api/${kind.version}` : `/apis/${kind.group}/${kind.version}`;
  return namespace === undefined ? `${root}/${kind.plural}` : `${root}/namespaces/${namespace}/${kind.plural}`;
}
