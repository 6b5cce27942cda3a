/* global document */
// SVG element helpers: attributes and text are set through the DOM, never parsed.

const NS = 'http://www.w3.org/2000/svg';

/** Creates an SVG element with attributes and children (strings become text). */
export function s(tag, attrs, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [key, value] of Object.entries(attrs ?? {})) setAttr(el, key, value);
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return el;
}

function setAttr(el, key, value) {
  if (value === undefined || value === null || value === false) return;
  if (key === 'text') el.textContent = String(value);
  else el.setAttribute(key, String(value));
}

/** A `<title>` child: the tooltip of its parent. */
export function tip(text) {
  return s('title', { text });
}

/** An arrowhead marker with the given id and class. */
export function arrowMarker(id, cls) {
  return s('marker', { id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse', class: cls },
    s('path', { d: 'M0,1 L9,5 L0,9 z' }));
}

/** Linear scale from a domain to a range. */
export function scale(d0, d1, r0, r1) {
  const span = d1 - d0 || 1;
  return (v) => r0 + ((v - d0) / span) * (r1 - r0);
}

/** About `count` evenly spaced times between t0 and t1 (epoch ms). */
export function timeTicks(t0, t1, count) {
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400].map((x) => x * 1000);
  const step = steps.find((x) => (t1 - t0) / x <= count) ?? steps[steps.length - 1];
  const ticks = [];
  for (let t = Math.ceil(t0 / step) * step; t <= t1; t += step) ticks.push(t);
  return ticks;
}

/** HH:MM:SS (or HH:MM for long spans) in local time. */
export function tickLabel(t, spanMs) {
  const opts = spanMs > 3 * 3600 * 1000 ? { hour: '2-digit', minute: '2-digit', hour12: false } : { hour12: false };
  return new Date(t).toLocaleTimeString([], opts);
}

/** Round tick values covering [lo, hi] (about `count` of them), and the domain they span. */
export function niceTicks(lo, hi, count) {
  const raw = (hi - lo) / Math.max(1, count) || 1;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const start = Math.floor(lo / step) * step;
  const end = Math.ceil(hi / step) * step;
  const ticks = [];
  for (let v = start; v <= end + step / 2; v += step) ticks.push(Number(v.toPrecision(12)));
  return { ticks, domain: [start, end] };
}
