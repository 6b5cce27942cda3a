/**
 * The fields of Kubernetes objects the mesh reads, as plain structural types.
 * Watch events deliver plain JSON, not client-node's model classes, so the
 * core states exactly what it needs and tests can build objects literally.
 */

export interface ObjectMeta {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  deletionTimestamp?: unknown;
  ownerReferences?: { kind: string; name: string; controller?: boolean }[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export interface MeshObject {
  metadata?: ObjectMeta;
}

export interface PodObject extends MeshObject {
  spec?: { serviceAccountName?: string };
  status?: { conditions?: { type: string; status: string }[] };
}

export interface DeploymentObject extends MeshObject {
  spec?: { selector?: LabelSelector };
}

export interface ServiceObject extends MeshObject {
  spec?: { selector?: Record<string, string> };
}

export interface VirtualServiceObject extends MeshObject {
  spec?: unknown;
}
