// Package storetest is the conformance suite that every graph.Store passes,
// in the manner of testing/fstest: a store package calls Run from its own
// test with a function that returns an empty store. The expectations are
// worked out from the fixture in fixture.go, never read back from a store,
// so two stores that pass give the same answers.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/policygraph/policygraph/graph"
)

// Factory returns an empty store for one test; the suite closes it.
type Factory func(t *testing.T) graph.Store

// Run runs the whole suite.
func Run(t *testing.T, open Factory) {
	tests := []struct {
		name string
		fn   func(*testing.T, graph.Store)
	}{
		{"WriteAndRead", testWriteAndRead},
		{"IdempotentRewrite", testIdempotent},
		{"ReplaceDocument", testReplace},
		{"DeleteDocument", testDelete},
		{"RejectsBadInput", testRejects},
		{"AtomicOnConflict", testAtomicConflict},
		{"FindNodes", testFindNodes},
		{"FindNodesSingle", testFindSingle},
		{"FindNodesEdge", testFindEdge},
		{"Aggregate", testAggregate},
		{"FindNodesPaging", testPaging},
		{"Expand", testExpand},
		{"Neighborhood", testNeighborhood},
		{"Paths", testPaths},
		{"Search", testSearch},
		{"ConcurrentWrites", testConcurrent},
		{"CancelledContext", testCancelled},
		{"Statements", testStatements},
		{"RelationshipEnds", testRelationshipEnds},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			defer func() {
				if err := s.Close(context.Background()); err != nil {
					t.Errorf("close: %v", err)
				}
			}()
			tc.fn(t, s)
		})
	}
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return c
}

func write(t *testing.T, s graph.Store, b graph.DocumentBatch) graph.WriteStats {
	t.Helper()
	st, err := s.WriteDocument(ctx(t), b)
	if err != nil {
		t.Fatalf("write %s: %v", b.Document.ID, err)
	}
	return st
}

func loadBoth(t *testing.T, s graph.Store) {
	t.Helper()
	write(t, s, batchA())
	write(t, s, batchB())
}

// Dump is a canonical text form of a whole store, for comparisons.
func Dump(t testing.TB, s graph.Store) string {
	t.Helper()
	var b strings.Builder
	err := s.Scan(context.Background(), func(n graph.Node) error {
		fmt.Fprintf(&b, "N %s %s %q %q", n.ID, n.Label, n.Name, n.Aliases)
		for _, k := range n.Props.Keys() {
			fmt.Fprintf(&b, " %s=%#v", k, n.Props[k])
		}
		b.WriteByte('\n')
		return nil
	}, func(r graph.Relationship) error {
		fmt.Fprintf(&b, "R %s %s %s->%s", r.ID, r.Type, r.From, r.To)
		for _, k := range r.Props.Keys() {
			fmt.Fprintf(&b, " %s=%#v", k, r.Props[k])
		}
		if e := r.Evidence; e != nil {
			fmt.Fprintf(&b, " ev=%s[%d:%d]%q@%q", e.Document, e.Start, e.End, e.Sentence, e.Headline)
		}
		b.WriteByte('\n')
		return nil
	})
	if err != nil {
		t.Fatalf("scan: %v", err)
	}
	return b.String()
}

func ids(nodes []graph.Node) []string {
	out := make([]string, len(nodes))
	for i, n := range nodes {
		out[i] = n.ID
	}
	return out
}

func relIDs(rels []graph.Relationship) []string {
	out := make([]string, len(rels))
	for i, r := range rels {
		out[i] = r.ID
	}
	return out
}

func sorted(ss ...string) []string {
	out := append([]string(nil), ss...)
	sort.Strings(out)
	return out
}

func eq(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got  %v\n want %v", what, got, want)
	}
}

