import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { parseArgs } from 'node:util';
import { DurationError, parseDuration } from '../../api/duration.ts';
import { labelSelectorProblem } from './label-selector.ts';
import type { LogLevel } from './logger.ts';
import { isLogLevel } from './logger.ts';

/** Where the controller finds its cluster credentials. */
export type KubeSource =
  | { readonly mode: 'in-cluster' }
  | { readonly mode: 'file'; readonly path: string; readonly context: string | null }
  | { readonly mode: 'default'; readonly context: string | null };

export interface LeaderElectionConfig {
  readonly enabled: boolean;
  readonly leaseName: string;
  readonly leaseNamespace: string;
  readonly identity: string;
  readonly leaseDurationMs: number;
  readonly renewDeadlineMs: number;
  readonly retryPeriodMs: number;
}

/** The controller's settings, validated. */
export interface ControllerConfig {
  readonly kube: KubeSource;
  /** Watch only this namespace (sharding); null watches all namespaces. */
  readonly namespace: string | null;
  /** Watch only Canaries matching this label selector (sharding); null watches all. */
  readonly labelSelector: string | null;
  readonly prometheusAddress: string;
  /** Address of the /metrics, /healthz and /readyz server. */
  readonly metricsHost: string;
  /** Port of that server; 0 picks a free port. */
  readonly metricsPort: number;
  readonly leaderElection: LeaderElectionConfig;
  /** Reconciles that may run at once. */
  readonly workers: number;
  readonly logLevel: LogLevel;
}

/** A setting has a bad value; `setting` names the flag and its environment variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(readonly setting: string, message: string) {
    super(`${setting}: ${message}`);
  }
}

const OPTIONS = Object.freeze({
  kubeconfig: { type: 'string' },
  'in-cluster': { type: 'boolean' },
  context: { type: 'string' },
  namespace: { type: 'string' },
  'label-selector': { type: 'string' },
  'prometheus-address': { type: 'string' },
  'metrics-host': { type: 'string' },
  'metrics-port': { type: 'string' },
  'leader-elect': { type: 'boolean' },
  'leader-elect-lease-name': { type: 'string' },
  'leader-elect-lease-namespace': { type: 'string' },
  'leader-elect-identity': { type: 'string' },
  'leader-elect-lease-duration': { type: 'string' },
  'leader-elect-renew-deadline': { type: 'string' },
  'leader-elect-retry-period': { type: 'string' },
  workers: { type: 'string' },
  'log-level': { type: 'string' },
} as const);
type OptionName = keyof typeof OPTIONS;

/** Defaults, as the flags would spell them. */
export const CONFIG_DEFAULTS = Object.freeze({
  prometheusAddress: 'http://127.0.0.1:9090',
  metricsHost: '127.0.0.1',
  metricsPort: 8080,
  leaseName: 'glidepath-controller-leader',
  leaseNamespace: 'glidepath-system',
  leaseDuration: '15s',
  renewDeadline: '10s',
  retryPeriod: '2s',
  workers: 8,
  logLevel: 'info',
} as const);

/** Returns the environment variable that mirrors a flag (`--metrics-port` → `GLIDEPATH_METRICS_PORT`). */
export function envNameOf(flag: string): string {
  return `GLIDEPATH_${flag.toUpperCase().replaceAll('-', '_')}`;
}

/** Builds the controller configuration from command-line flags (which win) and environment variables; throws ConfigError naming the bad setting. */
export function loadControllerConfig(argv: readonly string[], env: NodeJS.ProcessEnv): ControllerConfig {
  const settings = new Settings(parseFlags(argv), env);
  const namespace = settings.optional('namespace', dnsLabel);
  return {
    kube: kubeSource(settings),
    namespace,
    labelSelector: settings.optional('label-selector', labelSelector),
    prometheusAddress: settings.optional('prometheus-address', httpUrl) ?? CONFIG_DEFAULTS.prometheusAddress,
    metricsHost: settings.optional('metrics-host', nonEmpty) ?? CONFIG_DEFAULTS.metricsHost,
    metricsPort: settings.optional('metrics-port', port) ?? CONFIG_DEFAULTS.metricsPort,
    leaderElection: leaderElection(settings, namespace),
    workers: settings.optional('workers', workerCount) ?? CONFIG_DEFAULTS.workers,
    logLevel: settings.optional('log-level', logLevel) ?? CONFIG_DEFAULTS.logLevel,
  };
}

type Flags = Partial<Record<OptionName, string | boolean>>;

