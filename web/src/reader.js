// The document reader: from any evidence sentence, the whole article it is
// in with the sentence highlighted (and scrolled into view), the article's
// facts beside it (each focusable in the graph), and the whole page (a
// newspaper page holds several articles) one click away. A modal <dialog>:
// Esc closes it and focus goes back where it was.
//
// Offsets from the API count characters (Unicode code points, Go's runes);
// JavaScript strings index UTF-16 code units, which differ after any
// character outside the BMP (𠀀, emoji). unitOffsets converts.
import { $, fill, h } from './dom.js';
import { labelName, nodeName, shapeSVG, typeName } from './model.js';
import { readerDocument } from './queries.js';
import { clean, copyText, sourceLine } from './quote.js';
import { run } from './status.js';

/**
 * The UTF-16 offset of every code point offset of text: out[i] is where
 * the i-th character starts, out[n] the text's length.
 * @param {string} text
 * @returns {Uint32Array}
 */
export function unitOffsets(text) {
  const out = [];
  let u = 0;
  for (const ch of text) {
    out.push(u);
    u += ch.length;
  }
  out.push(u);
  return Uint32Array.from(out);
}

/** Characters (code points) [lo, hi) of text, given its unitOffsets. */
export function charSlice(text, units, lo, hi) {
  const n = units.length - 1;
  const a = Math.max(0, Math.min(lo, n));
  const b = Math.max(a, Math.min(hi, n));
  return text.slice(units[a], units[b]);
}

/**
 * The article (of the API's list) holding character offset at, else the
 * first.
 * @param {{start: number, end: number}[]} articles
 */
export function articleIndexAt(articles, at) {
  const i = articles.findIndex((a) => a.start <= at && at < a.end);
  return i >= 0 ? i : 0;
}

/**
 * Splits characters [lo, hi) of text into paragraphs (at line breaks, blank
 * lines dropped), each a list of runs {text, mark}: mark is true for the
 * characters of [markStart, markEnd). Offsets are characters.
 * @returns {{start: number, runs: {text: string, mark: boolean}[]}[]}
 */
export function paragraphs(text, units, lo, hi, markStart = -1, markEnd = -1) {
  const out = [];
  const body = charSlice(text, units, lo, hi);
  let at = lo; // character offset of the current line
  for (const line of body.split('\n')) {
    const len = Array.from(line).length;
    const start = at;
    const end = at + len;
    at = end + 1;
    if (!line.trim()) continue;
    const runs = [];
    const push = (a, b, mark) => {
      if (b > a) runs.push({ text: charSlice(text, units, a, b), mark });
    };
    const ms = Math.max(start, markStart);
    const me = Math.min(end, markEnd);
    if (me > ms) {
      push(start, ms, false);
      push(ms, me, true);
      push(me, end, false);
    } else push(start, end, false);
    out.push({ start, runs });
  }
  return out;
}

/**
 * The facts of an article as the reader lists them: statements (with who
 * said them), relationships between entities, and the entities named.
 * @param {{nodes: object[], edges: object[]}} facts non-MENTIONS relationships
 * @param {{nodes: object[], edges: object[]}} named MENTIONS relationships
 * @param {{start: number, end: number}} cited the sentence the reader opened at
 */
export function factList(facts, named, cited) {
  const byId = new Map([...(facts?.nodes ?? []), ...(named?.nodes ?? [])].map((n) => [n.id, n]));
  const name = (id) => (byId.get(id) ? nodeName(byId.get(id)) : id);
  const inCited = (ev) => Boolean(ev && cited && ev.start < cited.end && ev.end > cited.start);
  const statements = [];
  const relations = [];
  const seenStatement = new Map();
  for (const e of facts?.edges ?? []) {
    const here = inCited(e.evidence);
    if (e.type === 'SAID') {
      const s = seenStatement.get(e.target);
      if (s) {
        if (!s.speakers.includes(name(e.source))) s.speakers.push(name(e.source));
        continue;
      }
      const item = { kind: 'statement', id: e.target, speakers: [name(e.source)], text: name(e.target), edge: e, here, sentence: e.evidence?.sentence };
      seenStatement.set(e.target, item);
      statements.push(item);
      continue;
    }
    if (e.type === 'ABOUT') continue; // a statement's topics: its words show them
    relations.push({
      kind: 'relation', id: `${e.type}|${e.source}|${e.target}`, edge: e, here, sentence: e.evidence?.sentence,
      text: `${name(e.source)} —${typeName(e.type)}${e.title ? `（${e.title}）` : ''}→ ${name(e.target)}`,
    });
  }
  const entities = [];
  const seen = new Set();
  for (const e of named?.edges ?? []) {
    const n = byId.get(e.target);
    if (!n || seen.has(n.id) || n.label === 'Statement') continue;
    seen.add(n.id);
    entities.push({ kind: 'entity', id: n.id, label: n.label, text: nodeName(n), here: inCited(e.evidence), node: n });
  }
  return { statements, relations, entities };
}

