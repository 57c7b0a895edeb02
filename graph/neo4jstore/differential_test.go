package neo4jstore

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/graph/memstore"
	"github.com/policygraph/policygraph/graph/storetest"
)

// edgeBatch is a document full of values that are easy to get subtly
// wrong: typed empty lists, an empty property map, floats and booleans,
// full-width and compatibility characters that only folding matches, and
// one property holding a different kind on different nodes.
func edgeBatch(version int) graph.DocumentBatch {
	docID := graph.DocumentID("edge.txt")
	text := "张三说,⼯业互联网和ＡＩ是ＡＢＣ科技公司的重点。株洲株洲。"
	ev := func(s string) *graph.Evidence {
		i := strings.Index(text, s)
		start := len([]rune(text[:i]))
		return &graph.Evidence{Document: docID, Sentence: s, Start: start, End: start + len([]rune(s))}
	}
	zhang := graph.Node{ID: graph.NodeID(graph.Official, "张三"), Label: graph.Official, Name: "张三", Aliases: []string{}, Props: graph.Props{}}
	abc := graph.Node{ID: graph.NodeID(graph.Organization, "ABC科技公司"), Label: graph.Organization, Name: "ＡＢＣ科技公司",
		Aliases: []string{"abc科技", "ABC", "ABC"}, Props: graph.Props{"rank": "b", "tags": []string{"科技", "民营"}, "ids": []int64{3, 1}}}
	ind := graph.Node{ID: graph.NodeID(graph.Industry, "工业互联网"), Label: graph.Industry, Name: "⼯业互联网",
		Props: graph.Props{"rank": int64(2), "share": 0.25, "strategic": true, "none": []int64{}, "empty": []string{}}}
	city := graph.Node{ID: graph.NodeID(graph.City, "430200"), Label: graph.City, Name: "株洲市", Aliases: []string{"株洲", "株洲市"},
		Props: graph.Props{"rank": []string{"a"}, "population": 390.5}}
	goal := graph.Node{ID: graph.NodeID(graph.Goal, "建设年轻人友好城市"), Label: graph.Goal, Name: "建设年轻人友好城市",
		Props: graph.Props{"rank": false}}
	b := graph.DocumentBatch{
		Document: graph.Node{ID: docID, Label: graph.Document, Name: "edge.txt",
			Props: graph.Props{"source": "edge.txt", "text": text, "version": int64(version), "none": []int64{}, "empty": []string{}}},
		Nodes: []graph.Node{zhang, abc, ind, city, goal},
	}
	s1 := "张三说,⼯业互联网和ＡＩ是ＡＢＣ科技公司的重点。"
	add := func(t graph.RelType, from, to string, props graph.Props, e *graph.Evidence) {
		doc := ""
		if e != nil {
			doc = docID
		}
		b.Relationships = append(b.Relationships, graph.Relationship{ID: graph.RelID(t, from, to, doc, props.String("title")),
			Type: t, From: from, To: to, Props: props, Evidence: e})
	}
	for _, n := range b.Nodes {
		add(graph.Mentions, docID, n.ID, nil, ev(s1))
	}
	add(graph.HoldsPosition, zhang.ID, abc.ID, graph.Props{"title": "董事长"}, ev(s1))
	add(graph.HoldsPosition, zhang.ID, abc.ID, graph.Props{"title": "总经理", "since": int64(2020), "none": []int64{}}, ev(s1))
	add(graph.Sets, zhang.ID, goal.ID, graph.Props{}, ev("株洲株洲。"))
	add(graph.AppliesTo, goal.ID, city.ID, graph.Props{}, nil)
	add(graph.LocatedIn, abc.ID, city.ID, nil, nil)
	if version > 1 {
		// The second version drops the goal. Its reference fact to the city
		// keeps it alive (reference facts are never owned), so only the
		// SETS fact goes.
		var nodes []graph.Node
		for _, n := range b.Nodes {
			if n.ID != goal.ID {
				nodes = append(nodes, n)
			}
		}
		b.Nodes = nodes
		var rels []graph.Relationship
		for _, r := range b.Relationships {
			if r.From != goal.ID && r.To != goal.ID {
				rels = append(rels, r)
			}
		}
		b.Relationships = rels
	}
	return b
}