func testWriteAndRead(t *testing.T, s graph.Store) {
	a, b := batchA(), batchB()
	st := write(t, s, a)
	if st.Unchanged || st.Relationships != len(a.Relationships) {
		t.Errorf("first write stats %+v", st)
	}
	write(t, s, b)

	stats, err := s.Stats(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	eq(t, "node counts", stats.Nodes, map[graph.Label]int{
		graph.Document: 2, graph.City: 3, graph.Official: 3, graph.Organization: 1, graph.Industry: 2, graph.Proposal: 2,
	})
	// batchA: 2 reference + 5 facts + 7 mentions; batchB: the shared reference + 4 facts + 5 mentions.
	eq(t, "relationship counts", stats.Relationships, map[graph.RelType]int{
		graph.LocatedIn: 3, graph.HoldsPosition: 3, graph.Proposes: 2, graph.Targets: 3, graph.Mentions: 12,
	})

	got, err := s.Nodes(ctx(t), []string{idHard, "city:nowhere", idDocA, idZhuzhou})
	if err != nil {
		t.Fatal(err)
	}
	eq(t, "Nodes order and misses", ids(got), []string{idHard, idDocA, idZhuzhou})
	hard := got[0]
	eq(t, "merged aliases", hard.Aliases, []string{"先进硬质材料", "硬质合金"})
	eq(t, "industry props", hard.Props, graph.Props{"sector": "材料"})
	doc := got[1]
	eq(t, "document source", doc.Props.String("source"), "a.txt")
	eq(t, "document paragraphs", doc.Props.Strings("paragraphs"), []string{textA})
	eq(t, "document text", doc.Props.String("text"), textA)
	eq(t, "int property", got[2].Props["population"], int64(390))

	// Evidence comes back whole.
	sub, err := s.Expand(ctx(t), graph.ExpandQuery{IDs: []string{idJiang}, Types: []graph.RelType{graph.HoldsPosition}})
	if err != nil {
		t.Fatal(err)
	}
	if len(sub.Relationships) != 1 {
		t.Fatalf("HOLDS_POSITION of 蒋长富: %v", relIDs(sub.Relationships))
	}
	r := sub.Relationships[0]
	want := fact(idDocA, textA, graph.HoldsPosition, idJiang, idLiling, "醴陵市委副书记、代理市长蒋长富接受专访。", graph.Props{"title": "代理市长"})
	eq(t, "relationship", r, want)
	if []rune(textA)[r.Evidence.Start] != '醴' {
		t.Errorf("evidence start %d does not point at the sentence", r.Evidence.Start)
	}
}

func testIdempotent(t *testing.T, s graph.Store) {
	loadBoth(t, s)
	before := Dump(t, s)
	st := write(t, s, batchA())
	if !st.Unchanged {
		t.Errorf("rewrite of an unchanged document: Unchanged = false")
	}
	// Same content in another order is the same document.
	b := batchB()
	for i, j := 0, len(b.Relationships)-1; i < j; i, j = i+1, j-1 {
		b.Relationships[i], b.Relationships[j] = b.Relationships[j], b.Relationships[i]
	}
	if st := write(t, s, b); !st.Unchanged {
		t.Errorf("reordered batch: Unchanged = false")
	}
	if after := Dump(t, s); after != before {
		t.Errorf("graph changed on rewrite:\n--- before\n%s\n--- after\n%s", before, after)
	}
}

func testReplace(t *testing.T, s graph.Store) {
	loadBoth(t, s)
	// The new a.txt drops the proposal (and 何翌滔 and 跃达建筑 with it).
	a := batchA()
	var nodes []graph.Node
	for _, n := range a.Nodes {
		if n.ID != idP1 && n.ID != idHe && n.ID != idYueda {
			nodes = append(nodes, n)
		}
	}
	a.Nodes = nodes
	var rels []graph.Relationship
	for _, r := range a.Relationships {
		if r.From != idP1 && r.To != idP1 && r.From != idHe && r.To != idHe && r.To != idYueda {
			rels = append(rels, r)
		}
	}
	a.Relationships = rels
	a.Document.Props["date"] = "2025-12-28"
	st := write(t, s, a)
	if st.Unchanged || st.Replaced != 12 {
		t.Errorf("replace stats %+v, want 12 replaced", st)
	}
	got, err := s.Nodes(ctx(t), allFixture)
	if err != nil {
		t.Fatal(err)
	}
	eq(t, "nodes after replace", ids(got), []string{idDocA, idDocB, idHunan, idZhuzhou, idLiling, idJiang, idLi, idHard, idAI, idP2})
	eq(t, "document props replaced", got[0].Props.String("date"), "2025-12-28")
	stats, _ := s.Stats(ctx(t))
	eq(t, "relationship counts", stats.Relationships, map[graph.RelType]int{
		graph.LocatedIn: 2, graph.HoldsPosition: 2, graph.Proposes: 1, graph.Targets: 2, graph.Mentions: 9,
	})
}

func testDelete(t *testing.T, s graph.Store) {
	loadBoth(t, s)
	if err := s.DeleteDocument(ctx(t), idDocB); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteDocument(ctx(t), "document:missing.txt"); err != nil {
		t.Errorf("deleting a missing document: %v", err)
	}
	got, _ := s.Nodes(ctx(t), allFixture)
	eq(t, "nodes after delete", ids(got), []string{idDocA, idHunan, idZhuzhou, idLiling, idJiang, idHe, idYueda, idHard, idP1})
	// Back again: the same graph as before.
	write(t, s, batchB())
	other := Dump(t, s)
	if err := s.DeleteDocument(ctx(t), idDocA); err != nil {
		t.Fatal(err)
	}
	write(t, s, batchA())
	if Dump(t, s) != other {
		t.Errorf("delete and re-write does not restore the graph")
	}
}

func testRejects(t *testing.T, s graph.Store) {
	write(t, s, batchA())
	before := Dump(t, s)
	long := strings.Repeat("长", graph.MaxNameRunes+1)
	cases := []struct {
		name string
		edit func(b *graph.DocumentBatch)
	}{
		{"empty name", func(b *graph.DocumentBatch) { b.Nodes[0].Name = " " }},
		{"over-long name", func(b *graph.DocumentBatch) { b.Nodes[3].Name = long }},
		{"invalid UTF-8 name", func(b *graph.DocumentBatch) { b.Nodes[4].Name = "株\xff洲" }},
		{"invalid UTF-8 alias", func(b *graph.DocumentBatch) { b.Nodes[4].Aliases = []string{"\xc3\x28"} }},
		{"invalid UTF-8 property", func(b *graph.DocumentBatch) { b.Document.Props["text"] = "ok\xffno" }},
		{"NUL in text", func(b *graph.DocumentBatch) { b.Document.Props["text"] = "a\x00b" }},
		{"empty id", func(b *graph.DocumentBatch) { b.Nodes[1].ID = "" }},
		{"unknown label", func(b *graph.DocumentBatch) { b.Nodes[1].Label = "Planet" }},
		{"unknown type", func(b *graph.DocumentBatch) { b.Relationships[3].Type = "LIKES" }},
		{"dangling endpoint", func(b *graph.DocumentBatch) { b.Relationships[3].To = "official:nobody" }},
		{"evidence from another document", func(b *graph.DocumentBatch) { b.Relationships[3].Evidence.Document = idDocB }},
		{"reserved property", func(b *graph.DocumentBatch) { b.Relationships[3].Props = graph.Props{"sentence": "x"} }},
		{"unsupported property type", func(b *graph.DocumentBatch) { b.Nodes[0].Props["x"] = map[string]int{} }},
		{"duplicate node", func(b *graph.DocumentBatch) { b.Nodes = append(b.Nodes, b.Nodes[0]) }},
		{"second document", func(b *graph.DocumentBatch) { b.Nodes[0].Label = graph.Document }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := batchA()
			b.Document.Props["date"] = "changed" // so the batch is not skipped as unchanged
			tc.edit(&b)
			_, err := s.WriteDocument(ctx(t), b)
			if !errors.Is(err, graph.ErrInvalid) {
				t.Fatalf("err = %v, want ErrInvalid", err)
			}
			if after := Dump(t, s); after != before {
				t.Errorf("rejected batch changed the graph")
			}
		})
	}
}

// testAtomicConflict makes a batch that passes validation but conflicts
// with the graph (an id already used under another label), so the store
// finds out inside its transaction, after removing the old version: the
// old version must still be there afterwards.
func testAtomicConflict(t *testing.T, s graph.Store) {
	loadBoth(t, s)
	before := Dump(t, s)
	a := batchA()
	a.Document.Props["date"] = "2026-01-01"
	for i := range a.Nodes {
		if a.Nodes[i].ID == idHe {
			a.Nodes[i].ID = idLi // 黎婷's id, now as an Organization
			a.Nodes[i].Label = graph.Organization
		}
	}
	for i := range a.Relationships {
		r := &a.Relationships[i]
		if r.From == idHe {
			r.From = idLi
		}
		if r.To == idHe {
			r.To = idLi
		}
		r.ID = graph.RelID(r.Type, r.From, r.To, idDocA, r.Props.String("title"))
	}
	_, err := s.WriteDocument(ctx(t), a)
	if err == nil {
		t.Fatal("label conflict accepted")
	}
	if !errors.Is(err, graph.ErrInvalid) {
		t.Errorf("label conflict: %v, want ErrInvalid", err)
	}
	if after := Dump(t, s); after != before {
		t.Errorf("failed write changed the graph:\n--- before\n%s\n--- after\n%s", before, after)
	}

	// A document whose id an entity already has is the same conflict.
	c := batchB()
	c.Document.ID = idHard
	for i := range c.Relationships {
		r := &c.Relationships[i]
		if r.From == idDocB {
			r.From = idHard
		}
		if r.Evidence != nil {
			r.Evidence.Document = idHard
		}
	}
	var nodes []graph.Node
	for _, n := range c.Nodes {
		if n.ID != idHard {
			nodes = append(nodes, n)
		}
	}
	c.Nodes = nodes
	var rels []graph.Relationship
	for _, r := range c.Relationships {
		if r.To != idHard {
			rels = append(rels, r)
		}
	}
	c.Relationships = rels
	if _, err := s.WriteDocument(ctx(t), c); !errors.Is(err, graph.ErrInvalid) {
		t.Errorf("document id used by an entity: %v, want ErrInvalid", err)
	}
	if after := Dump(t, s); after != before {
		t.Errorf("failed write changed the graph")
	}
}

