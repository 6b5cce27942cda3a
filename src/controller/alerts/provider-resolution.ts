/**
 * Turns an `analysis.alerts[].providerRef` into where to send: the AlertProvider is read with a
 * GET when an alert is due (alerts are rare, so no informer or watch is kept for them), and the
 * address comes from its Secret's `address` key when it names one. Problems come back as a
 * reason and message that never contain the address.
 */
import { Buffer } from 'node:buffer';
import type { V1Secret } from '@kubernetes/client-node';
import type { Canary, CanaryAlert } from '../../api/canary-types.ts';
import type { AlertProvider, AlertProviderType } from '../../api/alert-provider-types.ts';
import { ALERT_PROVIDER_TYPES } from '../../api/alert-provider-types.ts';
import type { SecretReader } from '../reconciler/provider-secrets.ts';

/** Reads one AlertProvider; undefined when it does not exist. */
export type AlertProviderReader = (namespace: string, name: string) => Promise<AlertProvider | undefined>;

/** A provider ready to post to. `address` is a credential: never log or print it. */
export interface ResolvedProvider {
  ok: true;
  /** `namespace/name`, safe to show. */
  ref: string;
  type: AlertProviderType;
  address: URL;
  proxy: URL | undefined;
  channel: string | undefined;
  username: string | undefined;
}

/** Why a provider cannot be used. */
export const ProviderProblem = Object.freeze({
  NotFound: 'AlertProviderNotFound',
  Invalid: 'AlertProviderInvalid',
} as const);
export type ProviderProblem = (typeof ProviderProblem)[keyof typeof ProviderProblem];

/** A provider that cannot be used, with a message naming the field at fault. */
export interface UnusableProvider {
  ok: false;
  ref: string;
  reason: ProviderProblem;
  message: string;
}

/** What resolving gives. */
export type ProviderResolution = ResolvedProvider | UnusableProvider;

/** The reads resolving needs. */
export interface ResolutionDeps {
  readProvider: AlertProviderReader;
  readSecret: SecretReader;
}

function secretValue(secret: V1Secret | undefined, key: string): string | undefined {
  const data = secret?.data?.[key];
  if (data !== undefined) return Buffer.from(data, 'base64').toString('utf8').trim();
  return secret?.stringData?.[key]?.trim();
}

function parseUrl(text: string | undefined, field: string, ref: string): URL | string | undefined {
  if (text === undefined || text === '') return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `AlertProvider ${ref}: ${field} is not a valid URL`;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url : `AlertProvider ${ref}: ${field} must use http or https`;
}

function invalid(ref: string, message: string): UnusableProvider {
  return { ok: false, ref, reason: ProviderProblem.Invalid, message };
}

async function addressSources(provider: AlertProvider, namespace: string, ref: string, deps: ResolutionDeps): Promise<{ address?: string | undefined; proxy?: string | undefined } | UnusableProvider> {
  const secretName = provider.spec.secretRef?.name;
  if (secretName === undefined) return { address: provider.spec.address, proxy: provider.spec.proxy };
  const secret = await deps.readSecret(namespace, secretName);
  if (secret === undefined) return invalid(ref, `AlertProvider ${ref}: spec.secretRef names Secret ${namespace}/${secretName}, which does not exist`);
  return { address: secretValue(secret, 'address') ?? provider.spec.address, proxy: secretValue(secret, 'proxy') ?? provider.spec.proxy };
}

function checkType(provider: AlertProvider, ref: string): UnusableProvider | null {
  const type = (provider.spec as { type?: unknown } | undefined)?.type;
  if (typeof type === 'string' && (ALERT_PROVIDER_TYPES as readonly string[]).includes(type)) return null;
  return invalid(ref, `AlertProvider ${ref}: spec.type ${JSON.stringify(type ?? null)} is not supported; use one of ${ALERT_PROVIDER_TYPES.join(', ')}`);
}

async function resolveProvider(provider: AlertProvider, namespace: string, ref: string, deps: ResolutionDeps): Promise<ProviderResolution> {
  const badType = checkType(provider, ref);
  if (badType !== null) return badType;
  const sources = await addressSources(provider, namespace, ref, deps);
  if ('ok' in sources) return sources;
  const address = parseUrl(sources.address, 'the address', ref);
  if (address === undefined) return invalid(ref, `AlertProvider ${ref}: no address; set spec.address or spec.secretRef to a Secret with an "address" key`);
  if (typeof address === 'string') return invalid(ref, address);
  const proxy = parseUrl(sources.proxy, 'the proxy', ref);
  if (typeof proxy === 'string') return invalid(ref, proxy);
  if (proxy !== undefined && proxy.protocol !== 'http:') return invalid(ref, `AlertProvider ${ref}: the proxy must be an http:// URL`);
  return { ok: true, ref, type: provider.spec.type, address, proxy, channel: provider.spec.channel, username: provider.spec.username };
}

/** Resolves `alert.providerRef` (namespace defaults to the Canary's); never throws for bad input, only for failed reads. */
export async function resolveAlertProvider(canary: Canary, alert: CanaryAlert, deps: ResolutionDeps): Promise<ProviderResolution> {
  const given = alert.providerRef.namespace;
  const namespace = given === undefined || given === '' ? canary.metadata.namespace ?? 'default' : given;
  const ref = `${namespace}/${alert.providerRef.name}`;
  const provider = await deps.readProvider(namespace, alert.providerRef.name);
  if (provider === undefined) return { ok: false, ref, reason: ProviderProblem.NotFound, message: `alert ${alert.name}: AlertProvider ${ref} does not exist` };
  return resolveProvider(provider, namespace, ref, deps);
}