function parseFlags(argv: readonly string[]): Flags {
  try {
    return parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (err: unknown) {
    const message = err instanceof Error ? err.message : String(err);
    throw new ConfigError('command line', `${message}; known flags: ${Object.keys(OPTIONS).map((f) => `--${f}`).join(', ')}`);
  }
}

/** Reads one setting from its flag, else its environment variable, and names both in errors. */
class Settings {
  constructor(private readonly flags: Flags, private readonly env: NodeJS.ProcessEnv) {}

  optional<T>(name: OptionName, parse: (raw: string) => T): T | null {
    const raw = this.raw(name);
    if (raw === undefined) return null;
    try {
      return parse(raw);
    } catch (err: unknown) {
      const message = err instanceof Error ? err.message : String(err);
      throw new ConfigError(settingName(name), message);
    }
  }

  flag(name: OptionName): boolean {
    return this.optional(name, bool) ?? false;
  }

  private raw(name: OptionName): string | undefined {
    const fromFlag = this.flags[name];
    if (typeof fromFlag === 'boolean') return String(fromFlag);
    if (fromFlag !== undefined) return fromFlag;
    return this.env[envNameOf(name)];
  }
}

function settingName(name: OptionName): string {
  return `--${name} (${envNameOf(name)})`;
}

function kubeSource(settings: Settings): KubeSource {
  const inCluster = settings.flag('in-cluster');
  const path = settings.optional('kubeconfig', nonEmpty);
  const context = settings.optional('context', nonEmpty);
  if (inCluster && path !== null) {
    throw new ConfigError(settingName('in-cluster'), 'cannot be combined with --kubeconfig; choose one');
  }
  if (inCluster) return { mode: 'in-cluster' };
  return path === null ? { mode: 'default', context } : { mode: 'file', path, context };
}

function leaderElection(settings: Settings, namespace: string | null): LeaderElectionConfig {
  const leaseDurationMs = settings.optional('leader-elect-lease-duration', positiveDuration) ?? parseDuration(CONFIG_DEFAULTS.leaseDuration);
  const renewDeadlineMs = settings.optional('leader-elect-renew-deadline', positiveDuration) ?? parseDuration(CONFIG_DEFAULTS.renewDeadline);
  const retryPeriodMs = settings.optional('leader-elect-retry-period', positiveDuration) ?? parseDuration(CONFIG_DEFAULTS.retryPeriod);
  // Same ordering rule as client-go: the leader must give up before others may take over.
  if (leaseDurationMs <= renewDeadlineMs) {
    throw new ConfigError(settingName('leader-elect-renew-deadline'), `must be shorter than the lease duration (${leaseDurationMs} ms), got ${renewDeadlineMs} ms`);
  }
  if (renewDeadlineMs <= retryPeriodMs) {
    throw new ConfigError(settingName('leader-elect-retry-period'), `must be shorter than the renew deadline (${renewDeadlineMs} ms), got ${retryPeriodMs} ms`);
  }
  return {
    enabled: settings.flag('leader-elect'),
    leaseName: settings.optional('leader-elect-lease-name', dnsSubdomain) ?? CONFIG_DEFAULTS.leaseName,
    leaseNamespace: settings.optional('leader-elect-lease-namespace', dnsLabel) ?? namespace ?? CONFIG_DEFAULTS.leaseNamespace,
    identity: settings.optional('leader-elect-identity', nonEmpty) ?? `${hostname()}_${randomBytes(4).toString('hex')}`,
    leaseDurationMs,
    renewDeadlineMs,
    retryPeriodMs,
  };
}

function nonEmpty(raw: string): string {
  const value = raw.trim();
  if (value === '') throw new Error('must not be empty');
  return value;
}

function bool(raw: string): boolean {
  const value = raw.trim().toLowerCase();
  if (['true', '1', 'yes'].includes(value)) return true;
  if (['false', '0', 'no', ''].includes(value)) return false;
  throw new Error(`"${raw}" is not a boolean; use true or false`);
}

function integerIn(raw: string, min: number, max: number): number {
  const value = raw.trim();
  if (!/^\d+$/.test(value)) throw new Error(`"${raw}" is not a whole number`);
  const n = Number(value);
  if (n < min || n > max) throw new Error(`${n} is out of range; allowed ${min}..${max}`);
  return n;
}

function port(raw: string): number {
  return integerIn(raw, 0, 65_535);
}

function workerCount(raw: string): number {
  return integerIn(raw, 1, 1000);
}

function positiveDuration(raw: string): number {
  let ms: number;
  try {
    ms = parseDuration(raw);
  } catch (err: unknown) {
    throw new Error(err instanceof DurationError ? `"${raw}": ${err.detail}` : String(err));
  }
  if (ms <= 0) throw new Error(`"${raw}" must be longer than zero`);
  return ms;
}

function dnsLabel(raw: string): string {
  const value = raw.trim();
  if (value.length > 63 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value)) {
    throw new Error(`"${raw}" is not a valid namespace name (lower-case letters, digits and '-', at most 63 characters)`);
  }
  return value;
}

function dnsSubdomain(raw: string): string {
  const value = raw.trim();
  if (value.length > 253 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(value)) {
    throw new Error(`"${raw}" is not a valid object name (lower-case DNS subdomain)`);
  }
  return value;
}

function labelSelector(raw: string): string {
  const value = nonEmpty(raw);
  const problem = labelSelectorProblem(value);
  if (problem !== null) throw new Error(`"${raw}": ${problem}`);
  return value;
}

function httpUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new Error(`"${raw}" is not a URL; use for example http://prometheus:9090`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`"${raw}" must use http or https, not ${url.protocol.replace(':', '')}`);
  }
  return url.toString().replace(/\/$/, '');
}

function logLevel(raw: string): LogLevel {
  const value = raw.trim().toLowerCase();
  if (!isLogLevel(value)) throw new Error(`"${raw}" is not a log level; use debug, info, warn or error`);
  return value;
}
