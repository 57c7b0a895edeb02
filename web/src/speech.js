// The speechwriter view (讲稿助手): a topic (and optionally places and
// dates) in, a brief out: what officials said on it (direct speech first)
// and the sentences stating their proposals and goals, grouped by city and
// date, each with the speaker's title chain and its citation; every quote
// and the whole brief copy with their sources, and the brief exports as
// Markdown, Word and CSV.
import { docxBytes } from './docx.js';
import { download, fill, h } from './dom.js';
import { labelName, nodeName, shapeSVG } from './model.js';
import { crossReference, crossReferenceCSV } from './queries.js';
import { clean, copyText, readButton, sourceLine } from './quote.js';
import { notify, run } from './status.js';

/** Splits "株洲市, 醴陵 长沙" into names. */
export function parseCities(text) {
  return String(text ?? '').split(/[\s,，、;；]+/).map((s) => s.trim()).filter(Boolean);
}

/** The names asked for that match none of the resolved cities (by id, name or alias). */
export function unresolvedCities(asked, cities) {
  return asked.filter((n) => !cities.some((c) => c.id === n || c.name === n || (c.aliases ?? []).includes(n)));
}

/** The place names a BAD_USER_INPUT error says the graph does not know, or null. */
export function unknownCities(err) {
  const m = /no city named (.+?) in the graph/.exec(`${err?.detail ?? ''} ${err?.message ?? ''}`);
  return err?.code === 'BAD_USER_INPUT' && m ? m[1].split(', ') : null;
}

/** Groups the API's groups (sorted by city, then date) under one heading per city. */
export function groupByCity(groups) {
  const out = [];
  for (const g of groups) {
    const key = g.city?.id ?? '';
    let last = out[out.length - 1];
    if (!last || last.key !== key) {
      last = { key, city: g.city, dates: [] };
      out.push(last);
    }
    last.dates.push({ date: g.date, items: g.items });
  }
  return out;
}

/** The whole result as plain text, for pasting into a draft. */
export function resultText(res) {
  const lines = [`话题：${res.topic}（共 ${res.totalCount} 条）`];
  for (const c of groupByCity(res.groups)) {
    lines.push('', `【${c.city?.name ?? '地点不详'}】`);
    for (const d of c.dates) {
      lines.push(`  ${d.date ?? '日期不详'}`);
      for (const it of d.items) {
        lines.push(`  · ${labelName(it.label)}：${speakerOf(it)}${it.related.length ? `（相关：${it.related.map(nameOf).join('、')}）` : ''}`);
        for (const q of it.quotes) lines.push(`      ${citedQuote(q)}`);
      }
    }
  }
  return lines.join('\n');
}

const nameOf = (n) => (n ? nodeName(n) || n.id || '' : '');

/** 株洲市政协委员、荷塘区人大教科文卫委主任黎婷: the title chain, then the name. */
export function speakerOf(it) {
  const titles = (it.titles ?? []).map(clean).filter(Boolean);
  return `${titles.join('、')}${clean(it.name)}`;
}

/** 原话 for direct speech, 转述 for reported speech, 原文 for other sentences. */
export function kindName(kind) {
  return kind === 'direct' ? '原话' : kind === 'reported' ? '转述' : '原文';
}

/** The source of a quote: the API's citation, or one built from its parts. */
function citationOf(q) {
  return clean(q.citation) || sourceLine(q);
}

/** A quote with its source: “words”（《headline》，newspaper，date）. */
export function citedQuote(q) {
  return `“${clean(q.text ?? q.sentence)}”（${citationOf(q)}）`;
}

/**
 * What "复制（含出处）" copies for one quote: for what an official said, who
 * said it (title chain and name) and how, then the words and the source.
 */
export function quoteWithCitation(it, q) {
  if (it.label === 'Official' && q.kind) {
    return `${speakerOf(it)}${q.kind === 'direct' ? '说：' : '表示，'}${citedQuote(q)}`;
  }
  return citedQuote(q);
}

