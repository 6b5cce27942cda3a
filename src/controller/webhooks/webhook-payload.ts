import type { Canary, CanaryWebhook } from '../../api/canary-types.ts';
import { WebhookType } from '../../api/canary-types.ts';

/** The JSON body POSTed to every webhook, with Flagger's field names so existing receivers work unchanged. */
export interface WebhookPayload {
  name: string;
  namespace: string;
  /** The Canary's phase when the hook runs. */
  phase: string;
  /** The revision being released (hash of the target's pod template and referenced configs). */
  checksum: string;
  metadata: Record<string, string>;
}

/** Returns a webhook's type, treating an absent or empty type as `rollout` (Flagger's default). */
export function webhookTypeOf(hook: CanaryWebhook): WebhookType {
  return hook.type === undefined || hook.type === '' ? WebhookType.Rollout : hook.type;
}

/** Returns the Canary's webhooks of one type, in spec order. */
export function webhooksOfType(canary: Canary, type: WebhookType): CanaryWebhook[] {
  return (canary.spec.analysis.webhooks ?? []).filter((hook) => webhookTypeOf(hook) === type);
}

/** Builds the payload for `hook`: the Canary's identity, phase and checksum, plus the hook's metadata and any extra fields (event hooks add eventMessage, eventType, timestamp). */
export function webhookPayload(
  canary: Canary,
  hook: CanaryWebhook,
  context: { phase: string; checksum: string; extra?: Record<string, string> },
): WebhookPayload {
  return {
    name: canary.metadata.name,
    namespace: canary.metadata.namespace ?? '',
    phase: context.phase,
    checksum: context.checksum,
    metadata: { ...(hook.metadata ?? {}), ...(context.extra ?? {}) },
  };
}
