// Server-side defaults for built-in kinds, limited to the fields that clients read back
// (kubectl rollout status, describe output, our own controller).
import type { KubeObject } from './resource-type.ts';
import { textOf } from './value-text.ts';

function asRecord(value: unknown): KubeObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as KubeObject) : undefined;
}

function child(obj: KubeObject, key: string): KubeObject {
  const existing = asRecord(obj[key]);
  if (existing !== undefined) return existing;
  const created: KubeObject = {};
  obj[key] = created;
  return created;
}

function setDefault(obj: KubeObject, key: string, value: unknown): void {
  if (obj[key] === undefined) obj[key] = value;
}

function records(value: unknown): KubeObject[] {
  return Array.isArray(value) ? value.map(asRecord).filter((x): x is KubeObject => x !== undefined) : [];
}

function defaultContainer(container: KubeObject): void {
  const image = typeof container.image === 'string' ? container.image : '';
  setDefault(container, 'imagePullPolicy', image.endsWith(':latest') || !image.includes(':') ? 'Always' : 'IfNotPresent');
  setDefault(container, 'terminationMessagePath', '/dev/termination-log');
  setDefault(container, 'terminationMessagePolicy', 'File');
  for (const port of records(container.ports)) setDefault(port, 'protocol', 'TCP');
}

/** Fills PodSpec defaults (restart policy, DNS policy, container pull policy, port protocol). */
export function defaultPodSpec(spec: KubeObject): void {
  setDefault(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'schedulerName', 'default-scheduler');
  setDefault(spec, 'securityContext', {});
  for (const c of [...records(spec.containers), ...records(spec.initContainers)]) defaultContainer(c);
}

/** Fills Deployment/ReplicaSet defaults: replicas 1, rolling update 25%/25%, deadline 600s. */
export function defaultWorkload(obj: KubeObject): void {
  const spec = child(obj, 'spec');
  setDefault(spec, 'replicas', 1);
  setDefault(spec, 'revisionHistoryLimit', 10);
  if (obj.kind === 'Deployment') {
    setDefault(spec, 'progressDeadlineSeconds', 600);
    const strategy = child(spec, 'strategy');
    setDefault(strategy, 'type', 'RollingUpdate');
    if (strategy.type === 'RollingUpdate') {
      const rolling = child(strategy, 'rollingUpdate');
      setDefault(rolling, 'maxUnavailable', '25%');
      setDefault(rolling, 'maxSurge', '25%');
    }
  }
  const template = asRecord(spec.template);
  const podSpec = template === undefined ? undefined : asRecord(template.spec);
  if (podSpec !== undefined) defaultPodSpec(podSpec);
}

/** Fills Pod defaults. */
export function defaultPod(obj: KubeObject): void {
  defaultPodSpec(child(obj, 'spec'));
}

// A cluster IP derived from the name keeps allocation stateless and stable across snapshots.
function clusterIpFor(namespace: string, name: string): string {
  let hash = 2166136261;
  for (const ch of `${namespace}/${name}`) hash = Math.imul(hash ^ ch.charCodeAt(0), 16777619) >>> 0;
  return `10.96.${(hash >>> 8) % 256}.${(hash % 254) + 1}`;
}

function previousClusterIp(old: KubeObject | undefined): KubeObject | undefined {
  const oldSpec = old === undefined ? undefined : asRecord(old.spec);
  return typeof oldSpec?.clusterIP === 'string' ? oldSpec : undefined;
}

function keepClusterIp(spec: KubeObject, old: KubeObject | undefined, obj: KubeObject): void {
  if (spec.clusterIP !== undefined && spec.clusterIP !== '') {
    spec.clusterIPs ??= [spec.clusterIP];
    return;
  }
  const oldSpec = previousClusterIp(old);
  if (oldSpec !== undefined) {
    spec.clusterIP = oldSpec.clusterIP;
    spec.clusterIPs = oldSpec.clusterIPs ?? [oldSpec.clusterIP];
    return;
  }
  if (spec.type === 'ExternalName') return;
  const meta = child(obj, 'metadata');
  spec.clusterIP = clusterIpFor(textOf(meta.namespace), textOf(meta.name));
  spec.clusterIPs = [spec.clusterIP];
}

/** Fills Service defaults and allocates a cluster IP once; updates keep the allocated IP. */
export function defaultService(obj: KubeObject, old: KubeObject | undefined): void {
  const spec = child(obj, 'spec');
  setDefault(spec, 'type', 'ClusterIP');
  setDefault(spec, 'sessionAffinity', 'None');
  setDefault(spec, 'internalTrafficPolicy', 'Cluster');
  setDefault(spec, 'ipFamilies', ['IPv4']);
  setDefault(spec, 'ipFamilyPolicy', 'SingleStack');
  keepClusterIp(spec, old, obj);
  for (const port of records(spec.ports)) {
    setDefault(port, 'protocol', 'TCP');
    setDefault(port, 'targetPort', port.port);
  }
}

/** Fills Namespace defaults: the `kubernetes` finalizer and the well-known name label. */
export function defaultNamespace(obj: KubeObject): void {
  setDefault(child(obj, 'spec'), 'finalizers', ['kubernetes']);
  const meta = child(obj, 'metadata');
  const labels = child(meta, 'labels');
  if (typeof meta.name === 'string') labels['kubernetes.io/metadata.name'] = meta.name;
}
