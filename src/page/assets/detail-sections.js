// The sections of the detail view, each built from the detail JSON.
import { agoSpan, clockTime, h, phaseBadge, revisionText, weightBar } from './common.js';
import { checkChart, formatValue, weightTimeline } from './charts.js';
import { machineDiagram } from './machine-diagram.js';

function fact(label, ...value) {
  return h('div', { class: 'fact' }, h('dt', { text: label }), h('dd', {}, ...value));
}

function failedFact(s) {
  const cls = s.failedChecks === 0 ? '' : (s.failedChecks >= s.threshold ? 'bad' : 'warn');
  return h('span', { class: `checks ${cls}`, dataset: { testid: 'failed-checks' }, text: `${s.failedChecks} / ${s.threshold}` });
}

/** Name, phase, state, weight, checks, revision, last transition, message. */
export function headerSection(d) {
  const s = d.summary;
  return h('section', { class: 'card header' },
    h('div', { class: 'title-row' },
      h('h1', {}, h('span', { class: 'muted', text: `${s.namespace} / ` }), s.name),
      phaseBadge(s.phase, s.paused, s.suspended)),
    h('p', { class: 'message', dataset: { testid: 'message' }, text: s.message || ' ' }),
    h('dl', { class: 'facts' },
      fact('State', h('code', { dataset: { testid: 'state' }, text: s.state || '—' })),
      fact('Canary weight', weightBar(s.canaryWeight)),
      fact('Failed checks', failedFact(s)),
      fact('Revision', revisionText(s.revision)),
      fact('Last transition', h('span', { text: s.lastTransitionTime ? `${clockTime(s.lastTransitionTime)} · ` : '' }), agoSpan(s.lastTransitionTime)),
      fact('Strategy', `${s.strategy} → ${s.target}`),
      fact('Steps', d.spec.stepWeights.length > 0 ? d.spec.stepWeights.map((w) => `${w}%`).join(' → ') : `${d.spec.iterations} iterations`),
      fact('Interval', d.spec.interval)));
}

function legend(items) {
  return h('div', { class: 'legend' }, items.map(([cls, text]) => h('span', { class: `key ${cls}` }, h('i'), text)));
}

/** The state machine diagram. */
export function machineSection(d, layout) {
  const body = layout === null
    ? h('p', { class: 'muted', text: `No drawing for machine '${d.machine.name}'.` })
    : machineDiagram(layout, d.machine.state, d.machine.takenEdges);
  return h('section', { class: 'card' },
    h('div', { class: 'card-head' }, h('h2', { text: 'State machine' }), h('span', { class: 'muted', text: d.machine.name }),
      legend([['k-current', 'current state'], ['k-taken', 'taken in this release'], ['k-edge', 'possible transition']])),
    h('div', { class: 'diagram' }, body));
}

/** The weight timeline. */
export function timelineSection(d) {
  const since = d.machine.releaseStart ? `release since ${clockTime(d.machine.releaseStart)}` : '';
  return h('section', { class: 'card' },
    h('div', { class: 'card-head' }, h('h2', { text: 'Canary weight' }), h('span', { class: 'muted', text: since })),
    weightTimeline(d, Date.now()));
}

function latestOf(d, name) {
  return d.checks.find((c) => c.name === name);
}

function thresholdText(min, max) {
  if (typeof min === 'number' && typeof max === 'number') return `${formatValue(min)} – ${formatValue(max)}`;
  if (typeof max === 'number') return `≤ ${formatValue(max)}`;
  if (typeof min === 'number') return `≥ ${formatValue(min)}`;
  return 'no threshold';
}

function verdictStrip(samples) {
  return h('div', { class: 'strip', title: 'verdict of each tick, oldest first' },
    samples.map((p) => h('i', { class: `verdict-${p.verdict.toLowerCase()}`, title: `${clockTime(p.time)} ${p.verdict}` })));
}

function firstNumber(...values) {
  return values.find((v) => typeof v === 'number');
}

function checkFacts(d, name, samples) {
  const spec = d.spec.metrics.find((m) => m.name === name) ?? {};
  const latest = latestOf(d, name) ?? samples[samples.length - 1] ?? {};
  const min = firstNumber(latest.thresholdMin, latest.min, spec.thresholdMin);
  const max = firstNumber(latest.thresholdMax, latest.max, spec.thresholdMax);
  const query = [latest.query, ...samples.map((p) => p.query)].find(Boolean) ?? '';
  return { spec, latest, verdict: latest.verdict ?? 'Unknown', threshold: thresholdText(min, max), query };
}

