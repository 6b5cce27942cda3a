// Field tables for core/v1 Pod and the pod template inside workloads. Numbers from
// k8s.io/api core/v1 generated.proto. Only the fields listed here are decoded; anything else
// (volumes, probes, securityContext, affinity, envFrom, valueFrom, ...) is refused with 415
// rather than dropped.
import { bool, int, list, map, message, msg, str, strings } from './field-spec.ts';
import type { MessageSpec } from './field-spec.ts';
import { ObjectMeta, Quantity, Time } from './meta-v1-tables.ts';

const ContainerPort: MessageSpec = message('ContainerPort', {
  1: str('name'),
  2: int('hostPort'),
  3: int('containerPort', { keep: true }),
  4: str('protocol'),
  5: str('hostIP'),
});

const EnvVar: MessageSpec = message('EnvVar', {
  1: str('name', { keep: true }),
  2: str('value'),
}, { refused: { 3: 'valueFrom' } });

const ResourceRequirements: MessageSpec = message('ResourceRequirements', {
  1: map('limits', Quantity),
  2: map('requests', Quantity),
}, { refused: { 3: 'claims' } });

/** core/v1 Container (also used for init containers). */
export const Container: MessageSpec = message('Container', {
  1: str('name', { keep: true }),
  2: str('image'),
  3: strings('command'),
  4: strings('args'),
  5: str('workingDir'),
  6: list('ports', ContainerPort),
  7: list('env', EnvVar),
  8: msg('resources', ResourceRequirements),
  13: str('terminationMessagePath'),
  14: str('imagePullPolicy'),
  16: bool('stdin'),
  17: bool('stdinOnce'),
  18: bool('tty'),
  20: str('terminationMessagePolicy'),
}, {
  refused: {
    9: 'volumeMounts', 10: 'livenessProbe', 11: 'readinessProbe', 12: 'lifecycle', 15: 'securityContext',
    19: 'envFrom', 21: 'volumeDevices', 22: 'startupProbe',
  },
});

/** core/v1 LocalObjectReference (a name in the same namespace). */
export const LocalObjectReference: MessageSpec = message('LocalObjectReference', {
  1: str('name'),
});

const Toleration: MessageSpec = message('Toleration', {
  1: str('key'),
  2: str('operator'),
  3: str('value'),
  4: str('effect'),
  5: int('tolerationSeconds', { keep: true }),
});

/** core/v1 PodSpec. Pointer fields (grace periods, booleans defaulting to true) keep zero values. */
export const PodSpec: MessageSpec = message('PodSpec', {
  2: list('containers', Container),
  3: str('restartPolicy'),
  4: int('terminationGracePeriodSeconds', { keep: true }),
  5: int('activeDeadlineSeconds', { keep: true }),
  6: str('dnsPolicy'),
  7: map('nodeSelector', 'string'),
  8: str('serviceAccountName'),
  9: str('serviceAccount'),
  10: str('nodeName'),
  11: bool('hostNetwork'),
  12: bool('hostPID'),
  13: bool('hostIPC'),
  15: list('imagePullSecrets', LocalObjectReference),
  16: str('hostname'),
  17: str('subdomain'),
  19: str('schedulerName'),
  20: list('initContainers', Container),
  21: bool('automountServiceAccountToken', { keep: true }),
  22: list('tolerations', Toleration),
  24: str('priorityClassName'),
  25: int('priority', { keep: true }),
  27: bool('shareProcessNamespace', { keep: true }),
  29: str('runtimeClassName', { keep: true }),
  30: bool('enableServiceLinks', { keep: true }),
  31: str('preemptionPolicy', { keep: true }),
  35: bool('setHostnameAsFQDN', { keep: true }),
}, {
  refused: {
    1: 'volumes', 14: 'securityContext', 18: 'affinity', 23: 'hostAliases', 26: 'dnsConfig', 28: 'readinessGates',
    32: 'overhead', 33: 'topologySpreadConstraints', 34: 'ephemeralContainers',
  },
});

/** core/v1 PodTemplateSpec. */
export const PodTemplateSpec: MessageSpec = message('PodTemplateSpec', {
  1: msg('metadata', ObjectMeta),
  2: msg('spec', PodSpec),
});

/** The scalar part of PodStatus: what a Go client writes for a new Pod (all empty). */
const PodStatus: MessageSpec = message('PodStatus', {
  1: str('phase'),
  3: str('message'),
  4: str('reason'),
  5: str('hostIP'),
  6: str('podIP'),
  7: msg('startTime', Time),
  9: str('qosClass'),
  11: str('nominatedNodeName'),
}, { refused: { 2: 'conditions', 8: 'containerStatuses', 10: 'initContainerStatuses', 12: 'podIPs', 13: 'ephemeralContainerStatuses' } });

/** core/v1 Pod. */
export const Pod: MessageSpec = message('Pod', {
  1: msg('metadata', ObjectMeta),
  2: msg('spec', PodSpec),
  3: msg('status', PodStatus),
});
