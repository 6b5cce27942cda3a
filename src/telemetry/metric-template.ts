import { assertBareToken, assertDnsLabel, escapeQuoted, escapeRaw, escapeRegex } from './promql-escape.ts';
import { toPromqlDuration } from './promql-duration.ts';
import { lexTemplate, type PlaceholderContext } from './template-lexer.ts';
import { TelemetryInputError } from './telemetry-input-error.ts';

/** The values a MetricTemplate query may refer to. */
export interface TemplateValues {
  /** The Canary's name. */
  name: string;
  namespace: string;
  /** The target Deployment's name. */
  target: string;
  /** The Service name (defaults to the target name in the Canary spec). */
  service: string;
  /** The metric's interval: a PromQL duration such as `1m`, or a Go duration such as `1.5m` (converted). */
  interval: string;
  /** `templateVariables` from the Canary's metric entry. */
  variables?: Readonly<Record<string, string>>;
}

/** The Kubernetes names a template may use; each must be a DNS-1123 label. */
export const NAME_VARIABLES = Object.freeze(['name', 'namespace', 'target', 'service'] as const);
type NameVariable = (typeof NAME_VARIABLES)[number];

const VARIABLE_KEY = /^variables\.([A-Za-z0-9_-]+)$/;
const KNOWN = 'name, namespace, target, service, interval, variables.KEY';

interface Resolved {
  field: string;
  value: string;
  /** Names and intervals are validated to a shape that is safe in any position. */
  trusted: boolean;
}

function isNameVariable(expression: string): expression is NameVariable {
  return (NAME_VARIABLES as readonly string[]).includes(expression);
}

function resolveVariable(key: string, values: TemplateValues): Resolved {
  const value = values.variables?.[key];
  if (value === undefined) {
    throw new TelemetryInputError(`template uses variables.${key} but templateVariables has no key "${key}"`);
  }
  return { field: `variables.${key}`, value, trusted: false };
}

function resolve(expression: string, values: TemplateValues): Resolved {
  if (isNameVariable(expression)) {
    assertDnsLabel(expression, values[expression]);
    return { field: expression, value: values[expression], trusted: true };
  }
  if (expression === 'interval') {
    return { field: 'interval', value: toPromqlDuration('interval', values.interval), trusted: true };
  }
  const key = VARIABLE_KEY.exec(expression)?.[1];
  if (key !== undefined) return resolveVariable(key, values);
  throw new TelemetryInputError(`unknown variable "${expression}" in template (known: ${KNOWN})`);
}

function escapeFor(context: PlaceholderContext, resolved: Resolved): string {
  if (context.kind === 'bare') return resolved.trusted ? resolved.value : assertBareToken(resolved.field, resolved.value);
  // Inside =~ or !~ a value is matched literally, so it can never widen (or narrow) the selection.
  const literal = context.regex ? escapeRegex(resolved.value) : resolved.value;
  if (context.quote === '`') return escapeRaw(resolved.field, literal);
  return escapeQuoted(literal, context.quote);
}

/**
 * Renders a MetricTemplate query: every `{{ placeholder }}` is replaced by its value escaped for where it sits,
 * so no value can end a string, add a selector or widen a regex; throws TelemetryInputError naming what is wrong.
 */
export function renderMetricTemplate(query: string, values: TemplateValues): string {
  return lexTemplate(query)
    .map((segment) => (segment.kind === 'text' ? segment.text : escapeFor(segment.context, resolve(segment.expression, values))))
    .join('');
}
