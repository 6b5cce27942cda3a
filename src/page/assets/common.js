/* global document, fetch, EventSource, sessionStorage, setTimeout, clearTimeout */
// Shared helpers for the page scripts. Every string from the API is placed with
// textContent or as an attribute value set through the DOM, never parsed as HTML.

/** Creates an element: props set attributes (class, text, dataset, on<event>); children are nodes or text. */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  applyProps(el, props ?? {});
  appendAll(el, children);
  return el;
}

function applyProps(el, props) {
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.setAttribute('class', value);
    else if (key === 'text') el.textContent = String(value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
}

/** Appends nodes and strings (as text) to an element, skipping null and false. */
export function appendAll(el, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
  return el;
}

/** Fetches JSON; rejects with the server's error message on a non-2xx answer. */
export async function getJson(url) {
  const res = await fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-store' });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw Object.assign(new Error(body.error ?? `HTTP ${res.status}`), { status: res.status });
  return body;
}

const TONES = {
  Succeeded: 'ok', Initialized: 'ok',
  Progressing: 'run', Promoting: 'run', Finalising: 'run',
  Waiting: 'wait', WaitingPromotion: 'wait',
  Failed: 'bad',
};

/** The colour family of a phase: ok, run, wait, bad or idle. */
export function toneOf(phase) {
  return TONES[phase] ?? 'idle';
}

/** A phase badge, marked when the release is paused or the Canary suspended. */
export function phaseBadge(phase, paused, suspended) {
  const marks = [paused ? 'paused' : '', suspended ? 'suspended' : ''].filter((m) => m !== '');
  const label = [phase, ...marks].join(' · ');
  return h('span', { class: `badge tone-${toneOf(phase)}`, dataset: { testid: 'phase', phase }, text: label });
}

/** "12s ago", "4m ago", "3h ago", "2d ago". */
export function timeAgo(iso, now) {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return '';
  const s = Math.max(0, Math.round((now - then) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86400)}d ago`;
}

/** Local clock time of an ISO timestamp (HH:MM:SS). */
export function clockTime(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleTimeString([], { hour12: false });
}

/** An element whose "… ago" text refreshes itself (see refreshAgo). */
export function agoSpan(iso) {
  if (!iso) return h('span', { class: 'muted', text: '—' });
  return h('span', { class: 'ago', dataset: { since: iso }, title: new Date(iso).toLocaleString(), text: timeAgo(iso, Date.now()) });
}

/** Updates every "… ago" text on the page. */
export function refreshAgo() {
  const now = Date.now();
  for (const el of document.querySelectorAll('[data-since]')) el.textContent = timeAgo(el.dataset.since, now);
}

/** A shortened revision hash with the full one in its tooltip. */
export function revisionText(revision) {
  if (!revision) return h('span', { class: 'muted', text: '—' });
  return h('code', { class: 'rev', title: revision, text: revision.length > 10 ? revision.slice(0, 10) : revision });
}

/** A weight bar with its number. */
export function weightBar(weight) {
  const bar = h('span', { class: 'bar' }, h('span', { class: 'bar-fill' }));
  bar.firstChild.style.width = `${Math.max(0, Math.min(100, weight))}%`;
  return h('span', { class: 'weight' }, bar, h('span', { class: 'weight-num', dataset: { testid: 'weight' }, text: `${weight}%` }));
}

function setLive(state, text) {
  const el = document.getElementById('live');
  if (el === null) return;
  el.dataset.state = state;
  el.textContent = text;
}

/**
 * Subscribes to /api/events. EventSource reconnects by itself after the server's
 * `retry:`; if the browser gives up (CLOSED), a new one is opened after a pause.
 */
export function subscribe(onEvent, onConnected) {
  const open = () => {
    const source = new EventSource('/api/events');
    source.addEventListener('open', () => {
      setLive('live', 'live');
      // A change made between the page's first fetch (or a drop) and this connection sent no event.
      onConnected();
    });
    source.addEventListener('error', () => {
      setLive('down', 'reconnecting…');
      if (source.readyState === EventSource.CLOSED) setTimeout(open, 2000);
    });
    for (const kind of ['canary', 'event']) {
      source.addEventListener(kind, (msg) => { onEvent(kind, JSON.parse(msg.data)); });
    }
  };
  open();
}

/** Calls `fn` once, `waitMs` after the last of a burst of calls. */
export function debounce(fn, waitMs) {
  let timer = null;
  return () => {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => { timer = null; fn(); }, waitMs);
  };
}

const TOKEN_KEY = 'glidepath.actionsToken';
const ACTOR_KEY = 'glidepath.actor';

/** The actions token and name kept for this tab only (sessionStorage). */
export const session = {
  token: () => sessionStorage.getItem(TOKEN_KEY) ?? '',
  actor: () => sessionStorage.getItem(ACTOR_KEY) ?? '',
  save(token, actor) {
    sessionStorage.setItem(TOKEN_KEY, token);
    sessionStorage.setItem(ACTOR_KEY, actor);
  },
  clear() {
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(ACTOR_KEY);
  },
};

/** Sets the breadcrumb trail in the header. */
export function setCrumbs(parts) {
  const nav = document.getElementById('crumbs');
  if (nav === null) return;
  nav.replaceChildren(...parts.flatMap((part, i) => [i > 0 ? h('span', { class: 'sep', text: '/' }) : null, part]).filter(Boolean));
}
