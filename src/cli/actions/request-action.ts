/**
 * Requesting an operator action: set `glidepath.dev/<action>` to a fresh value with a merge
 * patch, then poll the Canary until the controller has handled that value (it removes the
 * annotation after recording the outcome) or the deadline passes.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { CanaryApi } from '../canary-api.ts';
import type { ActionOutcome, ActionRequestRecord, OperatorAction } from './action-outcome.ts';
import { annotationOf, outcomeOf, stillPending } from './action-outcome.ts';

/** Which action on which Canary, and how long to wait for the controller. */
export interface ActionRun {
  api: CanaryApi;
  namespace: string;
  name: string;
  action: OperatorAction;
  /** How long to wait for the controller; 0 returns right after setting the annotation. */
  timeoutMs: number;
  /** Poll period (default 200 ms). */
  pollMs?: number;
}

/** What happened: the request as sent and its outcome (`pending` when not waited for or timed out). */
export interface ActionResult {
  request: ActionRequestRecord;
  outcome: ActionOutcome;
  /** True when the deadline passed with the annotation still set. */
  timedOut: boolean;
}

/** A value no earlier request used, so the outcome can be matched to this request alone. */
export function freshValue(now: number): string {
  return `${new Date(now).toISOString()}-${randomBytes(2).toString('hex')}`;
}

/** Sets the annotation (after checking the Canary exists) and waits for the controller's verdict. */
export async function requestAction(run: ActionRun): Promise<ActionResult> {
  const { api, namespace, name, action } = run;
  await api.get(namespace, name);
  const requestedAt = Date.now();
  const request: ActionRequestRecord = { action, value: freshValue(requestedAt), requestedAt };
  await api.annotate(namespace, name, { [annotationOf(action)]: request.value });
  if (run.timeoutMs === 0) return { request, outcome: { kind: 'pending' }, timedOut: false };
  const deadline = requestedAt + run.timeoutMs;
  for (;;) {
    const canary = await api.get(namespace, name);
    if (!stillPending(canary, request)) return { request, outcome: outcomeOf(canary, await api.events(namespace, name), request), timedOut: false };
    if (Date.now() >= deadline) return { request, outcome: { kind: 'pending' }, timedOut: true };
    await delay(Math.min(run.pollMs ?? 200, Math.max(1, deadline - Date.now())));
  }
}
