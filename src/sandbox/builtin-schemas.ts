// Structural schemas for the built-in kinds, covering the fields whose JSON types kube-apiserver's
// decoder enforces and the presence rules its validation states. Every node keeps unknown fields
// (these schemas are partial, so nothing may be pruned) and accepts null, which Go's decoder
// treats as "leave unset". Each node names its Go type so type errors can be reported the way the
// real decoder words them.
import type { StructuralNode } from '../api/structural-node.ts';

/** The schema keyword holding a node's Go type (e.g. `int32`, `v1.Container`, `[]v1.EnvVar`). */
export const GO_TYPE = 'x-glidepath-go-type';

type Props = Record<string, StructuralNode>;

function scalar(type: string, goType: string): StructuralNode {
  return { type, nullable: true, [GO_TYPE]: goType };
}

function struct(goType: string, properties: Props, required?: readonly string[]): StructuralNode {
  const node: StructuralNode = { type: 'object', nullable: true, 'x-kubernetes-preserve-unknown-fields': true, properties, [GO_TYPE]: goType };
  if (required !== undefined) node.required = [...required];
  return node;
}

function list(items: StructuralNode): StructuralNode {
  return { type: 'array', nullable: true, items, [GO_TYPE]: `[]${String(items[GO_TYPE])}` };
}

function map(values: StructuralNode): StructuralNode {
  return { type: 'object', nullable: true, additionalProperties: values, [GO_TYPE]: `map[string]${String(values[GO_TYPE])}` };
}

const str = (): StructuralNode => scalar('string', 'string');
const int32 = (): StructuralNode => scalar('integer', 'int32');
const int64 = (): StructuralNode => scalar('integer', 'int64');
const bool = (): StructuralNode => scalar('boolean', 'bool');
const strings = (): StructuralNode => list(str());
const labels = (): StructuralNode => map(str());
const intOrString = (): StructuralNode => ({ 'x-kubernetes-int-or-string': true, nullable: true, [GO_TYPE]: 'intstr.IntOrString' });

function objectMeta(): StructuralNode {
  return struct('v1.ObjectMeta', {
    name: str(),
    generateName: str(),
    namespace: str(),
    labels: labels(),
    annotations: labels(),
    finalizers: strings(),
  });
}

function container(): StructuralNode {
  const port = struct('v1.ContainerPort', { name: str(), containerPort: int32(), hostPort: int32(), protocol: str(), hostIP: str() }, ['containerPort']);
  const env = struct('v1.EnvVar', { name: str(), value: str() }, ['name']);
  return struct('v1.Container', {
    name: str(),
    image: str(),
    command: strings(),
    args: strings(),
    workingDir: str(),
    ports: list(port),
    env: list(env),
    imagePullPolicy: str(),
    stdin: bool(),
    tty: bool(),
  }, ['name']);
}

function podSpec(): StructuralNode {
  return struct('v1.PodSpec', {
    containers: list(container()),
    initContainers: list(container()),
    restartPolicy: str(),
    terminationGracePeriodSeconds: int64(),
    activeDeadlineSeconds: int64(),
    dnsPolicy: str(),
    nodeSelector: labels(),
    serviceAccountName: str(),
    nodeName: str(),
    hostNetwork: bool(),
    priority: int32(),
  }, ['containers']);
}

function podTemplate(): StructuralNode {
  return struct('v1.PodTemplateSpec', { metadata: objectMeta(), spec: podSpec() });
}

function labelSelector(): StructuralNode {
  const requirement = struct('v1.LabelSelectorRequirement', { key: str(), operator: str(), values: strings() }, ['key', 'operator']);
  return struct('v1.LabelSelector', { matchLabels: labels(), matchExpressions: list(requirement) });
}

function workload(kind: 'Deployment' | 'ReplicaSet'): StructuralNode {
  const spec: Props = {
    replicas: { ...int32(), minimum: 0 },
    selector: labelSelector(),
    template: podTemplate(),
    minReadySeconds: { ...int32(), minimum: 0 },
    revisionHistoryLimit: { ...int32(), minimum: 0 },
  };
  if (kind === 'Deployment') {
    spec.paused = bool();
    spec.progressDeadlineSeconds = int32();
    spec.strategy = struct('v1.DeploymentStrategy', {
      type: str(),
      rollingUpdate: struct('v1.RollingUpdateDeployment', { maxUnavailable: intOrString(), maxSurge: intOrString() }),
    });
  }
  return struct(`v1.${kind}`, { metadata: objectMeta(), spec: struct(`v1.${kind}Spec`, spec, ['selector', 'template']) });
}

function service(): StructuralNode {
  const port = struct('v1.ServicePort', { name: str(), protocol: str(), port: int32(), targetPort: intOrString(), nodePort: int32() }, ['port']);
  return struct('v1.Service', {
    metadata: objectMeta(),
    spec: struct('v1.ServiceSpec', {
      type: str(),
      ports: list(port),
      selector: labels(),
      clusterIP: str(),
      clusterIPs: strings(),
      externalName: str(),
      sessionAffinity: str(),
    }),
  });
}

function horizontalPodAutoscaler(): StructuralNode {
  const targetRef = struct('v2.CrossVersionObjectReference', { apiVersion: str(), kind: str(), name: str() }, ['kind', 'name']);
  const metric = struct('v2.MetricSpec', { type: str() }, ['type']);
  return struct('v2.HorizontalPodAutoscaler', {
    metadata: objectMeta(),
    spec: struct('v2.HorizontalPodAutoscalerSpec', { scaleTargetRef: targetRef, minReplicas: int32(), maxReplicas: int32(), metrics: list(metric) }, ['scaleTargetRef', 'maxReplicas']),
  });
}

const byKind: Readonly<Record<string, () => StructuralNode>> = Object.freeze({
  'apps/Deployment': () => workload('Deployment'),
  'apps/ReplicaSet': () => workload('ReplicaSet'),
  '/Pod': () => struct('v1.Pod', { metadata: objectMeta(), spec: podSpec() }),
  '/Service': service,
  '/ConfigMap': () => struct('v1.ConfigMap', { metadata: objectMeta(), data: labels(), binaryData: map(str()), immutable: bool() }),
  '/Secret': () => struct('v1.Secret', { metadata: objectMeta(), data: labels(), stringData: labels(), type: str(), immutable: bool() }),
  'autoscaling/HorizontalPodAutoscaler': horizontalPodAutoscaler,
  '/Namespace': () => struct('v1.Namespace', { metadata: objectMeta(), spec: struct('v1.NamespaceSpec', { finalizers: strings() }) }),
});

const built = new Map<string, StructuralNode>();

/** The structural schema of a built-in kind (the same object on every call), or undefined for kinds without one. */
export function builtinSchema(group: string, kind: string): StructuralNode | undefined {
  const key = `${group}/${kind}`;
  const known = built.get(key);
  if (known !== undefined) return known;
  const make = byKind[key];
  if (make === undefined) return undefined;
  const schema = make();
  built.set(key, schema);
  return schema;
}
