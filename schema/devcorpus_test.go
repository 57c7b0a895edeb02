package schema

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/ingest/ingesttest"
	"github.com/policygraph/policygraph/queries/querytest"
)

// TestDevCorpusAnswers ingests the real dev corpus into each store and asks
// the README's questions, asserting answers a reader can check against the
// reports: who proposes what about 硬质材料 in 株洲市, what a search for 株洲
// finds first, how two deputies are connected, what a speechwriter gets.
func TestDevCorpusAnswers(t *testing.T) {
	dir := ingesttest.DevCorpus(t)
	files, _ := filepath.Glob("examples/*.graphql")
	reports, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	var (
		first     map[string]string // the first store's briefs
		firstName string
		firstOne  []string // the first store's officials serving a single body
	)
	for _, b := range querytest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			s := b.Open(t)
			t.Cleanup(func() { _ = s.Close(context.Background()) })
			ingesttest.Ingest(t, s, dir)
			ts := newServer(t, s)

			for _, f := range files {
				t.Run(filepath.Base(f), func(t *testing.T) {
					q, err := os.ReadFile(f)
					if err != nil {
						t.Fatal(err)
					}
					for k, v := range ts.ok(string(q)) {
						if empty(v) {
							t.Errorf("%s is empty on the dev corpus", k)
						}
					}
				})
			}

			d := ts.ok(`{ proposals(where: {targets: {some: {name: {eq: "硬质材料"}}}, locatedIn: {some: {name: {eq: "株洲市"}}}}) {
				nodes { name proposers { nodes { name positions { title organization { name } } } } } } }`)
			props := at(d, "proposals", "nodes")
			if got := pluck(props, "name"); !contains(got, "共建硬质合金复合材料中试基地") {
				t.Errorf("hard-materials proposals in 株洲: %v", got)
			}
			if got := pluck(at(props, 0, "proposers", "nodes"), "name"); len(got) != 1 || got[0] != "黎婷" {
				t.Errorf("proposer: %v", got)
			}

			d = ts.ok(`{ search(query: "株洲", first: 5) { field node { id } } }`)
			if id := at(d, "search", 0, "node", "id"); id != "city:430200" {
				t.Errorf("search 株洲: first hit %v, want city:430200", id)
			}

			d = ts.ok(`{ shortestPath(from: "official:黎婷", to: "official:何翌滔", maxDepth: 4) { length nodes { id } } }`)
			if n, _ := at(d, "shortestPath", "length").(float64); n < 1 || n > 4 {
				t.Errorf("shortest path 黎婷 → 何翌滔: %v", at(d, "shortestPath"))
			}

			d = ts.ok(`{ crossReference(topic: "硬质材料", cities: ["株洲市"]) { totalCount groups { city { name } items { name quotes { sentence source } } } } }`)
			quotes := ""
			for _, g := range at(d, "crossReference", "groups").([]interface{}) {
				for _, it := range at(g, "items").([]interface{}) {
					for _, q := range at(it, "quotes").([]interface{}) {
						quotes += at(q, "sentence").(string) + "\n"
						if at(q, "source") == "" {
							t.Errorf("quote without a source")
						}
					}
				}
			}
			if !strings.Contains(quotes, "硬质") {
				t.Errorf("cross-reference quotes do not mention the topic:\n%s", quotes)
			}
			// Both stores give the same brief, to the quote.
			briefs := checkBriefs(t, ts)
			if first == nil {
				first, firstName = briefs, b.Name
			} else {
				for topic, want := range first {
					if got := briefs[topic]; got != want {
						t.Errorf("the brief on %s differs from %s's:\n %s: %s\n %s: %s", topic, firstName, b.Name, got, firstName, want)
					}
				}
			}

			// A speechwriter's question: what did 周斌 say about 人工智能, in
			// which sentence of which report.
			d = ts.ok(`{ statements(where: {about: {some: {name: {eq: "人工智能"}}}, speaker: {some: {name: {eq: "周斌"}}}}) {
				nodes { kind text sentence document { source } } } }`)
			said := at(d, "statements", "nodes", 0)
			text, _ := at(said, "text").(string)
			sentence, _ := at(said, "sentence").(string)
			if at(said, "kind") != "reported" || !strings.HasPrefix(text, "信息化履职平台可通过人工智能大模型") ||
				!strings.Contains(sentence, "周斌表示,"+text) || at(said, "document", "source") != "guangzhou-daibiao-tongdao.txt" {
				t.Errorf("what 周斌 said about 人工智能: %v", at(d, "statements"))
			}

			// single: the officials serving exactly one body are those
			// whose organizations (distinct bodies, whatever the titles)
			// number one, and both stores find the same.
			one := map[string]bool{}
			for _, o := range pages(ts, `officials(where: {organizations: {single: {}}}, sort: [{name: ASC}]`, `id`) {
				one[at(o, "id").(string)] = true
			}
			var want, got []string
			for _, o := range pages(ts, `officials(where: {organizations: {some: {}}}, sort: [{name: ASC}]`, `id organizations(first: 100) { totalCount }`) {
				id := at(o, "id").(string)
				if n, _ := at(o, "organizations", "totalCount").(float64); n == 1 {
					want = append(want, id)
				}
				if one[id] {
					got = append(got, id)
				}
			}
			if len(want) == 0 || len(got) != len(one) || strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("officials serving a single body: %d by single, %d by counting their bodies (%d of single among those serving one)", len(one), len(want), len(got))
			}
			t.Logf("officials serving a single body: %d", len(got))
			if firstOne == nil {
				firstOne = got
			} else if strings.Join(got, ",") != strings.Join(firstOne, ",") {
				t.Errorf("officials serving a single body differ from %s's: %d and %d", firstName, len(got), len(firstOne))
			}

			checkReader(t, ts)

			d = ts.ok(`{ stats { labels { label count } } }`)
			counts := map[string]float64{}
			for _, l := range at(d, "stats", "labels").([]interface{}) {
				counts[at(l, "label").(string)] = at(l, "count").(float64)
			}
			if counts[string(graph.Document)] != float64(len(reports)) || counts[string(graph.Official)] < 30 {
				t.Errorf("stats: %v", counts)
			}
		})
	}
}