/** A paragraph that is (a line of) the article's headline, shown as one. */
function isHeadline(headline, p) {
  const line = clean(p.runs.map((r) => r.text).join(''));
  return Boolean(line && clean(headline).includes(line));
}

let dialog = null;
let actions = { focusFact: async () => {} };
let opener = null;
let opened = 0; // the latest openReader call: an older one's answer is dropped
let current = null; // {doc, target, whole, articleIndex}

/** Registers what a fact click does (the controller's graph actions). */
export function setupReader(a) {
  actions = { ...actions, ...a };
}

export const isReaderOpen = () => Boolean(dialog?.open);

function ensureDialog() {
  if (dialog) return dialog;
  dialog = h('dialog', { id: 'reader', class: 'reader', 'aria-labelledby': 'reader-title', 'aria-describedby': 'reader-source' });
  dialog.addEventListener('close', () => {
    current = null;
    const back = opener;
    opener = null;
    if (back && back.isConnected) back.focus();
  });
  // A click on the backdrop (outside the dialog's box) closes it too.
  dialog.addEventListener('click', (ev) => {
    if (ev.target !== dialog) return;
    const r = dialog.getBoundingClientRect();
    if (ev.clientX < r.left || ev.clientX > r.right || ev.clientY < r.top || ev.clientY > r.bottom) dialog.close();
  });
  document.body.append(dialog);
  return dialog;
}

/**
 * Opens the reader at a sentence of a document.
 * @param {{documentId: string, start?: number, end?: number, sentence?: string}} target offsets in characters
 * @param {HTMLElement} [from] what to focus again when the reader closes
 */
export async function openReader(target, from = document.activeElement) {
  if (!target?.documentId) return;
  const dlg = ensureDialog();
  opener = from instanceof HTMLElement ? from : null;
  const mine = ++opened;
  fill(dlg, h('div', { class: 'reader-loading' }, h('p', { class: 'muted loading-line' }, '正在打开原文…'),
    h('button', { type: 'button', class: 'reader-close', onclick: () => dlg.close() }, '关闭')));
  if (!dlg.open) dlg.showModal();
  const offset = Math.max(0, target.start ?? 0);
  const doc = await run('打开原文', (signal) => readerDocument(target.documentId, offset, { signal, timeoutMs: 15000 }));
  if (!dlg.open || mine !== opened) return; // closed, or opened at another sentence, while loading
  if (!doc) {
    fill(dlg, h('div', { class: 'reader-loading' },
      h('p', { class: 'inline-error', role: 'alert' }, '原文没能打开（报道已不在数据中，或请求失败）。'),
      h('button', { type: 'button', class: 'reader-close', onclick: () => dlg.close() }, '关闭')));
    return;
  }
  let cited = null;
  if (target.start != null && target.end != null) cited = { start: target.start, end: target.end };
  else if (target.sentence) {
    // No offsets (should not happen): find the sentence in the text.
    const u = doc.text.indexOf(target.sentence);
    if (u >= 0) {
      const start = Array.from(doc.text.slice(0, u)).length;
      cited = { start, end: start + Array.from(target.sentence).length };
    }
  }
  // Without a sentence (a report opened from its node) the whole page shows.
  current = { doc, cited, whole: !cited, articleIndex: articleIndexAt(doc.articles, cited?.start ?? offset) };
  render();
}

