package schema

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/policygraph/policygraph/graph"
)

// citedPages are two saved pages beside the fixture: an e-paper page in
// traditional characters with four bylines, its 版次 and URL, and a portal
// page with a URL and no newspaper.
func citedPages() []graph.DocumentBatch {
	doc := func(source string, p graph.Props) graph.DocumentBatch {
		p[graph.PropSource] = source
		p[graph.PropText] = "正文。"
		return graph.DocumentBatch{Document: graph.Node{ID: graph.DocumentID(source), Label: graph.Document, Name: source, Props: p}}
	}
	return []graph.DocumentBatch{
		doc("epaper.html", graph.Props{graph.PropTitle: "兩會聚焦 人工智能賦能基層醫療", graph.PropReporters: []string{"陳偉", "李娜", "王強", "趙敏"},
			graph.PropNewspaper: "株洲日報", graph.PropDate: "2026-01-20", graph.PropEdition: "A03", graph.PropURL: "https://epaper.example.cn/a03/1.html",
			graph.PropSiteName: "株洲新闻网", graph.PropFormat: "html"}),
		doc("portal.html", graph.Props{graph.PropTitle: "长沙两会", graph.PropDate: "2026-01-15", graph.PropURL: "https://www.example.gov.cn/a/1.html",
			graph.PropSiteName: "长沙市人民政府", graph.PropFormat: "html"}),
	}
}

// TestCitations: documents, evidence sentences and the brief's quotes cite
// in GB/T 7714-2015 and CSL-JSON, the same on every store, the access date
// only when given.
func TestCitations(t *testing.T) {
	eachBackend(t, func(t *testing.T, s graph.Store) {
		for _, b := range citedPages() {
			if _, err := s.WriteDocument(context.Background(), b); err != nil {
				t.Fatal(err)
			}
		}
		ts := newServer(t, s)
		got := ts.ok(`{
			zz1: node(id: "document:zz1.txt") { ... on Document { citation csl: citation(style: CSL_JSON, accessed: "2026-03-01") } }
			web: node(id: "document:web.txt") { ... on Document { citation } }
			ep: node(id: "document:epaper.html") { ... on Document { citation(accessed: "2026-03-01") plain: citation
				csl: citation(style: CSL_JSON, accessed: "2026-03-01") } }
			portal: node(id: "document:portal.html") { ... on Document { citation(accessed: "2026-03-01") } }
			li: node(id: "official:黎婷") { ... on Official { evidence(first: 1, relationshipTypes: [PROPOSES]) { headline citation } } }
			st: node(id: "official:龙云铸") { ... on Official { statements(first: 1) { nodes { citation { citation } } } } }
		}`)
		want := map[string]interface{}{
			"zz1": map[string]interface{}{"citation": "把握工作思路 系统推进高质量发展[N]. 株洲日报, 2025-12-27.",
				"csl": `[{"id":"document:zz1.txt","type":"article-newspaper","title":"把握工作思路 系统推进高质量发展","container-title":"株洲日报","issued":{"date-parts":[[2025,12,27]]},"language":"zh"}]`},
			"web": map[string]interface{}{"citation": "代表建议[N]."},
			"ep": map[string]interface{}{
				"citation": "陳偉, 李娜, 王強, 等. 兩會聚焦 人工智能賦能基層醫療[N/OL]. 株洲日報, 2026-01-20(A03)[2026-03-01]. https://epaper.example.cn/a03/1.html.",
				"plain":    "陳偉, 李娜, 王強, 等. 兩會聚焦 人工智能賦能基層醫療[N/OL]. 株洲日報, 2026-01-20(A03). https://epaper.example.cn/a03/1.html.",
				"csl": `[{"id":"document:epaper.html","type":"article-newspaper","title":"兩會聚焦 人工智能賦能基層醫療","container-title":"株洲日報",` +
					`"author":[{"literal":"陳偉"},{"literal":"李娜"},{"literal":"王強"},{"literal":"趙敏"}],"issued":{"date-parts":[[2026,1,20]]},"page":"A03",` +
					`"URL":"https://epaper.example.cn/a03/1.html","accessed":{"date-parts":[[2026,3,1]]},"language":"zh"}]`},
			"portal": map[string]interface{}{"citation": "长沙两会[EB/OL]. (2026-01-15)[2026-03-01]. https://www.example.gov.cn/a/1.html."},
			"li": map[string]interface{}{"evidence": []interface{}{map[string]interface{}{"headline": "代表委员建言",
				"citation": "代表委员建言[N]. 株洲日报, 2025-12-27."}}},
			"st": map[string]interface{}{"statements": map[string]interface{}{"nodes": []interface{}{map[string]interface{}{
				"citation": map[string]interface{}{"citation": "代表委员建言[N]. 株洲日报, 2025-12-27."}}}}},
		}
		for k, w := range want {
			if !reflect.DeepEqual(got[k], w) {
				g, _ := json.Marshal(got[k])
				ws, _ := json.Marshal(w)
				t.Errorf("%s:\n got %s\nwant %s", k, g, ws)
			}
		}

		// The brief's quotes keep their short form; a style gives the entry.
		q := ts.ok(`{ crossReference(topic: "硬质材料", cities: ["株洲"]) { groups { items { quotes {
			headline short: citation gbt: citation(style: GBT7714) csl: citation(style: CSL_JSON) } } } } }`)
		quotes := at(q, "crossReference", "groups", 0, "items", 0, "quotes").([]interface{})
		if len(quotes) == 0 {
			t.Fatal("no quotes")
		}
		for _, x := range quotes {
			m := x.(map[string]interface{})
			short, gbt, csl := m["short"].(string), m["gbt"].(string), m["csl"].(string)
			if short == "" || short == gbt || !json.Valid([]byte(csl)) {
				t.Errorf("quote citations: short %q, gbt %q, csl %q", short, gbt, csl)
			}
			if want := m["headline"].(string) + "[N]. 株洲日报, "; len(gbt) < len(want) || gbt[:len(want)] != want {
				t.Errorf("gbt %q does not start with %q", gbt, want)
			}
		}

		if r := ts.query(`{ node(id: "document:zz1.txt") { ... on Document { citation(accessed: "2026-02-30") } } }`); r.code() != CodeBadUserInput {
			t.Errorf("a bad access date: code %q, want %s", r.code(), CodeBadUserInput)
		}
	})
}
