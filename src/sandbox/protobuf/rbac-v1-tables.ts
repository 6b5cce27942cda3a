// Field tables for rbac.authorization.k8s.io/v1, which `kubectl create role|clusterrole|
// rolebinding|clusterrolebinding` send as protobuf. Numbers from k8s.io/api rbac/v1
// generated.proto. ClusterRole's aggregationRule is not decoded (refused with 415).
import { list, message, msg, str, strings } from './field-spec.ts';
import type { MessageSpec } from './field-spec.ts';
import { ObjectMeta } from './meta-v1-tables.ts';

const PolicyRule: MessageSpec = message('PolicyRule', {
  1: strings('verbs'),
  2: strings('apiGroups'),
  3: strings('resources'),
  4: strings('resourceNames'),
  5: strings('nonResourceURLs'),
});

const Subject: MessageSpec = message('Subject', {
  1: str('kind', { keep: true }),
  2: str('apiGroup'),
  3: str('name', { keep: true }),
  4: str('namespace'),
});

const RoleRef: MessageSpec = message('RoleRef', {
  1: str('apiGroup', { keep: true }),
  2: str('kind', { keep: true }),
  3: str('name', { keep: true }),
});

/** rbac/v1 Role. */
export const Role: MessageSpec = message('Role', {
  1: msg('metadata', ObjectMeta),
  2: list('rules', PolicyRule),
});

/** rbac/v1 ClusterRole (without aggregationRule). */
export const ClusterRole: MessageSpec = message('ClusterRole', {
  1: msg('metadata', ObjectMeta),
  2: list('rules', PolicyRule),
}, { refused: { 3: 'aggregationRule' } });

/** rbac/v1 RoleBinding. */
export const RoleBinding: MessageSpec = message('RoleBinding', {
  1: msg('metadata', ObjectMeta),
  2: list('subjects', Subject),
  3: msg('roleRef', RoleRef),
});

/** rbac/v1 ClusterRoleBinding. */
export const ClusterRoleBinding: MessageSpec = message('ClusterRoleBinding', {
  1: msg('metadata', ObjectMeta),
  2: list('subjects', Subject),
  3: msg('roleRef', RoleRef),
});
