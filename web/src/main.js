// The explorer's controller: wires the search, the graph, the side panel,
// the filters, the path tool and the speechwriter view to the view state,
// keeps the URL in step with it, and keeps an undo history.
import { $, download, fill, h } from './dom.js';
import { GraphView } from './graphview.js';
import { LABELS, REL_TYPES, labelName, nodeName as displayName, shapeSVG, typeName } from './model.js';
import { showEdge, showHelp, showNode } from './panel.js';
import * as api from './queries.js';
import { copyText, setReader } from './quote.js';
import { isReaderOpen, openReader, setupReader } from './reader.js';
import { setupSearch } from './search.js';
import { setupSpeech } from './speech.js';
import { notify, run, showError } from './status.js';
import { cloneState, decodeState, emptyState, encodeState } from './viewstate.js';

const MAX_HISTORY = 60;
const PATH_MAX_DEPTH = 6;

let state = emptyState();
let pathResult = null; // {nodeIds, edgeKeys, steps}
let pathDraft = { from: null, to: null };
let undoStack = [];
let lastHash = '';
const detailsCache = new Map();

const graph = new GraphView($('#graph'), {
  onSelect: (sel) => select(sel?.id ?? null),
  onExpand: (id) => expand(id),
  onMoved: (before) => {
    pushUndo({ state: cloneState(state), snap: before, pathResult });
    writeUrl();
  },
  onHover: showTooltip,
});

// ---- state, URL and undo ----

