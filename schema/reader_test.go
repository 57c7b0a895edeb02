package schema

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/queries/querytest"
)

// runes returns runes [lo, hi) of s, or "" (and a failure) when they are not in it.
func runes(t *testing.T, s string, lo, hi int) string {
	t.Helper()
	r := []rune(s)
	if lo < 0 || hi > len(r) || lo > hi {
		t.Errorf("[%d,%d) is not in a text of %d characters", lo, hi, len(r))
		return ""
	}
	return string(r[lo:hi])
}

func num(v interface{}) int { f, _ := v.(float64); return int(f) }

// TestReader: what the explorer's document reader asks, on every backend:
// a report's articles, the article an evidence sentence is in (its text at
// the evidence's offsets is the sentence), and the facts of that article.
func TestReader(t *testing.T) {
	eachBackend(t, func(t *testing.T, s graph.Store) {
		ts := newServer(t, s)
		d := ts.ok(`{ node(id: "document:zz1.txt") { ... on Document { text
			articles { index headline start end text }
			facts(first: 100) { edges { id type source target evidence { sentence start end headline } } truncated } } } }`)
		doc := at(d, "node")
		text := at(doc, "text").(string)
		arts := at(doc, "articles").([]interface{})
		if got := pluck(arts, "headline"); !reflect.DeepEqual(got, []string{"把握工作思路 系统推进高质量发展", "代表委员建言"}) {
			t.Fatalf("zz1 articles: %v", got)
		}
		if num(at(arts, 0, "start")) != 0 || num(at(arts, 0, "end")) != num(at(arts, 1, "start")) || num(at(arts, 1, "end")) != utf8.RuneCountInString(text) {
			t.Errorf("articles do not tile the text: %v", arts)
		}
		for _, a := range arts {
			if got := at(a, "text").(string); got != runes(t, text, num(at(a, "start")), num(at(a, "end"))) || !strings.HasPrefix(got, at(a, "headline").(string)) {
				t.Errorf("article %v: text %q", at(a, "index"), got)
			}
		}
		edges := at(doc, "facts", "edges").([]interface{})
		if len(edges) < 20 || at(doc, "facts", "truncated") != false {
			t.Fatalf("zz1 facts: %d, truncated %v", len(edges), at(doc, "facts", "truncated"))
		}
		last := -1
		for _, e := range edges {
			ev := at(e, "evidence")
			if at(e, "type") == "MENTIONS" || ev == nil {
				t.Errorf("fact %v: a MENTIONS or without evidence", at(e, "id"))
				continue
			}
			start, end := num(at(ev, "start")), num(at(ev, "end"))
			if got := runes(t, text, start, end); got != at(ev, "sentence") {
				t.Errorf("fact %v: text at [%d,%d) is %q, its sentence %q", at(e, "id"), start, end, got, at(ev, "sentence"))
			}
			if start < last {
				t.Errorf("facts are not in text order at %v", at(e, "id"))
			}
			last = start
			// The article at the sentence's start is the one its evidence names.
			a := ts.ok(`{ node(id: "document:zz1.txt") { ... on Document { article(offset: ` + itoa(start) + `) { headline start end } } } }`)
			if got := at(a, "node", "article", "headline"); got != at(ev, "headline") {
				t.Errorf("fact %v: article(offset: %d) is %v, its evidence says %v", at(e, "id"), start, got, at(ev, "headline"))
			}
			if end > num(at(a, "node", "article", "end")) {
				t.Errorf("fact %v: the sentence runs past its article", at(e, "id"))
			}
		}
		// Evidence leads to its article in one step, the article that holds
		// the sentence.
		d = ts.ok(`{ node(id: "document:zz1.txt") { ... on Document { facts(first: 100) { edges { evidence { start end sentence headline article { start end headline text } } } } } } }`)
		for _, e := range at(d, "node", "facts", "edges").([]interface{}) {
			ev := at(e, "evidence")
			art := at(ev, "article")
			start, end := num(at(ev, "start")), num(at(ev, "end"))
			if art == nil || num(at(art, "start")) > start || end > num(at(art, "end")) || at(art, "headline") != at(ev, "headline") ||
				!strings.Contains(at(art, "text").(string), at(ev, "sentence").(string)) {
				t.Errorf("evidence [%d,%d) %q: its article is %v", start, end, at(ev, "sentence"), art)
			}
		}

		// 黎婷's statement, read in its article: the article's facts are
		// its own, never the first article's.
		d = ts.ok(`{ node(id: "` + statementID(t, ts) + `") { ... on Statement { citation { start end sentence
			document { article(offset: 0) { headline } text }
			headline } } } }`)
		cite := at(d, "node", "citation")
		start := num(at(cite, "start"))
		d = ts.ok(`{ node(id: "document:zz1.txt") { ... on Document { article(offset: ` + itoa(start) + `) { index headline
			facts(first: 100) { nodes { id label name } edges { type source target } }
			named: facts(relationshipTypes: [MENTIONS], first: 100) { nodes { id } edges { type source } } } } } }`)
		art := at(d, "node", "article")
		if at(art, "headline") != "代表委员建言" || at(art, "headline") != at(cite, "headline") {
			t.Errorf("the statement's article: %v (its citation's headline %v)", at(art, "headline"), at(cite, "headline"))
		}
		var facts []string
		for _, e := range at(art, "facts", "edges").([]interface{}) {
			facts = append(facts, at(e, "type").(string)+" "+at(e, "source").(string)+" "+at(e, "target").(string))
		}
		all := strings.Join(facts, "\n")
		for _, want := range []string{"PROPOSES " + querytest.Li + " " + querytest.PropBase, "PROPOSES " + querytest.Long + " " + querytest.PropAI, "SAID " + querytest.Li + " "} {
			if !strings.Contains(all, want) {
				t.Errorf("article facts lack %q:\n%s", want, all)
			}
		}
		if strings.Contains(all, querytest.Jiang) {
			t.Errorf("the second article's facts hold the first's:\n%s", all)
		}
		nodes := pluck(at(art, "facts", "nodes"), "id")
		if len(nodes) < 2 || nodes[0] != querytest.He || nodes[1] != querytest.Yueda {
			t.Errorf("fact nodes should start with the article's first official and his position: %v", nodes)
		}
		named := at(art, "named", "edges").([]interface{})
		if len(named) == 0 || !contains(pluck(at(art, "named", "nodes"), "id"), querytest.Hard) {
			t.Errorf("MENTIONS of the article: %v", at(art, "named"))
		}
		for _, e := range named {
			if at(e, "type") != "MENTIONS" || at(e, "source") != querytest.DocZZ1 {
				t.Errorf("a named entity's edge: %v", e)
			}
		}

		// first cuts, and says so; the limit holds.
		d = ts.ok(`{ node(id: "document:zz1.txt") { ... on Document { facts(first: 2) { edges { id } truncated } } } }`)
		if n := len(at(d, "node", "facts", "edges").([]interface{})); n != 2 || at(d, "node", "facts", "truncated") != true {
			t.Errorf("facts(first: 2): %d edges, truncated %v", n, at(d, "node", "facts", "truncated"))
		}
		if res := ts.query(`{ node(id: "document:zz1.txt") { ... on Document { facts(first: 101) { truncated } } } }`); res.code() != CodeArgumentLimit {
			t.Errorf("facts(first: 101): %s", res.raw)
		}

		// Offsets outside the text have no article.
		d = ts.ok(`{ node(id: "document:zz1.txt") { ... on Document { text before: article(offset: -1) { index } past: article(offset: 100000) { index } } } }`)
		if at(d, "node", "before") != nil || at(d, "node", "past") != nil {
			t.Errorf("article outside the text: %v", d)
		}

		// A document written before articles were recorded is one article.
		d = ts.ok(`{ node(id: "document:web.txt") { ... on Document { text title articles { index headline start end text }
			article(offset: 3) { index } facts { edges { type } } } } }`)
		web := at(d, "node")
		wa := at(web, "articles").([]interface{})
		if len(wa) != 1 || num(at(wa, 0, "start")) != 0 || num(at(wa, 0, "end")) != utf8.RuneCountInString(at(web, "text").(string)) ||
			at(wa, 0, "text") != at(web, "text") || at(wa, 0, "headline") != at(web, "title") || num(at(web, "article", "index")) != 0 {
			t.Errorf("web.txt articles: %v", web)
		}
		if got := pluck(at(web, "facts", "edges"), "type"); !reflect.DeepEqual(got, []string{"PROPOSES", "TARGETS"}) {
			t.Errorf("web.txt facts: %v", got)
		}
	})
}

