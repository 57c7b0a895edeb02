// End-to-end test of the explorer in real headless Chromium against a real
// server on the dev corpus: search 株洲, start from a result, expand a node
// on the canvas, read a relationship's evidence and copy it, draw a
// shortest path, undo, reproduce the view from its URL, export, the
// speechwriter view (its brief copied with citations and exported as
// Markdown and as CSV; the .docx is checked by the unit tests), search hits as CSV, the document reader (opened from a
// relationship's evidence, a brief's quote and a search hit: the sentence highlighted to the character, the
// article's facts, the whole page, Esc, a fact focused in the graph, a narrow screen), plain-words errors with
// retry, and 1,000 nodes.
// Screenshots go to .build/e2e/.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { launchBrowser, outDir, startServer } from './server.mjs';

const shot = (name) => path.join(outDir, name);
let server;
let browser;
let page;
const problems = []; // uncaught page errors and console errors

/** Runs fn(cy, app) in the page, with the explorer's debug handle. */
const inPage = (fn, arg) => page.evaluate(`(${fn})(window.__policygraph.graph.cy, window.__policygraph, ${JSON.stringify(arg ?? null)})`);

/** The on-screen position of a node or an edge's midpoint. */
async function screenPoint(id) {
  const p = await inPage((cy, app, id) => {
    const el = cy.getElementById(id);
    const r = el.isNode() ? el.renderedPosition() : el.renderedMidpoint();
    const box = cy.container().getBoundingClientRect();
    return { x: box.left + r.x, y: box.top + r.y };
  }, id);
  return p;
}

/** Zooms so an element is well inside the view, then returns its point. */
async function bringIntoView(id, zoom = 1.2) {
  await inPage((cy, app, [id, zoom]) => {
    const el = cy.getElementById(id);
    cy.stop();
    cy.zoom(zoom);
    cy.center(el);
  }, [id, zoom]);
  await page.waitForTimeout(150);
  return screenPoint(id);
}

/**
 * The highlighted text is exactly the cited sentence (a sentence over a
 * line break is marked in each paragraph) and is scrolled into view.
 */
async function checkCited(mark, sentence) {
  const marked = await mark.evaluateAll((ms) => ms.map((m) => m.textContent).join(''));
  assert.equal(marked, sentence.replace(/\n+/g, ''), 'the highlight is the evidence sentence, to the character');
  await page.waitForFunction(() => {
    const m = document.querySelector('#reader-cited');
    if (!m) return false;
    const r = m.getBoundingClientRect();
    let box = m.parentElement;
    while (box && box !== document.body && !(box.scrollHeight > box.clientHeight && getComputedStyle(box).overflowY !== 'visible')) box = box.parentElement;
    const c = (box && box !== document.body ? box : document.querySelector('#reader')).getBoundingClientRect();
    return r.height > 0 && r.top >= c.top - 1 && r.top < c.bottom;
  }, null, { timeout: 5000 });
}

function watch(p) {
  p.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  p.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
}

