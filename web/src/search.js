// The search box: suggestions as you type (debounced, the previous request
// cancelled), keyboard navigable (ARIA combobox), each suggestion a node to
// start from.
import { ApiError } from './api.js';
import { debounce, fill, h } from './dom.js';
import { labelName, nodeName, shapeSVG } from './model.js';
import { search, searchCSV } from './queries.js';
import { readButton } from './quote.js';
import { shorten } from './graphview.js';

const DEBOUNCE_MS = 220;
const SEARCH_TIMEOUT_MS = 8000;
const FIELD_NAMES = { NAME: '名称', ALIAS: '别名', EVIDENCE: '原文' };

/** The snippet with the match marked, built from text (never as HTML). */
export function highlight(snippet, start, end) {
  const chars = Array.from(snippet ?? '');
  if (!(start >= 0 && end > start && end <= chars.length)) return [snippet ?? ''];
  return [chars.slice(0, start).join(''), h('mark', {}, chars.slice(start, end).join('')), chars.slice(end).join('')];
}

/** Where an evidence hit opens the reader: its sentence in its report. */
export function hitTarget(hit) {
  if (hit?.field !== 'EVIDENCE' || !hit.document?.id) return null;
  return { documentId: hit.document.id, start: hit.sentenceStart ?? undefined, end: hit.sentenceEnd ?? undefined, sentence: hit.sentence ?? undefined };
}

/** Keeps the first hit of each node. */
export function uniqueHits(hits) {
  const seen = new Set();
  return hits.filter((hit) => hit.node && !seen.has(hit.node.id) && seen.add(hit.node.id));
}

/**
 * @param {HTMLInputElement} input
 * @param {HTMLUListElement} listbox
 * @param {(node: {id: string, label: string, name: string}) => void} onPick
 * @param {(target: object, from: HTMLElement) => void} [onRead] opens an evidence hit's sentence in the reader
 */
export function setupSearch(input, listbox, onPick, onRead) {
  let hits = [];
  let active = -1;
  let ctl = null;
  let lastQuery = '';

  const close = () => {
    listbox.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const open = () => {
    listbox.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  };
  const message = (text, cls = 'muted', extra = null) => {
    hits = [];
    fill(listbox, h('li', { class: `search-msg ${cls}`, role: 'presentation' }, text, extra));
    open();
  };
  const setActive = (i) => {
    const items = listbox.querySelectorAll('[role=option]');
    items.forEach((li, j) => li.setAttribute('aria-selected', String(j === i)));
    active = i;
    if (i >= 0 && items[i]) {
      input.setAttribute('aria-activedescendant', items[i].id);
      items[i].scrollIntoView({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  };
  const pick = (i) => {
    const hit = hits[i];
    if (!hit) return;
    close();
    onPick(hit.node);
  };

  const renderHits = () => {
    if (!hits.length) {
      message(`没有找到与“${lastQuery}”有关的节点。换个说法试试（例如地名、人名或产业）。`);
      return;
    }
    fill(listbox, hits.map((hit, i) => h('li', {
      id: `search-opt-${i}`,
      role: 'option',
      'aria-selected': 'false',
      class: 'search-opt',
      onmousedown: (ev) => ev.preventDefault(), // keep focus in the input
      onclick: () => pick(i),
    },
    h('span', { class: 'badge', html: shapeSVG(hit.node.label) }, labelName(hit.node.label)),
    h('span', { class: 'opt-name' }, shorten(nodeName(hit.node), 26)),
    hit.field !== 'NAME' ? h('span', { class: 'opt-snippet' },
      h('span', { class: 'opt-field' }, FIELD_NAMES[hit.field] ?? hit.field), '：',
      highlight(hit.snippet, hit.start, hit.end),
      hit.document?.title ? h('span', { class: 'muted' }, ` —《${shorten(hit.document.title, 16)}》`) : null,
      hitTarget(hit) ? readButton(hitTarget(hit), {
        class: 'link read-hit',
        tabindex: '-1', // the option is the keyboard's: Shift+Enter opens it
        title: '打开这篇报道，高亮这句话（选中这一项时按 Shift+Enter）',
        onmousedown: (ev) => ev.preventDefault(),
      }, input) : null) : null)),
    h('li', { class: 'search-msg search-csv', role: 'presentation' },
      h('a', {
        id: 'search-export-csv',
        href: searchCSV(lastQuery),
        download: '',
        title: `“${lastQuery}”的搜索结果（最多 100 条）下载为 CSV 表格`,
        onmousedown: (ev) => ev.preventDefault(), // keep the list open until the click
      }, '导出 CSV')));
    open();
    setActive(0);
  };

  const runSearch = async (q) => {
    ctl?.abort();
    ctl = new AbortController();
    const mine = ctl;
    message('正在搜索…', 'muted loading-line');
    try {
      const res = await search(q, 12, { signal: mine.signal, timeoutMs: SEARCH_TIMEOUT_MS });
      if (mine !== ctl) return;
      hits = uniqueHits(res);
      renderHits();
    } catch (err) {
      if (mine !== ctl || (err instanceof ApiError && err.kind === 'cancelled')) return;
      message(`搜索失败：${err.message}`, 'inline-error',
        h('button', { type: 'button', class: 'link', onmousedown: (ev) => ev.preventDefault(), onclick: () => runSearch(q) }, '重试'));
    }
  };
  const later = debounce(runSearch, DEBOUNCE_MS);

  input.addEventListener('input', () => {
    const q = input.value.trim();
    lastQuery = q;
    if (!q) {
      later.cancel();
      ctl?.abort();
      close();
      return;
    }
    later(q);
  });
  input.addEventListener('keydown', (ev) => {
    const n = hits.length;
    if (ev.key === 'ArrowDown') {
      ev.preventDefault();
      if (listbox.hidden && input.value.trim()) later(input.value.trim());
      else if (n) setActive((active + 1) % n);
    } else if (ev.key === 'ArrowUp') {
      ev.preventDefault();
      if (n) setActive((active - 1 + n) % n);
    } else if (ev.key === 'Enter') {
      ev.preventDefault();
      const target = ev.shiftKey && !listbox.hidden && active >= 0 ? hitTarget(hits[active]) : null;
      if (target) {
        close();
        onRead?.(target, input);
      } else if (!listbox.hidden && active >= 0) pick(active);
      else if (input.value.trim()) {
        later.cancel();
        runSearch(input.value.trim());
      }
    } else if (ev.key === 'Escape') {
      if (!listbox.hidden) {
        ev.preventDefault();
        close();
      }
    }
  });
  input.addEventListener('blur', () => setTimeout(close, 150));
  input.addEventListener('focus', () => {
    if (hits.length && input.value.trim() === lastQuery) {
      renderHits();
    }
  });
}
