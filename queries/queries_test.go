package queries_test

import (
	"context"
	"errors"
	"reflect"
	"sync/atomic"
	"testing"
	"time"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/queries"
	"github.com/policygraph/policygraph/queries/querytest"
)

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return c
}

// counting wraps s and counts its round trips.
func counting(s graph.Store) (graph.Store, *atomic.Int64) {
	var n atomic.Int64
	return graph.Observe(s, func(context.Context, string, time.Duration, error) { n.Add(1) }), &n
}

func names(ns []queries.Neighbor) []string {
	var out []string
	for _, n := range ns {
		out = append(out, n.Node.Name)
	}
	return out
}

func TestFixtureLoads(t *testing.T) {
	querytest.ForEach(t, func(t *testing.T, s graph.Store) {
		st, err := s.Stats(ctx(t))
		if err != nil {
			t.Fatal(err)
		}
		if st.Nodes[graph.Document] != 4 || st.Nodes[graph.Official] != 7 || st.Nodes[graph.Proposal] != 6 {
			t.Errorf("stats = %+v", st)
		}
	})
}

// TestFixtureOffsets checks that every evidence's offsets index its
// sentence in the document's text, in runes, as ingest's do.
func TestFixtureOffsets(t *testing.T) {
	texts := map[string][]rune{}
	for _, b := range querytest.Batches() {
		texts[b.Document.ID] = []rune(b.Document.Props.String("text"))
	}
	for _, b := range querytest.Batches() {
		for _, r := range b.Relationships {
			if e := r.Evidence; e != nil {
				if got := string(texts[e.Document][e.Start:e.End]); got != e.Sentence {
					t.Errorf("%s: text[%d:%d] = %q, want %q", r.ID, e.Start, e.End, got, e.Sentence)
				}
			}
		}
	}
}

func TestLoaderBatchesOneExpandPerLevel(t *testing.T) {
	querytest.ForEach(t, func(t *testing.T, base graph.Store) {
		s, calls := counting(base)
		l := queries.NewLoader(ctx(t), s)
		official := queries.Relations[graph.Official]
		proposals, _ := queries.RelationOf(graph.Official, "proposals")
		goals, _ := queries.RelationOf(graph.Official, "goals")
		ids := []string{querytest.Jiang, querytest.He, querytest.Li, querytest.Zhang}
		var thunks []func() ([]queries.Neighbor, error)
		for _, id := range ids {
			thunks = append(thunks, l.Related(id, proposals, nil), l.Related(id, goals, nil))
		}
		_ = official
		var got [][]string
		for _, th := range thunks {
			ns, err := th()
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, names(ns))
		}
		if c := calls.Load(); c != 1 {
			t.Errorf("round trips = %d, want 1 for the whole level", c)
		}
		want := [][]string{nil, {"唱响一个品牌", "聚力三大攻坚"}, {"加快打通湘江东岸沿江南路"}, nil,
			{"共建硬质合金复合材料中试基地", "推广厂所结合模式"}, nil, {"建设人工智能算力中心"}, nil}
		// Neighbours come sorted by id; compare as sets per thunk.
		for i := range want {
			if !sameSet(got[i], want[i]) {
				t.Errorf("thunk %d = %v, want %v", i, got[i], want[i])
			}
		}
		// A second level starts a new batch.
		th := l.Related(querytest.PropBase, queries.Rel{Type: graph.Targets, Dir: graph.Out, Labels: []graph.Label{graph.Industry}}, nil)
		ns, err := th()
		if err != nil || !reflect.DeepEqual(names(ns), []string{"硬质材料"}) {
			t.Errorf("targets = %v, %v", names(ns), err)
		}
		if c := calls.Load(); c != 2 {
			t.Errorf("round trips = %d, want 2", c)
		}
	})
}