describe('explorer', { timeout: 240000 }, () => {
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    page = await browser.context.newPage();
    watch(page);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('loads with a search box, a legend and the data summary', async () => {
    const res = await page.goto(`${server.url}/`);
    assert.equal(res.status(), 200);
    await page.waitForFunction(() => window.__policygraph && document.querySelector('#stats')?.textContent.includes('报道'));
    assert.equal(await page.getAttribute('#search-input', 'role'), 'combobox');
    assert.equal(await page.locator('#label-filters input[type=checkbox]').count(), 8, 'one filter per label');
    assert.match(await page.locator('#label-filters label', { has: page.locator('input[data-label="Statement"]') }).textContent(), /言论/);
    assert.match(await page.textContent('#stats'), /\d+ 篇报道/);
  });

  it('suggests as you type 株洲 and starts from a result', async () => {
    await page.locator('#search-input').pressSequentially('株洲', { delay: 60 });
    const option = page.locator('#search-list [role=option]', { hasText: '株洲市' }).first();
    await option.waitFor({ timeout: 10000 });
    assert.equal(await page.getAttribute('#search-input', 'aria-expanded'), 'true');
    await page.screenshot({ path: shot('01-suggestions.png') });
    // The hits as a table, from GET /graphql.csv.
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#search-export-csv')]);
    assert.equal(csv.suggestedFilename(), 'search.csv');
    const csvPath = shot('search.csv');
    await csv.saveAs(csvPath);
    const table = await readFile(csvPath, 'utf8');
    assert.ok(table.startsWith('\ufeffnode.id,node.label,node.name,field,snippet,score,'), table.slice(0, 80));
    assert.match(table, /\r\ncity:\d+,City,株洲市,/);
    await option.click();
    await page.waitForFunction(() => window.__policygraph.state().expanded.length === 1 && window.__policygraph.graph.cy.nodes(':visible').length > 5, null, { timeout: 20000 });
    await page.waitForFunction(() => !document.body.classList.contains('busy'), null, { timeout: 30000 });
    const info = await inPage((cy, app) => ({ start: app.state().expanded[0], name: cy.getElementById(app.state().expanded[0]).data('name'), n: cy.nodes(':visible').length }));
    assert.equal(info.name, '株洲市');
    assert.match(await page.textContent('#details h2'), /株洲市/);
    assert.match(page.url(), /#.*x=city/);
    assert.match(await page.textContent('#counts'), /显示 \d+ 个节点/);
  });

  it('expands a node by double-clicking it on the canvas', async () => {
    const target = await inPage((cy, app) => {
      const start = app.state().expanded[0];
      const officials = cy.getElementById(start).neighborhood('node[label = "Official"]:visible');
      return (officials.nonempty() ? officials : cy.getElementById(start).neighborhood('node:visible')).sort((a, b) => (a.id() < b.id() ? -1 : 1))[0].id();
    });
    const before = await inPage((cy) => cy.nodes().length);
    const p = await bringIntoView(target, 1.4);
    await page.mouse.dblclick(p.x, p.y);
    await page.waitForFunction((id) => window.__policygraph.state().expanded.includes(id), target, { timeout: 20000 });
    await page.waitForFunction(() => !document.body.classList.contains('busy'), null, { timeout: 30000 });
    const afterN = await inPage((cy) => cy.nodes().length);
    assert.ok(afterN > before, `expanding ${target} added nodes (${before} → ${afterN})`);
    assert.equal(await inPage((cy, app, id) => cy.getElementById(id).hasClass('expanded'), target), true);
  });

  it('opens the evidence of a relationship and copies a quote', async () => {
    // An edge whose midpoint nothing else covers: around a hub (株洲市 and
    // the statements about it) edges fan out close together, and a click
    // at a midpoint another edge or a node also passes through selects that.
    const edge = await inPage((cy) => {
      const withEvidence = cy.edges(':visible').filter((e) => e.data('evidence').length > 0).sort((a, b) => (a.id() < b.id() ? -1 : 1));
      const clear = withEvidence.filter((e) => {
        const m = e.midpoint();
        const near = (b) => m.x > b.x1 - 8 && m.x < b.x2 + 8 && m.y > b.y1 - 8 && m.y < b.y2 + 8;
        return !cy.nodes(':visible').some((n) => near(n.boundingBox({ includeLabels: false })))
          && !cy.edges(':visible').some((o) => o.id() !== e.id() && Math.hypot(o.midpoint().x - m.x, o.midpoint().y - m.y) < 24);
      });
      return (clear.nonempty() ? clear : withEvidence)[0]?.id();
    });
    assert.ok(edge, 'a visible relationship has evidence');
    await inPage((cy, app, id) => { cy.stop(); cy.fit(cy.getElementById(id), 120); }, edge);
    await page.waitForTimeout(150);
    const p = await screenPoint(edge);
    await page.mouse.click(p.x, p.y);
    await page.waitForFunction((id) => window.__policygraph.state().selected === id, edge, { timeout: 15000 })
      .catch(async (err) => {
        await page.screenshot({ path: shot('02-evidence-missed.png') });
        throw new Error(`clicking ${edge} at (${Math.round(p.x)}, ${Math.round(p.y)}) selected ${await inPage((cy, app) => app.state().selected)}: ${err.message}`);
      });
    const quote = page.locator('#details .quote').first();
    await quote.waitFor();
    const sentence = (await quote.locator('blockquote').textContent()).trim();
    const caption = await quote.locator('figcaption').textContent();
    assert.ok(sentence.length > 4, `an evidence sentence is shown: ${sentence}`);
    assert.match(caption, /，/, 'the source line names headline, newspaper or date');
    await page.screenshot({ path: shot('02-evidence.png') });
    await quote.getByRole('button', { name: /复制引文/ }).click();
    await page.waitForFunction(() => document.querySelector('#toast')?.textContent.includes('已复制'));
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.ok(copied.includes(sentence.slice(0, 10)), `clipboard holds the quote: ${copied}`);
    // The sentence, then its GB/T 7714-2015 entry: 题名[N]. 报纸名, 日期(版次).
    assert.match(copied, /^“.+”\n.+\[(N|N\/OL|EB\/OL)\]\. .+\.$/s, `clipboard holds a GB/T 7714 entry: ${copied}`);
  });

  it('reads an evidence sentence in its article, lists the article\'s facts and focuses one', async () => {
    // The relationship selected above: its first sentence as the API gave it.
    const ev = await inPage((cy, app) => cy.getElementById(app.state().selected).data('evidence')[0]);
    const read = page.locator('#details .quote').first().getByRole('button', { name: /阅读原文/ });
    await read.click();
    const dialog = page.locator('dialog#reader[open]');
    const mark = dialog.locator('mark.cited');
    await mark.first().waitFor({ timeout: 15000 });
    await checkCited(mark, ev.sentence);
    if (ev.headline) assert.equal((await dialog.locator('#reader-title').textContent()).trim(), ev.headline.replace(/\s+/g, ' ').trim());
    const facts = dialog.locator('.reader-facts .fact');
    assert.ok(await facts.count() > 0, 'the article\'s facts are listed');
    assert.ok(await dialog.locator('.reader-facts .fact.here').count() > 0, 'the facts of the highlighted sentence are marked');
    await page.screenshot({ path: shot('02b-reader.png') });
    // The whole page, when the document holds several articles.
    const whole = dialog.locator('#reader-whole');
    if (await whole.count()) {
      await whole.click();
      assert.ok(await dialog.locator('.reader-article').count() > 1, 'the whole page shows every article');
      await checkCited(mark, ev.sentence);
      await whole.click();
      assert.equal(await dialog.locator('.reader-article').count(), 1);
    }
    // Esc closes it and gives focus back to the button that opened it.
    const edge = await inPage((cy, app) => app.state().selected);
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('#reader').open);
    assert.equal(await read.evaluate((b) => b === document.activeElement), true, 'focus is back on 阅读原文');
    assert.ok(await inPage((cy, app) => app.state().selected), 'Esc in the reader did not clear the graph selection');
    // A fact of the article, clicked, is shown and selected in the graph.
    await read.click();
    await mark.first().waitFor({ timeout: 15000 });
    const fact = dialog.locator('.fact-relation .fact-open, .fact-statement .fact-open, .fact-entity .fact-open').first();
    const id = await fact.getAttribute('data-fact');
    await fact.click();
    await page.waitForFunction(() => !document.querySelector('#reader').open);
    await page.waitForFunction((x) => window.__policygraph.state().selected === x, id, { timeout: 20000 });
    await page.waitForFunction(() => !document.body.classList.contains('busy'), null, { timeout: 30000 });
    assert.equal(await inPage((cy, app, x) => cy.getElementById(x).nonempty() && cy.getElementById(x).hasClass('hidden') === false, id), true, `${id} is drawn`);
    assert.ok((await page.textContent('#details h2')).trim().length > 0, 'the panel shows the fact');
    // Undo gives the graph back as it was, for the tests that follow, once
    // the view has stopped moving to the fact; the toasts are let go too.
    await page.waitForFunction(() => !window.__policygraph.graph.cy.animated(), null, { timeout: 10000 });
    await page.click('#undo');
    await page.waitForFunction((x) => window.__policygraph.state().selected === x, edge);
    await page.locator('#toast').waitFor({ state: 'hidden', timeout: 10000 });
    await page.waitForFunction(() => !document.body.classList.contains('busy'), null, { timeout: 30000 });
  });

  it('draws the shortest path between two nodes', async () => {
    const [from, to] = await inPage((cy, app) => {
      const [start, second] = app.state().expanded;
      const near = cy.getElementById(second).closedNeighborhood('node');
      const far = cy.getElementById(start).neighborhood('node:visible').filter((n) => !near.contains(n))
        .sort((a, b) => (a.id() < b.id() ? -1 : 1));
      return [second, far[0]?.id()];
    });
    assert.ok(from && to, 'two nodes that are not neighbours');
    for (const [id, button] of [[from, '设为路径起点'], [to, '设为路径终点']]) {
      const p = await bringIntoView(id, 1.2);
      await page.mouse.click(p.x, p.y);
      await page.waitForFunction((x) => window.__policygraph.state().selected === x, id).catch(async (err) => {
        await page.screenshot({ path: shot('06-path-missed.png') });
        const info = await page.evaluate(([x, y, nid]) => {
          const el = document.elementFromPoint(x, y);
          const cy = window.__policygraph.graph.cy;
          const n = cy.getElementById(nid);
          return { at: el?.tagName + '#' + el?.id + '.' + el?.className, sel: window.__policygraph.state().selected, vis: n.visible(), cls: n.classes(), rp: n.renderedPosition(), dlg: document.querySelector('#reader')?.open, active: document.activeElement?.id };
        }, [p.x, p.y, id]);
        throw new Error(`clicking ${id} at ${JSON.stringify(p)} did not select it: ${JSON.stringify(info)}: ${err.message}`);
      });
      await page.locator('#details').getByRole('button', { name: button }).click();
    }
    await page.click('#path-run');
    await page.waitForSelector('#path-result .path-steps li', { timeout: 20000 });
    await page.waitForFunction(() => !document.body.classList.contains('busy'), null, { timeout: 30000 });
    const drawn = await inPage((cy, app) => {
      const pr = app.pathResult();
      return {
        length: pr.length,
        nodes: cy.nodes('.path:visible').length,
        edges: cy.edges('.path:visible').length,
        faded: cy.elements('.faded').length,
      };
    });
    assert.ok(drawn.length >= 2, `path of ${drawn.length} steps`);
    assert.equal(drawn.edges, drawn.length, 'every step of the path is a highlighted, visible edge');
    assert.equal(drawn.nodes, drawn.length + 1);
    // The highlight is really painted: count path-coloured pixels on the canvas.
    const red = await page.evaluate(() => {
      let n = 0;
      for (const c of document.querySelectorAll('#graph canvas')) {
        const ctx = c.getContext('2d');
        if (!ctx || !c.width) continue;
        const d = ctx.getImageData(0, 0, c.width, c.height).data;
        for (let i = 0; i < d.length; i += 4) {
          if (d[i + 3] > 200 && Math.abs(d[i] - 0xe1) < 24 && Math.abs(d[i + 1] - 0x1d) < 30 && Math.abs(d[i + 2] - 0x48) < 30) n++;
        }
      }
      return n;
    });
    assert.ok(red > 300, `the path is drawn in its colour (${red} pixels)`);
    assert.match(page.url(), /from=.*to=/);
    await page.screenshot({ path: shot('explorer.png') });
  });

  it('undoes the path and reproduces the view from its link', async () => {
    await page.click('#undo');
    assert.equal(await inPage((cy) => cy.elements('.path').length), 0, 'undo removed the path');
    const url = page.url();
    const want = await inPage((cy) => cy.nodes(':visible').map((n) => n.id()).sort());
    const other = await browser.context.newPage();
    watch(other);
    await other.goto(url);
    await other.waitForFunction((n) => window.__policygraph?.graph.cy.nodes(':visible').length === n && !document.body.classList.contains('busy'), want.length, { timeout: 30000 });
    const got = await other.evaluate(() => window.__policygraph.graph.cy.nodes(':visible').map((n) => n.id()).sort());
    assert.deepEqual(got, want, 'the shared link shows the same nodes');
    await other.close();
  });

  it('filters by label and hides and pins nodes', async () => {
    const n0 = await inPage((cy) => cy.nodes(':visible').length);
    const officials = await inPage((cy) => cy.nodes('[label = "Official"]:visible').length);
    assert.ok(officials > 0);
    await page.locator('#label-filters input[data-label="Official"]').uncheck();
    assert.equal(await inPage((cy) => cy.nodes('[label = "Official"]:visible').length), 0);
    assert.match(page.url(), /hl=Document%2COfficial|hl=Official%2CDocument/);
    await page.locator('#label-filters input[data-label="Official"]').check();
    assert.equal(await inPage((cy) => cy.nodes(':visible').length), n0);
    const victim = await inPage((cy, app) => app.state().expanded[0]);
    await inPage((cy, app, id) => { cy.getElementById(id).emit('tap'); }, victim);
    await page.locator('#details').getByRole('button', { name: '固定位置' }).click();
    assert.equal(await inPage((cy, app, id) => cy.getElementById(id).locked(), victim), true);
    await page.keyboard.press('h');
    assert.equal(await inPage((cy, app, id) => cy.getElementById(id).visible(), victim), false);
    await page.click('#undo');
    assert.equal(await inPage((cy, app, id) => cy.getElementById(id).visible(), victim), true);
  });

  it('exports the view as PNG and JSON', async () => {
    const [png] = await Promise.all([page.waitForEvent('download'), page.click('#export-png')]);
    const pngPath = shot('export.png');
    await png.saveAs(pngPath);
    const bytes = await readFile(pngPath);
    assert.equal(bytes.subarray(1, 4).toString(), 'PNG');
    assert.ok(bytes.length > 5000);
    const [json] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
    const jsonPath = shot('export.json');
    await json.saveAs(jsonPath);
    const view = JSON.parse(await readFile(jsonPath, 'utf8'));
    assert.equal(view.format, 'policygraph-view/1');
    assert.ok(view.nodes.length > 5 && view.relationships.length > 0);
    assert.ok(view.relationships.some((r) => r.evidence.length && r.evidence[0].sentence));
  });

  it('lists the cross-reference for a topic by city and date', async () => {
    await page.click('#tab-speech');
    await page.fill('#speech-form input[name=topic]', '硬质材料');
    await page.click('#speech-form button[type=submit]');
    await page.waitForSelector('.speech-city h2', { timeout: 20000 });
    assert.ok(await page.locator('.speech-city').count() >= 1);
    assert.ok(await page.locator('.speech-date h3').count() >= 1);
    assert.ok(await page.locator('.speech-item .quote blockquote').count() >= 1);
    assert.match(page.url(), /view=speech.*topic=/);
    await page.screenshot({ path: shot('03-speechwriter.png') });
  });

  it('briefs a speechwriter on 人工智能: titles, dates, copy with citation, Markdown export', async () => {
    await page.fill('#speech-form input[name=topic]', '人工智能');
    await page.click('#speech-form button[type=submit]');
    await page.waitForSelector('.speech-item .copy-cite', { timeout: 20000 });
    await page.waitForFunction(() => document.querySelector('.speech-summary')?.textContent.includes('人工智能'));
    assert.ok(await page.locator('.speech-item .titles').count() >= 1, 'speakers show their title chain');
    assert.ok(await page.locator('.speech-item .item-date').count() >= 1, 'items show their date');
    assert.ok(await page.locator('.speech-item .quote-direct, .speech-item .quote-reported').count() >= 1, 'statements are quoted');
    // The first quote of the first official quoted: who said it, the words, the source.
    const said = page.locator('.speech-item', { has: page.locator('.quote-direct, .quote-reported') }).first();
    await said.locator('.copy-cite').first().click();
    await page.waitForFunction(() => document.querySelector('#toast')?.textContent.includes('已复制'));
    const one = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(one, /^.+?(说：|表示，)“.+”（.+，(\d{4}-\d{2}-\d{2}|日期不详)[^）]*）$/);
    const words = await said.locator('blockquote').first().textContent();
    assert.ok(one.includes(words.trim()), `copied ${one} has the words ${words}`);
    // The same words with the document's GB/T 7714-2015 entry on the next line.
    await said.locator('.copy-gbt').first().click();
    await page.waitForFunction((prev) => navigator.clipboard.readText().then((t) => t !== prev), one);
    const gbt = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(gbt, /^.+?(说：|表示，)“.+”\n.+\[(N|N\/OL|EB\/OL)\]\. .+\.$/s, `copied ${gbt}`);
    assert.ok(gbt.includes(words.trim()), `copied ${gbt} has the words ${words}`);
    // The quote read in its report: its sentence highlighted, its words in it.
    const readQuote = said.locator('.read').first();
    await readQuote.click();
    const marked = page.locator('dialog#reader[open] mark.cited');
    await marked.first().waitFor({ timeout: 15000 });
    const text = (await marked.evaluateAll((ms) => ms.map((m) => m.textContent).join(''))).replace(/\s+/g, ' ');
    assert.ok(text.includes(words.trim()), `the highlighted sentence ${text} holds the quote ${words}`);
    assert.ok(await page.locator('dialog#reader .reader-facts .fact').count() > 0);
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('#reader').open);
    assert.equal(await readQuote.evaluate((b) => b === document.activeElement), true, 'focus is back on the quote');
    await page.click('#speech-copy-all');
    const all = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(all, /^讲稿素材：人工智能\n/);
    assert.ok(all.includes(one), 'the whole brief holds each quote with its citation');
    const [md] = await Promise.all([page.waitForEvent('download'), page.click('#speech-export-md')]);
    assert.equal(md.suggestedFilename(), '讲稿素材-人工智能.md');
    const mdPath = shot('brief.md');
    await md.saveAs(mdPath);
    const mdText = await readFile(mdPath, 'utf8');
    assert.match(mdText, /^# 讲稿素材：人工智能\n/);
    assert.match(mdText, /\n## .+\n\n### .+\n\n- \*\*/);
    assert.match(mdText, /> (原话|转述)：“/);
    assert.match(mdText, /> —— 《/);
    // The brief as a table: a row per item, with its place and date.
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#speech-export-csv')]);
    const csvPath = shot('brief.csv');
    await csv.saveAs(csvPath);
    const table = await readFile(csvPath, 'utf8');
    assert.ok(table.startsWith('\ufeffcity.name,date,items.label,items.name,items.titles,items.quotes.kind,items.quotes.sentence,items.quotes.citation\r\n'), table.slice(0, 120));
    assert.ok(table.split('\r\n').length > 2, 'the brief has rows');
    assert.ok(table.includes('人工智能'), 'the rows quote the topic');
    await page.screenshot({ path: shot('03b-speechwriter-brief.png') });
    await page.fill('#speech-form input[name=cities]', '株洲，不存在市');
    await page.click('#speech-form button[type=submit]');
    await page.waitForSelector('#speech-results .warn', { timeout: 20000 });
    assert.match(await page.textContent('#speech-results .warn'), /没有识别出这些地区：不存在市/);
    await page.click('#tab-graph');
  });

  it('opens a search hit\'s sentence in the reader, on a phone-sized screen too', async () => {
    const hit = await page.evaluate(async () => {
      const res = await fetch('graphql', { method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ search(query: "看病就医", first: 12) { field sentence sentenceStart document { id } } }' }) });
      return (await res.json()).data.search.find((h) => h.field === 'EVIDENCE');
    });
    assert.ok(hit?.sentence, '看病就医 is found in an evidence sentence');
    await page.setViewportSize({ width: 390, height: 800 });
    try {
      await page.fill('#search-input', '');
      await page.locator('#search-input').pressSequentially('看病就医', { delay: 40 });
      const read = page.locator('#search-list .read-hit').first();
      await read.waitFor({ timeout: 10000 });
      await read.click();
      const mark = page.locator('dialog#reader[open] mark.cited');
      await mark.first().waitFor({ timeout: 15000 });
      await checkCited(mark, hit.sentence);
      const box = await page.locator('dialog#reader').boundingBox();
      assert.ok(box.width <= 390 && box.x >= 0, `the reader fits a narrow screen (${box.width} px)`);
      await page.screenshot({ path: shot('02c-reader-narrow.png') });
      await page.keyboard.press('Escape');
      await page.waitForFunction(() => !document.querySelector('#reader').open);
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'search-input', 'focus is back in the search box');
      await page.fill('#search-input', '');
      await page.evaluate(() => document.activeElement?.blur()); // the next tests type shortcuts
    } finally {
      await page.setViewportSize({ width: 1440, height: 900 });
    }
  });

  it('shows API failures in plain words and retries', async () => {
    let fail = true;
    await page.route('**/graphql', async (route) => {
      if (fail && route.request().postData()?.includes('neighborhood')) {
        await route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":"starting"}' });
      } else await route.continue();
    });
    const id = await inPage((cy, app) => app.state().expanded[0]);
    await inPage((cy, app, x) => { cy.getElementById(x).emit('tap'); }, id);
    await page.keyboard.press('e');
    const banner = page.locator('#error');
    await banner.waitFor({ state: 'visible', timeout: 15000 });
    assert.match(await banner.textContent(), /服务器暂时不可用（HTTP 503）/);
    await page.screenshot({ path: shot('04-error.png') });
    fail = false;
    await banner.getByRole('button', { name: '重试' }).click();
    await banner.waitFor({ state: 'hidden', timeout: 15000 });
    await page.unroute('**/graphql');
    problems.splice(0, problems.length, ...problems.filter((p) => !p.includes('503')));
  });

  it('shows a slow request as loading, with a way to cancel it', async () => {
    await page.route('**/graphql', async (route) => {
      if (route.request().postData()?.includes('neighborhood')) {
        await new Promise((r) => setTimeout(r, 4000));
        await route.continue().catch(() => {});
      } else await route.continue();
    });
    await page.keyboard.press('e');
    const activity = page.locator('#activity');
    await activity.waitFor({ state: 'visible', timeout: 3000 });
    assert.match(await activity.textContent(), /展开“.+”…/);
    await page.waitForFunction(() => /已等待 \d+ 秒/.test(document.querySelector('#activity').textContent), null, { timeout: 15000 });
    await activity.getByRole('button', { name: '取消' }).click();
    await activity.waitFor({ state: 'hidden', timeout: 3000 });
    assert.match(await page.textContent('#toast'), /已取消/);
    assert.equal(await page.locator('#error').isVisible(), false, 'a cancel is not an error');
    await page.unroute('**/graphql');
  });

  it('stays responsive with 1,000 visible nodes', async () => {
    const perf = await browser.context.newPage();
    watch(perf);
    const N = 1000;
    await perf.route('**/graphql', async (route) => {
      const body = route.request().postData() ?? '';
      if (!body.includes('perf:root')) return route.continue();
      const labels = ['Official', 'City', 'Organization', 'Industry', 'Goal', 'Proposal'];
      const nodes = Array.from({ length: N }, (_, i) => ({ id: i ? `perf:n${i}` : 'perf:root', label: labels[i % 6], name: `节点${i}`, aliases: [], node: {} }));
      const edges = [];
      for (let i = 1; i < N; i++) edges.push({ id: `perf:e${i}`, type: 'LOCATED_IN', source: nodes[i].id, target: nodes[Math.floor((i - 1) / 4)].id, title: null, evidence: null });
      for (let i = 0; i < N / 2; i++) edges.push({ id: `perf:x${i}`, type: 'TARGETS', source: nodes[(i * 37) % N].id, target: nodes[(i * 91 + 5) % N].id, title: null, evidence: null });
      await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ data: { neighborhood: { truncated: false, nodes, edges } } }) });
    });
    await perf.addInitScript(() => {
      window.__stalls = [];
      let last = performance.now();
      const tick = (t) => {
        if (t - last > 100) window.__stalls.push(Math.round(t - last));
        last = t;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    const t0 = Date.now();
    await perf.goto(`${server.url}/#x=perf%3Aroot&hl=&ht=MENTIONS&lim=500`);
    await perf.waitForFunction((n) => window.__policygraph?.graph.cy.nodes(':visible').length === n, N, { timeout: 30000 });
    const drawn = Date.now() - t0;
    await perf.waitForFunction(() => !document.body.classList.contains('busy'), null, { timeout: 60000 });
    const laidOut = Date.now() - t0;
    // Pan and zoom a few times and time the frames.
    const box = await perf.locator('#graph').boundingBox();
    const t1 = Date.now();
    for (let i = 0; i < 5; i++) {
      await perf.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await perf.mouse.wheel(0, i % 2 ? 240 : -240);
      await perf.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    }
    const interact = (Date.now() - t1) / 5;
    const stalls = await perf.evaluate(() => window.__stalls);
    const worst = Math.max(0, ...stalls);
    console.log(`# 1000 nodes: drawn after ${drawn} ms, laid out after ${laidOut} ms, zoom step ${interact.toFixed(0)} ms, longest frame gap ${worst} ms`);
    await perf.screenshot({ path: shot('05-thousand-nodes.png') });
    await perf.close();
    assert.ok(worst < 2500, `no freeze longer than 2.5 s (longest ${worst} ms)`);
    assert.ok(interact < 1500, `zooming stays interactive (${interact} ms a step)`);
  });

  it('logged no page errors', () => {
    assert.deepEqual(problems, []);
  });
});