// testFindSingle: "single" holds when exactly one related node matches,
// counting nodes, not relationships: after d.txt gives 黎婷 a second title
// at 株洲市, she still holds a position at a single place.
func testFindSingle(t *testing.T, s graph.Store) {
	loadBoth(t, s)
	single := func(typ graph.RelType, dir graph.Direction, where *graph.Filter, labels ...graph.Label) *graph.Filter {
		return &graph.Filter{Rel: &graph.RelFilter{Type: typ, Direction: dir, Quantifier: graph.Single, Where: where, Labels: labels}}
	}
	hard := &graph.Filter{Field: "name", Op: graph.OpEq, Value: "硬质材料"}
	type tc struct {
		name   string
		labels []graph.Label
		where  *graph.Filter
		want   []string
	}
	run := func(cases []tc) {
		t.Helper()
		for _, c := range cases {
			page, err := s.FindNodes(ctx(t), graph.NodeQuery{Labels: c.labels, Where: c.where})
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			want := c.want
			if len(want) > 0 {
				want = sorted(want...)
			}
			eq(t, c.name, nilIfEmpty(ids(page.Nodes)), nilIfEmpty(want))
			eq(t, c.name+": total", page.Total, len(c.want))
		}
	}
	run([]tc{
		// p1 targets 硬质材料 alone, p2 also 人工智能.
		{"one target", []graph.Label{graph.Proposal}, single(graph.Targets, graph.Out, nil), []string{idP1}},
		{"one matching target", []graph.Label{graph.Proposal}, single(graph.Targets, graph.Out, hard), []string{idP1, idP2}},
		{"one targeting proposal", []graph.Label{graph.Industry}, single(graph.Targets, graph.In, nil), []string{idAI}},
		{"no related node is not one", []graph.Label{graph.Official}, single(graph.Proposes, graph.Out, nil), []string{idHe, idLi}},
		{"one mentioning report", []graph.Label{graph.Industry, graph.City}, single(graph.Mentions, graph.In, nil, graph.Document), []string{idAI, idLiling}},
		// 株洲市 has 醴陵市 and p1 inside and 湖南省 above: three.
		{"both directions", []graph.Label{graph.City, graph.Proposal}, single(graph.LocatedIn, graph.Both, nil), []string{idHunan, idLiling, idP1}},
		{"nested", []graph.Label{graph.Official}, single(graph.Proposes, graph.Out, single(graph.Targets, graph.Out, nil)), []string{idHe}},
		{"negated", []graph.Label{graph.Proposal}, &graph.Filter{Not: single(graph.Targets, graph.Out, nil)}, []string{idP2}},
	})
	write(t, s, batchD())
	li := &graph.Filter{Field: "name", Op: graph.OpEq, Value: "黎婷"}
	run([]tc{
		{"a node related twice is one", []graph.Label{graph.Official}, single(graph.HoldsPosition, graph.Out, nil), []string{idJiang, idHe, idLi}},
		{"a node related twice is one, incoming", []graph.Label{graph.City}, single(graph.HoldsPosition, graph.In, li), []string{idZhuzhou}},
		{"two reports are two", []graph.Label{graph.City}, single(graph.Mentions, graph.In, nil), []string{idLiling}},
	})
}

// batchD gives 黎婷 a second title at 株洲市 (市人大代表 beside
// 市政协委员): one place, two relationships. It is undated, its date
// empty as ingest writes it.
func batchD() graph.DocumentBatch {
	const textD = "黎婷当选市人大代表。"
	return graph.DocumentBatch{
		Document: node(idDocD, graph.Document, "d.txt", nil, graph.Props{graph.PropSource: "d.txt", graph.PropText: textD, graph.PropDate: ""}),
		Nodes:    []graph.Node{node(idLi, graph.Official, "黎婷", nil, nil), cities()[1]},
		Relationships: []graph.Relationship{
			fact(idDocD, textD, graph.HoldsPosition, idLi, idZhuzhou, textD, graph.Props{graph.PropTitle: "市人大代表"}),
			fact(idDocD, textD, graph.Mentions, idDocD, idLi, textD, nil),
			fact(idDocD, textD, graph.Mentions, idDocD, idZhuzhou, textD, nil),
		},
	}
}

// testFindEdge: a relationship filter with an edge part counts a
// relationship when both it (its own properties) and its far node match:
// the title and the place of one position, not a title somewhere and the
// place elsewhere. Titles: 蒋长富 代理市长 at 醴陵市, 何翌滔 总经理 at
// 跃达建筑, 黎婷 市政协委员 and (d.txt) 市人大代表, both at 株洲市.
func testFindEdge(t *testing.T, s graph.Store) {
	loadBoth(t, s)
	write(t, s, batchD())
	title := func(op graph.Op, v any) *graph.Filter { return &graph.Filter{Field: graph.PropTitle, Op: op, Value: v} }
	pos := func(dir graph.Direction, q graph.Quantifier, edge, where *graph.Filter) *graph.Filter {
		return &graph.Filter{Rel: &graph.RelFilter{Type: graph.HoldsPosition, Direction: dir, Quantifier: q, Edge: edge, Where: where}}
	}
	name := func(v string) *graph.Filter { return &graph.Filter{Field: "name", Op: graph.OpEq, Value: v} }
	officials, cityL := []graph.Label{graph.Official}, []graph.Label{graph.City}
	cases := []struct {
		name   string
		labels []graph.Label
		where  *graph.Filter
		want   []string
	}{
		{"some title", officials, pos(graph.Out, graph.Some, title(graph.OpContains, "人大代表"), nil), []string{idLi}},
		{"title and place of one position", officials, pos(graph.Out, graph.Some, title(graph.OpEq, "代理市长"), name("醴陵市")), []string{idJiang}},
		{"title at another place", officials, pos(graph.Out, graph.Some, title(graph.OpEq, "代理市长"), name("株洲市")), nil},
		{"either title", officials, pos(graph.Out, graph.Some, &graph.Filter{Or: []graph.Filter{*title(graph.OpEq, "总经理"), *title(graph.OpEq, "代理市长")}}, nil), []string{idJiang, idHe}},
		{"negated title", officials, pos(graph.Out, graph.Some, &graph.Filter{Not: title(graph.OpContains, "市")}, nil), []string{idHe}},
		{"in", officials, pos(graph.Out, graph.Some, title(graph.OpIn, []string{"市政协委员", "总经理"}), nil), []string{idHe, idLi}},
		{"none", officials, pos(graph.Out, graph.None, title(graph.OpContains, "市"), nil), []string{idHe}},
		{"all", officials, pos(graph.Out, graph.All, title(graph.OpContains, "市"), nil), []string{idJiang, idLi}},
		{"all, one title failing", officials, pos(graph.Out, graph.All, title(graph.OpContains, "委员"), nil), nil},
		// Two matching titles at one place are one node.
		{"single counts places", officials, pos(graph.Out, graph.Single, title(graph.OpContains, "市"), nil), []string{idJiang, idLi}},
		{"incoming", cityL, pos(graph.In, graph.Some, title(graph.OpContains, "人大代表"), name("黎婷")), []string{idZhuzhou}},
		// 湖南省 has no official at all: all holds there.
		{"all, incoming", cityL, pos(graph.In, graph.All, title(graph.OpContains, "代表"), nil), []string{idHunan}},
		{"gt the empty string", cityL, pos(graph.In, graph.Some, title(graph.OpGt, ""), nil), []string{idLiling, idZhuzhou}},
	}
	for _, c := range cases {
		page, err := s.FindNodes(ctx(t), graph.NodeQuery{Labels: c.labels, Where: c.where})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		want := c.want
		if len(want) > 0 {
			want = sorted(want...)
		}
		eq(t, c.name, nilIfEmpty(ids(page.Nodes)), nilIfEmpty(want))
	}
	// An edge filter names the type's own properties only: not the
	// evidence the Neo4j store keeps beside them, not node fields, not
	// another relationship.
	for _, bad := range []*graph.Filter{
		pos(graph.Out, graph.Some, &graph.Filter{Field: "sentence", Op: graph.OpContains, Value: "黎婷"}, nil),
		pos(graph.Out, graph.Some, &graph.Filter{Field: "name", Op: graph.OpEq, Value: "黎婷"}, nil),
		pos(graph.Out, graph.Some, pos(graph.Out, graph.Some, nil, nil), nil),
		{Rel: &graph.RelFilter{Type: graph.Proposes, Direction: graph.Out, Quantifier: graph.Some, Edge: title(graph.OpEq, "x")}},
	} {
		if _, err := s.FindNodes(ctx(t), graph.NodeQuery{Where: bad}); !errors.Is(err, graph.ErrInvalid) {
			t.Errorf("edge filter %s: err = %v, want ErrInvalid", bad, err)
		}
	}
}

