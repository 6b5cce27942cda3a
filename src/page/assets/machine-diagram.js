// The state machine diagram: drawn from the layout the server computes from the
// machine definition (xstate/graph), with the current state and this release's
// transitions marked.
import { arrowMarker, s, tip } from './svg.js';

function isWithin(state, id) {
  return state === id || state.startsWith(`${id}.`);
}

function nodeClass(node, current, visited) {
  const classes = ['node', node.compound ? 'compound' : 'leaf', `tone-${node.phase ? node.phase.toLowerCase() : 'none'}`];
  if (!node.compound && node.id === current) classes.push('current');
  if (node.compound && isWithin(current, node.id)) classes.push('active');
  if (visited.has(node.id)) classes.push('visited');
  return classes.join(' ');
}

function drawNode(node, current, visited) {
  const g = s('g', { class: nodeClass(node, current, visited), 'data-state': node.id, transform: `translate(${node.x},${node.y})` },
    tip(`${node.id} (phase ${node.phase || '—'})`),
    s('rect', { width: node.w, height: node.h, rx: node.compound ? 10 : 8 }));
  if (node.compound) {
    g.append(s('text', { x: 10, y: 16, class: 'compound-label', text: node.label }));
  } else {
    g.append(s('text', { x: node.w / 2, y: node.h / 2 + 4, 'text-anchor': 'middle', text: node.label }));
  }
  return g;
}

// Long labels would run into the states; the tooltip lists every event.
function edgeLabel(events) {
  return events.length > 1 ? `${events[0]} +${events.length - 1}` : (events[0] ?? '');
}

function drawEdge(edge, taken) {
  const isTaken = taken.has(edge.id);
  const guards = edge.guards.length > 0 ? `\nguards: ${edge.guards.join(', ')}` : '';
  return s('g', { class: `edge ${edge.kind}${isTaken ? ' taken' : ''}`, 'data-edge': edge.id },
    tip(`${edge.source} → ${edge.target}\non ${edge.events.join(', ')}${guards}`),
    s('path', { d: edge.path, 'marker-end': `url(#${isTaken ? 'arrow-taken' : 'arrow'})` }),
    s('text', { x: edge.labelX, y: edge.labelY, 'text-anchor': edge.labelAnchor, text: edgeLabel(edge.events) }));
}

function visitedStates(layout, takenIds) {
  const visited = new Set();
  for (const edge of layout.edges) {
    if (!takenIds.has(edge.id)) continue;
    visited.add(edge.source);
    visited.add(edge.target);
  }
  return visited;
}

/** The diagram as an SVG element scaled to its container. */
export function machineDiagram(layout, current, takenEdges) {
  const taken = new Set(takenEdges);
  const visited = visitedStates(layout, taken);
  const svg = s('svg', { class: 'machine', viewBox: `0 0 ${layout.width} ${layout.height}`, role: 'img', 'aria-label': `${layout.machine} state machine, current state ${current || 'unknown'}` },
    s('defs', {}, arrowMarker('arrow', 'arrowhead'), arrowMarker('arrow-taken', 'arrowhead taken')));
  const compounds = layout.nodes.filter((n) => n.compound);
  const leaves = layout.nodes.filter((n) => !n.compound);
  svg.append(
    s('g', { class: 'compounds' }, compounds.map((n) => drawNode(n, current, visited))),
    s('g', { class: 'edges' }, layout.edges.filter((e) => !taken.has(e.id)).map((e) => drawEdge(e, taken))),
    s('g', { class: 'edges taken-edges' }, layout.edges.filter((e) => taken.has(e.id)).map((e) => drawEdge(e, taken))),
    s('g', { class: 'leaves' }, leaves.map((n) => drawNode(n, current, visited))),
  );
  return svg;
}
