// The side panel: the selected node's properties, neighbours and sentences,
// or the selected relationship's evidence with its sources, each quotable.
import { fill, h } from './dom.js';
import { documentTitle, labelName, shapeSVG, typeInfo, typeName } from './model.js';
import { clean, evidenceSource, quoteBlock, readButton } from './quote.js';
import { shorten } from './graphview.js';

function badge(label) {
  return h('span', { class: 'badge', html: `${shapeSVG(label)}` }, labelName(label));
}

function propRows(entries) {
  const rows = entries.filter(([, v]) => v != null && v !== '' && !(Array.isArray(v) && !v.length));
  if (!rows.length) return null;
  return h('dl', { class: 'props' }, rows.map(([k, v]) => [h('dt', {}, k), h('dd', {}, Array.isArray(v) ? v.join('、') : String(v))]));
}

/** Property keys the panel names in Chinese; others show as they are. */
const PROP_NAMES = {
  code: '行政区划代码', level: '级别', title: '标题', newspaper: '报纸', date: '日期', source: '文件',
  encoding: '编码', bytes: '字节数', city: '城市', sha256: 'SHA-256', kind: '引语',
};
const VALUES = {
  level: { province: '省级', prefecture: '地级', county: '县级', town: '乡镇' },
  kind: { direct: '直接引语', reported: '转述' },
};
// A statement's offsets and document are where its quote block cites it.
const SKIP_PROPS = new Set(['name', 'aliases', 'text', 'paragraphs', 'headlines', 'reporters', 'start', 'end', 'document']);

function propsOf(details) {
  const p = details?.properties ?? {};
  return Object.entries(p)
    .filter(([k, v]) => !SKIP_PROPS.has(k) && (typeof v !== 'object' || v === null))
    .map(([k, v]) => [PROP_NAMES[k] ?? k, VALUES[k]?.[v] ?? v]);
}

/** A statement's words, quotable with the sentence's source. */
function statementBlock(info) {
  if (!info?.text) return null;
  const src = info.citation ? evidenceSource(info.citation) : {};
  const who = (info.speakers?.nodes ?? []).map((n) => n.name).join('、');
  return h('section', { class: 'evidence' },
    h('h3', {}, who ? `${who}说` : '言论'),
    quoteBlock(info.text, src, VALUES.kind[info.kind] ?? info.kind),
    info.citation?.sentence && info.citation.sentence !== info.text
      ? h('p', { class: 'muted' }, '原句：', clean(info.citation.sentence)) : null);
}

function aliasesBlock(aliases) {
  const list = (aliases ?? []).map(clean).filter(Boolean);
  if (!list.length) return null;
  const shown = list.slice(0, 8).map((a) => h('li', { title: a }, shorten(a, 28)));
  return h('section', {},
    h('h3', {}, '别名'),
    h('ul', { class: 'aliases' }, shown, list.length > 8 ? h('li', { class: 'muted' }, `另有 ${list.length - 8} 个`) : null));
}

/**
 * Shows a node.
 * @param {HTMLElement} el
 * @param {{data: object, neighbours: {id: string, name: string, label: string, type: string, out: boolean}[],
 *          expanded: boolean, pinned: boolean, path: string[]|null}} view
 * @param {object} actions expand, hide, pin, pathFrom, pathTo, select
 * @param {Promise<object>|null} details the node's details, loading
 */