// testAggregate: counts and group counts, a node once per distinct group
// (黎婷's two titles at 株洲市 are one place), ordered by count, then name,
// then key, the same on every store.
func testAggregate(t *testing.T, s graph.Store) {
	loadBoth(t, s)
	write(t, s, batchD())
	proposals, cityL, officials := []graph.Label{graph.Proposal}, []graph.Label{graph.City}, []graph.Label{graph.Official}
	via := func(typ graph.RelType, dir graph.Direction, field string, prefix int, labels ...graph.Label) *graph.GroupBy {
		return &graph.GroupBy{Type: typ, Direction: dir, Field: field, Prefix: prefix, Labels: labels}
	}
	g := func(key, name string, n int) graph.Group {
		if name == "" {
			name = key
		}
		return graph.Group{Key: key, Name: name, Count: n}
	}
	ai := &graph.Filter{Rel: &graph.RelFilter{Type: graph.Targets, Direction: graph.Out, Quantifier: graph.Some,
		Where: &graph.Filter{Field: "name", Op: graph.OpEq, Value: "人工智能"}}}
	cases := []struct {
		name  string
		q     graph.AggregateQuery
		count int
		want  []graph.Group
	}{
		{"count only", graph.AggregateQuery{Labels: proposals}, 2, nil},
		{"by industry", graph.AggregateQuery{Labels: proposals, By: via(graph.Targets, graph.Out, "id", 0, graph.Industry)}, 2,
			[]graph.Group{g(idHard, "硬质材料", 2), g(idAI, "人工智能", 1)}},
		{"by city", graph.AggregateQuery{Labels: proposals, By: via(graph.LocatedIn, graph.Out, "id", 0, graph.City)}, 2,
			[]graph.Group{g(idZhuzhou, "株洲市", 1)}},
		{"by year of the reports", graph.AggregateQuery{Labels: proposals, By: via(graph.Mentions, graph.In, graph.PropDate, 4, graph.Document)}, 2,
			[]graph.Group{g("2025", "", 2)}},
		// d.txt, undated, groups nothing.
		{"by day", graph.AggregateQuery{Labels: cityL, By: via(graph.Mentions, graph.In, graph.PropDate, 0)}, 3,
			[]graph.Group{g("2025-12-27", "", 2), g("2025-12-24", "", 1)}},
		{"an empty value groups nothing", graph.AggregateQuery{Labels: []graph.Label{graph.Document}, By: &graph.GroupBy{Field: graph.PropDate, Prefix: 4}}, 3,
			[]graph.Group{g("2025", "", 2)}},
		{"by own property, ties by name", graph.AggregateQuery{Labels: cityL, By: &graph.GroupBy{Field: graph.PropLevel}}, 3,
			[]graph.Group{g("county", "", 1), g("prefecture", "", 1), g("province", "", 1)}},
		{"incoming", graph.AggregateQuery{Labels: []graph.Label{graph.Industry}, By: via(graph.Targets, graph.In, "name", 0)}, 2,
			[]graph.Group{g("共建硬质合金复合材料中试基地", "", 2), g("加快打通湘江东岸沿江南路", "", 1)}},
		{"filtered", graph.AggregateQuery{Labels: proposals, Where: ai, By: via(graph.Targets, graph.Out, "id", 0)}, 1,
			[]graph.Group{g(idAI, "人工智能", 1), g(idHard, "硬质材料", 1)}},
		{"limited", graph.AggregateQuery{Labels: proposals, By: via(graph.Targets, graph.Out, "id", 0), Limit: 1}, 2,
			[]graph.Group{g(idHard, "硬质材料", 2)}},
		{"a place held twice is one", graph.AggregateQuery{Labels: officials, By: via(graph.HoldsPosition, graph.Out, "id", 0, graph.City)}, 3,
			[]graph.Group{g(idZhuzhou, "株洲市", 1), g(idLiling, "醴陵市", 1)}},
		{"not a string", graph.AggregateQuery{Labels: cityL, By: &graph.GroupBy{Field: "population"}}, 3, nil},
		{"every label", graph.AggregateQuery{Where: &graph.Filter{Field: "name", Op: graph.OpContains, Value: "株洲"}}, 2, nil},
		{"nothing matches", graph.AggregateQuery{Labels: proposals, Where: &graph.Filter{Field: "name", Op: graph.OpEq, Value: "无"}, By: via(graph.Targets, graph.Out, "id", 0)}, 0, nil},
	}
	for _, c := range cases {
		a, err := s.Aggregate(ctx(t), c.q)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		eq(t, c.name+": count", a.Count, c.count)
		eq(t, c.name, a.Groups, c.want)
	}
	for _, bad := range []*graph.GroupBy{
		{Field: "a b"},
		{Type: "NOPE", Direction: graph.Out, Field: "id"},
		{Type: graph.Targets, Direction: "SIDEWAYS", Field: "id"},
		{Type: graph.Targets, Direction: graph.Out, Field: "id", Prefix: 2},
		{Field: "name", Labels: []graph.Label{"Nope"}},
	} {
		if _, err := s.Aggregate(ctx(t), graph.AggregateQuery{By: bad}); !errors.Is(err, graph.ErrInvalid) {
			t.Errorf("group by %+v: err = %v, want ErrInvalid", *bad, err)
		}
	}
}

