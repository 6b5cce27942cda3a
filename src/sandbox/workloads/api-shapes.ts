/**
 * Plain JSON shapes for the objects the simulator reads and writes.
 * client-node types its models as classes, yet at runtime they are plain
 * JSON (watch events never pass through a constructor). The pure parts of
 * the simulator therefore read structural `...Like` shapes (which client-node
 * objects satisfy) and build `...Body`/`PodManifest` shapes, handed to
 * client-node through `asApiPod`.
 */
import { V1Pod } from '@kubernetes/client-node';

/** A Kubernetes timestamp: `Date` from client-node lists, RFC 3339 text from watch events. */
export type Timestamp = Date | string;

/** The object metadata the simulator reads. */
export interface MetaLike {
  name?: string;
  namespace?: string;
  uid?: string;
  generation?: number;
  resourceVersion?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  creationTimestamp?: Timestamp;
  deletionTimestamp?: Timestamp;
  finalizers?: string[];
  ownerReferences?: { kind: string; name: string; uid: string; controller?: boolean }[];
}

/** The container fields the simulator reads. */
export interface ContainerLike {
  name: string;
  image?: string;
}

/** A pod spec as far as the simulator reads it (other fields are carried along untouched). */
export interface PodSpecLike {
  containers: ContainerLike[];
}

/** The Pod fields the simulator reads. */
export interface PodLike {
  metadata?: MetaLike;
  spec?: PodSpecLike;
  status?: { phase?: string; conditions?: { type: string; status: string; lastTransitionTime?: Timestamp }[] };
}

/** The Deployment fields the simulator reads. */
export interface DeploymentLike {
  metadata?: MetaLike;
  spec?: {
    replicas?: number;
    minReadySeconds?: number;
    progressDeadlineSeconds?: number;
    strategy?: { type?: string; rollingUpdate?: { maxSurge?: number | string; maxUnavailable?: number | string } };
    template?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: PodSpecLike };
  };
  status?: {
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    conditions?: ConditionLike[];
  };
}

/** A condition as read from either a list (Date times) or a watch event (string times). */
export interface ConditionLike {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
  lastUpdateTime?: Date | string;
  lastTransitionTime?: Date | string;
}

/** A Deployment condition as written by the simulator. */
export interface ConditionBody {
  type: string;
  status: string;
  reason: string;
  message: string;
  lastUpdateTime: string;
  lastTransitionTime: string;
}

/** The `.status` of a Deployment as written by the simulator. */
export interface DeploymentStatusBody {
  observedGeneration: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  conditions: ConditionBody[];
}

/** An owner reference as written by the simulator. */
export interface OwnerReferenceBody {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller: boolean;
  blockOwnerDeletion: boolean;
}

/** A Pod manifest built from a Deployment's template. */
export interface PodManifest {
  apiVersion: 'v1';
  kind: 'Pod';
  metadata: {
    name: string;
    namespace?: string;
    labels: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences: OwnerReferenceBody[];
  };
  spec: PodSpecLike;
}

/** The `.status` of a Pod as the simulated kubelet writes it. */
export type PodStatusBody = Record<string, unknown>;

/** Wraps a Pod manifest in client-node's model class for calls typed with it (client-node serialises by field name). */
export function asApiPod(plain: PodManifest): V1Pod {
  return Object.assign(new V1Pod(), plain);
}