export function showNode(el, view, actions, details) {
  const d = view.data;
  const body = h('div', { class: 'panel-body' }, h('p', { class: 'muted loading-line' }, '正在加载详情…'));
  fill(el,
    h('header', { class: 'panel-head' },
      badge(d.label),
      h('h2', { id: 'details-title', tabindex: '-1' }, d.name)),
    h('div', { class: 'actions', role: 'group', 'aria-label': '节点操作' },
      h('button', { type: 'button', class: 'primary', 'data-action': 'expand', onclick: () => actions.expand(d.id), title: '快捷键 E' },
        view.expanded ? '再次展开' : '展开邻居'),
      h('button', { type: 'button', 'data-action': 'hide', onclick: () => actions.hide(d.id), title: '快捷键 H' }, '隐藏'),
      h('button', { type: 'button', 'data-action': 'pin', 'aria-pressed': String(view.pinned), onclick: () => actions.pin(d.id), title: '快捷键 P' },
        view.pinned ? '取消固定' : '固定位置'),
      h('button', { type: 'button', 'data-action': 'path-from', onclick: () => actions.pathFrom(d.id) }, '设为路径起点'),
      h('button', { type: 'button', 'data-action': 'path-to', onclick: () => actions.pathTo(d.id) }, '设为路径终点')),
    body);

  const neighbours = view.neighbours.length
    ? h('section', {},
      h('h3', {}, `图中相邻（${view.neighbours.length}）`),
      h('ul', { class: 'neighbours' }, view.neighbours.slice(0, 60).map((n) => h('li', {},
        h('span', { class: 'rel' }, n.out ? `${typeName(n.type)} →` : `← ${typeName(n.type)}`),
        h('button', { type: 'button', class: 'link', title: n.name, onclick: () => actions.select(n.id) }, n.name),
        h('span', { class: 'muted' }, labelName(n.label)))),
      view.neighbours.length > 60 ? h('li', { class: 'muted' }, `另有 ${view.neighbours.length - 60} 个`) : null))
    : h('p', { class: 'muted' }, view.expanded ? '当前筛选下没有相邻节点。' : '还没有展开：双击节点或按“展开邻居”。');

  const render = (info, error) => {
    const parts = [];
    if (error) parts.push(h('p', { class: 'inline-error', role: 'alert' }, `详情加载失败：${error.message}`,
      h('button', { type: 'button', class: 'link', onclick: () => actions.select(d.id) }, '重试')));
    parts.push(aliasesBlock(info?.aliases ?? d.aliases));
    const props = [];
    if (d.label === 'Document') {
      parts.push(h('p', { class: 'actions' }, readButton({ documentId: d.id }, { class: 'read', title: '打开这篇报道的全文，并列出其中的事实' })));
      props.push(['标题', info ? documentTitle(info) : d.name], ['报纸', info?.newspaper], ['日期', info?.date], ['文件', info?.source], ['城市', info?.city?.name], ['记者', info?.reporters]);
    } else if (d.label === 'City') {
      props.push(['上级', info?.parent?.name]);
    } else if (d.label === 'Statement') {
      parts.push(statementBlock(info));
    }
    props.push(...propsOf(info));
    const seen = new Set();
    const table = propRows(props.filter(([k]) => (seen.has(k) ? false : seen.add(k))));
    if (table) parts.push(h('section', {}, h('h3', {}, '属性'), table));
    if (info?.positions?.length) {
      parts.push(h('section', {}, h('h3', {}, '职务'), h('ul', { class: 'plain' }, info.positions.map((p) =>
        h('li', {}, [p.city?.name, p.organization?.name].filter(Boolean).join(' · '), p.title ? ` ${p.title}` : '')))));
    }
    if (info?.headlines?.length) {
      parts.push(h('section', {}, h('h3', {}, '版面标题'), h('ul', { class: 'plain' }, info.headlines.map((t) => h('li', {}, t)))));
    }
    parts.push(neighbours);
    if (info?.evidence?.length) {
      parts.push(h('section', { class: 'evidence' },
        h('h3', {}, `原文中的句子（${info.evidence.length}）`),
        info.evidence.map((ev) => quoteBlock(ev.sentence, evidenceSource(ev), typeName(ev.relationshipType)))));
    }
    fill(body, parts);
  };
  if (!details) render(null, null);
  else details.then((info) => render(info, null), (err) => render(null, err));
}

/**
 * Shows a relationship (all the reports stating it) and its evidence.
 * @param {HTMLElement} el
 * @param {object} d the edge's data
 * @param {object} src the source node's data
 * @param {object} dst the target node's data
 * @param {object} actions select
 */
export function showEdge(el, d, src, dst, actions) {
  const t = typeInfo(d.type);
  const evidence = dedupe(d.evidence);
  fill(el,
    h('header', { class: 'panel-head' },
      h('span', { class: 'badge rel-badge' }, `关系 · ${d.type}`),
      h('h2', { id: 'details-title', tabindex: '-1' }, t.name, d.titles.length ? `（${d.titles.join('、')}）` : '')),
    h('p', { class: 'ends' },
      h('button', { type: 'button', class: 'link', onclick: () => actions.select(d.source) }, src?.name ?? d.source),
      h('span', { class: 'arrow', 'aria-label': `${t.name}` }, ` —${t.name}→ `),
      h('button', { type: 'button', class: 'link', onclick: () => actions.select(d.target) }, dst?.name ?? d.target)),
    h('p', { class: 'muted' }, t.hint, d.rels.length > 1 ? `；${d.rels.length} 篇报道分别记载了这一关系` : ''),
    h('section', { class: 'evidence', 'aria-label': '依据' },
      h('h3', {}, evidence.length ? `依据（${evidence.length} 句）` : '依据'),
      evidence.length
        ? evidence.map((ev) => quoteBlock(ev.sentence, evidenceSource(ev)))
        : h('p', { class: 'muted' }, '这是参考数据（如行政区划），不是从报道中读出的，没有原文出处。')),
    h('details', { class: 'tech' }, h('summary', {}, '技术信息'), h('ul', { class: 'plain mono' }, d.rels.map((id) => h('li', {}, id)))));
}

function dedupe(evidence) {
  const seen = new Set();
  return evidence.filter((ev) => {
    const k = `${ev.documentId}:${ev.start}:${ev.end}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** The panel with nothing selected: what the reader can do. */
export function showHelp(el, counts) {
  fill(el,
    h('header', { class: 'panel-head' }, h('h2', { id: 'details-title', tabindex: '-1' }, '详情')),
    h('div', { class: 'help' },
      counts?.nodes ? h('p', {}, `图中有 ${counts.nodes} 个节点、${counts.edges} 条关系。`) : null,
      h('ul', {},
        h('li', {}, '单击节点或关系，在这里查看属性和原文依据。'),
        h('li', {}, '双击节点（或按 E）展开它的邻居。'),
        h('li', {}, '按住 Shift 单击两个节点，再点“查找最短路径”。'),
        h('li', {}, '快捷键：/ 搜索，H 隐藏，P 固定，Ctrl+Z 撤销，F 适应窗口，Esc 取消选择。'))));
}