func testFindNodes(t *testing.T, s graph.Store) {
	loadBoth(t, s)
	f := func(field string, op graph.Op, v any) graph.Filter {
		return graph.Filter{Field: field, Op: op, Value: v}
	}
	rel := func(typ graph.RelType, dir graph.Direction, q graph.Quantifier, where *graph.Filter, labels ...graph.Label) graph.Filter {
		return graph.Filter{Rel: &graph.RelFilter{Type: typ, Direction: dir, Quantifier: q, Where: where, Labels: labels}}
	}
	hard := f("name", graph.OpEq, "硬质材料")
	cases := []struct {
		name   string
		labels []graph.Label
		where  graph.Filter
		want   []string
	}{
		{"eq name", nil, f("name", graph.OpEq, "株洲市"), []string{idZhuzhou}},
		{"eq alias", []graph.Label{graph.City}, f("aliases", graph.OpEq, "醴陵"), []string{idLiling}},
		{"contains", nil, f("name", graph.OpContains, "硬质"), []string{idHard, idP2}},
		{"contains in label", []graph.Label{graph.Proposal}, f("name", graph.OpContains, "硬质"), []string{idP2}},
		{"startsWith", nil, f("name", graph.OpStartsWith, "株洲"), []string{idYueda, idZhuzhou}},
		{"endsWith", []graph.Label{graph.City}, f("name", graph.OpEndsWith, "省"), []string{idHunan}},
		{"in", nil, f("name", graph.OpIn, []string{"黎婷", "蒋长富", "无名"}), []string{idJiang, idLi}},
		{"id", nil, f("id", graph.OpEq, idAI), []string{idAI}},
		{"string property", nil, f("level", graph.OpEq, "county"), []string{idLiling}},
		{"int property gt", nil, f("population", graph.OpGt, int64(100)), []string{idZhuzhou}},
		{"int property lte float", nil, f("population", graph.OpLte, 95.0), []string{idLiling}},
		{"missing property never matches", []graph.Label{graph.Official}, f("population", graph.OpLt, int64(1000)), nil},
		{"not over missing property", []graph.Label{graph.City}, graph.Filter{Not: &graph.Filter{Field: "population", Op: graph.OpGt, Value: int64(100)}}, []string{idHunan, idLiling}},
		{"and", nil, graph.Filter{And: []graph.Filter{f("name", graph.OpContains, "市"), f("level", graph.OpEq, "prefecture")}}, []string{idZhuzhou}},
		{"or", nil, graph.Filter{Or: []graph.Filter{f("name", graph.OpEq, "黎婷"), f("aliases", graph.OpEq, "AI")}}, []string{idAI, idLi}},
		{"some related", []graph.Label{graph.Official}, rel(graph.Proposes, graph.Out, graph.Some,
			&graph.Filter{Rel: &graph.RelFilter{Type: graph.Targets, Direction: graph.Out, Quantifier: graph.Some, Where: &hard}}), []string{idHe, idLi}},
		{"some related with label", []graph.Label{graph.Proposal}, rel(graph.Targets, graph.Out, graph.Some, nil, graph.Industry), []string{idP2, idP1}},
		{"none related", []graph.Label{graph.Official}, rel(graph.Proposes, graph.Out, graph.None, nil), []string{idJiang}},
		{"all related", []graph.Label{graph.Proposal}, rel(graph.Targets, graph.Out, graph.All, &hard), []string{idP1}},
		{"incoming", []graph.Label{graph.City}, rel(graph.LocatedIn, graph.In, graph.Some, &graph.Filter{Field: "name", Op: graph.OpEq, Value: "醴陵市"}), []string{idZhuzhou}},
		{"both directions", []graph.Label{graph.City}, rel(graph.LocatedIn, graph.Both, graph.Some, &graph.Filter{Field: "name", Op: graph.OpEq, Value: "株洲市"}), []string{idHunan, idLiling}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := tc.where
			page, err := s.FindNodes(ctx(t), graph.NodeQuery{Labels: tc.labels, Where: &w})
			if err != nil {
				t.Fatal(err)
			}
			want := tc.want
			if len(want) > 0 {
				want = sorted(want...)
			}
			eq(t, "ids", nilIfEmpty(ids(page.Nodes)), nilIfEmpty(want))
			eq(t, "total", page.Total, len(tc.want))
		})
	}
	if _, err := s.FindNodes(ctx(t), graph.NodeQuery{Where: &graph.Filter{Field: "name", Op: "like", Value: "x"}}); !errors.Is(err, graph.ErrInvalid) {
		t.Errorf("unknown operator: %v, want ErrInvalid", err)
	}
	if _, err := s.FindNodes(ctx(t), graph.NodeQuery{Where: &graph.Filter{Field: "name) DETACH DELETE n //", Op: graph.OpEq, Value: "x"}}); !errors.Is(err, graph.ErrInvalid) {
		t.Errorf("injected field name: %v, want ErrInvalid", err)
	}
	// A filter past MaxFilterTerms is refused before any store work (Neo4j
	// would spend seconds planning it); a long in list is one term.
	broad := graph.Filter{}
	for i := 0; i < graph.MaxFilterTerms; i++ {
		broad.Or = append(broad.Or, graph.Filter{Field: "name", Op: graph.OpEq, Value: fmt.Sprintf("n%d", i)})
	}
	if _, err := s.FindNodes(ctx(t), graph.NodeQuery{Where: &broad}); !errors.Is(err, graph.ErrInvalid) {
		t.Errorf("filter of %d terms: %v, want ErrInvalid", graph.MaxFilterTerms+1, err)
	}
	names := []string{"黎婷"}
	for len(names) < 2*graph.MaxFilterTerms {
		names = append(names, fmt.Sprintf("n%d", len(names)))
	}
	if page, err := s.FindNodes(ctx(t), graph.NodeQuery{Where: &graph.Filter{Field: "name", Op: graph.OpIn, Value: names}}); err != nil || page.Total != 1 {
		t.Errorf("in list of %d names: %v, %d nodes, want 1", len(names), err, page.Total)
	}
	stats, _ := s.Stats(ctx(t))
	if stats.TotalNodes() != len(allFixture) {
		t.Errorf("graph lost nodes: %d", stats.TotalNodes())
	}
}

func nilIfEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}

func testPaging(t *testing.T, s graph.Store) {
	loadBoth(t, s)
	all := []graph.Label{graph.City, graph.Official}
	page, err := s.FindNodes(ctx(t), graph.NodeQuery{Labels: all, Sort: []graph.SortKey{{Field: "name"}}})
	if err != nil {
		t.Fatal(err)
	}
	names := func(ns []graph.Node) []string {
		out := []string{}
		for _, n := range ns {
			out = append(out, n.Name)
		}
		return out
	}
	byName := []string{"何翌滔", "株洲市", "湖南省", "蒋长富", "醴陵市", "黎婷"} // code point order
	eq(t, "sorted by name", names(page.Nodes), byName)
	page, _ = s.FindNodes(ctx(t), graph.NodeQuery{Labels: all, Sort: []graph.SortKey{{Field: "name", Desc: true}}, Offset: 1, Limit: 2})
	eq(t, "desc page", names(page.Nodes), []string{"醴陵市", "蒋长富"})
	eq(t, "total ignores paging", page.Total, 6)
	skip, _ := s.FindNodes(ctx(t), graph.NodeQuery{Labels: all, Sort: []graph.SortKey{{Field: "name", Desc: true}}, Offset: 1, Limit: 2, SkipTotal: true})
	eq(t, "skip total: same page", names(skip.Nodes), names(page.Nodes))
	eq(t, "skip total: no total", skip.Total, 0)
	page, _ = s.FindNodes(ctx(t), graph.NodeQuery{Labels: all, Offset: 10, Limit: 5})
	eq(t, "past the end", len(page.Nodes), 0)
	// Missing values sort last ascending, first descending; ties by id.
	page, _ = s.FindNodes(ctx(t), graph.NodeQuery{Labels: []graph.Label{graph.City}, Sort: []graph.SortKey{{Field: "population"}}})
	eq(t, "nulls last", ids(page.Nodes), []string{idLiling, idZhuzhou, idHunan})
	page, _ = s.FindNodes(ctx(t), graph.NodeQuery{Labels: []graph.Label{graph.City}, Sort: []graph.SortKey{{Field: "population", Desc: true}}})
	eq(t, "nulls first desc", ids(page.Nodes), []string{idHunan, idZhuzhou, idLiling})
}

