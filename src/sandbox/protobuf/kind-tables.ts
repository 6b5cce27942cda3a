// Which kinds the sandbox accepts as protobuf bodies, by apiVersion and kind: the ones kubectl's
// typed `create` subcommands send for resources the sandbox serves, plus Pod.
import type { MessageSpec } from './field-spec.ts';
import { ConfigMap, Namespace, Secret, Service, ServiceAccount } from './core-v1-tables.ts';
import { Pod } from './pod-tables.ts';
import { Deployment } from './apps-v1-tables.ts';
import { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from './rbac-v1-tables.ts';

const rbac = 'rbac.authorization.k8s.io/v1';

const tables: ReadonlyMap<string, MessageSpec> = new Map([
  ['v1/Namespace', Namespace],
  ['v1/ConfigMap', ConfigMap],
  ['v1/Secret', Secret],
  ['v1/ServiceAccount', ServiceAccount],
  ['v1/Service', Service],
  ['v1/Pod', Pod],
  ['apps/v1/Deployment', Deployment],
  [`${rbac}/Role`, Role],
  [`${rbac}/ClusterRole`, ClusterRole],
  [`${rbac}/RoleBinding`, RoleBinding],
  [`${rbac}/ClusterRoleBinding`, ClusterRoleBinding],
]);

/** The field table for a kind, or undefined when the sandbox does not decode it from protobuf. */
export function messageForKind(apiVersion: string, kind: string): MessageSpec | undefined {
  return tables.get(`${apiVersion}/${kind}`);
}

/** The kinds accepted as protobuf, as `apiVersion Kind` strings (for messages and docs). */
export function protobufKinds(): string[] {
  return [...tables.keys()].map((key) => {
    const slash = key.lastIndexOf('/');
    return `${key.slice(0, slash)} ${key.slice(slash + 1)}`;
  });
}
