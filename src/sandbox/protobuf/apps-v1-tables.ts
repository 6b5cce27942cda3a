// Field tables for apps/v1 Deployment. Numbers from k8s.io/api apps/v1 generated.proto.
import { bool, int, message, msg, str } from './field-spec.ts';
import type { MessageSpec } from './field-spec.ts';
import { IntOrString, LabelSelector, ObjectMeta } from './meta-v1-tables.ts';
import { PodTemplateSpec } from './pod-tables.ts';

const RollingUpdateDeployment: MessageSpec = message('RollingUpdateDeployment', {
  1: msg('maxUnavailable', IntOrString),
  2: msg('maxSurge', IntOrString),
});

const DeploymentStrategy: MessageSpec = message('DeploymentStrategy', {
  1: str('type'),
  2: msg('rollingUpdate', RollingUpdateDeployment),
});

const DeploymentSpec: MessageSpec = message('DeploymentSpec', {
  1: int('replicas', { keep: true }),
  2: msg('selector', LabelSelector),
  3: msg('template', PodTemplateSpec),
  4: msg('strategy', DeploymentStrategy),
  5: int('minReadySeconds'),
  6: int('revisionHistoryLimit', { keep: true }),
  7: bool('paused'),
  9: int('progressDeadlineSeconds', { keep: true }),
});

/** The counters Go writes (as zeros) for every new Deployment; conditions are not decoded. */
const DeploymentStatus: MessageSpec = message('DeploymentStatus', {
  1: int('observedGeneration'),
  2: int('replicas'),
  3: int('updatedReplicas'),
  4: int('availableReplicas'),
  5: int('unavailableReplicas'),
  7: int('readyReplicas'),
  8: int('collisionCount', { keep: true }),
}, { refused: { 6: 'conditions' } });

/** apps/v1 Deployment. */
export const Deployment: MessageSpec = message('Deployment', {
  1: msg('metadata', ObjectMeta),
  2: msg('spec', DeploymentSpec),
  3: msg('status', DeploymentStatus),
});
