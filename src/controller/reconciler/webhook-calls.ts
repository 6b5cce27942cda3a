import type { Canary, WebhookType } from '../../api/canary-types.ts';
import type { CheckResult, Phase } from '../../../machines/release-types.ts';
import { callWebhook } from '../webhooks/webhook-call.ts';
import { webhookPayload, webhooksOfType } from '../webhooks/webhook-payload.ts';

/** One round of a webhook type for one Canary. */
export interface HookCall {
  canary: Canary;
  type: WebhookType;
  phase: Phase;
  /** The revision being released, sent as Flagger's `checksum`. */
  checksum: string;
  /** Added to each hook's metadata (event hooks: eventMessage, eventType, timestamp). */
  extra?: Record<string, string>;
}

/** Calls every webhook of a type and resolves to one result per webhook; never rejects. */
export type HookRunner = (call: HookCall) => Promise<CheckResult[]>;

/** A HookRunner over src/controller/webhooks: Flagger's payload, per-webhook timeout and retries, concurrently. */
export function httpHookRunner(): HookRunner {
  return async (call) => Promise.all(webhooksOfType(call.canary, call.type).map((hook) =>
    callWebhook(hook, webhookPayload(call.canary, hook, { phase: call.phase, checksum: call.checksum, ...(call.extra === undefined ? {} : { extra: call.extra }) }))));
}
