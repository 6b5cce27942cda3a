// Field tables for the core/v1 kinds kubectl's typed `create` subcommands send: Namespace,
// ConfigMap, Secret, ServiceAccount and Service. Numbers from k8s.io/api core/v1 generated.proto.
import { bool, int, list, map, message, msg, str, strings } from './field-spec.ts';
import type { MessageSpec } from './field-spec.ts';
import { IntOrString, ObjectMeta } from './meta-v1-tables.ts';
import { LocalObjectReference } from './pod-tables.ts';

/** core/v1 Namespace. */
export const Namespace: MessageSpec = message('Namespace', {
  1: msg('metadata', ObjectMeta),
  2: msg('spec', message('NamespaceSpec', { 1: strings('finalizers') })),
  3: msg('status', message('NamespaceStatus', { 1: str('phase') }, { refused: { 2: 'conditions' } })),
});

/** core/v1 ConfigMap: `data` is text, `binaryData` bytes (base64 in JSON). */
export const ConfigMap: MessageSpec = message('ConfigMap', {
  1: msg('metadata', ObjectMeta),
  2: map('data', 'string'),
  3: map('binaryData', 'bytes'),
  4: bool('immutable', { keep: true }),
});

/** core/v1 Secret: `data` is bytes (base64 in JSON), `stringData` text. */
export const Secret: MessageSpec = message('Secret', {
  1: msg('metadata', ObjectMeta),
  2: map('data', 'bytes'),
  3: str('type'),
  4: map('stringData', 'string'),
  5: bool('immutable', { keep: true }),
});

const ObjectReference: MessageSpec = message('ObjectReference', {
  1: str('kind'),
  2: str('namespace'),
  3: str('name'),
  4: str('uid'),
  5: str('apiVersion'),
  6: str('resourceVersion'),
  7: str('fieldPath'),
});

/** core/v1 ServiceAccount. */
export const ServiceAccount: MessageSpec = message('ServiceAccount', {
  1: msg('metadata', ObjectMeta),
  2: list('secrets', ObjectReference),
  3: list('imagePullSecrets', LocalObjectReference),
  4: bool('automountServiceAccountToken', { keep: true }),
});

const ServicePort: MessageSpec = message('ServicePort', {
  1: str('name'),
  2: str('protocol'),
  3: int('port', { keep: true }),
  4: msg('targetPort', IntOrString),
  5: int('nodePort'),
  6: str('appProtocol', { keep: true }),
});

const ServiceSpec: MessageSpec = message('ServiceSpec', {
  1: list('ports', ServicePort),
  2: map('selector', 'string'),
  3: str('clusterIP'),
  4: str('type'),
  5: strings('externalIPs'),
  7: str('sessionAffinity'),
  8: str('loadBalancerIP'),
  9: strings('loadBalancerSourceRanges'),
  10: str('externalName'),
  11: str('externalTrafficPolicy'),
  12: int('healthCheckNodePort'),
  13: bool('publishNotReadyAddresses'),
  17: str('ipFamilyPolicy', { keep: true }),
  18: strings('clusterIPs'),
  19: strings('ipFamilies'),
  20: bool('allocateLoadBalancerNodePorts', { keep: true }),
  21: str('loadBalancerClass', { keep: true }),
  22: str('internalTrafficPolicy', { keep: true }),
}, { refused: { 14: 'sessionAffinityConfig' } });

/** Go writes an empty `status.loadBalancer` for every new Service; its ingress list is not decoded. */
const ServiceStatus: MessageSpec = message('ServiceStatus', {
  1: msg('loadBalancer', message('LoadBalancerStatus', {}, { refused: { 1: 'ingress' } })),
}, { refused: { 2: 'conditions' } });

/** core/v1 Service. */
export const Service: MessageSpec = message('Service', {
  1: msg('metadata', ObjectMeta),
  2: msg('spec', ServiceSpec),
  3: msg('status', ServiceStatus),
});