func TestLoaderNestedWhere(t *testing.T) {
	querytest.ForEach(t, func(t *testing.T, base graph.Store) {
		s, calls := counting(base)
		l := queries.NewLoader(ctx(t), s)
		proposals, _ := queries.RelationOf(graph.Official, "proposals")
		// Local: a name predicate costs nothing more.
		local := &graph.Filter{Field: "name", Op: graph.OpContains, Value: "厂所"}
		// Store: a relationship filter needs one FindNodes for the batch.
		rel := &graph.Filter{Rel: &graph.RelFilter{Type: graph.LocatedIn, Direction: graph.Out, Quantifier: graph.Some,
			Where: &graph.Filter{Field: "name", Op: graph.OpEq, Value: "株洲市"}}}
		a := l.Related(querytest.Li, proposals, local)
		b := l.Related(querytest.Li, proposals, rel)
		c := l.Related(querytest.He, proposals, rel)
		for i, tc := range []struct {
			th   func() ([]queries.Neighbor, error)
			want []string
		}{{a, []string{"推广厂所结合模式"}}, {b, []string{"共建硬质合金复合材料中试基地"}}, {c, []string{"加快打通湘江东岸沿江南路"}}} {
			ns, err := tc.th()
			if err != nil || !reflect.DeepEqual(names(ns), tc.want) {
				t.Errorf("%d: %v, %v; want %v", i, names(ns), err, tc.want)
			}
		}
		if n := calls.Load(); n != 2 {
			t.Errorf("round trips = %d, want 2 (Expand + one FindNodes)", n)
		}
	})
}

func TestLoaderNodes(t *testing.T) {
	querytest.ForEach(t, func(t *testing.T, base graph.Store) {
		s, calls := counting(base)
		l := queries.NewLoader(ctx(t), s)
		a, b, missing := l.Node(querytest.DocZZ1), l.Node(querytest.DocCS1), l.Node("document:nope")
		for _, th := range []func() (*graph.Node, error){a, b, missing} {
			if _, err := th(); err != nil {
				t.Fatal(err)
			}
		}
		n, _ := a()
		m, _ := missing()
		if n == nil || n.Props.String("newspaper") != "株洲日报" || m != nil {
			t.Errorf("nodes = %v, %v", n, m)
		}
		if c := calls.Load(); c != 1 {
			t.Errorf("round trips = %d, want 1", c)
		}
		// Cached now.
		if _, err := l.Node(querytest.DocZZ1)(); err != nil || calls.Load() != 1 {
			t.Errorf("cache miss: %v %d", err, calls.Load())
		}
	})
}

func TestPositions(t *testing.T) {
	querytest.ForEach(t, func(t *testing.T, s graph.Store) {
		l := queries.NewLoader(ctx(t), s)
		ns, err := l.Related(querytest.Li, queries.PositionsRel, nil)()
		if err != nil {
			t.Fatal(err)
		}
		ps := queries.Positions(ns)
		if len(ps) != 1 || ps[0].Title != "主任" || ps[0].Target.Name != "荷塘区人大教科文卫委" || len(ps[0].Rels) != 1 ||
			ps[0].Rels[0].Evidence.Headline != "代表委员建言" {
			t.Errorf("positions = %+v", ps)
		}
	})
}

func TestCites(t *testing.T) {
	querytest.ForEach(t, func(t *testing.T, s graph.Store) {
		l := queries.NewLoader(ctx(t), s)
		ns, err := l.Related(querytest.Hard, queries.EvidenceRel, nil)()
		if err != nil {
			t.Fatal(err)
		}
		cs := queries.Cites(queries.AllRels(ns), nil)
		// 硬质材料 is cited by sentence 6 of zz1 and sentences 1-3 of zz2;
		// the same sentence backing several facts is one citation.
		var got []string
		for _, c := range cs {
			got = append(got, c.Document+":"+c.Sentence[:9])
		}
		if len(cs) != 4 || cs[0].Document != querytest.DocZZ1 || cs[1].Document != querytest.DocZZ2 || cs[1].Start >= cs[2].Start {
			t.Errorf("cites = %v", got)
		}
		// That sentence states TARGETS, and 黎婷's statement ABOUT 硬质材料,
		// and MENTIONS: the citation names the most specific fact.
		if len(cs) > 0 && cs[0].Type != graph.Targets {
			t.Errorf("zz1's sentence is cited as %s, want TARGETS", cs[0].Type)
		}
	})
}

type crossWant struct {
	city, date string
	items      []string
}

