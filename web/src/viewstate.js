// What defines the current view, and its round trip through the URL's
// hash, so that a copied link reproduces it: the nodes added and expanded
// (in order), hidden and pinned nodes, the label and relationship-type
// filters, the expansion depth and size, the shortest path, the selection,
// and the speechwriter's query.
import { DEFAULT_HIDDEN_LABELS, DEFAULT_HIDDEN_TYPES, isLabel, isType } from './model.js';

export const DEPTHS = [1, 2, 3];
export const LIMITS = [50, 100, 200, 500];

/** @returns {ViewState} the state of an empty page */
export function emptyState() {
  return {
    added: [], // node ids added without their neighbours (path ends, speechwriter picks)
    expanded: [], // node ids whose neighbourhood was fetched, in order
    hidden: [], // node ids the reader hid
    pinned: {}, // node id -> {x, y}
    hiddenLabels: [...DEFAULT_HIDDEN_LABELS],
    hiddenTypes: [...DEFAULT_HIDDEN_TYPES],
    depth: 1,
    limit: 100,
    path: null, // [fromId, toId]
    selected: null, // node id, or an edge key
    view: 'graph', // 'graph' | 'speech'
    speech: { topic: '', cities: '', from: '', to: '' },
  };
}

/** A deep copy, for the undo history. */
export function cloneState(s) {
  return {
    ...s,
    added: [...s.added],
    expanded: [...s.expanded],
    hidden: [...s.hidden],
    pinned: Object.fromEntries(Object.entries(s.pinned).map(([k, v]) => [k, { ...v }])),
    hiddenLabels: [...s.hiddenLabels],
    hiddenTypes: [...s.hiddenTypes],
    path: s.path ? [...s.path] : null,
    speech: { ...s.speech },
  };
}

const list = (p, key) => p.getAll(key).filter(Boolean);

/** Encodes a state as a hash (without '#'). */
export function encodeState(s) {
  const p = new URLSearchParams();
  if (s.view !== 'graph') p.set('view', s.view);
  for (const id of s.expanded) p.append('x', id);
  for (const id of s.added) p.append('n', id);
  for (const id of s.hidden) p.append('h', id);
  for (const [id, pos] of Object.entries(s.pinned)) p.append('pin', `${Math.round(pos.x)},${Math.round(pos.y)},${id}`);
  p.set('hl', s.hiddenLabels.join(','));
  p.set('ht', s.hiddenTypes.join(','));
  if (s.depth !== 1) p.set('d', String(s.depth));
  if (s.limit !== 100) p.set('lim', String(s.limit));
  if (s.path) {
    p.set('from', s.path[0]);
    p.set('to', s.path[1]);
  }
  if (s.selected) p.set('sel', s.selected);
  const sp = s.speech;
  if (sp.topic) p.set('topic', sp.topic);
  if (sp.cities) p.set('cities', sp.cities);
  if (sp.from) p.set('since', sp.from);
  if (sp.to) p.set('until', sp.to);
  return p.toString();
}

/** Decodes a hash (with or without '#'); anything unreadable falls back to the defaults. */
export function decodeState(hash) {
  const s = emptyState();
  const p = new URLSearchParams(String(hash ?? '').replace(/^#/, ''));
  if (p.get('view') === 'speech') s.view = 'speech';
  s.expanded = unique(list(p, 'x'));
  s.added = unique(list(p, 'n'));
  s.hidden = unique(list(p, 'h'));
  for (const v of list(p, 'pin')) {
    const m = /^(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?),(.+)$/.exec(v);
    if (m) s.pinned[m[3]] = { x: Number(m[1]), y: Number(m[2]) };
  }
  if (p.has('hl')) s.hiddenLabels = unique(p.get('hl').split(',').filter(isLabel));
  if (p.has('ht')) s.hiddenTypes = unique(p.get('ht').split(',').filter(isType));
  const d = Number(p.get('d'));
  if (DEPTHS.includes(d)) s.depth = d;
  const lim = Number(p.get('lim'));
  if (LIMITS.includes(lim)) s.limit = lim;
  if (p.get('from') && p.get('to')) s.path = [p.get('from'), p.get('to')];
  s.selected = p.get('sel') || null;
  s.speech = {
    topic: p.get('topic') ?? '',
    cities: p.get('cities') ?? '',
    from: validDate(p.get('since')),
    to: validDate(p.get('until')),
  };
  return s;
}

function unique(ids) {
  return [...new Set(ids)];
}

function validDate(v) {
  return v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : '';
}

/** The ids whose nodes the view needs fetched, in the order to fetch them. */
export function nodesToLoad(s) {
  const ids = new Set([...s.added, ...Object.keys(s.pinned)]);
  for (const id of s.expanded) ids.delete(id);
  return [...ids];
}
