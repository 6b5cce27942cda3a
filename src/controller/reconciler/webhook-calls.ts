import type { Canary, CanaryWebhook, WebhookType } from '../../api/canary-types.ts';
import { parseDuration } from '../../api/duration.ts';
import type { CheckResult, Phase } from '../../../machines/release-types.ts';

/** One round of a webhook type for one Canary. */
export interface HookCall {
  canary: Canary;
  type: WebhookType;
  phase: Phase;
  /** The revision being released, sent as Flagger's `checksum`. */
  checksum: string;
}

/** Calls every webhook of a type and resolves to one result per webhook; never rejects. */
export type HookRunner = (call: HookCall) => Promise<CheckResult[]>;

const DEFAULT_TIMEOUT = '10s';
// Flagger counts any status above 202 as a failure.
const MAX_SUCCESS_STATUS = 202;

/** The webhooks of one type; an absent or empty type means `rollout`. */
export function hooksOfType(canary: Canary, type: WebhookType): CanaryWebhook[] {
  return (canary.spec.analysis.webhooks ?? []).filter((hook) => (hook.type === undefined || hook.type === '' ? 'rollout' : hook.type) === type);
}

async function postOnce(hook: CanaryWebhook, body: string, timeoutMs: number): Promise<string | null> {
  try {
    const res = await fetch(hook.url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body, signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text();
    return res.status <= MAX_SUCCESS_STATUS ? null : `HTTP ${res.status}: ${text.slice(0, 200)}`;
  } catch (err: unknown) {
    const detail = err instanceof Error && err.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : String(err);
    return `call to ${hook.url} failed: ${detail}`;
  }
}

async function callHook(hook: CanaryWebhook, call: HookCall): Promise<CheckResult> {
  const { canary } = call;
  const body = JSON.stringify({ name: canary.metadata.name, namespace: canary.metadata.namespace, phase: call.phase, checksum: call.checksum, metadata: hook.metadata ?? {} });
  let timeoutMs: number;
  try {
    timeoutMs = parseDuration(hook.timeout ?? DEFAULT_TIMEOUT, `webhook ${hook.name} timeout`);
  } catch (err: unknown) {
    return { name: hook.name, kind: call.type, verdict: 'Error', message: String(err) };
  }
  let problem: string | null = 'not called';
  for (let attempt = 0; attempt <= (hook.retries ?? 0) && problem !== null; attempt += 1) {
    problem = await postOnce(hook, body, timeoutMs);
  }
  return problem === null
    ? { name: hook.name, kind: call.type, verdict: 'Successful', message: 'webhook answered success' }
    : { name: hook.name, kind: call.type, verdict: 'Failed', message: problem };
}

/** A HookRunner over HTTP POST with Flagger's payload, per-webhook timeout and retries. */
export function httpHookRunner(): HookRunner {
  return async (call) => Promise.all(hooksOfType(call.canary, call.type).map((hook) => callHook(hook, call)));
}