// TestSameAnswersAsMemstore applies the same writes to memstore and to
// Neo4j and compares every kind of read with reflect.DeepEqual.
func TestSameAnswersAsMemstore(t *testing.T) {
	neo := openEmpty(t)
	defer neo.Close(context.Background())
	mem := memstore.New()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()

	nonEmpty, total := 0, 0
	defer func() { t.Logf("%d of %d comparisons had a non-empty answer", nonEmpty, total) }()
	both := func(what string, f func(s graph.Store) (any, error)) {
		t.Helper()
		want, errM := f(mem)
		got, errN := f(neo)
		if (errM == nil) != (errN == nil) {
			t.Errorf("%s: memstore error %v, neo4j error %v", what, errM, errN)
			return
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n neo4j    %#v\n memstore %#v", what, got, want)
		}
		if v := reflect.ValueOf(want); want != nil && (v.Kind() == reflect.Slice && v.Len() > 0 || v.Kind() == reflect.Struct && !v.IsZero() || v.Kind() == reflect.Pointer && !v.IsNil()) {
			nonEmpty++
		}
		total++
	}
	write := func(b graph.DocumentBatch) {
		t.Helper()
		both("write "+b.Document.ID, func(s graph.Store) (any, error) { return s.WriteDocument(ctx, b) })
	}
	compareAll := func(stage string) {
		t.Helper()
		if d1, d2 := storetest.Dump(t, neo), storetest.Dump(t, mem); d1 != d2 {
			t.Errorf("%s: dumps differ:\n--- neo4j\n%s\n--- memstore\n%s", stage, d1, d2)
		}
		both(stage+": stats", func(s graph.Store) (any, error) { return s.Stats(ctx) })
		var all []string
		_ = mem.Scan(ctx, func(n graph.Node) error { all = append(all, n.ID); return nil }, func(graph.Relationship) error { return nil })
		both(stage+": nodes", func(s graph.Store) (any, error) { return s.Nodes(ctx, append(all, "x:missing", all[0])) })
		for i, q := range nodeQueries() {
			both(fmt.Sprintf("%s: find %d %v", stage, i, q.Where), func(s graph.Store) (any, error) { return s.FindNodes(ctx, q) })
			q.SkipTotal = true
			both(fmt.Sprintf("%s: find %d %v without total", stage, i, q.Where), func(s graph.Store) (any, error) { return s.FindNodes(ctx, q) })
		}
		for i, q := range aggregateQueries() {
			both(fmt.Sprintf("%s: aggregate %d %v by %+v", stage, i, q.Where, q.By), func(s graph.Store) (any, error) { return s.Aggregate(ctx, q) })
		}
		for _, text := range []string{"工业", "⼯业", "ai", "ＡＩ", "abc", "科技", "城市", "产业", "报告第1句", "第3号", "株洲", "市", "z", "张三说", "互联网和", "两会"} {
			for _, q := range []graph.SearchQuery{{Text: text}, {Text: text, Limit: 3}, {Text: text, Labels: []graph.Label{graph.City, graph.Document}}} {
				both(fmt.Sprintf("%s: search %+v", stage, q), func(s graph.Store) (any, error) { return s.Search(ctx, q) })
			}
		}
		// Trees: the page and the levels below it in one statement, as
		// memstore's FindNodes and one Expand per level give them.
		levels := []graph.ExpandQuery{
			{Parts: []graph.ExpandPart{{Direction: graph.Out, Types: []graph.RelType{graph.HoldsPosition, graph.Sets}}, {Direction: graph.In, Types: []graph.RelType{graph.LocatedIn}}}, OmitRelProps: true},
			{Parts: []graph.ExpandPart{{Direction: graph.Both, Types: []graph.RelType{graph.LocatedIn, graph.AppliesTo}, OtherLabels: []graph.Label{graph.City, graph.Goal}}}, OmitNodeProps: true},
			{Direction: graph.In, Types: []graph.RelType{graph.Mentions}, Document: edgeBatch(1).Document.ID},
			{Types: []graph.RelType{"NO_SUCH_TYPE"}},
		}
		for i, q := range nodeQueries() {
			if i%4 != 0 {
				continue
			}
			tq := graph.TreeQuery{Root: q, Levels: levels[:1+i%len(levels)]}
			both(fmt.Sprintf("%s: tree %d %v", stage, i, q.Where), func(s graph.Store) (any, error) { return graph.ReadTree(ctx, s, tq) })
			tq.Root.SkipTotal = true
			tq.Levels = levels
			both(fmt.Sprintf("%s: tree %d %v without total", stage, i, q.Where), func(s graph.Store) (any, error) { return graph.ReadTree(ctx, s, tq) })
		}
		for i, id := range all {
			if i%3 != 0 {
				continue
			}
			both(stage+": expand "+id, func(s graph.Store) (any, error) {
				return s.Expand(ctx, graph.ExpandQuery{IDs: []string{id, all[len(all)-1-i]}})
			})
			both(stage+": expand out "+id, func(s graph.Store) (any, error) {
				return s.Expand(ctx, graph.ExpandQuery{IDs: []string{id}, Direction: graph.Out, Types: []graph.RelType{graph.Mentions, graph.HoldsPosition}, OtherLabels: []graph.Label{graph.Organization, graph.City}})
			})
			parts := []graph.ExpandPart{
				{Direction: graph.Out, Types: []graph.RelType{graph.HoldsPosition, graph.LocatedIn, graph.Sets}},
				{Direction: graph.In, Types: []graph.RelType{graph.Mentions, graph.LocatedIn}, OtherLabels: []graph.Label{graph.Document, graph.City, graph.Organization}},
				{Direction: graph.Both, Types: []graph.RelType{graph.AppliesTo}},
			}
			for _, omit := range [][2]bool{{false, false}, {true, false}, {false, true}, {true, true}} {
				q := graph.ExpandQuery{IDs: []string{id, all[len(all)-1-i], all[(i+5)%len(all)]}, Parts: parts, OmitNodeProps: omit[0], OmitRelProps: omit[1]}
				both(fmt.Sprintf("%s: expand parts %s omit %v", stage, id, omit), func(s graph.Store) (any, error) { return s.Expand(ctx, q) })
				q.Parts, q.Document = nil, edgeBatch(1).Document.ID
				both(fmt.Sprintf("%s: expand of a document %s omit %v", stage, id, omit), func(s graph.Store) (any, error) { return s.Expand(ctx, q) })
			}
			for _, q := range []graph.NeighborhoodQuery{{ID: id, Depth: 2}, {ID: id, Depth: 3, Limit: 7}, {ID: id, Depth: 2, Types: []graph.RelType{graph.LocatedIn, graph.HoldsPosition, graph.AppliesTo}}} {
				both(fmt.Sprintf("%s: neighbourhood %+v", stage, q), func(s graph.Store) (any, error) { return s.Neighborhood(ctx, q) })
			}
			to := all[(i*7+3)%len(all)]
			for _, q := range []graph.PathQuery{{From: id, To: to, MaxDepth: 4, K: 6}, {From: id, To: to, MaxDepth: 3, Types: []graph.RelType{graph.LocatedIn, graph.HoldsPosition, graph.Targets, graph.Proposes}, K: 3}} {
				both(fmt.Sprintf("%s: paths %+v", stage, q), func(s graph.Store) (any, error) { return s.Paths(ctx, q) })
				both(fmt.Sprintf("%s: shortest %+v", stage, q), func(s graph.Store) (any, error) { return s.ShortestPath(ctx, q) })
			}
		}
	}

	corpus := storetest.SyntheticCorpus(6, 40)
	write(edgeBatch(1))
	for _, b := range corpus {
		write(b)
	}
	compareAll("loaded")

	write(edgeBatch(2))
	write(edgeBatch(2)) // unchanged
	smaller := corpus[2]
	smaller.Nodes = smaller.Nodes[:len(smaller.Nodes)/2]
	keep := map[string]bool{smaller.Document.ID: true}
	for _, n := range smaller.Nodes {
		keep[n.ID] = true
	}
	var rels []graph.Relationship
	for _, r := range smaller.Relationships {
		if keep[r.From] && keep[r.To] {
			rels = append(rels, r)
		}
	}
	smaller.Relationships = rels
	write(smaller)
	both("delete", func(s graph.Store) (any, error) { return nil, s.DeleteDocument(ctx, corpus[4].Document.ID) })
	both("delete an entity", func(s graph.Store) (any, error) { return nil, s.DeleteDocument(ctx, corpus[0].Nodes[0].ID) })
	compareAll("replaced")
}