func testExpand(t *testing.T, s graph.Store) {
	loadBoth(t, s)
	cases := []struct {
		name      string
		q         graph.ExpandQuery
		wantNodes []string
		wantRels  int
	}{
		{"out proposes", graph.ExpandQuery{IDs: []string{idHe, idLi}, Direction: graph.Out, Types: []graph.RelType{graph.Proposes}}, []string{idP1, idP2}, 2},
		{"in targets", graph.ExpandQuery{IDs: []string{idHard}, Direction: graph.In, Types: []graph.RelType{graph.Targets}}, []string{idP1, idP2}, 2},
		{"mentions of one document", graph.ExpandQuery{IDs: []string{idZhuzhou}, Direction: graph.In, Types: []graph.RelType{graph.Mentions}, Document: idDocB}, []string{idDocB}, 1},
		{"facts of one document (what a reader lists beside it)", graph.ExpandQuery{IDs: []string{idHe, idLi, idHard},
			Types: []graph.RelType{graph.Proposes, graph.Targets, graph.HoldsPosition}, Document: idDocB}, []string{idP2, idZhuzhou}, 3},
		{"both, label filter", graph.ExpandQuery{IDs: []string{idZhuzhou}, OtherLabels: []graph.Label{graph.City}}, []string{idHunan, idLiling}, 2},
		{"all of a node", graph.ExpandQuery{IDs: []string{idAI}}, []string{idDocB, idP2}, 2},
		{"nothing", graph.ExpandQuery{IDs: []string{"official:nobody"}}, nil, 0},
		{"parts by direction", graph.ExpandQuery{IDs: []string{idZhuzhou}, Parts: []graph.ExpandPart{
			{Direction: graph.Out, Types: []graph.RelType{graph.LocatedIn}},
			{Direction: graph.In, Types: []graph.RelType{graph.LocatedIn, graph.Proposes}, OtherLabels: []graph.Label{graph.City}},
			{Direction: graph.In, Types: []graph.RelType{"NO_SUCH_TYPE"}},
			{Direction: graph.Both, OtherLabels: []graph.Label{"Planet"}},
		}}, []string{idHunan, idLiling}, 2},
		{"parts replace the query's own", graph.ExpandQuery{IDs: []string{idHe, idLi}, Direction: graph.In, Types: []graph.RelType{graph.Mentions},
			Parts: []graph.ExpandPart{{Direction: graph.Out, Types: []graph.RelType{graph.Proposes}}}}, []string{idP1, idP2}, 2},
		{"only unknown types", graph.ExpandQuery{IDs: []string{idZhuzhou}, Types: []graph.RelType{"NO_SUCH_TYPE"}}, nil, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			g, err := s.Expand(ctx(t), tc.q)
			if err != nil {
				t.Fatal(err)
			}
			eq(t, "nodes", nilIfEmpty(ids(g.Nodes)), nilIfEmpty(sorted(tc.wantNodes...)))
			eq(t, "relationship count", len(g.Relationships), tc.wantRels)
			if !sort.StringsAreSorted(relIDs(g.Relationships)) {
				t.Errorf("relationships not sorted by id")
			}
			// The parts are the union of the single-part answers.
			if len(tc.q.Parts) > 0 {
				union := map[string]bool{}
				rels := map[string]bool{}
				for _, p := range tc.q.Parts {
					one := tc.q
					one.Parts, one.Direction, one.Types, one.OtherLabels = nil, p.Direction, p.Types, p.OtherLabels
					g1, err := s.Expand(ctx(t), one)
					if err != nil {
						t.Fatal(err)
					}
					for _, n := range g1.Nodes {
						union[n.ID] = true
					}
					for _, r := range g1.Relationships {
						rels[r.ID] = true
					}
				}
				eq(t, "union of parts", len(union), len(g.Nodes))
				eq(t, "union of parts' relationships", len(rels), len(g.Relationships))
			}
			// Omitting properties leaves everything else as it was.
			for _, omit := range [][2]bool{{true, false}, {false, true}, {true, true}} {
				lean := tc.q
				lean.OmitNodeProps, lean.OmitRelProps = omit[0], omit[1]
				gl, err := s.Expand(ctx(t), lean)
				if err != nil {
					t.Fatal(err)
				}
				want := graph.Subgraph{Nodes: append([]graph.Node(nil), g.Nodes...), Relationships: append([]graph.Relationship(nil), g.Relationships...)}
				for i := range want.Nodes {
					lean.Lean(&want.Nodes[i], nil)
				}
				for i := range want.Relationships {
					lean.Lean(nil, &want.Relationships[i])
				}
				eq(t, fmt.Sprintf("omit %v", omit), gl, want)
			}
		})
	}
	// Lean nodes still carry their aliases; lean relationships their ends.
	g, err := s.Expand(ctx(t), graph.ExpandQuery{IDs: []string{idZhuzhou}, Direction: graph.In, Types: []graph.RelType{graph.LocatedIn}, OmitNodeProps: true, OmitRelProps: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range g.Nodes {
		if n.ID == idLiling && (len(n.Aliases) == 0 || n.Props != nil) {
			t.Errorf("lean %s: aliases %v, props %v", n.ID, n.Aliases, n.Props)
		}
	}
	for _, r := range g.Relationships {
		if r.To != idZhuzhou || r.From == "" || r.Props != nil || r.Evidence != nil {
			t.Errorf("lean relationship %+v", r)
		}
	}
}

func testNeighborhood(t *testing.T, s graph.Store) {
	loadBoth(t, s)
	noMentions := []graph.RelType{graph.Proposes, graph.Targets, graph.LocatedIn, graph.HoldsPosition}
	cases := []struct {
		name      string
		q         graph.NeighborhoodQuery
		want      []string
		rels      int
		truncated bool
	}{
		{"depth 0", graph.NeighborhoodQuery{ID: idHard, Depth: 0}, []string{idHard}, 0, false},
		{"depth 1 no mentions", graph.NeighborhoodQuery{ID: idHard, Depth: 1, Types: noMentions}, []string{idHard, idP2, idP1}, 2, false},
		{"depth 2 no mentions", graph.NeighborhoodQuery{ID: idHard, Depth: 2, Types: noMentions},
			[]string{idHard, idP2, idP1, idZhuzhou, idAI, idHe, idLi}, 7, false},
		{"depth 2 limit cuts a level by id", graph.NeighborhoodQuery{ID: idHard, Depth: 2, Types: noMentions, Limit: 5},
			[]string{idHard, idP2, idP1, idZhuzhou, idAI}, 4, true},
		{"exactly full with more beyond", graph.NeighborhoodQuery{ID: idHard, Depth: 2, Types: noMentions, Limit: 3},
			[]string{idHard, idP2, idP1}, 2, true},
		{"exactly full at the end", graph.NeighborhoodQuery{ID: idAI, Depth: 1, Types: noMentions, Limit: 2},
			[]string{idAI, idP2}, 1, false},
		{"labels restrict the walk", graph.NeighborhoodQuery{ID: idLiling, Depth: 3, Labels: []graph.Label{graph.City}},
			[]string{idLiling, idZhuzhou, idHunan}, 2, false},
		{"mentions reach documents", graph.NeighborhoodQuery{ID: idAI, Depth: 1}, []string{idAI, idDocB, idP2}, 3, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			g, err := s.Neighborhood(ctx(t), tc.q)
			if err != nil {
				t.Fatal(err)
			}
			eq(t, "nodes in BFS order", ids(g.Nodes), tc.want)
			eq(t, "relationships among them", len(g.Relationships), tc.rels)
			eq(t, "truncated", g.Truncated, tc.truncated)
		})
	}
	if _, err := s.Neighborhood(ctx(t), graph.NeighborhoodQuery{ID: "city:nowhere", Depth: 1}); !errors.Is(err, graph.ErrNotFound) {
		t.Errorf("missing start: %v, want ErrNotFound", err)
	}
}

func testPaths(t *testing.T, s graph.Store) {
	loadBoth(t, s)
	noMentions := []graph.RelType{graph.Proposes, graph.Targets, graph.LocatedIn, graph.HoldsPosition}
	p, err := s.ShortestPath(ctx(t), graph.PathQuery{From: idHe, To: idLi, MaxDepth: 6, Types: noMentions})
	if err != nil {
		t.Fatal(err)
	}
	if p == nil {
		t.Fatal("no path 何翌滔 → 黎婷")
	}
	// 何翌滔 proposes p1, located in 株洲市, where 黎婷 holds a position.
	eq(t, "shortest path", ids(p.Nodes), []string{idHe, idP1, idZhuzhou, idLi})
	if len(p.Relationships) != len(p.Nodes)-1 {
		t.Errorf("path has %d nodes and %d relationships", len(p.Nodes), len(p.Relationships))
	}
	for i, r := range p.Relationships {
		a, b := p.Nodes[i].ID, p.Nodes[i+1].ID
		if !(r.From == a && r.To == b) && !(r.From == b && r.To == a) {
			t.Errorf("relationship %d does not join %s and %s", i, a, b)
		}
	}

	paths, err := s.Paths(ctx(t), graph.PathQuery{From: idHe, To: idLi, MaxDepth: 4, Types: noMentions, K: 5})
	if err != nil {
		t.Fatal(err)
	}
	var got [][]string
	for _, p := range paths {
		got = append(got, ids(p.Nodes))
	}
	eq(t, "K paths in order", got, [][]string{
		{idHe, idP1, idZhuzhou, idLi},
		{idHe, idP1, idHard, idP2, idLi},
	})
	for i := 1; i < len(paths); i++ {
		if graph.ComparePaths(paths[i-1], paths[i]) >= 0 {
			t.Errorf("paths %d and %d out of order", i-1, i)
		}
	}

	// Parallel relationships give distinct paths in relationship-id order.
	par, err := s.Paths(ctx(t), graph.PathQuery{From: idDocA, To: idZhuzhou, MaxDepth: 1, K: 5})
	if err != nil {
		t.Fatal(err)
	}
	eq(t, "direct paths", len(par), 1)

	none, err := s.ShortestPath(ctx(t), graph.PathQuery{From: idJiang, To: idLi, MaxDepth: 2, Types: noMentions})
	if err != nil || none != nil {
		t.Errorf("path beyond MaxDepth: %v, %v", none, err)
	}
	self, err := s.ShortestPath(ctx(t), graph.PathQuery{From: idAI, To: idAI, MaxDepth: 3})
	if err != nil || self == nil || len(self.Nodes) != 1 || len(self.Relationships) != 0 {
		t.Errorf("path to itself: %v, %v", self, err)
	}
	if _, err := s.ShortestPath(ctx(t), graph.PathQuery{From: idAI, To: "city:nowhere", MaxDepth: 3}); !errors.Is(err, graph.ErrNotFound) {
		t.Errorf("missing end: %v, want ErrNotFound", err)
	}
}

