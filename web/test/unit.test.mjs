// Unit tests of the explorer's pure modules (no browser): the URL state,
// quoting, the API client's error words, and the speechwriter grouping.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ApiError, gql } from '../src/api.js';
import { documentTitle, nodeName } from '../src/model.js';
import { CROSS_REFERENCE_CSV, SEARCH_CSV, crossReferenceCSV, csvURL, searchCSV } from '../src/queries.js';
import { citedText, evidenceSource, quoteText, sourceLine } from '../src/quote.js';
import { briefDocx, briefFileName, briefMarkdown, briefText, groupByCity, parseCities, quoteWithCitation, quoteWithGBT, resultText, speakerOf, unknownCities, unresolvedCities } from '../src/speech.js';
import { cloneState, decodeState, emptyState, encodeState } from '../src/viewstate.js';
import { articleIndexAt, charSlice, factList, paragraphs, unitOffsets } from '../src/reader.js';
import { hitTarget } from '../src/search.js';

describe('view state in the URL', () => {
  it('round-trips every field', () => {
    const s = emptyState();
    s.expanded = ['city:430200', 'official:黎婷', 'proposal:a,b&c=d'];
    s.added = ['industry:硬质材料'];
    s.hidden = ['goal:三高四新'];
    s.pinned = { 'city:430200': { x: 12.4, y: -30 } };
    s.hiddenLabels = ['Document', 'Official'];
    s.hiddenTypes = [];
    s.depth = 2;
    s.limit = 200;
    s.path = ['official:黎婷', 'official:蒋长富'];
    s.selected = 'PROPOSES|official:黎婷|proposal:x';
    s.view = 'speech';
    s.speech = { topic: '硬质材料', cities: '株洲市 醴陵', from: '2025-01-01', to: '2026-12-31' };
    const back = decodeState(`#${encodeState(s)}`);
    assert.deepEqual(back, { ...s, pinned: { 'city:430200': { x: 12, y: -30 } } });
  });

  it('falls back to defaults for junk', () => {
    const s = decodeState('#d=99&lim=7&hl=Nope,City&ht=BAD&since=yesterday&pin=garbage&from=a');
    assert.equal(s.depth, 1);
    assert.equal(s.limit, 100);
    assert.deepEqual(s.hiddenLabels, ['City']);
    assert.deepEqual(s.hiddenTypes, []);
    assert.equal(s.speech.from, '');
    assert.deepEqual(s.pinned, {});
    assert.equal(s.path, null);
    assert.deepEqual(decodeState(''), emptyState());
  });

  it('clones deeply', () => {
    const s = emptyState();
    s.pinned.a = { x: 1, y: 2 };
    const c = cloneState(s);
    c.pinned.a.x = 5;
    c.hiddenLabels.push('City');
    assert.equal(s.pinned.a.x, 1);
    assert.deepEqual(s.hiddenLabels, ['Document']);
  });
});

describe('names', () => {
  it('names a report by its headline, never its file name', () => {
    const cases = [
      [{ title: '株洲两会特刊', headlines: ['株洲两会特刊', '其他'], name: 'zz1.txt' }, '株洲两会特刊'],
      [{ title: '', headlines: ['', ' 第二篇标题 '], name: 'zz1.txt' }, '第二篇标题'],
      [{ title: null, headlines: [], newspaper: '株洲日报', date: '2025-12-27', name: 'zz1.txt' }, '株洲日报 2025-12-27 报道'],
      [{ name: 'zz1.txt' }, '无标题报道'],
    ];
    for (const [d, want] of cases) {
      assert.equal(documentTitle(d), want);
      assert.equal(nodeName({ id: 'document:zz1.txt', label: 'Document', name: d.name, node: d }), want);
      assert.equal(nodeName({ id: 'document:zz1.txt', label: 'Document', ...d }), want);
    }
  });
  it('names anything else by its name', () => {
    assert.equal(nodeName({ id: 'city:430200', label: 'City', name: '株洲市' }), '株洲市');
    assert.equal(nodeName({ id: 'city:430200', name: '株洲市' }), '株洲市');
  });
});

