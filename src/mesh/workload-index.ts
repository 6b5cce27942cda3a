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

/**
 * Deployments by namespace and by one of their matchLabels pairs, so a pod is tested only against
 * Deployments that could select it (a full scan is pods × Deployments, minutes at 1,000 apps).
 */
class DeploymentLookup {
  private readonly byPair = new Map<string, DeploymentObject[]>();
  /** Deployments whose selector has no matchLabels: tested against every pod of their namespace. */
  private readonly unindexed = new Map<string, DeploymentObject[]>();
  /** Input position, so the first candidate is the same one a full scan would find. */
  private readonly order = new Map<DeploymentObject, number>();

  constructor(deployments: readonly DeploymentObject[]) {
    for (const d of deployments) {
      this.order.set(d, this.order.size);
      const namespace = d.metadata?.namespace ?? '';
      const first = Object.entries(d.spec?.selector?.matchLabels ?? {})[0];
      if (first === undefined) pushTo(this.unindexed, namespace, d);
      else pushTo(this.byPair, labelPairKey(namespace, first[0], first[1]), d);
    }
  }

  /** Deployments in the pod's namespace whose selector matches its labels, in input order. */
  candidates(namespace: string, labels: Readonly<Record<string, string>>): DeploymentObject[] {
    const out: DeploymentObject[] = [...(this.unindexed.get(namespace) ?? [])];
    for (const [key, value] of Object.entries(labels)) out.push(...(this.byPair.get(labelPairKey(namespace, key, value)) ?? []));
    return out.filter((d) => selectorMatches(d.spec?.selector, labels)).sort((a, b) => (this.order.get(a) ?? 0) - (this.order.get(b) ?? 0));
  }
}

function labelPairKey(namespace: string, key: string, value: string): string {
  return `${namespace}\u0000${key}\u0000${value}`;
}

function pushTo<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

function workloadNameOf(pod: PodObject, deployments: DeploymentLookup): string {
  const candidates = deployments.candidates(pod.metadata?.namespace ?? '', pod.metadata?.labels ?? {});
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

/** Ready pods by namespace and by label pair, each resolved to its workload and behaviour profile. */
export interface WorkloadIndex {
  readonly endpointsByNamespace: ReadonlyMap<string, readonly Endpoint[]>;
  /** Ready endpoints per `namespace, label key, label value`; a Service looks up one pair, then filters. */
  readonly endpointsByLabel: ReadonlyMap<string, readonly Endpoint[]>;
  readonly warnings: readonly MeshWarning[];
}

/** Indexes the ready pods; identities are shared per workload so metric label sets stay few. */
export function buildWorkloadIndex(pods: readonly PodObject[], deployments: readonly DeploymentObject[]): WorkloadIndex {
  const endpointsByNamespace = new Map<string, Endpoint[]>();
  const endpointsByLabel = new Map<string, Endpoint[]>();
  const identities = new Map<string, WorkloadIdentity>();
  const warnings = new Map<string, MeshWarning>();
  const lookup = new DeploymentLookup(deployments);
  for (const pod of pods.filter(isPodReady)) {
    const identity = sharedIdentity(pod, lookup, identities);
    const ref = `Deployment ${identity.namespace}/${identity.name} (pod template)`;
    const parsed = parseBehaviourProfile(pod.metadata?.annotations, ref);
    for (const w of parsed.warnings) warnings.set(`${w.object}: ${w.message}`, w);
    const endpoint: Endpoint = { podName: pod.metadata?.name ?? '', workload: identity, profile: parsed.profile, labels: pod.metadata?.labels ?? {} };
    pushTo(endpointsByNamespace, identity.namespace, endpoint);
    for (const [key, value] of Object.entries(endpoint.labels)) pushTo(endpointsByLabel, labelPairKey(identity.namespace, key, value), endpoint);
  }
  return { endpointsByNamespace, endpointsByLabel, warnings: [...warnings.values()] };
}

function sharedIdentity(pod: PodObject, deployments: DeploymentLookup, identities: Map<string, WorkloadIdentity>): WorkloadIdentity {
  const fresh = identityOf(pod, workloadNameOf(pod, deployments));
  const key = JSON.stringify(fresh);
  const known = identities.get(key);
  if (known !== undefined) return known;
  identities.set(key, fresh);
  return fresh;
}

/** The ready endpoints a Service selects; a Service without a selector has none here. */
export function serviceEndpoints(service: ServiceObject, index: WorkloadIndex): Endpoint[] {
  const pairs = Object.entries(service.spec?.selector ?? {});
  const first = pairs[0];
  if (first === undefined) return [];
  const candidates = index.endpointsByLabel.get(labelPairKey(service.metadata?.namespace ?? 'default', first[0], first[1])) ?? [];
  return candidates.filter((e) => pairs.every(([k, v]) => e.labels[k] === v));
}
