import type { CanaryCondition } from '../../api/canary-types.ts';
import { promotedConditionOf } from '../../../machines/desired-state.ts';
import { Phase } from '../../../machines/release-types.ts';

/** Why a Canary is (not) Ready; the reasons other than a phase name mean the controller cannot run it. */
export const ReadyReason = Object.freeze({
  InvalidSpec: 'InvalidSpec',
  TargetNotFound: 'TargetNotFound',
  IstioCRDsMissing: 'IstioCRDsMissing',
  MetricTemplateInvalid: 'MetricTemplateInvalid',
  SnapshotIncompatible: 'SnapshotIncompatible',
  ObjectsInvalid: 'ObjectsInvalid',
  AutoscalerNotFound: 'AutoscalerNotFound',
  AutoscalerInvalid: 'AutoscalerInvalid',
  RolledBack: 'RolledBack',
  ConfigNotFound: 'ConfigNotFound',
  Suspended: 'Suspended',
  PrimaryUnrecoverable: 'PrimaryUnrecoverable',
} as const);
export type ReadyReason = (typeof ReadyReason)[keyof typeof ReadyReason];

/** The Ready condition's content, before timestamps. */
export interface ReadyState {
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
}

/** Ready while a release runs normally: True with the phase as reason; False after a rollback, saying how to go on. */
export function readyForPhase(phase: Phase, machineMessage: string): ReadyState {
  if (phase === Phase.Failed) {
    return {
      status: 'False',
      reason: ReadyReason.RolledBack,
      message: `${machineMessage}. Fix the target and apply a new revision, or annotate glidepath.dev/retry to try this revision again`,
    };
  }
  return { status: 'True', reason: phase, message: machineMessage };
}

function withTimes(next: Omit<CanaryCondition, 'lastTransitionTime' | 'lastUpdateTime'>, old: CanaryCondition | undefined, nowIso: string): CanaryCondition {
  const same = old !== undefined && old.status === next.status && old.reason === next.reason && old.message === next.message;
  if (same) return old;
  const transition = old !== undefined && old.status === next.status ? old.lastTransitionTime ?? nowIso : nowIso;
  return { ...next, lastTransitionTime: transition, lastUpdateTime: nowIso };
}

/** The conditions list: Promoted (from the phase, when known) and Ready, keeping timestamps when nothing changed. */
export function conditionsFor(
  old: readonly CanaryCondition[] | undefined,
  phase: Phase | null,
  ready: ReadyState,
  nowIso: string,
): CanaryCondition[] {
  const find = (type: string): CanaryCondition | undefined => old?.find((c) => c.type === type);
  const result: CanaryCondition[] = [];
  if (phase !== null) {
    const status = promotedConditionOf(phase);
    result.push(withTimes({ type: 'Promoted', status, reason: phase, message: `release phase is ${phase}` }, find('Promoted'), nowIso));
  } else {
    const promoted = find('Promoted');
    if (promoted !== undefined) result.push(promoted);
  }
  result.push(withTimes({ type: 'Ready', status: ready.status, reason: ready.reason, message: ready.message }, find('Ready'), nowIso));
  return result;
}