// checkReader reads newspaper pages of several articles as the explorer's
// reader does: each fact's sentence is the text at its offsets, and the
// article at its start is the one its evidence names.
func checkReader(t *testing.T, ts *testServer) {
	t.Helper()
	for _, src := range []string{"000_e809176d26951911.txt", "cs_xxcb_baodao_2026.txt", "macau_aoqu_daibiao_trad_2023.txt", "sichuan_weiyuan_ai_2026.txt"} {
		d := ts.ok(`{ node(id: "document:` + src + `") { ... on Document { text articles { start end headline }
			facts(first: 100) { edges { id evidence { sentence start end headline } } } } } }`)
		doc := at(d, "node")
		text, _ := at(doc, "text").(string)
		arts, _ := at(doc, "articles").([]interface{})
		edges, _ := at(doc, "facts", "edges").([]interface{})
		if len(arts) < 2 || len(edges) == 0 {
			t.Errorf("%s: %d articles, %d facts", src, len(arts), len(edges))
			continue
		}
		for _, e := range edges {
			ev := at(e, "evidence")
			start, end := num(at(ev, "start")), num(at(ev, "end"))
			if got := runes(t, text, start, end); got != at(ev, "sentence") {
				t.Errorf("%s: %v: the text at [%d,%d) is %q, not its sentence %q", src, at(e, "id"), start, end, got, at(ev, "sentence"))
			}
			in := 0
			for _, a := range arts {
				if num(at(a, "start")) <= start && start < num(at(a, "end")) {
					in++
					if end > num(at(a, "end")) || at(a, "headline") != at(ev, "headline") {
						t.Errorf("%s: %v: its sentence is in the article %v, its evidence says %v", src, at(e, "id"), at(a, "headline"), at(ev, "headline"))
					}
				}
			}
			if in != 1 {
				t.Errorf("%s: %v is in %d articles", src, at(e, "id"), in)
			}
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// pages reads every node of a connection, a page of 100 at a time: field
// is the connection with its arguments up to the closing parenthesis
// (officials(where: …), fields what to select of each node.
func pages(ts *testServer, field, fields string) []interface{} {
	ts.t.Helper()
	name := field[:strings.Index(field, "(")]
	var out []interface{}
	after := ""
	for {
		q := "{ " + field + ", first: 100"
		if after != "" {
			q += `, after: "` + after + `"`
		}
		q += ") { pageInfo { hasNextPage endCursor } nodes { " + fields + " } } }"
		d := ts.ok(q)
		nodes, _ := at(d, name, "nodes").([]interface{})
		out = append(out, nodes...)
		if next, _ := at(d, name, "pageInfo", "hasNextPage").(bool); !next {
			return out
		}
		after, _ = at(d, name, "pageInfo", "endCursor").(string)
	}
}
