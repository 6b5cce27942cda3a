import { randomHex } from './random-hex.ts';

/** Log levels, least to most severe. */
export const LogLevel = Object.freeze({
  Debug: 'debug',
  Info: 'info',
  Warn: 'warn',
  Error: 'error',
} as const);
export type LogLevel = (typeof LogLevel)[keyof typeof LogLevel];

const SEVERITY: Readonly<Record<LogLevel, number>> = Object.freeze({ debug: 10, info: 20, warn: 30, error: 40 });

/** Key/value context attached to a log line. */
export type LogFields = Readonly<Record<string, unknown>>;

/**
 * A structured logger: a constant message plus key/value fields, one JSON object per line
 * (`{time, level, msg, ...fields}`), controller-runtime style.
 */
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** Returns a logger that adds `fields` to every line (for example the Canary key and a reconcile id). */
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  /** Lines below this level are dropped; defaults to info. */
  level?: LogLevel;
  /** Receives each line without its newline; defaults to stdout. */
  sink?: (line: string) => void;
  /** Supplies the timestamp; defaults to Date.now. */
  now?: () => number;
  /** Fields on every line. */
  fields?: LogFields;
}

const RESERVED = new Set(['time', 'level', 'msg']);

/** Returns true when `value` names a log level. */
export function isLogLevel(value: string): value is LogLevel {
  return Object.hasOwn(SEVERITY, value);
}

/** Creates a JSON-lines logger; field values that cannot be serialised are logged as strings, never thrown. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const settings: Settings = {
    threshold: SEVERITY[options.level ?? LogLevel.Info],
    sink: options.sink ?? ((line) => { process.stdout.write(`${line}\n`); }),
    now: options.now ?? Date.now,
  };
  return makeLogger(settings, options.fields ?? {});
}

/** Returns a fresh short id for one reconcile pass, so its lines can be grouped. */
export function newReconcileId(): string {
  return randomHex(6);
}

/** Returns a child logger carrying the Canary key (`ns/name`) and a new reconcile id. */
export function reconcileLogger(base: Logger, canaryKey: string): Logger {
  return base.child({ canary: canaryKey, reconcileId: newReconcileId() });
}

interface Settings {
  threshold: number;
  sink: (line: string) => void;
  now: () => number;
}

function makeLogger(settings: Settings, base: LogFields): Logger {
  const emit = (level: LogLevel, msg: string, fields?: LogFields): void => {
    if (SEVERITY[level] < settings.threshold) return;
    settings.sink(formatLine({ time: new Date(settings.now()).toISOString(), level, msg }, base, fields));
  };
  return {
    debug: (msg, fields) => { emit(LogLevel.Debug, msg, fields); },
    info: (msg, fields) => { emit(LogLevel.Info, msg, fields); },
    warn: (msg, fields) => { emit(LogLevel.Warn, msg, fields); },
    error: (msg, fields) => { emit(LogLevel.Error, msg, fields); },
    child: (fields) => makeLogger(settings, { ...base, ...fields }),
  };
}

function formatLine(head: Record<string, unknown>, base: LogFields, fields: LogFields | undefined): string {
  const record: Record<string, unknown> = { ...head };
  for (const source of [base, fields ?? {}]) {
    for (const [key, value] of Object.entries(source)) {
      // A field can never overwrite the line's own time, level or message.
      record[RESERVED.has(key) ? `field.${key}` : key] = toLoggable(value);
    }
  }
  try {
    return JSON.stringify(record);
  } catch {
    return JSON.stringify(Object.fromEntries(Object.entries(record).map(([k, v]) => [k, safeString(v)])));
  }
}

function toLoggable(value: unknown): unknown {
  if (value instanceof Error) return errorFields(value);
  if (typeof value === 'bigint') return value.toString();
  return value;
}

function errorFields(err: Error): Record<string, unknown> {
  const fields: Record<string, unknown> = { name: err.name, message: err.message };
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') fields.code = code;
  if (err.cause !== undefined) fields.cause = err.cause instanceof Error ? errorFields(err.cause) : safeString(err.cause);
  return fields;
}

function safeString(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
