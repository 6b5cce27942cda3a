import { TelemetryInputError } from './telemetry-input-error.ts';

/** Where in the PromQL a placeholder sits, which decides how its value is escaped. */
export type PlaceholderContext =
  | { kind: 'bare' }
  | { kind: 'string'; quote: '"' | "'" | '`'; regex: boolean };

/** A piece of a template: literal PromQL, or a `{{ ... }}` placeholder with its context. */
export type TemplateSegment =
  | { kind: 'text'; text: string }
  | { kind: 'placeholder'; expression: string; context: PlaceholderContext };

type LexState = { mode: 'bare' } | { mode: 'comment' } | { mode: 'string'; quote: '"' | "'" | '`'; regex: boolean; escaped: boolean };

const QUOTES = new Set(['"', "'", '`']);

function isRegexOperatorBefore(bareText: string): boolean {
  const trimmed = bareText.trimEnd();
  return trimmed.endsWith('=~') || trimmed.endsWith('!~');
}

function contextOf(state: LexState): PlaceholderContext {
  if (state.mode === 'string') return { kind: 'string', quote: state.quote, regex: state.regex };
  return { kind: 'bare' };
}

// Advances the lexer over one literal character of the template (never over a placeholder's value).
function step(state: LexState, ch: string, before: string): LexState {
  if (state.mode === 'comment') return ch === '\n' ? { mode: 'bare' } : state;
  if (state.mode === 'bare') {
    if (ch === '#') return { mode: 'comment' };
    if (QUOTES.has(ch)) return { mode: 'string', quote: ch as '"' | "'" | '`', regex: isRegexOperatorBefore(before), escaped: false };
    return state;
  }
  if (state.escaped) return { ...state, escaped: false };
  if (ch === '\\' && state.quote !== '`') return { ...state, escaped: true };
  return ch === state.quote ? { mode: 'bare' } : state;
}

/** Splits a MetricTemplate query into literal text and placeholders, noting each placeholder's quoting context. */
export function lexTemplate(query: string): TemplateSegment[] {
  const segments: TemplateSegment[] = [];
  let state: LexState = { mode: 'bare' };
  let text = '';
  let i = 0;
  while (i < query.length) {
    if (query.startsWith('{{', i)) {
      const close = query.indexOf('}}', i + 2);
      if (close < 0) throw new TelemetryInputError(`template has "{{" at offset ${i} without a closing "}}"`);
      segments.push({ kind: 'text', text });
      segments.push({ kind: 'placeholder', expression: query.slice(i + 2, close).trim(), context: contextOf(state) });
      text = '';
      i = close + 2;
      continue;
    }
    const ch = query.charAt(i);
    state = step(state, ch, text);
    text += ch;
    i++;
  }
  segments.push({ kind: 'text', text });
  return segments.filter((s) => s.kind === 'placeholder' || s.text !== '');
}
