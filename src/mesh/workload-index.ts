/**
 * Ready pods grouped by the workload that owns them, and the Service → ready
 * pods lookup the router needs.
 *
 * A pod's workload is the Deployment whose selector matches the pod's labels
 * in the pod's namespace (that is what owns its ReplicaSet in a real cluster,
 * and it does not depend on how the simulated controller fills ownerReferences).
 * When several Deployments match, the one named by the pod's ownerReference
 * chain wins (a Deployment owner directly, or a ReplicaSet owner named
 * `<deployment>-<hash>`). A pod that no Deployment selects reports its owner's
 * name (ReplicaSet hash stripped) or its own name, like Istio does.
 */
import type { DeploymentObject, LabelSelector, PodObject, ServiceObject } from './cluster-objects.ts';
import type { MeshWarning } from './annotation-names.ts';
import { parseBehaviourProfile } from './behaviour-profile.ts';
import type { BehaviourProfile } from './behaviour-profile.ts';

/** The identity Istio derives for a workload; it becomes the source_/destination_ labels. */
export interface WorkloadIdentity {
  readonly name: string;
  readonly namespace: string;
  readonly app: string;
  readonly version: string;
  readonly canonicalService: string;
  readonly canonicalRevision: string;
  readonly principal: string;
}

/** One ready pod, with the behaviour it answers with. */
export interface Endpoint {
  readonly podName: string;
  readonly workload: WorkloadIdentity;
  readonly profile: BehaviourProfile;
  readonly labels: Readonly<Record<string, string>>;
}

/** Tests a label selector (matchLabels and matchExpressions) against labels. */
export function selectorMatches(selector: LabelSelector | undefined, labels: Readonly<Record<string, string>>): boolean {
  if (selector === undefined) return false;
  const plain = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  return plain && (selector.matchExpressions ?? []).every((expr) => {
    const value = labels[expr.key];
    const values = expr.values ?? [];
    switch (expr.operator) {
      case 'In': return value !== undefined && values.includes(value);
      case 'NotIn': return value === undefined || !values.includes(value);
      case 'Exists': return value !== undefined;
      case 'DoesNotExist': return value === undefined;
      default: return false;
    }
  });
}

/** Whether a pod would receive traffic: Ready=True and not being deleted. */
export function isPodReady(pod: PodObject): boolean {
  if (pod.metadata?.deletionTimestamp !== undefined) return false;
  return (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

function ownerWorkloadName(pod: PodObject): string | undefined {
  const owner = (pod.metadata?.ownerReferences ?? []).find((o) => o.controller === true) ?? pod.metadata?.ownerReferences?.[0];
  if (owner === undefined) return undefined;
  if (owner.kind === 'ReplicaSet') return owner.name.replace(/-[a-z0-9]+$/, '');
  return owner.name;
}

function fallbackName(pod: PodObject): string {
  return pod.metadata?.name ?? 'unknown';
}

function workloadNameOf(pod: PodObject, deployments: readonly DeploymentObject[]): string {
  const namespace = pod.metadata?.namespace;
  const labels = pod.metadata?.labels ?? {};
  const candidates = deployments.filter((d) => d.metadata?.namespace === namespace && selectorMatches(d.spec?.selector, labels));
  const ownerName = ownerWorkloadName(pod);
  const owned = candidates.find((d) => d.metadata?.name === ownerName) ?? candidates[0];
  return owned?.metadata?.name ?? ownerName ?? fallbackName(pod);
}

function firstLabel(labels: Readonly<Record<string, string>>, keys: readonly string[], fallback: string): string {
  for (const key of keys) {
    const value = labels[key];
    if (value !== undefined) return value;
  }
  return fallback;
}

function identityOf(pod: PodObject, workloadName: string): WorkloadIdentity {
  const labels = pod.metadata?.labels ?? {};
  const namespace = pod.metadata?.namespace ?? 'default';
  return Object.freeze({
    name: workloadName,
    namespace,
    app: firstLabel(labels, ['app', 'app.kubernetes.io/name'], 'unknown'),
    version: firstLabel(labels, ['version', 'app.kubernetes.io/version'], 'unknown'),
    canonicalService: firstLabel(labels, ['service.istio.io/canonical-name', 'app.kubernetes.io/name', 'app'], workloadName),
    canonicalRevision: firstLabel(labels, ['service.istio.io/canonical-revision', 'app.kubernetes.io/version', 'version'], 'latest'),
    principal: `spiffe://cluster.local/ns/${namespace}/sa/${pod.spec?.serviceAccountName ?? 'default'}`,
  });
}

/** Ready pods by namespace, each resolved to its workload and behaviour profile. */
export interface WorkloadIndex {
  readonly endpointsByNamespace: ReadonlyMap<string, readonly Endpoint[]>;
  readonly warnings: readonly MeshWarning[];
}

/** Indexes the ready pods; identities are shared per workload so metric label sets stay few. */
export function buildWorkloadIndex(pods: readonly PodObject[], deployments: readonly DeploymentObject[]): WorkloadIndex {
  const endpointsByNamespace = new Map<string, Endpoint[]>();
  const identities = new Map<string, WorkloadIdentity>();
  const warnings = new Map<string, MeshWarning>();
  for (const pod of pods.filter(isPodReady)) {
    const identity = sharedIdentity(pod, deployments, identities);
    const ref = `Deployment ${identity.namespace}/${identity.name} (pod template)`;
    const parsed = parseBehaviourProfile(pod.metadata?.annotations, ref);
    for (const w of parsed.warnings) warnings.set(`${w.object}: ${w.message}`, w);
    const list = endpointsByNamespace.get(identity.namespace) ?? [];
    list.push({ podName: pod.metadata?.name ?? '', workload: identity, profile: parsed.profile, labels: pod.metadata?.labels ?? {} });
    endpointsByNamespace.set(identity.namespace, list);
  }
  return { endpointsByNamespace, warnings: [...warnings.values()] };
}

function sharedIdentity(pod: PodObject, deployments: readonly DeploymentObject[], identities: Map<string, WorkloadIdentity>): WorkloadIdentity {
  const fresh = identityOf(pod, workloadNameOf(pod, deployments));
  const key = JSON.stringify(fresh);
  const known = identities.get(key);
  if (known !== undefined) return known;
  identities.set(key, fresh);
  return fresh;
}

/** The ready endpoints a Service selects; a Service without a selector has none here. */
export function serviceEndpoints(service: ServiceObject, index: WorkloadIndex): Endpoint[] {
  const selector = service.spec?.selector;
  if (selector === undefined || Object.keys(selector).length === 0) return [];
  const candidates = index.endpointsByNamespace.get(service.metadata?.namespace ?? 'default') ?? [];
  return candidates.filter((e) => Object.entries(selector).every(([k, v]) => e.labels[k] === v));
}
