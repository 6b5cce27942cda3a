/* global document, window, URLSearchParams, setInterval */
// The list of Canaries: filters by namespace and phase (kept in the URL), live
// through /api/events.
import { agoSpan, clockTime, debounce, getJson, h, phaseBadge, refreshAgo, revisionText, setCrumbs, subscribe, weightBar } from './common.js';

const app = document.getElementById('app');
const filters = { namespace: '', phase: '' };

function readFilters() {
  const params = new URLSearchParams(window.location.search);
  filters.namespace = params.get('namespace') ?? '';
  filters.phase = params.get('phase') ?? '';
}

function writeFilters() {
  const params = new URLSearchParams();
  if (filters.namespace) params.set('namespace', filters.namespace);
  if (filters.phase) params.set('phase', filters.phase);
  const query = params.toString();
  window.history.replaceState(null, '', query ? `/?${query}` : '/');
}

function select(label, name, values, current) {
  const el = h('select', { name, 'aria-label': label, onchange: () => { filters[name] = el.value; writeFilters(); void load(); } },
    h('option', { value: '', text: `All ${label.toLowerCase()}s` }),
    values.map((v) => h('option', { value: v, text: v, selected: v === current })));
  if (current && !values.includes(current)) el.append(h('option', { value: current, text: current, selected: true }));
  return h('label', { class: 'filter' }, h('span', { text: label }), el);
}

function failedCell(c) {
  const cls = c.failedChecks === 0 ? 'muted' : (c.failedChecks >= c.threshold ? 'bad' : 'warn');
  return h('span', { class: `checks ${cls}`, title: 'failed checks / threshold', text: `${c.failedChecks} / ${c.threshold}` });
}

function row(c) {
  const href = `/canaries/${encodeURIComponent(c.namespace)}/${encodeURIComponent(c.name)}`;
  return h('tr', { dataset: { testid: 'canary-row', namespace: c.namespace, name: c.name, phase: c.phase } },
    h('td', { class: 'ns' }, c.namespace),
    h('td', { class: 'name' }, h('a', { href, text: c.name }), h('div', { class: 'sub muted', text: `${c.strategy} · ${c.target}` })),
    h('td', {}, phaseBadge(c.phase, c.paused, c.suspended)),
    h('td', {}, weightBar(c.canaryWeight)),
    h('td', {}, failedCell(c)),
    h('td', {}, revisionText(c.revision)),
    h('td', { class: 'when' }, c.lastTransitionTime ? h('span', { class: 'muted', text: `${clockTime(c.lastTransitionTime)} · ` }) : null, agoSpan(c.lastTransitionTime)),
    h('td', { class: 'message', title: c.message, text: c.message }));
}

function table(canaries) {
  if (canaries.length === 0) {
    return h('div', { class: 'empty' }, h('p', { text: 'No Canaries match.' }), h('p', { class: 'muted', text: 'Canaries appear here as soon as the controller sees them.' }));
  }
  return h('table', { class: 'list' },
    h('thead', {}, h('tr', {}, ['Namespace', 'Canary', 'Phase', 'Weight', 'Failed checks', 'Revision', 'Last transition', 'Message'].map((t) => h('th', { text: t })))),
    h('tbody', {}, canaries.map(row)));
}

function render(body) {
  const count = body.canaries.length;
  app.replaceChildren(
    h('div', { class: 'toolbar' },
      h('h1', { text: 'Canaries' }),
      h('span', { class: 'count muted', dataset: { testid: 'count' }, text: `${count} shown` }),
      h('div', { class: 'filters' },
        select('Namespace', 'namespace', body.namespaces, filters.namespace),
        select('Phase', 'phase', body.phases, filters.phase))),
    h('section', { class: 'card flush' }, table(body.canaries)));
}

async function load() {
  const params = new URLSearchParams();
  if (filters.namespace) params.set('namespace', filters.namespace);
  if (filters.phase) params.set('phase', filters.phase);
  try {
    render(await getJson(`/api/canaries?${params.toString()}`));
  } catch (err) {
    app.replaceChildren(h('p', { class: 'error', text: `Could not load the Canaries: ${err.message}` }));
  }
}

readFilters();
setCrumbs([h('span', { text: 'Canaries' })]);
void load();
const reload = debounce(() => { void load(); }, 100);
subscribe(reload, reload);
setInterval(refreshAgo, 1000);
