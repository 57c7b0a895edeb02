// Loading indicators and plain-words errors. Every request the page makes
// goes through run(): it shows what is being loaded, how long it has taken,
// a cancel button, and on failure the reason and a retry button.
import { ApiError } from './api.js';
import { $, fill, h } from './dom.js';

const tasks = new Map(); // id -> {label, started, ctl}
let seq = 0;
let ticker = 0;

function render() {
  const box = $('#activity');
  const list = [...tasks.values()];
  document.body.classList.toggle('busy', list.length > 0);
  if (!list.length) {
    fill(box);
    box.hidden = true;
    clearInterval(ticker);
    ticker = 0;
    return;
  }
  box.hidden = false;
  const t = list[list.length - 1];
  const secs = Math.floor((performance.now() - t.started) / 1000);
  fill(box,
    h('span', { class: 'spinner', 'aria-hidden': 'true' }),
    h('span', { class: 'activity-text' }, `${t.label}…`, secs >= 2 ? ` 已等待 ${secs} 秒` : '', list.length > 1 ? `（另有 ${list.length - 1} 项）` : ''),
    h('button', { type: 'button', class: 'link', onclick: () => t.ctl.abort() }, '取消'));
  if (!ticker) ticker = setInterval(render, 1000);
}

/**
 * Runs task(signal) with a loading indicator; on failure shows the error
 * with a retry button and resolves to undefined.
 * @template T
 * @param {string} label what is being done, in plain words
 * @param {(signal: AbortSignal) => Promise<T>} task
 * @param {{quiet?: boolean}} [opts] quiet: no error banner (the caller shows it)
 * @returns {Promise<T|undefined>}
 */
export async function run(label, task, opts = {}) {
  const id = ++seq;
  const ctl = new AbortController();
  tasks.set(id, { label, started: performance.now(), ctl });
  render();
  try {
    const v = await task(ctl.signal);
    clearError();
    return v;
  } catch (err) {
    if (err instanceof ApiError && err.kind === 'cancelled') {
      notify(`已取消：${label}`);
      return undefined;
    }
    if (!opts.quiet) showError(label, err, () => run(label, task, opts));
    if (opts.quiet) throw err;
    return undefined;
  } finally {
    tasks.delete(id);
    render();
  }
}

/** Shows an error in plain words, with a retry button when given. */
export function showError(label, err, retry) {
  const box = $('#error');
  const words = err instanceof ApiError ? err.message : `出了点问题：${err?.message ?? err}`;
  const detail = err instanceof ApiError ? [err.code, err.status ? `HTTP ${err.status}` : '', err.detail].filter(Boolean).join(' · ') : String(err?.stack ?? '');
  fill(box,
    h('p', { class: 'error-title' }, h('strong', {}, `${label}失败。`), ' ', words),
    detail ? h('details', {}, h('summary', {}, '技术细节'), h('pre', {}, detail)) : null,
    h('div', { class: 'error-actions' },
      retry ? h('button', { type: 'button', class: 'primary', onclick: () => { clearError(); retry(); } }, '重试') : null,
      h('button', { type: 'button', onclick: clearError }, '关闭')));
  box.hidden = false;
  box.querySelector('button')?.focus({ preventScroll: true });
}

export function clearError() {
  const box = $('#error');
  box.hidden = true;
  fill(box);
}

let toastTimer = 0;
/** A short message that goes away by itself (announced to screen readers). */
export function notify(text) {
  const el = $('#toast');
  el.textContent = text;
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { el.hidden = true; }, 3500);
}
