// The weight timeline and the per-check charts, as plain SVG.
import { niceTicks, s, scale, tickLabel, timeTicks, tip } from './svg.js';

const PAD = { left: 40, right: 18, top: 30, bottom: 24 };

function axisX(t0, t1, x, y) {
  return s('g', { class: 'axis x' }, timeTicks(t0, t1, 6).map((t) => s('g', {},
    s('line', { x1: x(t), x2: x(t), y1: y, y2: y + 4 }),
    s('text', { x: x(t), y: y + 16, 'text-anchor': 'middle', text: tickLabel(t, t1 - t0) }))));
}

function gridY(values, y, [x0, x1], format) {
  return s('g', { class: 'grid' }, values.map((v) => s('g', {},
    s('line', { x1: x0, x2: x1, y1: y(v), y2: y(v) }),
    s('text', { x: x0 - 6, y: y(v) + 4, 'text-anchor': 'end', text: format(v) }))));
}

function weightPoints(detail, t0) {
  const fromHistory = detail.history.map((e) => ({ t: Date.parse(e.time), w: e.weight ?? 0 }));
  const fromSeries = detail.series.weights.map((p) => ({ t: Date.parse(p.time), w: p.weight }));
  return [...fromHistory, ...fromSeries].filter((p) => !Number.isNaN(p.t) && p.t >= t0).sort((a, b) => a.t - b.t);
}

function stepPath(points, x, y, tEnd) {
  if (points.length === 0) return '';
  const parts = [`M${x(points[0].t)},${y(points[0].w)}`];
  for (let i = 1; i < points.length; i += 1) parts.push(`H${x(points[i].t)}`, `V${y(points[i].w)}`);
  parts.push(`H${x(tEnd)}`);
  return parts.join(' ');
}

function shortState(state) {
  return state.split('.').pop();
}

function transitionMarks(transitions, x, height) {
  return s('g', { class: 'marks' }, transitions.map((e, i) => {
    const tx = x(Date.parse(e.time));
    const labelY = i % 2 === 0 ? 12 : 24;
    return s('g', { class: `mark ev-${e.event.toLowerCase()}` },
      tip(`${e.time}\n${e.from} → ${e.to} on ${e.event}${e.actor ? ` by ${e.actor}` : ''}\nweight ${e.weight ?? 0}%\n${e.message ?? ''}`),
      s('line', { x1: tx, x2: tx, y1: labelY + 3, y2: height - PAD.bottom }),
      s('circle', { cx: tx, cy: labelY + 3, r: 3 }),
      s('text', { x: tx + 4, y: labelY, text: shortState(e.to) }));
  }));
}

/** Canary weight over the current release, with a mark at each transition. */
export function weightTimeline(detail, now) {
  const W = 960;
  const H = 220;
  const start = detail.machine.releaseStart ? Date.parse(detail.machine.releaseStart) : Number.NaN;
  const all = weightPoints(detail, Number.isNaN(start) ? -Infinity : start);
  const t0 = all.length > 0 ? all[0].t : now - 60_000;
  const t1 = Math.max(now, all.length > 0 ? all[all.length - 1].t : now, t0 + 10_000);
  const lead = (t1 - t0) * 0.03;
  const x = scale(t0 - lead, t1, PAD.left, W - PAD.right);
  const y = scale(0, 100, H - PAD.bottom, PAD.top);
  const transitions = detail.history.filter((e) => e.from !== e.to && Date.parse(e.time) >= t0);
  const max = detail.spec.maxWeight;
  return s('svg', { class: 'chart timeline', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'canary weight over time' },
    gridY([0, 25, 50, 75, 100], y, [PAD.left, W - PAD.right], (v) => `${v}%`),
    s('line', { class: 'max-weight', x1: PAD.left, x2: W - PAD.right, y1: y(max), y2: y(max) }, tip(`maxWeight ${max}%`)),
    axisX(t0 - lead, t1, x, H - PAD.bottom),
    transitionMarks(transitions, x, H),
    s('path', { class: 'weight-area', d: `${stepPath(all, x, y, t1)} V${y(0)} H${all.length > 0 ? x(all[0].t) : x(t0)} Z` }),
    s('path', { class: 'weight-line', d: stepPath(all, x, y, t1) }),
    all.map((p) => s('circle', { class: 'weight-dot', cx: x(p.t), cy: y(p.w), r: 2.5 }, tip(`${new Date(p.t).toLocaleTimeString()} · ${p.w}%`))));
}