// TestSearchHitSentence: an evidence hit says which sentence it matched
// and where it is in its document, for the reader to open it there.
func TestSearchHitSentence(t *testing.T) {
	eachBackend(t, func(t *testing.T, s graph.Store) {
		ts := newServer(t, s)
		d := ts.ok(`{ search(query: "看病更方便", first: 5) { field snippet sentence sentenceStart sentenceEnd document { id text } }
			name: search(query: "黎婷", first: 1) { field sentence sentenceStart } }`)
		hits, _ := at(d, "search").([]interface{})
		if len(hits) == 0 {
			t.Fatalf("no hits: %v", d)
		}
		for _, h := range hits {
			if at(h, "field") != "EVIDENCE" {
				t.Errorf("hit %v: field %v", h, at(h, "field"))
				continue
			}
			text, _ := at(h, "document", "text").(string)
			sentence, _ := at(h, "sentence").(string)
			if got := runes(t, text, num(at(h, "sentenceStart")), num(at(h, "sentenceEnd"))); got != sentence || sentence != "“人工智能让基层看病更方便。”龙云铸说。" {
				t.Errorf("hit sentence %q at [%v,%v) is %q in %v", sentence, at(h, "sentenceStart"), at(h, "sentenceEnd"), got, at(h, "document", "id"))
			}
		}
		if h := at(d, "name", 0); at(h, "field") != "NAME" || at(h, "sentence") != nil || at(h, "sentenceStart") != nil {
			t.Errorf("a name hit: %v", h)
		}
	})
}