function writeUrl() {
  const hash = encodeState(state);
  lastHash = hash;
  if (location.hash.replace(/^#/, '') !== hash) history.replaceState(null, '', hash ? `#${hash}` : location.pathname);
}

function pushUndo(entry) {
  undoStack.push(entry);
  if (undoStack.length > MAX_HISTORY) undoStack.shift();
  $('#undo').disabled = false;
}

/** Remembers the view before a change, for undo. */
function checkpoint() {
  pushUndo({ state: cloneState(state), snap: graph.snapshot(), pathResult });
}

function undo() {
  const entry = undoStack.pop();
  $('#undo').disabled = undoStack.length === 0;
  if (!entry) {
    notify('没有可以撤销的操作。');
    return;
  }
  state = entry.state;
  pathResult = entry.pathResult;
  graph.restore(entry.snap);
  refresh();
  writeUrl();
  notify('已撤销');
}

const visibleLabels = () => (state.hiddenLabels.length ? LABELS.map((l) => l.id).filter((l) => !state.hiddenLabels.includes(l)) : null);
const visibleTypes = () => (state.hiddenTypes.length ? REL_TYPES.map((t) => t.id).filter((t) => !state.hiddenTypes.includes(t)) : null);

/** Brings the drawing, the panels and the controls in line with the state. */
function refresh() {
  graph.applyVisibility(state);
  graph.applyPins(state.pinned);
  graph.markExpanded(state.expanded);
  graph.highlightPath(pathResult);
  if (state.selected && !graph.has(state.selected)) state.selected = null;
  graph.select(state.selected);
  const counts = graph.visibleCounts();
  renderFilters(counts);
  renderPath();
  renderPanel(counts);
  renderCounts(counts);
  $('#unhide').disabled = state.hidden.length === 0;
  $('#undo').disabled = undoStack.length === 0;
  $('#depth').value = String(state.depth);
  $('#limit').value = String(state.limit);
  $('#empty').hidden = !graph.isEmpty();
}

// ---- graph actions ----

function nodeName(id) {
  return graph.node(id)?.data('name') ?? id;
}

/** Fetches a node's neighbourhood and adds it around the node. */
async function expand(id, { undoable = true } = {}) {
  const before = undoable ? { state: cloneState(state), snap: graph.snapshot(), pathResult } : null;
  const wasEmpty = graph.isEmpty();
  const vars = { id, depth: state.depth, limit: state.limit, labels: visibleLabels(), types: visibleTypes() };
  const sub = await run(`展开“${nodeName(id)}”`, (signal) => api.neighborhood(vars, { signal }));
  if (!sub) return false;
  if (before) pushUndo(before);
  const fresh = await graph.add(sub, id);
  state.expanded = [...state.expanded.filter((x) => x !== id), id];
  state.added = state.added.filter((x) => x !== id);
  state.hidden = state.hidden.filter((x) => x !== id);
  if (!state.selected) state.selected = id;
  refresh();
  writeUrl();
  const others = sub.nodes.length - 1;
  if (sub.truncated) notify(`邻居太多，只取了前 ${state.limit} 个。可在“展开设置”里调高上限。`);
  else if (!fresh.length || (fresh.length === 1 && fresh[0] === id)) notify(others ? '没有新的邻居：都已在图中。' : '当前筛选下，这个节点没有邻居。');
  await layoutAfterAdd(fresh, wasEmpty, id);
  return true;
}

async function layoutAfterAdd(fresh, wasEmpty, focusId) {
  if (!fresh.length) {
    if (focusId) graph.focus(focusId);
    return;
  }
  const large = graph.cy.nodes().length > 300;
  if (wasEmpty) graph.fit(); // and small: far fewer labels to draw until the layout is done
  const label = large ? '正在布局（大图需要几秒）' : '正在布局';
  await run(label, (signal) => graph.layout({ free: wasEmpty ? null : fresh, fit: false, signal }));
  const n = graph.visibleCounts().nodes;
  if (wasEmpty || n <= 300) graph.fit();
  else if (focusId) graph.focus(focusId);
}

/** Starts from a search result: adds it and its neighbours, or finds it if present. */
async function startFrom(node) {
  if (graph.has(node.id)) {
    if (state.hidden.includes(node.id)) {
      checkpoint();
      state.hidden = state.hidden.filter((x) => x !== node.id);
    }
    select(node.id);
    graph.focus(node.id);
    if (!state.expanded.includes(node.id)) await expand(node.id);
    return;
  }
  if (state.hiddenLabels.includes(node.label)) {
    checkpoint();
    state.hiddenLabels = state.hiddenLabels.filter((l) => l !== node.label);
    notify(`已显示“${labelName(node.label)}”类节点。`);
  }
  state.selected = node.id;
  await expand(node.id);
}

/** Adds single nodes (no neighbours), e.g. from the speechwriter view. */
async function addNodes(ids, { undoable = true } = {}) {
  const missing = ids.filter((id) => !graph.has(id));
  if (!missing.length) return true;
  const list = await run('加载节点', (signal) => api.nodesByIds(missing, { signal }));
  if (!list) return false;
  if (undoable) checkpoint();
  const found = list.filter(Boolean);
  const wasEmpty = graph.isEmpty();
  const fresh = await graph.add({ nodes: found, edges: [] });
  state.added = [...new Set([...state.added, ...found.map((n) => n.id)])];
  if (found.length < missing.length) notify(`${missing.length - found.length} 个节点已不在数据中，已跳过。`);
  refresh();
  writeUrl();
  await layoutAfterAdd(fresh, wasEmpty, found[0]?.id);
  return true;
}

/**
 * Shows a fact picked in the document reader: adds its nodes (and its
 * relationship) to the graph, turning on a label or type the filters hide,
 * then selects and centres it.
 * @param {{id: string, sub: {nodes: object[], edges: object[]}, kind: string}} fact
 */
async function focusFact({ id, sub }) {
  if (state.view !== 'graph') showView('graph');
  checkpoint();
  const labels = new Set(sub.nodes.map((n) => n.label));
  const types = new Set(sub.edges.map((e) => e.type));
  const shown = [...state.hiddenLabels.filter((l) => labels.has(l)).map(labelName), ...state.hiddenTypes.filter((t) => types.has(t)).map(typeName)];
  state.hiddenLabels = state.hiddenLabels.filter((l) => !labels.has(l));
  state.hiddenTypes = state.hiddenTypes.filter((t) => !types.has(t));
  state.hidden = state.hidden.filter((x) => !sub.nodes.some((n) => n.id === x));
  const wasEmpty = graph.isEmpty();
  const fresh = await graph.add(sub, sub.nodes[0]?.id ?? null);
  state.added = [...new Set([...state.added, ...fresh])];
  state.selected = id;
  refresh();
  writeUrl();
  if (shown.length) notify(`已显示：${shown.join('、')}。`);
  await layoutAfterAdd(fresh, wasEmpty, id);
  graph.focus(id);
  $('#details-title')?.focus();
}

function hide(id) {
  if (!graph.has(id) || state.hidden.includes(id)) return;
  checkpoint();
  state.hidden = [...state.hidden, id];
  if (state.selected === id) state.selected = null;
  refresh();
  writeUrl();
  notify(`已隐藏“${nodeName(id)}”。可用“撤销”或“显示隐藏的”恢复。`);
}

function unhideAll() {
  if (!state.hidden.length) return;
  checkpoint();
  state.hidden = [];
  refresh();
  writeUrl();
}

function togglePin(id) {
  const n = graph.node(id);
  if (!n) return;
  checkpoint();
  const pinned = { ...state.pinned };
  if (pinned[id]) delete pinned[id];
  else pinned[id] = { ...n.position() };
  state.pinned = pinned;
  refresh();
  writeUrl();
  notify(pinned[id] ? '已固定：重新布局时不会移动它。' : '已取消固定。');
}

function select(id) {
  if (state.selected === id) return;
  state.selected = id;
  graph.select(id);
  renderPanel();
  writeUrl();
}

function clearAll() {
  if (graph.isEmpty()) return;
  checkpoint();
  const keep = state;
  state = { ...emptyState(), hiddenLabels: keep.hiddenLabels, hiddenTypes: keep.hiddenTypes, depth: keep.depth, limit: keep.limit, view: keep.view, speech: keep.speech };
  pathResult = null;
  pathDraft = { from: null, to: null };
  graph.clear();
  refresh();
  writeUrl();
}

// ---- shortest path ----

function setPathEnd(which, id) {
  pathDraft = { ...pathDraft, [which]: id };
  renderPath();
  notify(`${which === 'from' ? '起点' : '终点'}：${nodeName(id)}`);
}

async function findPath() {
  let { from, to } = pathDraft;
  const sel = graph.selectedNodeIds();
  if ((!from || !to) && sel.length === 2) [from, to] = sel;
  if (!from || !to) {
    fill($('#path-result'), h('p', { class: 'inline-error' }, '请先选两个节点：在详情面板里“设为路径起点/终点”，或按住 Shift 单击两个节点。'));
    return;
  }
  if (from === to) {
    fill($('#path-result'), h('p', { class: 'inline-error' }, '起点和终点是同一个节点。'));
    return;
  }
  const vars = { from, to, maxDepth: PATH_MAX_DEPTH, types: visibleTypes() };
  const res = await run('查找最短路径', (signal) => api.shortestPath(vars, { signal }));
  if (res === undefined) return;
  if (!res) {
    const excluded = state.hiddenTypes.map(typeName).join('、');
    fill($('#path-result'), h('p', { class: 'inline-error' },
      `在 ${PATH_MAX_DEPTH} 步之内没有找到“${nodeName(from)}”和“${nodeName(to)}”之间的连接`,
      excluded ? `（已排除关系：${excluded}；可在“关系类型”里打开后再试）。` : '。'));
    return;
  }
  checkpoint();
  const wasEmpty = graph.isEmpty();
  const fresh = await graph.add(res, from);
  state.path = [from, to];
  state.added = [...new Set([...state.added, ...fresh])];
  pathResult = pathOf(res);
  refresh();
  writeUrl();
  $('#path-result').scrollIntoView({ block: 'nearest' });
  await layoutAfterAdd(fresh, wasEmpty, null);
  graph.fit(graph.cy.elements('.path'));
}

function pathOf(res) {
  const edgeKeys = [];
  const steps = [];
  res.nodes.forEach((n, i) => {
    steps.push({ kind: 'node', id: n.id, label: n.label, name: displayName(n) });
    const e = res.edges[i];
    if (e) {
      edgeKeys.push(`${e.type}|${e.source}|${e.target}`);
      steps.push({ kind: 'edge', type: e.type, forward: e.source === n.id, key: `${e.type}|${e.source}|${e.target}` });
    }
  });
  return { nodeIds: res.nodes.map((n) => n.id), edgeKeys, steps, length: res.length };
}

function clearPath() {
  pathDraft = { from: null, to: null };
  if (state.path || pathResult) {
    checkpoint();
    state.path = null;
    pathResult = null;
    refresh();
    writeUrl();
  } else renderPath();
}

function renderPath() {
  $('#path-from').textContent = pathDraft.from ? nodeName(pathDraft.from) : '未选';
  $('#path-to').textContent = pathDraft.to ? nodeName(pathDraft.to) : '未选';
  const box = $('#path-result');
  if (!pathResult) {
    fill(box);
    return;
  }
  fill(box,
    h('p', { class: 'path-summary' }, `路径长度 ${pathResult.length} 步：`),
    h('ol', { class: 'path-steps' }, pathResult.steps.map((s) => (s.kind === 'node'
      ? h('li', { class: 'path-node' }, h('span', { html: shapeSVG(s.label) }), h('button', { type: 'button', class: 'link', onclick: () => select(s.id) }, s.name))
      : h('li', { class: 'path-edge' }, h('button', { type: 'button', class: 'link', onclick: () => select(s.key) }, s.forward ? `↓ ${typeName(s.type)}` : `↑ ${typeName(s.type)}（反向）`))))));
}

// ---- panels ----

function renderFilters(counts) {
  fill($('#label-filters'), h('legend', {}, '节点类型'), LABELS.map((l) => h('label', { class: 'check' },
    h('input', { type: 'checkbox', checked: !state.hiddenLabels.includes(l.id), 'data-label': l.id, onchange: () => toggleLabel(l.id) }),
    h('span', { html: shapeSVG(l.id) }),
    h('span', { class: 'check-name' }, l.name),
    h('span', { class: 'count', 'aria-label': `可见 ${counts.byLabel[l.id] ?? 0} 个` }, String(counts.byLabel[l.id] ?? 0)))));
  fill($('#type-filters'), h('legend', {}, '关系类型'), REL_TYPES.map((t) => h('label', { class: 'check', title: t.hint },
    h('input', { type: 'checkbox', checked: !state.hiddenTypes.includes(t.id), 'data-type': t.id, onchange: () => toggleType(t.id) }),
    h('span', { class: 'check-name' }, t.name, h('span', { class: 'code' }, ` ${t.id}`)),
    h('span', { class: 'count' }, String(counts.byType[t.id] ?? 0)))));
}

function toggleLabel(label) {
  checkpoint();
  state.hiddenLabels = state.hiddenLabels.includes(label) ? state.hiddenLabels.filter((l) => l !== label) : [...state.hiddenLabels, label];
  refresh();
  writeUrl();
  $(`#label-filters input[data-label="${label}"]`)?.focus();
}

function toggleType(type) {
  checkpoint();
  state.hiddenTypes = state.hiddenTypes.includes(type) ? state.hiddenTypes.filter((t) => t !== type) : [...state.hiddenTypes, type];
  refresh();
  writeUrl();
  $(`#type-filters input[data-type="${type}"]`)?.focus();
}

function renderCounts(c) {
  const hiddenN = c.total - c.nodes;
  $('#counts').textContent = c.total ? `显示 ${c.nodes} 个节点、${c.edges} 条关系${hiddenN ? `（另有 ${hiddenN} 个被筛选或隐藏）` : ''}` : '';
}

function details(id) {
  let p = detailsCache.get(id);
  if (!p) {
    p = api.nodeDetails(id, { timeoutMs: 12000 });
    detailsCache.set(id, p);
    p.catch(() => detailsCache.delete(id));
  }
  return p;
}

const panelActions = {
  expand: (id) => expand(id),
  hide,
  pin: togglePin,
  pathFrom: (id) => setPathEnd('from', id),
  pathTo: (id) => setPathEnd('to', id),
  select: (id) => {
    if (!graph.has(id)) return;
    select(id);
    graph.focus(id);
  },
};

function renderPanel(counts = null) {
  const el = $('#details');
  const id = state.selected;
  const n = id && graph.node(id);
  if (n) {
    const neighbours = [];
    n.connectedEdges().forEach((e) => {
      if (!graph.isVisible(e.id())) return;
      const out = e.data('source') === id;
      const other = out ? e.target() : e.source();
      if (other.id() === id) return;
      neighbours.push({ id: other.id(), name: other.data('name'), label: other.data('label'), type: e.data('type'), out });
    });
    showNode(el, { data: n.data(), neighbours, expanded: state.expanded.includes(id), pinned: Boolean(state.pinned[id]) }, panelActions, details(id));
    return;
  }
  const e = id && graph.edge(id);
  if (e) {
    showEdge(el, e.data(), e.source().data(), e.target().data(), panelActions);
    return;
  }
  showHelp(el, counts ?? graph.visibleCounts());
}

function showTooltip(info) {
  const tip = $('#tooltip');
  if (!info) {
    tip.hidden = true;
    return;
  }
  fill(tip, h('strong', {}, info.name), h('span', { class: 'muted' }, ` ${labelName(info.label)}`));
  tip.style.left = `${Math.round(info.x + 14)}px`;
  tip.style.top = `${Math.round(info.y + 14)}px`;
  tip.hidden = false;
}

// ---- export ----

function stamp() {
  const d = new Date();
  const p = (x) => String(x).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

async function exportPNG() {
  if (graph.isEmpty()) {
    notify('图是空的，没有可导出的内容。');
    return;
  }
  try {
    const blob = await graph.png();
    download(blob, `policygraph-${stamp()}.png`);
    notify('已导出 PNG');
  } catch (err) {
    showError('导出 PNG', err);
  }
}

export function viewJSON() {
  return {
    format: 'policygraph-view/1',
    exportedAt: new Date().toISOString(),
    url: location.href,
    filters: { hiddenLabels: state.hiddenLabels, hiddenTypes: state.hiddenTypes },
    expanded: state.expanded,
    path: pathResult ? { from: state.path?.[0], to: state.path?.[1], nodes: pathResult.nodeIds, length: pathResult.length } : null,
    ...graph.toJSON(),
  };
}

function exportJSON() {
  const blob = new Blob([JSON.stringify(viewJSON(), null, 2)], { type: 'application/json' });
  download(blob, `policygraph-${stamp()}.json`);
  notify('已导出 JSON');
}

// ---- restoring a shared view ----

async function restoreFromUrl() {
  const s = decodeState(location.hash);
  state = s;
  lastHash = encodeState(s);
  pathResult = null;
  pathDraft = { from: s.path?.[0] ?? null, to: s.path?.[1] ?? null };
  undoStack = [];
  graph.clear();
  showView(s.view);
  const wantSelected = s.selected;
  refresh(); // clears the selection: its node is not loaded yet
  if (s.view === 'speech') await speech.load();
  if (!s.expanded.length && !s.added.length && !s.path) return;
  const ok = await run('按链接恢复视图', async (signal) => {
    const skipped = [];
    const vars = (id) => ({ id, depth: s.depth, limit: s.limit, labels: visibleLabels(), types: visibleTypes() });
    const results = await mapLimit(s.expanded, 4, (id) => api.neighborhood(vars(id), { signal }).catch((err) => {
      if (err.code === 'NOT_FOUND') return null;
      throw err;
    }));
    for (const [i, sub] of results.entries()) {
      if (sub) await graph.add(sub, s.expanded[i]);
      else skipped.push(s.expanded[i]);
    }
    const extra = s.added.filter((id) => !graph.has(id));
    if (extra.length) {
      const found = (await api.nodesByIds(extra, { signal })).filter(Boolean);
      await graph.add({ nodes: found, edges: [] });
      skipped.push(...extra.filter((id) => !found.some((n) => n.id === id)));
    }
    if (s.path) {
      const res = await api.shortestPath({ from: s.path[0], to: s.path[1], maxDepth: PATH_MAX_DEPTH, types: visibleTypes() }, { signal })
        .catch((err) => (err.code === 'NOT_FOUND' ? null : Promise.reject(err)));
      if (res) {
        await graph.add(res, s.path[0]);
        pathResult = pathOf(res);
      } else state.path = null;
    }
    state.expanded = state.expanded.filter((id) => !skipped.includes(id));
    state.added = state.added.filter((id) => graph.has(id));
    if (skipped.length) notify(`链接里有 ${skipped.length} 个节点已不在数据中，已跳过。`);
    state.selected = wantSelected;
    return true;
  });
  refresh();
  if (!ok) return;
  writeUrl();
  graph.fit();
  await run(graph.cy.nodes().length > 300 ? '正在布局（大图需要几秒）' : '正在布局', (signal) => graph.layout({ fit: true, signal }));
  if (state.selected) graph.focus(state.selected);
}

async function mapLimit(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

// ---- views, keyboard, wiring ----

function showView(view) {
  state.view = view;
  const speechOn = view === 'speech';
  $('#graph-view').hidden = speechOn;
  $('#speech-view').hidden = !speechOn;
  for (const [tab, on] of [[$('#tab-graph'), !speechOn], [$('#tab-speech'), speechOn]]) {
    tab.setAttribute('aria-selected', String(on));
    tab.tabIndex = on ? 0 : -1;
  }
  if (!speechOn) graph.cy.resize();
}

const speech = setupSpeech($('#speech-view'), {
  getQuery: () => state.speech,
  setQuery: (q) => {
    state.speech = q;
    writeUrl();
  },
  openInGraph: async (id) => {
    showView('graph');
    writeUrl();
    if (graph.has(id)) {
      select(id);
      graph.focus(id);
      return;
    }
    await expand(id);
    select(id);
  },
});

function wire() {
  setReader(openReader);
  setupReader({ focusFact });
  setupSearch($('#search-input'), $('#search-list'), (node) => {
    if (state.view !== 'graph') {
      showView('graph');
      writeUrl();
    }
    startFrom(node);
  }, openReader);
  for (const b of document.querySelectorAll('[data-example]')) {
    b.addEventListener('click', () => {
      const input = $('#search-input');
      input.value = b.dataset.example;
      input.focus();
      input.dispatchEvent(new Event('input'));
    });
  }
  $('#tab-graph').addEventListener('click', () => { showView('graph'); writeUrl(); });
  $('#tab-speech').addEventListener('click', () => { showView('speech'); writeUrl(); $('#speech-form input[name=topic]').focus(); });
  $('.tabs').addEventListener('keydown', (ev) => {
    if (ev.key !== 'ArrowLeft' && ev.key !== 'ArrowRight') return;
    const next = state.view === 'graph' ? 'speech' : 'graph';
    showView(next);
    writeUrl();
    $(`#tab-${next}`).focus();
  });
  $('#depth').addEventListener('change', (ev) => { state.depth = Number(ev.target.value); writeUrl(); });
  $('#limit').addEventListener('change', (ev) => { state.limit = Number(ev.target.value); writeUrl(); });
  $('#path-run').addEventListener('click', findPath);
  $('#path-clear').addEventListener('click', clearPath);
  $('#undo').addEventListener('click', undo);
  $('#relayout').addEventListener('click', async () => {
    if (graph.isEmpty()) return;
    checkpoint();
    await run('正在布局', (signal) => graph.layout({ fit: true, signal }));
    writeUrl();
  });
  $('#fit').addEventListener('click', () => graph.fit());
  $('#unhide').addEventListener('click', unhideAll);
  $('#export-png').addEventListener('click', exportPNG);
  $('#export-json').addEventListener('click', exportJSON);
  $('#share').addEventListener('click', () => {
    writeUrl();
    copyText(location.href).then((ok) => ok && notify('分享链接已复制：打开它会重现当前视图。'));
  });
  $('#clear').addEventListener('click', clearAll);

  document.addEventListener('keydown', (ev) => {
    if (isReaderOpen()) return; // the reader's own keys: Esc closes it
    const t = ev.target;
    const typing = t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement || t?.isContentEditable;
    if ((ev.ctrlKey || ev.metaKey) && ev.key.toLowerCase() === 'z' && !typing) {
      ev.preventDefault();
      undo();
      return;
    }
    if (typing || ev.ctrlKey || ev.metaKey || ev.altKey || state.view !== 'graph') return;
    const sel = state.selected && graph.node(state.selected) ? state.selected : null;
    switch (ev.key) {
      case '/':
        ev.preventDefault();
        $('#search-input').focus();
        break;
      case 'e': case 'E':
        if (sel) expand(sel);
        break;
      case 'h': case 'H': case 'Delete':
        if (sel) hide(sel);
        break;
      case 'p': case 'P':
        if (sel) togglePin(sel);
        break;
      case 'f': case 'F':
        graph.fit();
        break;
      case 'Escape':
        select(null);
        break;
      default:
    }
  });
  window.addEventListener('hashchange', () => {
    if (location.hash.replace(/^#/, '') !== lastHash) restoreFromUrl();
  });
  window.addEventListener('resize', () => graph.cy.resize());
}

async function loadStats() {
  const el = $('#stats');
  try {
    const s = await api.stats({ timeoutMs: 10000 });
    const docs = s.labels.find((l) => l.label === 'Document')?.count ?? 0;
    el.textContent = `数据：${docs} 篇报道，${s.nodes - docs} 个实体，${s.relationships} 条关系。`;
  } catch (err) {
    fill(el, h('span', { class: 'inline-error' }, `无法读取数据概况：${err.message}`), ' ',
      h('button', { type: 'button', class: 'link', onclick: loadStats }, '重试'));
  }
}

// A handle for debugging and the end-to-end test: read-only use.
window.__policygraph = { graph, state: () => cloneState(state), pathResult: () => pathResult, viewJSON };

wire();
loadStats();
restoreFromUrl();