// nodeQueries exercises the filter compiler against memstore's evaluator.
func nodeQueries() []graph.NodeQuery {
	f := func(field string, op graph.Op, v any) *graph.Filter {
		return &graph.Filter{Field: field, Op: op, Value: v}
	}
	rel := func(t graph.RelType, d graph.Direction, q graph.Quantifier, w *graph.Filter, ls ...graph.Label) *graph.Filter {
		return &graph.Filter{Rel: &graph.RelFilter{Type: t, Direction: d, Quantifier: q, Where: w, Labels: ls}}
	}
	not := func(x *graph.Filter) *graph.Filter { return &graph.Filter{Not: x} }
	edge := func(q graph.Quantifier, e, w *graph.Filter) *graph.Filter {
		return &graph.Filter{Rel: &graph.RelFilter{Type: graph.HoldsPosition, Direction: graph.Out, Quantifier: q, Edge: e, Where: w}}
	}
	and := func(xs ...*graph.Filter) *graph.Filter {
		out := &graph.Filter{And: []graph.Filter{}}
		for _, x := range xs {
			out.And = append(out.And, *x)
		}
		return out
	}
	or := func(xs ...*graph.Filter) *graph.Filter {
		out := &graph.Filter{Or: []graph.Filter{}}
		for _, x := range xs {
			out.Or = append(out.Or, *x)
		}
		return out
	}
	wheres := []*graph.Filter{
		nil,
		f("rank", graph.OpEq, "a"), // matches an element of a list
		f("rank", graph.OpGt, int64(1)),
		f("rank", graph.OpLt, "c"),
		f("rank", graph.OpEq, false),
		not(f("rank", graph.OpEq, "b")),
		f("population", graph.OpGte, int64(100)),
		f("population", graph.OpEq, 390.5),
		f("share", graph.OpLt, 1),
		f("strategic", graph.OpEq, true),
		f("ids", graph.OpEq, int64(1)),
		f("ids", graph.OpIn, []string{"1"}),
		f("tags", graph.OpStartsWith, "民"),
		f("aliases", graph.OpContains, "abc"),
		f("aliases", graph.OpEndsWith, "市"),
		f("name", graph.OpIn, []string{"张三", "株洲市"}),
		f("id", graph.OpStartsWith, "city:"),
		f("code", graph.OpStartsWith, "4300"),
		f("text", graph.OpContains, "报告"),
		f("nothing", graph.OpEq, ""),
		not(f("nothing", graph.OpEq, "")),
		and(),
		or(),
		and(f("name", graph.OpContains, "0"), not(f("aliases", graph.OpContains, "别名"))),
		or(f("rank", graph.OpEq, int64(2)), f("title", graph.OpEq, "x"), rel(graph.Mentions, graph.In, graph.None, nil)),
		rel(graph.HoldsPosition, graph.Out, graph.Some, f("name", graph.OpContains, "科技")),
		rel(graph.HoldsPosition, graph.Both, graph.All, f("rank", graph.OpEq, "b")),
		rel(graph.Mentions, graph.In, graph.All, f("source", graph.OpStartsWith, "synthetic"), graph.Document),
		rel(graph.LocatedIn, graph.In, graph.Some, rel(graph.LocatedIn, graph.Both, graph.None, nil, graph.City), graph.City, graph.Organization),
		not(rel(graph.Targets, graph.In, graph.Some, nil)),
		// Edge filters: 张三 holds two titles at one company.
		edge(graph.Some, f("title", graph.OpEq, "董事长"), nil),
		edge(graph.Some, f("title", graph.OpContains, "经理"), f("name", graph.OpContains, "科技")),
		edge(graph.Some, f("title", graph.OpContains, "经理"), f("name", graph.OpContains, "株洲")),
		edge(graph.All, f("title", graph.OpContains, "经理"), nil),
		edge(graph.All, or(f("title", graph.OpContains, "经理"), f("title", graph.OpEq, "董事长")), nil),
		edge(graph.None, not(f("title", graph.OpGt, "")), nil),
		edge(graph.Single, f("title", graph.OpIn, []string{"董事长", "总经理"}), nil),
		not(edge(graph.Some, and(), nil)),
		edge(graph.Some, f("since", graph.OpEq, int64(2020)), nil), // no RelProps key: refused by both
	}
	sorts := [][]graph.SortKey{
		nil,
		{{Field: "rank"}},
		{{Field: "rank", Desc: true}, {Field: "name"}},
		{{Field: "aliases"}},
		{{Field: "population", Desc: true}},
		{{Field: "name", Desc: true}},
		{{Field: "id", Desc: true}},
	}
	var out []graph.NodeQuery
	for i, w := range wheres {
		q := graph.NodeQuery{Where: w, Sort: sorts[i%len(sorts)]}
		out = append(out, q)
		q.Offset, q.Limit = 2, 5
		out = append(out, q)
		q.Labels = []graph.Label{graph.City, graph.Industry, "Planet"}
		out = append(out, q)
	}
	for _, s := range sorts {
		out = append(out, graph.NodeQuery{Sort: s})
	}
	out = append(out, graph.NodeQuery{Labels: []graph.Label{"Planet"}})
	return out
}

