import type { Canary, HistoryStatus } from '../../api/canary-types.ts';
import type { OperatorEvent } from '../../../machines/release-types.ts';
import type { JsonPatchOp } from './cluster-api.ts';

/** The action annotations, in the order they are handled when several are set at once. */
export const ActionAnnotation = Object.freeze({
  abort: 'glidepath.dev/abort',
  promote: 'glidepath.dev/promote',
  pause: 'glidepath.dev/pause',
  resume: 'glidepath.dev/resume',
  retry: 'glidepath.dev/retry',
} as const);
export type ActionAnnotation = (typeof ActionAnnotation)[keyof typeof ActionAnnotation];

const EVENT_OF: Readonly<Record<ActionAnnotation, OperatorEvent['type']>> = Object.freeze({
  [ActionAnnotation.abort]: 'ABORT',
  [ActionAnnotation.promote]: 'PROMOTE',
  [ActionAnnotation.pause]: 'PAUSE',
  [ActionAnnotation.resume]: 'RESUME',
  [ActionAnnotation.retry]: 'RETRY',
});

/** An action annotation found on a Canary. */
export interface PendingAction {
  annotation: ActionAnnotation;
  value: string;
  type: OperatorEvent['type'];
  /** The field manager that last set the annotation (e.g. kubectl-annotate), or 'annotation'. */
  actor: string;
}

interface ManagedFieldsEntry {
  manager?: string;
  fieldsV1?: { 'f:metadata'?: { 'f:annotations'?: Record<string, unknown> } };
}

function actorOf(canary: Canary, annotation: string): string {
  const entries = (canary.metadata.managedFields ?? []) as ManagedFieldsEntry[];
  const owner = entries.filter((e) => e.fieldsV1?.['f:metadata']?.['f:annotations']?.[`f:${annotation}`] !== undefined).at(-1);
  return owner?.manager ?? 'annotation';
}

/** The first action annotation set on the Canary (abort wins over everything), or null. */
export function pendingAction(canary: Canary): PendingAction | null {
  const annotations = canary.metadata.annotations ?? {};
  for (const annotation of Object.values(ActionAnnotation)) {
    const value = annotations[annotation];
    if (value !== undefined) return { annotation, value, type: EVENT_OF[annotation], actor: actorOf(canary, annotation) };
  }
  return null;
}

/** The marker a history entry carries once an action annotation has been acted on. */
export function actionMarker(action: PendingAction): string {
  return `(annotation ${action.annotation}=${JSON.stringify(action.value)})`;
}

/**
 * True when the latest history entry records this very annotation as acted on: the status
 * write happened but the annotation was not removed yet (a crash or a failed removal).
 */
export function alreadyActedOn(history: readonly HistoryStatus[] | undefined, action: PendingAction): boolean {
  const last = history?.at(-1);
  return last !== undefined && last.event === action.type && (last.message ?? '').endsWith(actionMarker(action));
}

function pointer(annotation: string): string {
  return `/metadata/annotations/${annotation.replaceAll('~', '~0').replaceAll('/', '~1')}`;
}

/** JSON patch removing the annotation only if it still holds the value acted on, so a newer value is not lost. */
export function removalPatch(action: PendingAction): JsonPatchOp[] {
  const path = pointer(action.annotation);
  return [{ op: 'test', path, value: action.value }, { op: 'remove', path }];
}
