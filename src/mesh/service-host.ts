/**
 * Resolution of a VirtualService destination host to a Kubernetes Service, the
 * way Istio reads short names: relative to the VirtualService's namespace.
 */

/** A Service name and namespace, plus the FQDN Istio reports as destination_service. */
export interface ServiceRef {
  name: string;
  namespace: string;
  fqdn: string;
}

const CLUSTER_SUFFIX = '.svc.cluster.local';

/** Resolves `name`, `name.ns`, `name.ns.svc` or `name.ns.svc.cluster.local`; other hosts (external names) give undefined. */
export function resolveServiceHost(host: string, defaultNamespace: string): ServiceRef | undefined {
  const trimmed = host.trim().toLowerCase();
  if (trimmed === '' || trimmed.includes('*')) return undefined;
  let rest = trimmed;
  if (rest.endsWith(CLUSTER_SUFFIX)) rest = rest.slice(0, -CLUSTER_SUFFIX.length);
  else if (rest.endsWith('.svc')) rest = rest.slice(0, -'.svc'.length);
  const parts = rest.split('.');
  const [name, namespace] = parts;
  if (name === undefined || parts.length > 2) return undefined;
  const ns = namespace ?? defaultNamespace;
  return { name, namespace: ns, fqdn: `${name}.${ns}${CLUSTER_SUFFIX}` };
}