describe('quotes', () => {
  it('cites headline, newspaper and date', () => {
    const src = { headline: '共建硬质合金复合材料中试基地', newspaper: '株洲日报', date: '2026-01-05' };
    assert.equal(sourceLine(src), '《共建硬质合金复合材料中试基地》，株洲日报，2026-01-05');
    assert.equal(quoteText(' 加快 打通\n沿江南路 ', src), '“加快 打通 沿江南路”（《共建硬质合金复合材料中试基地》，株洲日报，2026-01-05）');
  });

  it('says when the date is unknown and names the file without a newspaper', () => {
    assert.equal(sourceLine({ title: '报道', source: 'a.txt' }), '《报道》，日期不详，来源文件 a.txt');
  });

  it('copies an evidence sentence with its GB/T 7714 entry, the short form without one', () => {
    const ev = { sentence: '黎婷建议 共建中试基地。', headline: '代表委员建言', documentId: 'document:zz1.txt',
      citation: '代表委员建言[N]. 株洲日报, 2025-12-27.', document: { title: '把握工作思路', newspaper: '株洲日报', date: '2025-12-27', source: 'zz1.txt' } };
    const src = evidenceSource(ev);
    assert.equal(src.gbt, '代表委员建言[N]. 株洲日报, 2025-12-27.');
    assert.equal(citedText(ev.sentence, src), '“黎婷建议 共建中试基地。”\n代表委员建言[N]. 株洲日报, 2025-12-27.');
    assert.equal(citedText(ev.sentence, evidenceSource({ ...ev, citation: null })), '“黎婷建议 共建中试基地。”（《代表委员建言》，株洲日报，2025-12-27）');
  });
});