func testSearch(t *testing.T, s graph.Store) {
	loadBoth(t, s)
	cases := []struct {
		name   string
		q      graph.SearchQuery
		want   []string
		fields []string
	}{
		{"exact name first, then containing names, then evidence", graph.SearchQuery{Text: "硬质材料"},
			[]string{idHard, idP1}, []string{"name", "evidence"}},
		{"alias", graph.SearchQuery{Text: "醴陵"}, []string{idLiling, idJiang}, []string{"alias", "evidence"}},
		{"full-width latin folds", graph.SearchQuery{Text: "ａｉ"}, []string{idAI}, []string{"alias"}},
		{"labels", graph.SearchQuery{Text: "硬质", Labels: []graph.Label{graph.Proposal}}, []string{idP2, idP1}, []string{"name", "evidence"}},
		{"limit", graph.SearchQuery{Text: "株洲", Limit: 2}, []string{idZhuzhou, idYueda}, []string{"alias", "name"}},
		{"no match", graph.SearchQuery{Text: "深圳"}, nil, nil},
		{"blank", graph.SearchQuery{Text: "  "}, nil, nil},
		{"lucene syntax is text", graph.SearchQuery{Text: `"硬质" OR *:*`}, nil, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			hits, err := s.Search(ctx(t), tc.q)
			if err != nil {
				t.Fatal(err)
			}
			var got, fields []string
			for _, h := range hits {
				got = append(got, h.Node.ID)
				fields = append(fields, h.Field)
			}
			eq(t, "hits", got, tc.want)
			eq(t, "fields", fields, tc.fields)
			for _, h := range hits {
				r := []rune(h.Snippet)
				if h.Start < 0 || h.End > len(r) || graph.Fold(string(r[h.Start:h.End])) != graph.Fold(strings.TrimSpace(tc.q.Text)) {
					t.Errorf("hit %s: offsets [%d,%d) do not mark the match in %q", h.Node.ID, h.Start, h.End, h.Snippet)
				}
				if h.Field == "evidence" && h.Document == "" {
					t.Errorf("evidence hit %s has no document", h.Node.ID)
				}
				checkHitSentence(t, s, h)
			}
		})
	}
}

// checkHitSentence: an evidence hit carries its whole sentence, which the
// snippet is a window of, at offsets that index its document's text; a
// name or alias hit carries none.
func checkHitSentence(t *testing.T, s graph.Store, h graph.SearchHit) {
	t.Helper()
	ev := h.Evidence
	if h.Field != "evidence" {
		if ev != nil {
			t.Errorf("%s hit %s carries a sentence", h.Field, h.Node.ID)
		}
		return
	}
	if ev == nil || ev.Document != h.Document || !strings.Contains(ev.Sentence, strings.Trim(h.Snippet, "…")) {
		t.Errorf("evidence hit %s (%q in %s): sentence %+v", h.Node.ID, h.Snippet, h.Document, ev)
		return
	}
	docs, err := s.Nodes(ctx(t), []string{h.Document})
	if err != nil || len(docs) != 1 {
		t.Fatalf("document %s of a hit: %v %v", h.Document, docs, err)
	}
	text := []rune(docs[0].Props.String(graph.PropText))
	if ev.Start < 0 || ev.End > len(text) || ev.Start > ev.End || string(text[ev.Start:ev.End]) != ev.Sentence {
		t.Errorf("evidence hit %s: [%d,%d) does not index %q in %s's text", h.Node.ID, ev.Start, ev.End, ev.Sentence, h.Document)
	}
}