function valueDomain(samples, spec) {
  const values = samples.map((p) => p.value).filter((v) => typeof v === 'number');
  const bounds = [spec?.thresholdMin, spec?.thresholdMax, ...samples.flatMap((p) => [p.min, p.max])].filter((v) => typeof v === 'number');
  const all = [...values, ...bounds];
  if (all.length === 0) return niceTicks(0, 1, 4);
  let lo = Math.min(...all);
  let hi = Math.max(...all);
  if (lo === hi) { lo -= Math.abs(lo) * 0.1 || 1; hi += Math.abs(hi) * 0.1 || 1; }
  return niceTicks(lo, hi, 4);
}

/** A compact number: 99.5, 1.2k, 0.0031. */
export function formatValue(v) {
  if (typeof v !== 'number' || Number.isNaN(v)) return 'no data';
  const a = Math.abs(v);
  if (a >= 10000) return `${(v / 1000).toFixed(1)}k`;
  if (a >= 100) return v.toFixed(0);
  if (a >= 1) return v.toFixed(2).replace(/\.?0+$/, '');
  return a === 0 ? '0' : v.toPrecision(2);
}

function thresholdBand([lo, hi], y, x0, x1) {
  const top = y(hi);
  const bottom = y(lo);
  return s('rect', { class: 'ok-band', x: x0, width: x1 - x0, y: Math.min(top, bottom), height: Math.abs(bottom - top) });
}

function thresholdLines(bounds, y, x0, x1) {
  return bounds.filter((b) => typeof b.v === 'number').map((b) => s('g', { class: 'threshold' },
    s('line', { x1: x0, x2: x1, y1: y(b.v), y2: y(b.v) }),
    s('text', { x: x1 - 2, y: y(b.v) - 4, 'text-anchor': 'end', text: `${b.label} ${formatValue(b.v)}` })));
}

function checkPoints(samples, x, y, floorY) {
  return samples.map((p) => {
    const t = Date.parse(p.time);
    const hasValue = typeof p.value === 'number';
    return s('circle', { class: `pt verdict-${p.verdict.toLowerCase()}${hasValue ? '' : ' no-data'}`, cx: x(t), cy: hasValue ? y(p.value) : floorY, r: 3.5 },
      tip(`${new Date(t).toLocaleTimeString()} · ${formatValue(p.value)} · ${p.verdict}${p.message ? `\n${p.message}` : ''}`));
  });
}

function valueLine(samples, x, y) {
  const pts = samples.filter((p) => typeof p.value === 'number').map((p) => `${x(Date.parse(p.time))},${y(p.value)}`);
  return pts.length > 1 ? s('polyline', { class: 'value-line', points: pts.join(' ') }) : null;
}

function thresholdsOf(samples, spec) {
  const last = samples[samples.length - 1];
  return { min: last?.min ?? spec?.thresholdMin ?? null, max: last?.max ?? spec?.thresholdMax ?? null };
}

/** One check's values against its threshold over time, each tick coloured by its verdict. */
export function checkChart(samples, spec) {
  const W = 460;
  const H = 170;
  const box = { left: 44, right: 12, top: 12, bottom: 24 };
  const times = samples.map((p) => Date.parse(p.time));
  const pad = Math.max(2000, (Math.max(...times) - Math.min(...times)) * 0.06);
  const t0 = Math.min(...times) - pad;
  const t1 = Math.max(...times) + pad;
  const { ticks, domain: [lo, hi] } = valueDomain(samples, spec);
  const x = scale(t0, t1, box.left, W - box.right);
  const y = scale(lo, hi, H - box.bottom, box.top);
  const { min, max } = thresholdsOf(samples, spec);
  return s('svg', { class: 'chart check', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'check values over time' },
    thresholdBand([min ?? lo, max ?? hi], y, box.left, W - box.right),
    gridY(ticks, y, [box.left, W - box.right], formatValue),
    thresholdLines([{ v: min, label: 'min' }, { v: max, label: 'max' }], y, box.left, W - box.right),
    axisX(t0, t1, x, H - box.bottom),
    valueLine(samples, x, y),
    checkPoints(samples, x, y, H - box.bottom - 4));
}