describe('speechwriter', () => {
  const groups = [
    { city: { id: 'c1', name: '株洲市' }, date: '2026-01-05', items: [{ label: 'Official', name: '黎婷', related: [{ name: '共建基地' }], quotes: [{ sentence: '句子', newspaper: '株洲日报', date: '2026-01-05' }] }] },
    { city: { id: 'c1', name: '株洲市' }, date: null, items: [] },
    { city: null, date: null, items: [] },
  ];

  it('groups by city, then date', () => {
    const g = groupByCity(groups);
    assert.equal(g.length, 2);
    assert.equal(g[0].city.name, '株洲市');
    assert.deepEqual(g[0].dates.map((d) => d.date), ['2026-01-05', null]);
    assert.equal(g[1].city, null);
  });

  it('writes plain text for a draft', () => {
    const text = resultText({ topic: '硬质材料', totalCount: 1, groups });
    assert.match(text, /【株洲市】\n {2}2026-01-05\n {2}· 官员\/代表：黎婷（相关：共建基地）\n {6}“句子”（株洲日报，2026-01-05）/);
    assert.match(text, /【地点不详】/);
  });

  it('finds the place names the API could not resolve', () => {
    const cities = [{ id: 'city:430200', name: '株洲市', aliases: ['株洲'] }, { id: 'city:430281', name: '醴陵市', aliases: ['醴陵'] }];
    assert.deepEqual(unresolvedCities(['株洲市', '株洲', '醴陵', '不存在', 'city:430281'], cities), ['不存在']);
    assert.deepEqual(unknownCities({ code: 'BAD_USER_INPUT', detail: 'BAD_USER_INPUT: crossReference cities: invalid input: no city named 不存在市, 株州 in the graph' }), ['不存在市', '株州']);
    assert.equal(unknownCities({ code: 'TIMEOUT', detail: 'no city named x in the graph' }), null);
    assert.equal(unknownCities(new Error('boom')), null);
  });

  const brief = {
    topic: '硬质材料', totalCount: 2, cities: [], industries: [{ name: '硬质材料' }],
    groups: [{ city: { id: 'c1', name: '株洲市' }, date: null, items: [
      { label: 'Official', name: '黎婷', titles: ['株洲市政协委员', '荷塘区人大教科文卫委主任'], related: [], quotes: [
        { kind: 'reported', text: '首先要推动产业链融合', sentence: '她认为,首先要推动产业链融合。', citation: '《黎婷 共建中试基地》，株洲日报，日期不详' },
        { kind: null, text: '硬质材料被誉为“工业的牙齿”。', sentence: '硬质材料被誉为“工业的牙齿”。', citation: '《黎婷 共建中试基地》，株洲日报，日期不详' }] },
      { label: 'Proposal', name: '共建*基地', titles: [], related: [{ name: '黎婷' }], quotes: [
        { kind: null, text: '共建中试基地。', sentence: '共建中试基地。', newspaper: '株洲日报', date: '2026-01-05', headline: '建言' }] }] }],
  };

  it('quotes an official with title chain, words and source', () => {
    const it0 = brief.groups[0].items[0];
    assert.equal(speakerOf(it0), '株洲市政协委员、荷塘区人大教科文卫委主任黎婷');
    assert.equal(quoteWithCitation(it0, it0.quotes[0]), '株洲市政协委员、荷塘区人大教科文卫委主任黎婷表示，“首先要推动产业链融合”（《黎婷 共建中试基地》，株洲日报，日期不详）');
    assert.equal(quoteWithCitation(it0, it0.quotes[1]), '“硬质材料被誉为“工业的牙齿”。”（《黎婷 共建中试基地》，株洲日报，日期不详）');
    // Without the API's citation, the source is built from its parts.
    const it1 = brief.groups[0].items[1];
    assert.equal(quoteWithCitation(it1, it1.quotes[0]), '“共建中试基地。”（《建言》，株洲日报，2026-01-05）');
  });

  it('copies a quote with its GB/T 7714 entry', () => {
    const it0 = brief.groups[0].items[0];
    const q = { ...it0.quotes[0], gbt: '刘芳. 黎婷 共建中试基地[N/OL]. 株洲日报(A03). https://epaper.example.cn/1.html.' };
    assert.equal(quoteWithGBT(it0, q), '株洲市政协委员、荷塘区人大教科文卫委主任黎婷表示，“首先要推动产业链融合”\n刘芳. 黎婷 共建中试基地[N/OL]. 株洲日报(A03). https://epaper.example.cn/1.html.');
    const it1 = brief.groups[0].items[1];
    assert.equal(quoteWithGBT(it1, { ...it1.quotes[0], gbt: '建言[N]. 株洲日报, 2026-01-05.' }), '“共建中试基地。”\n建言[N]. 株洲日报, 2026-01-05.');
    assert.equal(quoteWithGBT(it1, it1.quotes[0]), quoteWithCitation(it1, it1.quotes[0]));
  });

  it('writes the whole brief with sources, and as Markdown', () => {
    const text = briefText(brief);
    assert.match(text, /^讲稿素材：硬质材料\n\n【株洲市｜日期不详】\n株洲市政协委员、荷塘区人大教科文卫委主任黎婷表示，“首先要推动产业链融合”/);
    assert.equal(text.split('\n').filter((l) => l.includes('（《')).length, 3);
    const mdText = briefMarkdown(brief);
    assert.match(mdText, /^# 讲稿素材：硬质材料\n/);
    assert.match(mdText, /\n## 株洲市\n\n### 日期不详\n\n- \*\*黎婷\*\*（官员\/代表；株洲市政协委员、荷塘区人大教科文卫委主任）\n/);
    assert.match(mdText, /\n {2}> 转述：“首先要推动产业链融合”\n {2}> —— 《黎婷 共建中试基地》，株洲日报，日期不详\n/);
    assert.match(mdText, /- \*\*共建\\\*基地\*\*/, 'Markdown characters in names are escaped');
    assert.equal(briefFileName('人工智能/AI 应用', 'md'), '讲稿素材-人工智能_AI_应用.md');
  });

  it('writes the brief as a .docx that unzips to Word XML', () => {
    const bytes = briefDocx(brief);
    assert.equal(Buffer.from(bytes.subarray(0, 4)).toString('latin1'), 'PK\x03\x04');
    const dir = mkdtempSync(path.join(tmpdir(), 'brief-'));
    const file = path.join(dir, 'brief.docx');
    writeFileSync(file, bytes);
    // Python's zipfile checks every entry's CRC and reads the document back.
    const out = execFileSync('python3', ['-c', `import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
print(" ".join(z.namelist()))
print(z.read("word/document.xml").decode("utf-8"))`, file], { encoding: 'utf8' });
    rmSync(dir, { recursive: true, force: true });
    const [names, doc] = [out.split('\n')[0], out.split('\n').slice(1).join('\n')];
    assert.equal(names, '[Content_Types].xml _rels/.rels word/document.xml');
    assert.match(doc, /<w:t xml:space="preserve">讲稿素材：硬质材料<\/w:t>/);
    assert.match(doc, /“硬质材料被誉为“工业的牙齿”。”/);
    assert.match(doc, /—— 《黎婷 共建中试基地》，株洲日报，日期不详/);
    assert.match(doc, /共建\*基地/);
  });

  it('splits city lists', () => {
    assert.deepEqual(parseCities(' 株洲市，醴陵、长沙 ; 湘潭'), ['株洲市', '醴陵', '长沙', '湘潭']);
  });
});

describe('CSV links', () => {
  const base = 'http://127.0.0.1:8080/explorer/';
  it('puts the query and its variables on GET graphql.csv, beside the page', () => {
    const u = new URL(csvURL('{ officials { nodes { name } } }', { n: 5, cities: null, skip: undefined }, { base }));
    assert.equal(u.origin + u.pathname, 'http://127.0.0.1:8080/explorer/graphql.csv');
    assert.equal(u.searchParams.get('query'), '{ officials { nodes { name } } }');
    assert.deepEqual(JSON.parse(u.searchParams.get('variables')), { n: 5 });
    assert.equal(u.searchParams.get('rows'), null);
  });
  it('leaves out empty variables and keeps Chinese and & intact', () => {
    const u = new URL(csvURL('{ x }', {}, { base }));
    assert.equal(u.searchParams.get('variables'), null);
    const s = new URL(searchCSV('硬质 & 合金', { base }));
    assert.equal(s.searchParams.get('query'), SEARCH_CSV);
    assert.deepEqual(JSON.parse(s.searchParams.get('variables')), { q: '硬质 & 合金', first: 100 });
  });
  it('makes a brief a row per item', () => {
    const u = new URL(crossReferenceCSV({ topic: '硬质材料', cities: ['株洲市'], from: null, to: '2026-12-31' }, { base }));
    assert.equal(u.searchParams.get('query'), CROSS_REFERENCE_CSV);
    assert.equal(u.searchParams.get('rows'), 'crossReference.groups.items');
    assert.deepEqual(JSON.parse(u.searchParams.get('variables')), { topic: '硬质材料', cities: ['株洲市'], to: '2026-12-31' });
  });
});

describe('API client', () => {
  const respond = (status, body, delay = 0) => (url, init) => new Promise((resolve, reject) => {
    const t = setTimeout(() => resolve(new Response(typeof body === 'string' ? body : JSON.stringify(body), { status })), delay);
    init.signal.addEventListener('abort', () => {
      clearTimeout(t);
      reject(new DOMException('aborted', 'AbortError'));
    });
  });
  const opts = (fetchImpl, extra = {}) => ({ endpoint: 'http://x/graphql', fetchImpl, ...extra });

  it('returns data', async () => {
    assert.deepEqual(await gql('{a}', {}, opts(respond(200, { data: { a: 1 } }))), { a: 1 });
  });

  it('names a missing node in plain words', async () => {
    const err = await gql('{a}', {}, opts(respond(200, { data: null, errors: [{ message: 'node x: not found', extensions: { code: 'NOT_FOUND' } }] }))).catch((e) => e);
    assert.ok(err instanceof ApiError);
    assert.equal(err.code, 'NOT_FOUND');
    assert.match(err.message, /找不到/);
    assert.match(err.detail, /node x: not found/);
  });

  it('times out instead of hanging', async () => {
    const err = await gql('{a}', {}, opts(respond(200, { data: {} }, 5000), { timeoutMs: 50, retries: 0 })).catch((e) => e);
    assert.equal(err.kind, 'timeout');
    assert.match(err.message, /没有回应/);
  });

  it('retries once after a busy server, then explains', async () => {
    let calls = 0;
    const busy = (url, init) => { calls++; return respond(503, '{"error":"starting"}')(url, init); };
    const err = await gql('{a}', {}, opts(busy)).catch((e) => e);
    assert.equal(calls, 2);
    assert.equal(err.status, 503);
    assert.match(err.message, /暂时不可用/);
  });

  it('is cancelled by its caller', async () => {
    const ctl = new AbortController();
    const p = gql('{a}', {}, opts(respond(200, { data: {} }, 5000), { signal: ctl.signal }));
    ctl.abort();
    assert.equal((await p.catch((e) => e)).kind, 'cancelled');
  });

  it('explains a connection failure and a non-JSON answer', async () => {
    const down = async () => { throw new TypeError('fetch failed'); };
    assert.equal((await gql('{a}', {}, opts(down, { retries: 0 })).catch((e) => e)).kind, 'network');
    assert.equal((await gql('{a}', {}, opts(respond(200, '<html>'))).catch((e) => e)).kind, 'format');
  });
});

describe('document reader', () => {
  // 𠀀 (U+20000) is one character to the API (a Go rune) and two UTF-16
  // units to JavaScript: offsets after it differ by one.
  const text = '头版\n𠀀甲文，说明。\n\n乙题\n乙文𠀀句。';

  it('converts character offsets to UTF-16 offsets', () => {
    const u = unitOffsets(text);
    assert.equal(u.length, Array.from(text).length + 1);
    assert.equal(charSlice(text, u, 3, 6), '𠀀甲文');
    assert.equal(charSlice(text, u, 4, 6), '甲文');
    assert.equal(charSlice(text, u, 15, 18), '乙文𠀀');
    assert.equal(charSlice(text, u, 18, 99), '句。');
  });

  it('splits an article into paragraphs and marks exactly the cited characters', () => {
    const u = unitOffsets(text);
    // The cited sentence: 𠀀甲文，说明。 at characters [3, 10).
    const ps = paragraphs(text, u, 0, 12, 3, 10);
    assert.deepEqual(ps.map((p) => p.runs), [
      [{ text: '头版', mark: false }],
      [{ text: '𠀀甲文，说明。', mark: true }],
    ]);
    // Blank lines are dropped; offsets after the BMP character still line up.
    const second = paragraphs(text, u, 12, Array.from(text).length, 15, 20);
    assert.deepEqual(second.map((p) => p.start), [12, 15]);
    assert.deepEqual(second[1].runs, [{ text: '乙文𠀀句。', mark: true }]);
    // A sentence over a line break is marked in both paragraphs.
    const across = paragraphs(text, u, 0, 12, 1, 5);
    assert.deepEqual(across.map((p) => p.runs.filter((r) => r.mark).map((r) => r.text).join('')), ['版', '𠀀甲']);
    assert.equal(articleIndexAt([{ start: 0, end: 12 }, { start: 12, end: 20 }], 15), 1);
    assert.equal(articleIndexAt([{ start: 0, end: 12 }], 99), 0);
  });

  it('lists an article\'s statements, relationships and entities', () => {
    const n = (id, label, name) => ({ id, label, name, aliases: [], node: {} });
    const ev = (start, end) => ({ start, end, sentence: 's' });
    const facts = {
      nodes: [n('o:1', 'Official', '黎婷'), n('o:2', 'Official', '何翌滔'), n('s:1', 'Statement', '硬质材料是优势产业'), n('p:1', 'Proposal', '共建基地'), n('i:1', 'Industry', '硬质材料')],
      edges: [
        { id: 'r1', type: 'HOLDS_POSITION', source: 'o:1', target: 'p:1', title: '主任', evidence: ev(0, 10) },
        { id: 'r2', type: 'SAID', source: 'o:1', target: 's:1', evidence: ev(20, 30) },
        { id: 'r3', type: 'SAID', source: 'o:2', target: 's:1', evidence: ev(20, 30) },
        { id: 'r4', type: 'ABOUT', source: 's:1', target: 'i:1', evidence: ev(20, 30) },
        { id: 'r5', type: 'PROPOSES', source: 'o:1', target: 'p:1', evidence: ev(0, 10) },
      ],
    };
    const named = { nodes: [n('d:1', 'Document', 'd'), n('i:1', 'Industry', '硬质材料'), n('s:1', 'Statement', 'x')], edges: [
      { id: 'm1', type: 'MENTIONS', source: 'd:1', target: 'i:1', evidence: ev(20, 30) },
      { id: 'm2', type: 'MENTIONS', source: 'd:1', target: 's:1', evidence: ev(20, 30) },
    ] };
    const list = factList(facts, named, { start: 0, end: 10 });
    assert.deepEqual(list.statements.map((s) => [s.id, s.speakers, s.here]), [['s:1', ['黎婷', '何翌滔'], false]]);
    assert.deepEqual(list.relations.map((r) => [r.id, r.text, r.here]), [
      ['HOLDS_POSITION|o:1|p:1', '黎婷 —任职（主任）→ 共建基地', true],
      ['PROPOSES|o:1|p:1', '黎婷 —提出→ 共建基地', true],
    ]);
    assert.deepEqual(list.entities.map((e) => [e.id, e.label, e.here]), [['i:1', 'Industry', false]]);
  });

  it('opens an evidence search hit at its sentence, and nothing else', () => {
    assert.deepEqual(hitTarget({ field: 'EVIDENCE', document: { id: 'document:a' }, sentence: '句', sentenceStart: 4, sentenceEnd: 5 }),
      { documentId: 'document:a', start: 4, end: 5, sentence: '句' });
    assert.equal(hitTarget({ field: 'NAME', document: null }), null);
  });
});
