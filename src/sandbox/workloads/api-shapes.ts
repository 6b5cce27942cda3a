/**
 * Plain JSON shapes for the objects the simulator writes. client-node types
 * its models as classes, yet at runtime they are plain JSON (watch events
 * never pass through a constructor), so what we build is typed here and
 * handed to client-node through `asApiPod`.
 */
import { V1Pod } from '@kubernetes/client-node';
import type { V1PodTemplateSpec } from '@kubernetes/client-node';

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
  spec: V1PodTemplateSpec['spec'];
}

/** The `.status` of a Pod as the simulated kubelet writes it. */
export type PodStatusBody = Record<string, unknown>;

/** Wraps a Pod manifest in client-node's model class for calls typed with it (client-node serialises by field name). */
export function asApiPod(plain: PodManifest): V1Pod {
  return Object.assign(new V1Pod(), plain);
}