function checkPanel(d, name, samples) {
  const f = checkFacts(d, name, samples);
  const seen = samples.length > 0;
  return h('article', { class: 'check-panel', dataset: { testid: 'check', check: name } },
    h('header', {},
      h('h3', { text: name }),
      h('span', { class: `verdict verdict-${f.verdict.toLowerCase()}`, text: f.verdict })),
    h('p', { class: 'check-line' },
      h('strong', { text: formatValue(f.latest.value) }),
      h('span', { class: 'muted', text: ` vs ${f.threshold}` }),
      f.latest.message ? h('span', { class: 'muted', text: ` · ${f.latest.message}` }) : null),
    seen ? checkChart(samples, f.spec) : h('p', { class: 'muted', text: 'No measurements seen yet.' }),
    seen ? verdictStrip(samples) : null,
    f.query ? h('details', { class: 'query', dataset: { key: `query-${name}` } }, h('summary', { text: 'Query' }), h('pre', {}, h('code', { text: f.query }))) : null);
}

function checkNames(d) {
  const names = [...d.spec.metrics.map((m) => m.name), ...d.checks.map((c) => c.name), ...Object.keys(d.series.checks)];
  return [...new Set(names)];
}

/** Each check's value against its threshold over time. */
export function checksSection(d) {
  const names = checkNames(d);
  const note = `Series observed by this page since ${clockTime(d.series.since)}; the status holds only the latest measurement.`;
  return h('section', { class: 'card' },
    h('div', { class: 'card-head' }, h('h2', { text: 'Checks' }), h('span', { class: 'muted small', text: note })),
    names.length === 0
      ? h('p', { class: 'muted', text: 'This Canary declares no metrics.' })
      : h('div', { class: 'checks-grid' }, names.map((n) => checkPanel(d, n, d.series.checks[n] ?? []))));
}

function historyRow(e) {
  return h('tr', { dataset: { testid: 'history-row', event: e.event } },
    h('td', { class: 'when', title: e.time, text: clockTime(e.time) }),
    h('td', {}, h('code', { text: e.event })),
    h('td', {}, h('span', { class: 'from', text: e.from }), ' → ', h('strong', { text: e.to })),
    h('td', { class: 'num', text: `${e.weight ?? 0}%` }),
    h('td', { class: 'actor', text: e.actor ?? '' }),
    h('td', { class: 'message', text: e.message ?? '' }));
}

function eventRow(e) {
  return h('tr', { dataset: { testid: 'event-row' } },
    h('td', { class: 'when', title: e.time, text: clockTime(e.time) }),
    h('td', {}, h('span', { class: `etype ${e.type === 'Warning' ? 'warn' : ''}`, text: e.type })),
    h('td', {}, h('code', { text: e.reason })),
    h('td', { class: 'num', text: e.count > 1 ? `×${e.count}` : '' }),
    h('td', { class: 'message', text: e.message }));
}

function tableOf(headers, rows, empty) {
  if (rows.length === 0) return h('p', { class: 'muted', text: empty });
  return h('table', { class: 'compact' }, h('thead', {}, h('tr', {}, headers.map((t) => h('th', { text: t })))), h('tbody', {}, rows));
}

/** Transition history (newest first) and Kubernetes Events. */
export function historySection(d) {
  const history = [...d.history].reverse().map(historyRow);
  const events = [...d.events].reverse().map(eventRow);
  return h('div', { class: 'stack' },
    h('section', { class: 'card' }, h('div', { class: 'card-head' }, h('h2', { text: 'History' }), h('span', { class: 'muted', text: `${d.history.length} entries` })),
      tableOf(['Time', 'Event', 'Transition', 'Weight', 'By', 'Message'], history, 'No transitions yet.')),
    h('section', { class: 'card' }, h('div', { class: 'card-head' }, h('h2', { text: 'Kubernetes Events' }), h('span', { class: 'muted', text: `${d.events.length}` })),
      tableOf(['Time', 'Type', 'Reason', '', 'Message'], events, 'No Events recorded.')));
}

/** Annotations and conditions, folded away. */
export function metadataSection(d) {
  const annotations = Object.entries(d.annotations);
  return h('section', { class: 'card' },
    h('details', { dataset: { key: 'metadata' } }, h('summary', { text: `Annotations (${annotations.length}) and conditions (${d.conditions.length})` }),
      tableOf(['Annotation', 'Value'], annotations.map(([k, v]) => h('tr', { dataset: { testid: 'annotation' } }, h('td', {}, h('code', { text: k })), h('td', { class: 'message', text: v }))), 'No annotations.'),
      tableOf(['Condition', 'Status', 'Reason', 'Message'], d.conditions.map((c) => h('tr', {}, h('td', { text: c.type }), h('td', { text: c.status }), h('td', { text: c.reason ?? '' }), h('td', { class: 'message', text: c.message ?? '' }))), 'No conditions.')));
}