func testConcurrent(t *testing.T, s graph.Store) {
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := 0; i < 4; i++ {
		wg.Add(2)
		go func() {
			defer wg.Done()
			if _, err := s.WriteDocument(context.Background(), batchA()); err != nil {
				errs <- err
			}
		}()
		go func() {
			defer wg.Done()
			if _, err := s.WriteDocument(context.Background(), batchB()); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent write: %v", err)
	}
	got := Dump(t, s)
	stats, _ := s.Stats(ctx(t))
	if stats.TotalNodes() != len(allFixture) || stats.TotalRelationships() != 23 {
		t.Errorf("after concurrent writes: %d nodes, %d relationships\n%s", stats.TotalNodes(), stats.TotalRelationships(), got)
	}
}

func testCancelled(t *testing.T, s graph.Store) {
	c, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.WriteDocument(c, batchA()); err == nil {
		t.Errorf("write with a cancelled context succeeded")
	}
	if _, err := s.FindNodes(c, graph.NodeQuery{}); err == nil {
		t.Errorf("read with a cancelled context succeeded")
	}
	stats, err := s.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if stats.TotalNodes() != 0 {
		t.Errorf("cancelled write left %d nodes", stats.TotalNodes())
	}
}

// testStatements checks that speech round-trips: Statement nodes with their
// integer offsets, SAID and ABOUT with evidence, filters over them, search
// by a statement's name, and that a statement goes with its document while
// the speaker, named elsewhere too, stays.
func testStatements(t *testing.T, s graph.Store) {
	loadBoth(t, s)
	c := batchC()
	if st := write(t, s, c); st.Relationships != len(c.Relationships) {
		t.Errorf("write stats %+v", st)
	}
	stats, err := s.Stats(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	eq(t, "statements", stats.Nodes[graph.Statement], 2)
	eq(t, "SAID", stats.Relationships[graph.Said], 2)
	eq(t, "ABOUT", stats.Relationships[graph.About], 3)

	got, err := s.Nodes(ctx(t), []string{idS2, idS1})
	if err != nil {
		t.Fatal(err)
	}
	eq(t, "statements as written", got, []graph.Node{statementS2(), statementS1()})
	if len(got) == 2 {
		eq(t, "offsets point at the text", string([]rune(textC)[got[1].Props["start"].(int64):got[1].Props["end"].(int64)]), "株洲要做强硬质材料产业")
	}

	sub, err := s.Expand(ctx(t), graph.ExpandQuery{IDs: []string{idS1}, Direction: graph.In, Types: []graph.RelType{graph.Said}})
	if err != nil {
		t.Fatal(err)
	}
	eq(t, "speaker", ids(sub.Nodes), []string{idHe})
	eq(t, "SAID with its evidence", sub.Relationships, []graph.Relationship{fact(idDocC, textC, graph.Said, idHe, idS1, "何翌滔表示,株洲要做强硬质材料产业。", nil)})
	sub, err = s.Expand(ctx(t), graph.ExpandQuery{IDs: []string{idHard, idP1}, Direction: graph.In, Types: []graph.RelType{graph.About}})
	if err != nil {
		t.Fatal(err)
	}
	eq(t, "statements about 硬质材料 and p1", ids(sub.Nodes), sorted(idS1, idS2))

	f := func(field string, op graph.Op, v any) *graph.Filter {
		return &graph.Filter{Field: field, Op: op, Value: v}
	}
	about := func(where *graph.Filter) *graph.Filter {
		return &graph.Filter{Rel: &graph.RelFilter{Type: graph.About, Direction: graph.Out, Quantifier: graph.Some, Where: where}}
	}
	cases := []struct {
		name   string
		labels []graph.Label
		where  *graph.Filter
		sort   []graph.SortKey
		want   []string
	}{
		{"kind", []graph.Label{graph.Statement}, f("kind", graph.OpEq, graph.KindDirect), nil, []string{idS2}},
		{"text contains", []graph.Label{graph.Statement}, f("text", graph.OpContains, "硬质材料"), nil, []string{idS1}},
		{"integer offset", []graph.Label{graph.Statement}, f("start", graph.OpGte, int64(19)), nil, []string{idS2}},
		{"about an industry", []graph.Label{graph.Statement}, about(f("name", graph.OpEq, "硬质材料")), nil, []string{idS1}},
		{"about a city, by label", []graph.Label{graph.Statement}, &graph.Filter{Rel: &graph.RelFilter{
			Type: graph.About, Direction: graph.Out, Quantifier: graph.Some, Labels: []graph.Label{graph.City}}}, nil, []string{idS1}},
		{"speakers of direct speech", []graph.Label{graph.Official}, &graph.Filter{Rel: &graph.RelFilter{
			Type: graph.Said, Direction: graph.Out, Quantifier: graph.Some, Where: f("kind", graph.OpEq, graph.KindDirect)}}, nil, []string{idHe}},
		{"in reading order", []graph.Label{graph.Statement}, nil, []graph.SortKey{{Field: "start", Desc: true}}, []string{idS2, idS1}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			page, err := s.FindNodes(ctx(t), graph.NodeQuery{Labels: tc.labels, Where: tc.where, Sort: tc.sort})
			if err != nil {
				t.Fatal(err)
			}
			want := tc.want
			if tc.sort == nil {
				want = sorted(want...)
			}
			eq(t, "ids", ids(page.Nodes), want)
		})
	}

	hits, err := s.Search(ctx(t), graph.SearchQuery{Text: "沿江南路要早日", Labels: []graph.Label{graph.Statement}})
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) == 0 || hits[0].Node.ID != idS2 || hits[0].Field != "name" {
		t.Errorf("search for a statement's words: %+v", hits)
	}
	// Without labels a search is for names: the speaker and the proposal
	// spoken of come up by the sentence, the statement itself does not.
	hits, err = s.Search(ctx(t), graph.SearchQuery{Text: "沿江南路要早日"})
	if err != nil {
		t.Fatal(err)
	}
	var found []string
	for _, h := range hits {
		found = append(found, h.Node.ID)
	}
	eq(t, "search without labels", found, []string{idP1, idHe})

	// c.txt again without its direct speech: s2 goes, s1 stays as it was.
	c = batchC()
	c.Document.Props["date"] = "2025-12-30"
	var nodes []graph.Node
	for _, n := range c.Nodes {
		if n.ID != idS2 {
			nodes = append(nodes, n)
		}
	}
	c.Nodes = nodes
	var rels []graph.Relationship
	for _, r := range c.Relationships {
		if r.From != idS2 && r.To != idS2 {
			rels = append(rels, r)
		}
	}
	c.Relationships = rels
	write(t, s, c)
	got, _ = s.Nodes(ctx(t), []string{idS1, idS2})
	eq(t, "statements after replace", ids(got), []string{idS1})

	if err := s.DeleteDocument(ctx(t), idDocC); err != nil {
		t.Fatal(err)
	}
	got, _ = s.Nodes(ctx(t), []string{idS1, idS2, idHe, idHard})
	eq(t, "after delete", ids(got), []string{idHe, idHard})

	// A SAID from a place is refused and changes nothing.
	before := Dump(t, s)
	bad := batchC()
	for i, r := range bad.Relationships {
		if r.Type == graph.Said {
			bad.Relationships[i].From = idZhuzhou
			bad.Relationships[i].ID = graph.RelID(graph.Said, idZhuzhou, r.To, idDocC, "")
			break
		}
	}
	if _, err := s.WriteDocument(ctx(t), bad); !errors.Is(err, graph.ErrInvalid) {
		t.Errorf("SAID from a city: %v, want ErrInvalid", err)
	}
	if Dump(t, s) != before {
		t.Errorf("rejected statement batch changed the graph")
	}
}

// testRelationshipEnds: a batch with a relationship whose type may not join
// its ends' labels (graph.RelEnds) is refused whole, by either store, and
// changes nothing; a.txt's own relationships, one of each kind it states,
// are what the contract allows.
func testRelationshipEnds(t *testing.T, s graph.Store) {
	loadBoth(t, s)
	before := Dump(t, s)
	cases := []struct {
		name     string
		rt       graph.RelType
		from, to string
	}{
		{"PROPOSES from a city", graph.Proposes, idZhuzhou, idP1},
		{"PROPOSES to an industry", graph.Proposes, idHe, idHard},
		{"TARGETS a city", graph.Targets, idP1, idZhuzhou},
		{"TARGETS from an official", graph.Targets, idHe, idHard},
		{"LOCATED_IN an official", graph.LocatedIn, idLiling, idJiang},
		{"LOCATED_IN from an industry", graph.LocatedIn, idHard, idZhuzhou},
		{"HOLDS_POSITION from a city", graph.HoldsPosition, idZhuzhou, idYueda},
		{"HOLDS_POSITION at a proposal", graph.HoldsPosition, idJiang, idP1},
		{"MENTIONS from an official", graph.Mentions, idJiang, idHe},
		{"MENTIONS a document", graph.Mentions, idDocA, idDocA},
		{"HAS_PART of a proposal", graph.HasPart, idP1, idP1},
		{"SETS from a city", graph.Sets, idZhuzhou, idP1},
		{"APPLIES_TO from a proposal", graph.AppliesTo, idP1, idZhuzhou},
		{"SAID by an organization", graph.Said, idYueda, idP1},
		{"ABOUT from an official", graph.About, idJiang, idHard},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := batchA()
			b.Document.Props["date"] = "2026-01-01" // so the batch is not skipped as unchanged
			b.Relationships = append(b.Relationships, fact(idDocA, textA, c.rt, c.from, c.to, "醴陵市委副书记、代理市长蒋长富接受专访。", nil))
			_, err := s.WriteDocument(ctx(t), b)
			if !errors.Is(err, graph.ErrInvalid) || !strings.Contains(err.Error(), "joins") {
				t.Errorf("%s: %v, want ErrInvalid naming the labels it joins", c.name, err)
			}
			if Dump(t, s) != before {
				t.Errorf("%s: the refused batch changed the graph", c.name)
			}
		})
	}
	// Every relationship the fixtures write is one the contract allows.
	nodes := map[string]graph.Label{}
	var rels []graph.Relationship
	if err := s.Scan(ctx(t), func(n graph.Node) error { nodes[n.ID] = n.Label; return nil },
		func(r graph.Relationship) error { rels = append(rels, r); return nil }); err != nil {
		t.Fatal(err)
	}
	for _, r := range rels {
		if !r.Type.Joins(nodes[r.From], nodes[r.To]) {
			t.Errorf("stored %s %s → %s", r.Type, nodes[r.From], nodes[r.To])
		}
	}
}
