// Quoting evidence: the sentence with its source, as a reader would cite
// it, and copying it with one click.
import { h } from './dom.js';
import { notify } from './status.js';

/**
 * The source line of a sentence: headline, newspaper, date (the file name
 * when the report names no newspaper).
 * @param {{headline?: string, newspaper?: string, date?: string, title?: string, source?: string}} src
 */
export function sourceLine(src) {
  const parts = [];
  const headline = clean(src.headline) || clean(src.title);
  if (headline) parts.push(`《${headline}》`);
  if (clean(src.newspaper)) parts.push(clean(src.newspaper));
  parts.push(clean(src.date) || '日期不详');
  if (!clean(src.newspaper) && clean(src.source)) parts.push(`来源文件 ${clean(src.source)}`);
  return parts.join('，');
}

/** The text copied for a sentence: “sentence”（source）. */
export function quoteText(sentence, src) {
  return `“${clean(sentence)}”（${sourceLine(src)}）`;
}

/**
 * What the copy button copies: the sentence and, on the next line, its
 * GB/T 7714-2015 reference entry when the API gave one (src.gbt), else the
 * short source line.
 */
export function citedText(sentence, src) {
  const gbt = clean(src.gbt);
  return gbt ? `“${clean(sentence)}”\n${gbt}` : quoteText(sentence, src);
}

export function clean(s) {
  return String(s ?? '').replace(/\s+/g, ' ').trim();
}

/** Flattens Evidence (sentence + document) into a quote source. */
export function evidenceSource(ev) {
  const d = ev.document ?? {};
  return {
    headline: ev.headline, title: d.title, newspaper: d.newspaper, date: d.date, source: d.source ?? ev.documentId, gbt: ev.citation,
    documentId: ev.documentId ?? d.id, start: ev.start, end: ev.end,
  };
}

let reader = null;

/** Registers the document reader that "阅读原文" buttons open. */
export function setReader(open) {
  reader = open;
}

/**
 * A "阅读原文" button: opens the sentence's report in the reader with the
 * sentence highlighted; null without a reader or a document.
 * @param {{documentId?: string, start?: number, end?: number, sentence?: string}} target offsets in characters
 * @param {object} [attrs] more attributes of the button
 * @param {HTMLElement} [from] what gets focus back when the reader closes (the button itself by default)
 */
export function readButton(target, attrs = {}, from = null) {
  if (!reader || !target?.documentId) return null;
  return h('button', {
    type: 'button',
    class: 'copy read',
    title: '打开这篇报道，高亮这句话，并列出这篇报道里的其他事实',
    'aria-label': clean(target.sentence) ? `阅读原文：${clean(target.sentence).slice(0, 30)}` : '阅读原文',
    ...attrs,
    onclick: (ev) => {
      ev.stopPropagation();
      reader(target, from ?? ev.currentTarget);
    },
  }, '阅读原文');
}

export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // Older browsers, or a page not served over https/localhost.
    const ta = h('textarea', { readonly: true, style: 'position:fixed;left:-9999px' });
    ta.value = text;
    document.body.append(ta);
    ta.select();
    const ok = document.execCommand('copy');
    ta.remove();
    if (!ok) {
      notify('浏览器不允许复制，请手动选中文字复制。');
      return false;
    }
  }
  notify('已复制引文');
  return true;
}

/** One quotable sentence: the text, its source, and a copy button (GB/T 7714 when known). */
export function quoteBlock(sentence, src, extra) {
  const text = citedText(sentence, src);
  return h('figure', { class: 'quote' },
    h('blockquote', {}, clean(sentence)),
    h('figcaption', {}, extra ? h('span', { class: 'quote-kind' }, extra) : null, sourceLine(src)),
    h('button', {
      type: 'button',
      class: 'copy',
      title: clean(src.gbt) ? `复制这句话及出处（GB/T 7714）：${clean(src.gbt)}` : '复制这句话及出处',
      'aria-label': `复制引文：${clean(sentence).slice(0, 30)}`,
      onclick: (ev) => {
        const b = ev.currentTarget;
        copyText(text).then((ok) => {
          if (!ok) return;
          b.textContent = '已复制';
          setTimeout(() => { b.textContent = '复制引文'; }, 1600);
        });
      },
    }, '复制引文'),
    readButton({ documentId: src.documentId, start: src.start, end: src.end, sentence }));
}