// statementID is 黎婷's statement in zz1.
func statementID(t *testing.T, ts *testServer) string {
	t.Helper()
	d := ts.ok(`{ node(id: "official:黎婷") { ... on Official { statements { nodes { id } } } } }`)
	ids := pluck(at(d, "node", "statements", "nodes"), "id")
	if len(ids) != 1 {
		t.Fatalf("黎婷's statements: %v", ids)
	}
	return ids[0]
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestArticlesOf: article extents from the stored starts, tolerating
// starts out of order or outside the text, and rune (not byte) offsets
// with characters outside the BMP (𠀀 is one rune, four bytes, two UTF-16
// units).
func TestArticlesOf(t *testing.T) {
	text := "头版\n𠀀甲文。\n乙题\n乙文𠀀。"
	doc := graph.Node{ID: "document:x", Label: graph.Document, Props: graph.Props{graph.PropText: text, graph.PropTitle: "甲题",
		graph.PropArticleStarts: []int64{3, 3, 8, 99, 1}, graph.PropArticleHeadlines: []string{"甲题", "重复", "乙题", "越界", "倒序"}}}
	as := articlesOf(doc)
	var got []string
	for _, a := range as {
		got = append(got, a.headline+":"+runeSlice(text, a.start, a.end))
	}
	if want := []string{"甲题:头版\n𠀀甲文。\n", "乙题:乙题\n乙文𠀀。"}; !reflect.DeepEqual(got, want) {
		t.Errorf("articles %q, want %q", got, want)
	}
	for off, want := range map[int]int{0: 0, 7: 0, 8: 1, 14: 1, 15: -1, -1: -1} {
		a := articleAt(doc, off)
		if a == nil && want != -1 || a != nil && a.index != want {
			t.Errorf("articleAt(%d) = %v, want %d", off, a, want)
		}
	}
	if got := runeSlice(text, 3, 7); got != "𠀀甲文。" {
		t.Errorf("runeSlice(3, 7) = %q", got)
	}
	if got := runeSlice(text, 15, 15); got != "" {
		t.Errorf("runeSlice at the end = %q", got)
	}
	legacy := articlesOf(graph.Node{Props: graph.Props{graph.PropText: text, graph.PropTitle: "甲题"}})
	if len(legacy) != 1 || legacy[0].end != utf8.RuneCountInString(text) || legacy[0].headline != "甲题" {
		t.Errorf("a document without article starts: %+v", legacy)
	}
}
