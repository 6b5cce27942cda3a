/**
 * TypeScript shapes of the `glidepath.dev/v1alpha1` AlertProvider, matching
 * manifests/crds/alertproviders.glidepath.dev.yaml.
 */
import type { GLIDEPATH_API_VERSION, ObjectMeta } from './canary-types.ts';

/** The receiving services an AlertProvider may name; each has its own payload shape. */
export const AlertProviderType = Object.freeze({
  Slack: 'slack',
  MSTeams: 'msteams',
  Discord: 'discord',
  Rocket: 'rocket',
  GChat: 'gchat',
  Generic: 'generic',
} as const);
export type AlertProviderType = (typeof AlertProviderType)[keyof typeof AlertProviderType];

/** Every supported type, in documentation order. */
export const ALERT_PROVIDER_TYPES: readonly AlertProviderType[] = Object.freeze(Object.values(AlertProviderType));

/** Alert severities, as Flagger names them: `info` gets everything, `warn` warnings and errors, `error` failures only. */
export const AlertSeverity = Object.freeze({ Info: 'info', Warn: 'warn', Error: 'error' } as const);
export type AlertSeverity = (typeof AlertSeverity)[keyof typeof AlertSeverity];

/** `spec` of an AlertProvider. */
export interface AlertProviderSpec {
  type: AlertProviderType;
  channel?: string;
  username?: string;
  /** Incoming-webhook URL; a credential. */
  address?: string;
  proxy?: string;
  /** A Secret with an `address` (and optional `proxy`) key. */
  secretRef?: { name: string };
}

/** An AlertProvider resource. */
export interface AlertProvider {
  apiVersion: typeof GLIDEPATH_API_VERSION;
  kind: 'AlertProvider';
  metadata: ObjectMeta;
  spec: AlertProviderSpec;
}
