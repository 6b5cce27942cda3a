import { TelemetryInputError } from './telemetry-input-error.ts';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const REGEX_META = /[\\.+*?()|[\]{}^$]/g;
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
// Words that would change a query's structure if a bare value could supply them.
const KEYWORDS = new Set([
  'and', 'or', 'unless', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right',
  'offset', 'bool', 'atan2', 'start', 'end', 'nan', 'inf',
]);

/** Throws TelemetryInputError unless `value` is a DNS-1123 label, the shape of Kubernetes names that end up in metric labels. */
export function assertDnsLabel(field: string, value: string): void {
  if (!DNS_LABEL.test(value)) {
    throw new TelemetryInputError(
      `${field} "${value}" is not a DNS-1123 label (lower-case letters, digits and "-", starting and ending alphanumeric, at most 63 characters)`,
    );
  }
}

/** Returns `value` quoted so that RE2 matches it literally and nothing else. */
export function escapeRegex(value: string): string {
  return value.replace(REGEX_META, (ch) => `\\${ch}`);
}

function escapeControl(ch: string): string {
  const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
  return named[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** Returns `value` escaped for the inside of a PromQL string delimited by `quote` (`"` or `'`). */
export function escapeQuoted(value: string, quote: '"' | "'"): string {
  let out = '';
  for (const ch of value) {
    const code = ch.charCodeAt(0);
    if (ch === '\\' || ch === quote) out += `\\${ch}`;
    else if (code < 0x20 || code === 0x7f) out += escapeControl(ch);
    else out += ch;
  }
  return out;
}

/** Returns `value` for the inside of a PromQL raw (backtick) string, which has no escapes; throws if it cannot be represented. */
export function escapeRaw(field: string, value: string): string {
  if (value.includes('`')) {
    throw new TelemetryInputError(`${field} contains a backtick, which cannot appear inside a \`raw\` PromQL string`);
  }
  return value;
}

/** Returns `value` for use outside any string: only a number or a plain identifier that is not a PromQL keyword. */
export function assertBareToken(field: string, value: string): string {
  if (NUMBER.test(value)) return value;
  if (IDENTIFIER.test(value) && !KEYWORDS.has(value.toLowerCase())) return value;
  throw new TelemetryInputError(
    `${field} is used outside a quoted string in the template, so it must be a number or a plain identifier (not a PromQL keyword); got ${JSON.stringify(value)}`,
  );
}