// aggregateQueries exercises the group compiler against memstore's
// grouping: fields holding different kinds on different nodes, lists,
// prefixes, both directions, unknown labels.
func aggregateQueries() []graph.AggregateQuery {
	own := func(field string, prefix int) *graph.GroupBy { return &graph.GroupBy{Field: field, Prefix: prefix} }
	via := func(t graph.RelType, d graph.Direction, field string, prefix int, ls ...graph.Label) *graph.GroupBy {
		return &graph.GroupBy{Type: t, Direction: d, Field: field, Prefix: prefix, Labels: ls}
	}
	bys := []*graph.GroupBy{
		nil,
		own("rank", 0), // a string on one node, an int, a list, a bool on others
		own("name", 1),
		own("aliases", 0), // a list groups nothing
		own("source", 9),
		via(graph.Mentions, graph.In, "source", 0, graph.Document),
		via(graph.Mentions, graph.In, "date", 4),
		via(graph.HoldsPosition, graph.Out, "id", 0),
		via(graph.HoldsPosition, graph.In, "name", 0, graph.Official),
		via(graph.LocatedIn, graph.Both, "id", 0, graph.City, graph.Organization),
		via(graph.Targets, graph.Out, "id", 0, graph.Industry),
		via(graph.Mentions, graph.Out, "rank", 0),
		{Type: graph.Mentions, Direction: graph.In, Field: "id", Prefix: 3},                       // refused
		{Type: graph.Mentions, Direction: graph.In, Field: "id", Labels: []graph.Label{"Planet"}}, // refused
	}
	var out []graph.AggregateQuery
	for _, by := range bys {
		out = append(out,
			graph.AggregateQuery{By: by},
			graph.AggregateQuery{By: by, Limit: 2},
			graph.AggregateQuery{By: by, Labels: []graph.Label{graph.City, graph.Organization, "Planet"}},
			graph.AggregateQuery{By: by, Where: &graph.Filter{Field: "name", Op: graph.OpContains, Value: "0"}},
		)
	}
	return append(out, graph.AggregateQuery{Labels: []graph.Label{"Planet"}, By: own("name", 0)})
}