function render() {
  const dlg = dialog;
  const { doc, cited } = current;
  const units = unitOffsets(doc.text ?? '');
  const arts = doc.articles?.length ? doc.articles : [{ index: 0, start: 0, end: units.length - 1, headline: doc.title }];
  const art = doc.article ?? arts[current.articleIndex];
  const headline = clean(art?.headline) || clean(doc.title) || '原文';
  const src = { headline: art?.headline, title: doc.title, newspaper: doc.newspaper, date: doc.date, source: doc.source };
  const list = factList(art?.facts, art?.named, cited);
  const many = arts.length > 1;

  let marks = 0; // a sentence across a line break is marked in each paragraph; the first is scrolled to
  const textOf = (a, withMark) => paragraphs(doc.text ?? '', units, a.start, a.end, withMark ? cited?.start ?? -1 : -1, withMark ? cited?.end ?? -1 : -1)
    .map((p, i) => h('p', { class: i < 4 && isHeadline(a.headline, p) ? 'reader-headline' : null },
      p.runs.map((r) => (r.mark ? h('mark', { class: 'cited', id: marks++ ? null : 'reader-cited' }, r.text) : r.text))));
  const articleSection = (a) => h('section', {
    class: `reader-article${a.index === art.index ? ' current' : ''}`,
    'aria-label': clean(a.headline) || `第 ${a.index + 1} 篇`,
  },
  current.whole && many ? h('p', { class: 'reader-article-label muted' }, `第 ${a.index + 1} 篇${a.index === art.index ? '（本篇）' : ''}`) : null,
  textOf(a, a.index === art.index));

  const text = h('article', { class: 'reader-text', lang: 'zh-CN', tabindex: '0', 'aria-label': '原文' },
    current.whole ? arts.map(articleSection) : articleSection(art));

  const item = (f) => h('li', { class: `fact fact-${f.kind}${f.here ? ' here' : ''}` },
    h('button', {
      type: 'button',
      class: 'fact-open',
      'data-fact': f.id,
      title: f.sentence ? `在图中查看。原句：${clean(f.sentence)}` : '在图中查看',
      onclick: () => focusFact(f, art),
    },
    f.kind === 'entity' ? h('span', { class: 'badge', html: shapeSVG(f.label) }, labelName(f.label)) : null,
    f.kind === 'statement' ? h('span', { class: 'fact-who' }, `${f.speakers.join('、')}：`) : null,
    h('span', { class: 'fact-text' }, f.text)),
    f.here ? h('span', { class: 'fact-here', title: '出自高亮的这句话' }, '本句') : null);
  const group = (title, items) => (items.length ? h('section', {}, h('h3', {}, `${title}（${items.length}）`), h('ul', { class: 'facts-list' }, items.map(item))) : null);
  const total = list.statements.length + list.relations.length + list.entities.length;

  fill(dlg,
    h('header', { class: 'reader-head' },
      h('div', { class: 'reader-titles' },
        h('h2', { id: 'reader-title', tabindex: '-1' }, headline),
        h('p', { id: 'reader-source', class: 'muted' }, sourceLine(src), many ? `；本版共 ${arts.length} 篇，这是第 ${art.index + 1} 篇` : '')),
      h('div', { class: 'reader-tools', role: 'group', 'aria-label': '原文工具' },
        cited ? h('button', { type: 'button', id: 'reader-goto', onclick: () => scrollToCited(true) }, '定位到引文') : null,
        cited ? h('button', {
          type: 'button',
          id: 'reader-copy',
          onclick: () => copyText(`“${clean(charSlice(doc.text, units, cited.start, cited.end))}”${doc.citation ? `\n${clean(doc.citation)}` : `（${sourceLine(src)}）`}`),
        }, '复制引文') : null,
        many ? h('button', {
          type: 'button',
          id: 'reader-whole',
          'aria-pressed': String(current.whole),
          onclick: () => {
            current.whole = !current.whole;
            render();
            $('#reader-whole')?.focus();
          },
        }, current.whole ? '只看本篇' : `查看整版（${arts.length} 篇）`) : null,
        h('button', { type: 'button', class: 'reader-close', id: 'reader-close', 'aria-label': '关闭原文（Esc）', title: '关闭（Esc）', onclick: () => dlg.close() }, '关闭'))),
    h('div', { class: 'reader-body' },
      text,
      h('aside', { class: 'reader-facts', 'aria-label': '本篇中的事实' },
        h('h2', {}, `本篇中的事实（${total}）`),
        total ? null : h('p', { class: 'muted' }, '这篇没有读出事实。'),
        h('p', { class: 'muted hint' }, '点击一项，在图谱中显示并选中它。'),
        group('言论', list.statements),
        group('关系', list.relations),
        group('提到', list.entities),
        art?.facts?.truncated || art?.named?.truncated ? h('p', { class: 'muted' }, '这篇的事实太多，只列出了前 100 条。') : null)));
  // Re-rendering replaced what had focus: put it on the title, inside the
  // dialog, for a screen reader to announce and Tab to start from.
  if (!dlg.contains(document.activeElement) || document.activeElement === dlg) $('#reader-title', dlg)?.focus();
  scrollToCited(false);
}

function scrollToCited(focus) {
  const m = dialog?.querySelector('#reader-cited');
  if (!m) return;
  // After layout: the dialog has just been filled.
  requestAnimationFrame(() => {
    m.scrollIntoView({ block: 'center' });
    if (focus) {
      m.setAttribute('tabindex', '-1');
      m.focus();
    }
  });
}

async function focusFact(f, art) {
  const nodes = [...(art.facts?.nodes ?? []), ...(art.named?.nodes ?? [])];
  const want = f.kind === 'entity' ? [f.id] : [f.edge.source, f.edge.target];
  const sub = { nodes: want.map((id) => nodes.find((n) => n.id === id)).filter(Boolean), edges: f.kind === 'entity' ? [] : [f.edge] };
  opener = null; // focus goes to the graph's panel, not back to the opener
  dialog.close();
  await actions.focusFact({ id: f.id, sub, kind: f.kind });
}
