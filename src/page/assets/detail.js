/* global document, setInterval */
// The detail view of one Canary, re-rendered from /api/canaries/:ns/:name whenever
// /api/events reports a change to it.
import { debounce, getJson, h, refreshAgo, setCrumbs, subscribe } from './common.js';
import { ActionsPanel } from './actions-panel.js';
import { checksSection, headerSection, historySection, machineSection, metadataSection, timelineSection } from './detail-sections.js';

const app = document.getElementById('app');
const { namespace, name } = document.body.dataset;
const apiUrl = `/api/canaries/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;
const layouts = new Map();
const actions = new ActionsPanel();
const live = h('div', { class: 'live-sections' });

async function layoutFor(url) {
  if (!layouts.has(url)) layouts.set(url, await getJson(url).catch(() => null));
  return layouts.get(url);
}

function notFound(err) {
  const text = err.status === 404 ? `Canary ${namespace}/${name} does not exist (yet). This page updates when it appears.` : `Could not load: ${err.message}`;
  app.replaceChildren(h('section', { class: 'card' }, h('p', { class: err.status === 404 ? 'muted' : 'error', dataset: { testid: 'not-found' }, text })));
}

async function load() {
  let detail;
  try {
    detail = await getJson(apiUrl);
  } catch (err) {
    notFound(err);
    return;
  }
  const layout = await layoutFor(detail.machine.graph);
  const open = new Set([...live.querySelectorAll('details[open]')].map((el) => el.dataset.key));
  live.replaceChildren(
    headerSection(detail),
    machineSection(detail, layout),
    timelineSection(detail),
    checksSection(detail),
    historySection(detail),
    metadataSection(detail));
  for (const el of live.querySelectorAll('details')) el.open = open.has(el.dataset.key);
  actions.update(detail);
  if (!app.contains(live)) app.replaceChildren(live, actions.el);
}

setCrumbs([h('a', { href: '/', text: 'Canaries' }), h('span', { text: namespace }), h('strong', { text: name })]);
const reload = debounce(() => { void load(); }, 50);
void load();
subscribe((_kind, change) => {
  if (change.namespace === namespace && change.name === name) reload();
}, reload);
setInterval(refreshAgo, 1000);