func TestCrossReference(t *testing.T) {
	tests := []struct {
		name string
		q    queries.CrossRefQuery
		want []crossWant
	}{
		{"hard materials in Zhuzhou", queries.CrossRefQuery{Topic: "硬质材料", Cities: []string{"株洲市"}}, []crossWant{
			{"株洲市", "2026-01-20", []string{"王清华", "打造硬质材料产业集群"}},
			{"株洲市", "2025-12-27", []string{"冲刺国家级先进制造业集群", "共建硬质合金复合材料中试基地"}},
			{"荷塘区", "2026-01-20", []string{"黎婷", "推广厂所结合模式"}},
			{"荷塘区", "2025-12-27", []string{"黎婷"}},
		}},
		{"alias topic and a date range", queries.CrossRefQuery{Topic: "硬质合金", Cities: []string{"city:430200"}, From: "2026-01-01", To: "2026-12-31"}, []crossWant{
			{"株洲市", "2026-01-20", []string{"王清华", "打造硬质材料产业集群"}},
			{"荷塘区", "2026-01-20", []string{"黎婷", "推广厂所结合模式"}},
		}},
		{"AI everywhere", queries.CrossRefQuery{Topic: "AI"}, []crossWant{
			{"长沙市", "2026-01-15", []string{"张明", "建设人工智能算力中心"}},
			{"株洲市", "2025-12-27", []string{"龙云铸", "人工智能赋能基层医疗"}},
		}},
		{"AI in Changsha only", queries.CrossRefQuery{Topic: "人工智能", Cities: []string{"长沙"}}, []crossWant{
			{"长沙市", "2026-01-15", []string{"张明", "建设人工智能算力中心"}},
		}},
		{"a phrase, undated", queries.CrossRefQuery{Topic: "老幼共托"}, []crossWant{
			{"", "", []string{"石纪虎", "推行老幼共托融合服务模式"}},
		}},
		{"nothing", queries.CrossRefQuery{Topic: "量子计算"}, nil},
	}
	querytest.ForEach(t, func(t *testing.T, s graph.Store) {
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				cs, calls := counting(s)
				got, err := queries.CrossReference(ctx(t), cs, tc.q)
				if err != nil {
					t.Fatal(err)
				}
				var have []crossWant
				for _, g := range got.Groups {
					w := crossWant{date: g.Date}
					if g.City != nil {
						w.city = g.City.Name
					}
					for _, it := range g.Items {
						w.items = append(w.items, it.Node.Name)
						if len(it.Quotes) == 0 {
							t.Errorf("%s has no quote", it.Node.Name)
						}
						for _, q := range it.Quotes {
							if q.Doc == nil || q.Sentence == "" {
								t.Errorf("%s: bad quote %+v", it.Node.Name, q)
							}
						}
					}
					have = append(have, w)
				}
				if !reflect.DeepEqual(have, tc.want) {
					t.Errorf("groups:\n got %v\nwant %v", have, tc.want)
				}
				if n := calls.Load(); n > 12 {
					t.Errorf("%d round trips", n)
				}
			})
		}
		t.Run("quote source", func(t *testing.T) {
			got, err := queries.CrossReference(ctx(t), s, queries.CrossRefQuery{Topic: "硬质材料", Cities: []string{"株洲"}})
			if err != nil {
				t.Fatal(err)
			}
			q := got.Groups[1].Items[1].Quotes[0] // 共建… on 2025-12-27 (newest first: the second group)
			if q.Property("newspaper") != "株洲日报" || q.Property("date") != "2025-12-27" || q.Headline != "代表委员建言" || q.Property("source") != "zz1.txt" {
				t.Errorf("quote = %+v", q)
			}
			if len(got.Industries) != 1 || got.Industries[0].ID != querytest.Hard {
				t.Errorf("industries = %v", got.Industries)
			}
			rel := got.Groups[1].Items[1].Related
			if len(rel) != 1 || rel[0].ID != querytest.Li {
				t.Errorf("related = %v", rel)
			}
		})
		t.Run("bad input", func(t *testing.T) {
			for _, q := range []queries.CrossRefQuery{{Topic: " "}, {Topic: "x", From: "2025/01/01"}, {Topic: "x", To: "2026-13-45"},
				{Topic: "硬质材料", Cities: []string{"株洲", "株州"}}} {
				if _, err := queries.CrossReference(ctx(t), s, q); !errors.Is(err, graph.ErrInvalid) {
					t.Errorf("%+v: err = %v", q, err)
				}
			}
		})
	})
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	m := map[string]int{}
	for _, x := range a {
		m[x]++
	}
	for _, x := range b {
		m[x]--
	}
	for _, v := range m {
		if v != 0 {
			return false
		}
	}
	return true
}