/**
 * What "复制（GB/T 7714）" copies for one quote: the speaker and the words as
 * quoteWithCitation has them, and on the next line the document's GB/T
 * 7714-2015 entry (q.gbt); the short form when the API gave none.
 */
export function quoteWithGBT(it, q) {
  const gbt = clean(q.gbt);
  if (!gbt) return quoteWithCitation(it, q);
  const words = `“${clean(q.text ?? q.sentence)}”`;
  const lead = it.label === 'Official' && q.kind ? `${speakerOf(it)}${q.kind === 'direct' ? '说：' : '表示，'}` : '';
  return `${lead}${words}\n${gbt}`;
}

/** The whole brief as plain text with every quote's speaker and source. */
export function briefText(res) {
  const lines = [`讲稿素材：${res.topic}`];
  for (const c of groupByCity(res.groups)) {
    for (const d of c.dates) {
      lines.push('', `【${c.city?.name ?? '地点不详'}｜${d.date ?? '日期不详'}】`);
      for (const it of d.items) for (const q of it.quotes) lines.push(quoteWithCitation(it, q));
    }
  }
  return lines.join('\n');
}

/** Markdown-escapes text for a list item or a heading. */
const md = (s) => clean(s).replace(/([\\`*_[\]<>#|])/g, '\\$1');

/** The brief as a Markdown document: a heading per place and date, each quote a blockquote with its speaker and source. */
export function briefMarkdown(res) {
  const lines = [`# 讲稿素材：${md(res.topic)}`, ''];
  const places = [];
  if (res.cities?.length) places.push(`地区：${res.cities.map((c) => md(c.name)).join('、')}`);
  if (res.industries?.length) places.push(`产业：${res.industries.map((i) => md(i.name)).join('、')}`);
  lines.push(`共 ${res.totalCount} 条${places.length ? `；${places.join('；')}` : ''}。直接引语在前，新近的在前。`, '');
  for (const c of groupByCity(res.groups)) {
    lines.push(`## ${md(c.city?.name ?? '地点不详')}`, '');
    for (const d of c.dates) {
      lines.push(`### ${md(d.date ?? '日期不详')}`, '');
      for (const it of d.items) {
        const titles = (it.titles ?? []).map(md).filter(Boolean);
        lines.push(`- **${md(it.name)}**（${labelName(it.label)}${titles.length ? `；${titles.join('、')}` : ''}）`);
        if (it.related.length) lines.push(`  相关：${it.related.map((n) => md(nameOf(n))).join('、')}`);
        for (const q of it.quotes) {
          lines.push('', `  > ${kindName(q.kind)}：“${md(q.text ?? q.sentence)}”`, `  > —— ${md(citationOf(q))}`);
        }
        lines.push('');
      }
    }
  }
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trim()}\n`;
}

/** The brief as blocks for the Word document: headings, items, quotes and their sources. */
export function briefBlocks(res) {
  const blocks = [{ h1: `讲稿素材：${clean(res.topic)}` }, { text: `共 ${res.totalCount} 条。直接引语在前，新近的在前。` }];
  for (const c of groupByCity(res.groups)) {
    blocks.push({ h2: c.city?.name ?? '地点不详' });
    for (const d of c.dates) {
      blocks.push({ h3: d.date ?? '日期不详' });
      for (const it of d.items) {
        const titles = (it.titles ?? []).map(clean).filter(Boolean);
        blocks.push({ item: clean(it.name), detail: [labelName(it.label), titles.join('、')].filter(Boolean).join('；') });
        for (const q of it.quotes) {
          blocks.push({ kind: kindName(q.kind), quote: `“${clean(q.text ?? q.sentence)}”` }, { source: citationOf(q) });
        }
      }
    }
  }
  return blocks;
}

/** The brief as a .docx file's bytes. */
export const briefDocx = (res) => docxBytes(briefBlocks(res));

/** A file name for the brief: 讲稿素材-人工智能.md. */
export function briefFileName(topic, ext) {
  return `讲稿素材-${String(topic ?? '').replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 40) || '话题'}.${ext}`;
}

/** One quote: its kind, the words, the sentence they are in, the source, and a copy-with-citation button. */
function quoteFigure(it, q) {
  const words = clean(q.text ?? q.sentence);
  const sentence = clean(q.sentence);
  return h('figure', { class: `quote quote-${q.kind ?? 'sentence'}` },
    h('blockquote', {}, words),
    q.kind && sentence !== words ? h('p', { class: 'quote-sentence muted' }, '原句：', sentence) : null,
    h('figcaption', {}, h('span', { class: 'quote-kind' }, kindName(q.kind)), citationOf(q)),
    h('button', {
      type: 'button',
      class: 'copy copy-cite',
      title: '复制这句话及出处（含讲话人职务）',
      'aria-label': `复制（含出处）：${words.slice(0, 30)}`,
      onclick: (ev) => {
        const b = ev.currentTarget;
        copyText(quoteWithCitation(it, q)).then((ok) => {
          if (!ok) return;
          b.textContent = '已复制';
          setTimeout(() => { b.textContent = '复制（含出处）'; }, 1600);
        });
      },
    }, '复制（含出处）'),
    clean(q.gbt) ? h('button', {
      type: 'button',
      class: 'copy copy-gbt',
      title: `复制这句话及 GB/T 7714 参考文献：${clean(q.gbt)}`,
      'aria-label': `复制（GB/T 7714）：${words.slice(0, 30)}`,
      onclick: (ev) => {
        const b = ev.currentTarget;
        copyText(quoteWithGBT(it, q)).then((ok) => {
          if (!ok) return;
          b.textContent = '已复制';
          setTimeout(() => { b.textContent = '复制（GB/T 7714）'; }, 1600);
        });
      },
    }, '复制（GB/T 7714）') : null,
    readButton({ documentId: q.document?.id, start: q.start, end: q.end, sentence: q.sentence }));
}

/**
 * @param {HTMLElement} root the view's element
 * @param {{getQuery: () => object, setQuery: (q: object) => void, openInGraph: (id: string) => void}} ctx
 */
export function setupSpeech(root, ctx) {
  const form = root.querySelector('form');
  const out = root.querySelector('#speech-results');
  const fields = {
    topic: form.elements.namedItem('topic'),
    cities: form.elements.namedItem('cities'),
    from: form.elements.namedItem('from'),
    to: form.elements.namedItem('to'),
  };

  const load = async () => {
    const q = ctx.getQuery();
    for (const k of Object.keys(fields)) fields[k].value = q[k] ?? '';
    if (q.topic) await query(q);
  };

  let asked = [];
  let lastVars = null;
  const query = async (q) => {
    fill(out, h('p', { class: 'muted loading-line' }, `正在查找与“${q.topic}”有关的官员、目标和建议…`));
    const vars = { topic: q.topic, cities: parseCities(q.cities), from: q.from || null, to: q.to || null };
    asked = vars.cities;
    if (!vars.cities.length) vars.cities = null;
    lastVars = vars;
    const res = await run(`查找“${q.topic}”`, async (signal) => {
      try {
        return await crossReference(vars, { signal, timeoutMs: 20000 });
      } catch (err) {
        // A place the graph does not know is the user's typo, shown where
        // they typed it, not as a failure of the service.
        const names = unknownCities(err);
        if (names) return { unknownCities: names };
        throw err;
      }
    });
    if (!res) {
      fill(out, h('p', { class: 'muted' }, '没有结果（查询失败或已取消）。'));
      return;
    }
    if (res.unknownCities) {
      fill(out, h('p', { class: 'warn', role: 'alert' }, `没有识别出这些地区：${res.unknownCities.join('、')}。请检查地名（如“株洲市”或“株洲”）。`));
      return;
    }
    render(res);
  };

  const render = (res) => {
    // Belt and braces: should the API ever resolve fewer places than asked
    // without saying so, an empty result must not read as "nothing here".
    const missing = unresolvedCities(asked, res.cities);
    const unresolved = missing.length
      ? h('p', { class: 'warn', role: 'alert' }, `没有识别出这些地区：${missing.join('、')}。请检查地名（如“株洲市”或“株洲”）。`)
      : null;
    if (!res.totalCount) {
      fill(out, unresolved, h('p', { class: 'empty-result' }, `没有找到与“${res.topic}”有关的内容。`,
        h('br'), '话题可以是产业名称（如“硬质材料”“低空经济”）或原文中的一个词组。'));
      return;
    }
    const cities = groupByCity(res.groups);
    fill(out,
      unresolved,
      h('div', { class: 'speech-summary' },
        h('p', {},
          `“${res.topic}”：${cities.length} 个地方，共 ${res.totalCount} 条`,
          res.industries.length ? `；对应产业：${res.industries.map((i) => i.name).join('、')}` : '',
          res.cities.length ? `；限定地区：${res.cities.map((c) => c.name).join('、')}` : ''),
        res.truncated ? h('p', { class: 'warn' }, '结果太多，只显示了一部分。请加上地区或日期缩小范围。') : null,
        h('div', { class: 'speech-actions' },
          h('button', { type: 'button', id: 'speech-copy-all', onclick: () => copyText(briefText(res)) }, '复制全部（含出处）'),
          h('button', { type: 'button', id: 'speech-copy-text', onclick: () => copyText(resultText(res)) }, '复制全部（纯文本）'),
          h('button', {
            type: 'button',
            id: 'speech-export-md',
            onclick: () => {
              download(new Blob([briefMarkdown(res)], { type: 'text/markdown;charset=utf-8' }), briefFileName(res.topic, 'md'));
              notify('已导出 Markdown');
            },
          }, '导出 Markdown'),
          h('button', {
            type: 'button',
            id: 'speech-export-docx',
            onclick: () => {
              const type = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
              download(new Blob([briefDocx(res)], { type }), briefFileName(res.topic, 'docx'));
              notify('已导出 Word 文档');
            },
          }, '导出 Word（.docx）'),
          h('a', {
            id: 'speech-export-csv',
            class: 'button-link',
            href: crossReferenceCSV(lastVars),
            download: briefFileName(res.topic, 'csv'),
            title: '每行一位官员、一个目标或一条建议，附地点、日期、头衔和引文（UTF-8，Excel 可直接打开）',
          }, '导出 CSV'))),
      cities.map(citySection));
  };

  const citySection = (c) => h('section', { class: 'speech-city' },
    h('h2', {}, c.city?.name ?? '地点不详'),
    c.dates.map((d) => h('section', { class: 'speech-date' },
      h('h3', {}, d.date ?? '日期不详'),
      h('ul', { class: 'speech-items' }, d.items.map((it) => itemBlock(it, d.date))))));

  const itemBlock = (it, date) => h('li', { class: 'speech-item' },
    h('div', { class: 'item-head' },
      h('span', { class: 'badge', html: shapeSVG(it.label) }, labelName(it.label)),
      h('strong', {}, it.name),
      it.titles?.length ? h('span', { class: 'titles' }, it.titles.join('、')) : null,
      h('span', { class: 'item-date muted' }, date ?? '日期不详'),
      h('button', { type: 'button', class: 'link', onclick: () => ctx.openInGraph(it.node.id) }, '在图中查看')),
    it.related.length ? h('p', { class: 'related' }, '相关：', it.related.map(nameOf).join('、')) : null,
    it.quotes.map((q) => quoteFigure(it, q)));

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const q = {
      topic: fields.topic.value.trim(),
      cities: fields.cities.value.trim(),
      from: fields.from.value,
      to: fields.to.value,
    };
    if (!q.topic) {
      fields.topic.focus();
      fill(out, h('p', { class: 'inline-error', role: 'alert' }, '请先输入一个话题。'));
      return;
    }
    if (q.from && q.to && q.from > q.to) {
      fill(out, h('p', { class: 'inline-error', role: 'alert' }, '开始日期晚于结束日期，请检查。'));
      return;
    }
    ctx.setQuery(q);
    query(q);
  });

  return { load };
}
