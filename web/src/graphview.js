// The drawing: a Cytoscape.js canvas (no DOM per node) holding the nodes
// and relationships fetched so far. Relationships of one type between the
// same two nodes (one per report) are drawn as one edge that keeps all
// their ids and evidence. Visibility, pins and the highlighted path are
// classes, changed in batches.
import cytoscape from 'cytoscape';
import { LABELS, nodeName, typeName } from './model.js';
import { cancelLayout, runLayout } from './layout.js';

export const FONT = '"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif';
export const PATH_COLOR = '#E11D48';
const ANIMATE_BELOW = 250; // nodes; larger graphs jump to their new positions
const BEZIER_BELOW = 600; // edges; larger graphs draw straight edges (cheaper)
const ADD_BATCH = 200; // nodes added per animation frame

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

export const edgeKey = (type, source, target) => `${type}|${source}|${target}`;

// Visibility is decided by our classes alone, so it can be read without
// Cytoscape computing styles (':visible' would, for every element).
const shownNode = (n) => !n.hasClass('f-hidden') && !n.hasClass('u-hidden');
/** Sets or clears a class only where it changes: Cytoscape restyles every element it is asked to toggle. */
function setClass(ele, cls, on) {
  if (ele.hasClass(cls) !== on) ele.toggleClass(cls, on);
}

const shownEdge = (e) => !e.hasClass('f-hidden') && !e.hasClass('u-hidden') && shownNode(e.source()) && shownNode(e.target());

/** The first n characters of s (by code point), with an ellipsis. */
export function shorten(s, n = 12) {
  const chars = Array.from(String(s ?? ''));
  return chars.length > n ? `${chars.slice(0, n - 1).join('')}…` : chars.join('');
}

