/** REST coordinates of one resource type. */
export interface ResourceKind {
  /** API group; '' is the core group, served under /api. */
  readonly group: string;
  readonly version: string;
  readonly plural: string;
  readonly kind: string;
}

/** The kinds the controller caches and writes; the one kinds table. */
export const ResourceKinds = Object.freeze({
  Canary: { group: 'glidepath.dev', version: 'v1alpha1', plural: 'canaries', kind: 'Canary' },
  MetricTemplate: { group: 'glidepath.dev', version: 'v1alpha1', plural: 'metrictemplates', kind: 'MetricTemplate' },
  Deployment: { group: 'apps', version: 'v1', plural: 'deployments', kind: 'Deployment' },
  Service: { group: '', version: 'v1', plural: 'services', kind: 'Service' },
  ConfigMap: { group: '', version: 'v1', plural: 'configmaps', kind: 'ConfigMap' },
  Secret: { group: '', version: 'v1', plural: 'secrets', kind: 'Secret' },
  VirtualService: { group: 'networking.istio.io', version: 'v1', plural: 'virtualservices', kind: 'VirtualService' },
  DestinationRule: { group: 'networking.istio.io', version: 'v1', plural: 'destinationrules', kind: 'DestinationRule' },
  HorizontalPodAutoscaler: { group: 'autoscaling', version: 'v2', plural: 'horizontalpodautoscalers', kind: 'HorizontalPodAutoscaler' },
} as const satisfies Record<string, ResourceKind>);
export type ResourceKindName = keyof typeof ResourceKinds;

/** Returns the REST collection path of a kind, in one namespace or across all of them. */
export function collectionPath(kind: ResourceKind, namespace?: string | null): string {
  const root = kind.group === '' ? `/api/${kind.version}` : `/apis/${kind.group}/${kind.version}`;
  return namespace === undefined || namespace === null ? `${root}/${kind.plural}` : `${root}/namespaces/${encodeURIComponent(namespace)}/${kind.plural}`;
}
