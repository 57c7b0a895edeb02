// The speechwriter view: a topic (and optionally places and dates) in, the
// cross-reference out as a readable list grouped by city and date, every
// sentence quotable with its source.
import { fill, h } from './dom.js';
import { labelName, nodeName, shapeSVG } from './model.js';
import { crossReference } from './queries.js';
import { copyText, quoteBlock, quoteText } from './quote.js';
import { run } from './status.js';

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
        lines.push(`  · ${labelName(it.label)}：${it.name}${it.related.length ? `（相关：${it.related.map(nameOf).join('、')}）` : ''}`);
        for (const q of it.quotes) lines.push(`      ${quoteText(q.sentence, q)}`);
      }
    }
  }
  return lines.join('\n');
}

const nameOf = (n) => (n ? nodeName(n) || n.id || '' : '');

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
  const query = async (q) => {
    fill(out, h('p', { class: 'muted loading-line' }, `正在查找与“${q.topic}”有关的官员、目标和建议…`));
    const vars = { topic: q.topic, cities: parseCities(q.cities), from: q.from || null, to: q.to || null };
    asked = vars.cities;
    if (!vars.cities.length) vars.cities = null;
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
        h('button', { type: 'button', onclick: () => copyText(resultText(res)) }, '复制全部（纯文本）')),
      cities.map(citySection));
  };

  const citySection = (c) => h('section', { class: 'speech-city' },
    h('h2', {}, c.city?.name ?? '地点不详'),
    c.dates.map((d) => h('section', { class: 'speech-date' },
      h('h3', {}, d.date ?? '日期不详'),
      h('ul', { class: 'speech-items' }, d.items.map(itemBlock)))));

  const itemBlock = (it) => h('li', { class: 'speech-item' },
    h('div', { class: 'item-head' },
      h('span', { class: 'badge', html: shapeSVG(it.label) }, labelName(it.label)),
      h('strong', {}, it.name),
      h('button', { type: 'button', class: 'link', onclick: () => ctx.openInGraph(it.node.id) }, '在图中查看')),
    it.related.length ? h('p', { class: 'related' }, '相关：', it.related.map(nameOf).join('、')) : null,
    it.quotes.map((q) => quoteBlock(q.sentence, q)));

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