function styles() {
  const s = [
    {
      selector: 'node',
      style: {
        label: 'data(short)',
        'font-family': FONT,
        'font-size': 11,
        color: '#1F2937',
        'text-valign': 'bottom',
        'text-margin-y': 4,
        'text-outline-color': '#FFFFFF',
        'text-outline-width': 2,
        'min-zoomed-font-size': 7,
        'border-width': 1.5,
        'border-color': '#FFFFFF',
        width: 30,
        height: 30,
      },
    },
    ...LABELS.map((l) => ({
      selector: `node[label = "${l.id}"]`,
      style: { 'background-color': l.color, shape: l.shape, width: l.size, height: l.size, ...(l.stroke ? { 'border-color': l.stroke } : {}) },
    })),
    { selector: 'node.expanded', style: { 'font-weight': 'bold' } },
    { selector: 'node.pinned', style: { 'border-width': 3, 'border-style': 'dashed', 'border-color': '#111827' } },
    { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#111827', 'border-style': 'solid', 'z-index': 20 } },
    {
      selector: 'edge',
      style: {
        width: 1.5,
        'line-color': '#A3AAB5',
        'target-arrow-color': '#A3AAB5',
        'target-arrow-shape': 'triangle',
        'arrow-scale': 0.9,
        'curve-style': 'bezier',
        label: 'data(caption)',
        'font-family': FONT,
        'font-size': 9,
        color: '#4B5563',
        'text-rotation': 'autorotate',
        'text-outline-color': '#FFFFFF',
        'text-outline-width': 2,
        'min-zoomed-font-size': 8,
      },
    },
    { selector: 'edge[?reference]', style: { 'line-style': 'dashed' } },
    { selector: 'edge:selected', style: { width: 3.5, 'line-color': '#111827', 'target-arrow-color': '#111827', color: '#111827', 'z-index': 20 } },
    { selector: '.faded', style: { opacity: 0.22 } },
    { selector: 'node.path', style: { 'border-width': 4, 'border-color': PATH_COLOR, 'border-style': 'solid', opacity: 1, 'z-index': 30 } },
    { selector: 'edge.path', style: { width: 5, 'line-color': PATH_COLOR, 'target-arrow-color': PATH_COLOR, color: '#9F1239', opacity: 1, 'z-index': 30 } },
    { selector: '.f-hidden, .u-hidden', style: { display: 'none' } },
  ];
  return s;
}

function nodeData(n) {
  const name = nodeName(n);
  return {
    id: n.id,
    label: n.label,
    name,
    aliases: n.aliases ?? [],
    date: n.node?.date ?? n.date ?? null,
    newspaper: n.node?.newspaper ?? n.newspaper ?? null,
    short: shorten(name),
  };
}

function caption(type, titles, count) {
  let c = typeName(type);
  if (titles.length) c += `·${shorten(titles[0], 8)}${titles.length > 1 ? '等' : ''}`;
  if (count > 1) c += ` ×${count}`;
  return c;
}

/** Positions for count new nodes in rings around an anchor, facing away from the rest of the graph. */
export function ringPositions(anchor, count, away) {
  const out = [];
  let r = 130;
  let placed = 0;
  const dir = away ? Math.atan2(away.y, away.x) : 0;
  const arc = away ? 1.4 * Math.PI : 2 * Math.PI;
  while (placed < count) {
    const cap = Math.max(6, Math.floor((arc * r) / 62));
    const k = Math.min(cap, count - placed);
    for (let i = 0; i < k; i++) {
      const a = away ? dir - arc / 2 + ((i + 0.5) / k) * arc : (i / k) * 2 * Math.PI + (r / 130) * 0.35;
      out.push({ x: anchor.x + r * Math.cos(a), y: anchor.y + r * Math.sin(a) });
    }
    placed += k;
    r += 75;
  }
  return out;
}

export class GraphView {
  /**
   * @param {HTMLElement} container
   * @param {{onSelect: (sel: {kind: 'node'|'edge', id: string}|null) => void,
   *          onExpand: (id: string) => void,
   *          onMoved: (before: object) => void,
   *          onHover: (info: {name: string, label: string, x: number, y: number}|null) => void}} handlers
   */
  constructor(container, handlers) {
    this.h = handlers;
    this.layoutGen = 0;
    this.epoch = 0; // bumped when the whole graph is replaced
    this.cy = cytoscape({
      container,
      style: styles(),
      minZoom: 0.03,
      maxZoom: 5,
      boxSelectionEnabled: true,
      selectionType: 'single',
      pixelRatio: 'auto',
    });
    const cy = this.cy;
    cy.on('tap', 'node', (e) => this.h.onSelect({ kind: 'node', id: e.target.id() }));
    cy.on('tap', 'edge', (e) => this.h.onSelect({ kind: 'edge', id: e.target.id() }));
    cy.on('tap', (e) => {
      if (e.target === cy) this.h.onSelect(null);
    });
    cy.on('dbltap', 'node', (e) => this.h.onExpand(e.target.id()));
    let grabbed = null;
    cy.on('grab', 'node', () => { grabbed = this.snapshot(); });
    cy.on('dragfree', 'node', () => {
      if (grabbed) this.h.onMoved(grabbed);
      grabbed = null;
    });
    cy.on('mouseover', 'node', (e) => {
      const p = e.renderedPosition ?? e.target.renderedPosition();
      this.h.onHover({ name: e.target.data('name'), label: e.target.data('label'), x: p.x, y: p.y });
    });
    cy.on('mouseout', 'node', () => this.h.onHover(null));
    cy.on('viewport', () => this.h.onHover(null));
  }

  has(id) {
    return this.cy.getElementById(id).nonempty();
  }

  node(id) {
    const n = this.cy.getElementById(id);
    return n.nonempty() && n.isNode() ? n : null;
  }

  edge(key) {
    const e = this.cy.getElementById(key);
    return e.nonempty() && e.isEdge() ? e : null;
  }

  isEmpty() {
    return this.cy.nodes().empty();
  }

  /**
   * Adds nodes and relationships (a Subgraph or Path), new nodes around
   * anchor. Large additions go in batches, one per animation frame, so the
   * page keeps drawing and answering while they arrive. Resolves to the ids
   * of the nodes that were new.
   */
  async add({ nodes = [], edges = [] }, anchorId = null) {
    const cy = this.cy;
    const seen = new Set();
    const fresh = nodes.filter((n) => n && !seen.has(n.id) && seen.add(n.id) && cy.getElementById(n.id).empty());
    let rest = fresh;
    const anchorNew = anchorId ? fresh.find((n) => n.id === anchorId) : null;
    if (anchorNew) {
      cy.add({ group: 'nodes', data: nodeData(anchorNew), position: this.freeSpot() });
      rest = fresh.filter((n) => n !== anchorNew);
    }
    const placed = this.placeAround(anchorId, rest.length);
    const epoch = this.epoch;
    for (let i = 0; i < rest.length || i === 0; i += ADD_BATCH) {
      if (i > 0) {
        await nextFrame();
        if (epoch !== this.epoch) return []; // cleared or restored meanwhile
      }
      cy.batch(() => {
        cy.add(rest.slice(i, i + ADD_BATCH).map((n, j) => ({ group: 'nodes', data: nodeData(n), position: placed[i + j] })));
        this.mergeEdges(edges); // those whose two ends are in by now
      });
      this.tuneForSize();
    }
    return fresh.map((n) => n.id);
  }

  /**
   * Merges relationships into the drawn edges: one edge per type and pair
   * of nodes, keeping every relationship id and evidence sentence.
   */
  mergeEdges(rels) {
    const cy = this.cy;
    const fresh = new Map(); // key -> data of an edge not drawn yet
    for (const r of rels) {
      if (cy.getElementById(r.source).empty() || cy.getElementById(r.target).empty()) continue;
      const key = edgeKey(r.type, r.source, r.target);
      const existing = cy.getElementById(key);
      const d = existing.nonempty() ? existing.data() : fresh.get(key);
      if (!d) {
        const titles = r.title ? [r.title] : [];
        fresh.set(key, {
          id: key,
          source: r.source,
          target: r.target,
          type: r.type,
          rels: [r.id],
          evidence: r.evidence ? [{ ...r.evidence, relationshipId: r.id }] : [],
          titles,
          reference: !r.evidence,
          caption: caption(r.type, titles, 1),
        });
        continue;
      }
      if (d.rels.includes(r.id)) continue;
      const rels2 = [...d.rels, r.id];
      const evidence = r.evidence ? [...d.evidence, { ...r.evidence, relationshipId: r.id }] : d.evidence;
      const titles = r.title && !d.titles.includes(r.title) ? [...d.titles, r.title] : d.titles;
      const update = { rels: rels2, evidence, titles, reference: d.reference && !r.evidence, caption: caption(r.type, titles, rels2.length) };
      if (existing.nonempty()) existing.data(update);
      else Object.assign(d, update);
    }
    if (fresh.size) cy.add([...fresh.values()].map((data) => ({ group: 'edges', data })));
  }

  /** Where a new, unconnected start goes: right of the drawing. */
  freeSpot() {
    const nodes = this.cy.nodes();
    if (nodes.empty()) return { x: 0, y: 0 };
    const bb = nodes.boundingBox();
    return { x: bb.x2 + 320, y: (bb.y1 + bb.y2) / 2 };
  }

  placeAround(anchorId, count) {
    if (!count) return [];
    const cy = this.cy;
    const anchor = anchorId ? cy.getElementById(anchorId) : cy.collection();
    if (anchor.empty()) {
      if (cy.nodes().empty()) return ringPositions({ x: 0, y: 0 }, count, null);
      const bb = cy.nodes().boundingBox();
      return ringPositions({ x: bb.x2 + 200, y: (bb.y1 + bb.y2) / 2 }, count, { x: 1, y: 0 });
    }
    const a = anchor.position();
    const others = cy.nodes().not(anchor);
    let away = null;
    if (others.nonempty()) {
      let sx = 0;
      let sy = 0;
      others.forEach((n) => {
        const p = n.position();
        sx += p.x;
        sy += p.y;
      });
      const dx = a.x - sx / others.length;
      const dy = a.y - sy / others.length;
      if (Math.hypot(dx, dy) > 40) away = { x: dx, y: dy };
    }
    return ringPositions(a, count, away);
  }

  /** Large graphs: straight edges, and edges left out while panning or zooming. */
  tuneForSize() {
    const large = this.cy.edges().length >= BEZIER_BELOW;
    if (large === this.large) return;
    this.large = large;
    this.cy.style().selector('edge').style('curve-style', large ? 'straight' : 'bezier').update();
    // The renderer's hideEdgesOnViewport option, read at every frame, is
    // only settable at start through the public API: set it where present.
    const r = this.cy.renderer();
    if (r && 'hideEdgesOnViewport' in r) r.hideEdgesOnViewport = large;
  }

  visibleNodes() {
    return this.cy.nodes().filter(shownNode);
  }

  visibleEdges() {
    return this.cy.edges().filter(shownEdge);
  }

  isVisible(id) {
    const el = this.cy.getElementById(id);
    if (el.empty()) return false;
    return el.isNode() ? shownNode(el) : shownEdge(el);
  }

  /** Applies the filters and the reader's hidden nodes. */
  applyVisibility({ hiddenLabels, hiddenTypes, hidden }) {
    const hl = new Set(hiddenLabels);
    const ht = new Set(hiddenTypes);
    const hn = new Set(hidden);
    this.cy.batch(() => {
      this.cy.nodes().forEach((n) => {
        setClass(n, 'f-hidden', hl.has(n.data('label')));
        setClass(n, 'u-hidden', hn.has(n.id()));
      });
      this.cy.edges().forEach((e) => setClass(e, 'f-hidden', ht.has(e.data('type'))));
    });
  }

  /** Locks the pinned nodes where they are (or at the given positions). */
  applyPins(pinned) {
    this.cy.batch(() => {
      this.cy.nodes().forEach((n) => {
        const p = pinned[n.id()];
        if (p) {
          n.unlock();
          n.position({ x: p.x, y: p.y });
          n.lock();
          setClass(n, 'pinned', true);
        } else if (n.locked()) {
          n.unlock();
          setClass(n, 'pinned', false);
        }
      });
    });
  }

  markExpanded(ids) {
    const set = new Set(ids);
    this.cy.batch(() => this.cy.nodes().forEach((n) => setClass(n, 'expanded', set.has(n.id()))));
  }

  /** Highlights a path (node ids and edge keys); null clears it. */
  highlightPath(path) {
    const cy = this.cy;
    cy.batch(() => {
      cy.elements('.path, .faded').removeClass('path faded');
      if (!path) return;
      // The path is always shown, even through filtered or hidden nodes.
      const ids = new Set([...path.nodeIds, ...path.edgeKeys]);
      cy.elements().forEach((el) => {
        if (ids.has(el.id())) {
          setClass(el, 'f-hidden', false);
          setClass(el, 'u-hidden', false);
          el.addClass('path');
        } else el.addClass('faded');
      });
    });
  }

  select(id) {
    this.cy.batch(() => {
      this.cy.elements(':selected').unselect();
      if (id) this.cy.getElementById(id).select();
    });
  }

  selectedNodeIds() {
    return this.cy.nodes(':selected').map((n) => n.id());
  }

  /** Centres the view on an element without changing the zoom much. */
  focus(id) {
    const el = this.cy.getElementById(id);
    if (!this.isVisible(id)) return;
    this.cy.animate({ center: { eles: el }, zoom: Math.max(this.cy.zoom(), 0.8) }, { duration: 300 });
  }

  fit(eles) {
    const target = eles ?? this.visibleNodes();
    if (target.empty()) return;
    this.cy.fit(target, 40);
    if (this.cy.zoom() > 1.6) {
      this.cy.zoom(1.6);
      this.cy.center(target);
    }
  }

  visibleCounts() {
    const nodes = this.visibleNodes();
    const byLabel = {};
    nodes.forEach((n) => { byLabel[n.data('label')] = (byLabel[n.data('label')] ?? 0) + 1; });
    const edges = this.visibleEdges();
    const byType = {};
    edges.forEach((e) => { byType[e.data('type')] = (byType[e.data('type')] ?? 0) + 1; });
    return { nodes: nodes.length, edges: edges.length, byLabel, byType, total: this.cy.nodes().length };
  }

  /**
   * Lays out the visible graph in the layout worker. With free, only those
   * nodes move (an expansion); pinned nodes never move. Resolves to false
   * when a newer layout replaced this one or signal cancelled it.
   */
  async layout({ free = null, fit = true, signal = null } = {}) {
    const cy = this.cy;
    const gen = ++this.layoutGen;
    const nodes = this.visibleNodes();
    if (nodes.empty()) return true;
    const freeSet = free ? new Set(free) : null;
    const job = { nodes: [], edges: [], fixed: [], quality: 'default' };
    nodes.forEach((n) => {
      const p = n.position();
      // The label (up to 12 characters, under the node) counts towards its size.
      const labelWidth = Math.min(12, Array.from(n.data('short')).length) * 11;
      job.nodes.push({ id: n.id(), w: Math.max(n.width(), labelWidth), h: n.height() + 18, x: p.x, y: p.y });
      if (n.locked() || (freeSet && !freeSet.has(n.id()))) job.fixed.push({ id: n.id(), x: p.x, y: p.y });
    });
    if (freeSet && job.fixed.length === job.nodes.length) return true;
    this.visibleEdges().forEach((e) => job.edges.push({ source: e.data('source'), target: e.data('target') }));
    const stop = () => cancelLayout();
    signal?.addEventListener('abort', stop, { once: true });
    const positions = await runLayout(job).finally(() => signal?.removeEventListener('abort', stop));
    if (!positions || gen !== this.layoutGen) return false;
    const movable = cy.nodes().filter((n) => positions[n.id()] && !n.locked());
    if (movable.length < ANIMATE_BELOW) {
      await new Promise((resolve) => {
        const l = movable.layout({
          name: 'preset',
          positions: (n) => positions[n.id()],
          animate: true,
          animationDuration: 450,
          fit: false,
        });
        l.one('layoutstop', resolve);
        l.run();
      });
    } else {
      cy.batch(() => movable.forEach((n) => { n.position(positions[n.id()]); }));
    }
    if (fit) this.fit();
    return true;
  }

  /** The graph's elements and positions, for undo. */
  snapshot() {
    const nodes = this.cy.nodes().map((n) => ({ data: { ...n.data() }, position: { ...n.position() } }));
    const edges = this.cy.edges().map((e) => ({ data: { ...e.data() } }));
    return { nodes, edges };
  }

  restore(snap) {
    const cy = this.cy;
    this.layoutGen++;
    this.epoch++;
    cy.batch(() => {
      cy.elements().remove();
      cy.add(snap.nodes.map((n) => ({ group: 'nodes', data: n.data, position: n.position })));
      cy.add(snap.edges.map((e) => ({ group: 'edges', data: e.data })));
    });
    this.tuneForSize();
  }

  clear() {
    this.layoutGen++;
    this.epoch++;
    this.cy.elements().remove();
    this.tuneForSize();
  }

  /** The visible view as a PNG Blob. */
  png() {
    return this.cy.png({ output: 'blob-promise', full: true, scale: 2, bg: '#FFFFFF', maxWidth: 8000, maxHeight: 8000 });
  }

  /** The visible nodes and relationships, with positions and evidence. */
  toJSON() {
    const nodes = this.visibleNodes().map((n) => {
      const d = n.data();
      return { id: d.id, label: d.label, name: d.name, aliases: d.aliases, position: roundPos(n.position()), pinned: n.locked() };
    });
    const relationships = this.visibleEdges().map((e) => {
      const d = e.data();
      return {
        type: d.type,
        source: d.source,
        target: d.target,
        ids: d.rels,
        titles: d.titles,
        evidence: d.evidence.map((ev) => ({
          relationshipId: ev.relationshipId,
          sentence: ev.sentence,
          headline: ev.headline ?? null,
          document: ev.document ? { id: ev.document.id, title: ev.document.title, newspaper: ev.document.newspaper, date: ev.document.date, source: ev.document.source } : { id: ev.documentId },
          start: ev.start,
          end: ev.end,
        })),
      };
    });
    return { nodes, relationships };
  }
}

function roundPos(p) {
  return { x: Math.round(p.x), y: Math.round(p.y) };
}
