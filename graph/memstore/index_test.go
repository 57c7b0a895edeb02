package memstore

import (
	"context"
	"fmt"
	"math/rand"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/graph/internal/rank"
	"github.com/policygraph/policygraph/graph/storetest"
)

// checkIndexes recomputes every derived index from s.nodes and s.rels and
// fails on any difference.
func checkIndexes(t *testing.T, s *Store) {
	t.Helper()
	s.mu.RLock()
	defer s.mu.RUnlock()
	labelled := 0
	for l, m := range s.byLabel {
		if len(m) == 0 {
			t.Errorf("byLabel[%s] is empty, not removed", l)
		}
		for id, n := range m {
			labelled++
			if s.nodes[id] != n || n.Label != l {
				t.Errorf("byLabel[%s][%s] is stale", l, id)
			}
		}
	}
	if labelled != len(s.nodes) {
		t.Errorf("byLabel holds %d nodes, the store %d", labelled, len(s.nodes))
	}
	if len(s.folded) != len(s.nodes) {
		t.Errorf("folded holds %d nodes, the store %d", len(s.folded), len(s.nodes))
	}
	for id, n := range s.nodes {
		f := s.folded[id]
		if f == nil || f.node != n {
			t.Errorf("folded[%s] missing or stale", id)
			continue
		}
		want := make([]string, len(n.Aliases))
		for i, a := range n.Aliases {
			want[i] = graph.Fold(a)
		}
		if f.name != graph.Fold(n.Name) || !slices.Equal(f.aliases, want) {
			t.Errorf("folded[%s] = %q %q, want %q %q", id, f.name, f.aliases, graph.Fold(n.Name), want)
		}
	}
	sentences := map[string]map[string]*graph.Relationship{}
	adj := map[string]map[string]*graph.Relationship{}
	for id, r := range s.rels {
		if r.ID != id {
			t.Errorf("rels[%s] holds %s", id, r.ID)
		}
		if s.nodes[r.From] == nil || s.nodes[r.To] == nil {
			t.Errorf("relationship %s has a missing end", id)
		}
		for _, end := range []string{r.From, r.To} {
			if adj[end] == nil {
				adj[end] = map[string]*graph.Relationship{}
			}
			adj[end][id] = r
		}
		if r.Evidence != nil {
			if sentences[r.Evidence.Sentence] == nil {
				sentences[r.Evidence.Sentence] = map[string]*graph.Relationship{}
			}
			sentences[r.Evidence.Sentence][id] = r
			if _, ok := s.owned[r.Evidence.Document][id]; !ok {
				t.Errorf("relationship %s is not owned by %s", id, r.Evidence.Document)
			}
		}
	}
	if !reflect.DeepEqual(adj, s.adj) {
		t.Errorf("adjacency differs from the relationships: %d entries, want %d", len(s.adj), len(adj))
	}
	if len(s.sentences) != len(sentences) {
		t.Errorf("sentence index holds %d sentences, want %d", len(s.sentences), len(sentences))
	}
	for text, rels := range sentences {
		e := s.sentences[text]
		if e == nil {
			t.Errorf("sentence %q not indexed", text)
			continue
		}
		if e.folded != graph.Fold(text) {
			t.Errorf("sentence %q folded as %q", text, e.folded)
		}
		indexed := map[string]*graph.Relationship{}
		for _, r := range e.rels {
			if indexed[r.ID] != nil {
				t.Errorf("sentence %q: relationship %s indexed twice", text, r.ID)
			}
			indexed[r.ID] = r
		}
		if !reflect.DeepEqual(indexed, rels) {
			t.Errorf("sentence %q cited by %d relationships in the index, want %d", text, len(e.rels), len(rels))
		}
	}
}

// referenceSearch is Search as it was before the folded indexes: fold
// everything per query and rank every candidate.
func referenceSearch(s *Store, q graph.SearchQuery) []graph.SearchHit {
	folded := graph.Fold(strings.TrimSpace(q.Text))
	if folded == "" {
		return nil
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	allowed := func(n *graph.Node) bool {
		if len(q.Labels) == 0 {
			return n.Label != graph.Document
		}
		return graph.HasLabel(q.Labels, n.Label)
	}
	cands := map[string]*rank.Candidate{}
	get := func(n *graph.Node) *rank.Candidate {
		c := cands[n.ID]
		if c == nil {
			c = &rank.Candidate{Node: n.Clone()}
			cands[n.ID] = c
		}
		return c
	}
	for _, n := range s.nodes {
		if !allowed(n) {
			continue
		}
		if rank.Matches(folded, n.Name) {
			get(n)
			continue
		}
		for _, a := range n.Aliases {
			if rank.Matches(folded, a) {
				get(n)
				break
			}
		}
	}
	for _, r := range s.rels {
		if r.Evidence == nil || !rank.Matches(folded, r.Evidence.Sentence) {
			continue
		}
		for _, end := range []string{r.From, r.To} {
			if n := s.nodes[end]; allowed(n) {
				c := get(n)
				c.Sentences = append(c.Sentences, *r.Evidence)
			}
		}
	}
	list := make([]rank.Candidate, 0, len(cands))
	for _, c := range cands {
		list = append(list, *c)
	}
	return rank.Rank(q.Text, list, q.Limit)
}

// referenceFindNodes is FindNodes as it was: scan, sort everything, page.
func referenceFindNodes(s *Store, q graph.NodeQuery) graph.NodePage {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var hits []*graph.Node
	for _, n := range s.nodes {
		if len(q.Labels) > 0 && !graph.HasLabel(q.Labels, n.Label) {
			continue
		}
		if s.match(n, q.Where) {
			hits = append(hits, n)
		}
	}
	sort.Slice(hits, func(i, j int) bool {
		for _, k := range q.Sort {
			c := graph.CompareValues(hits[i].Field(k.Field), hits[j].Field(k.Field))
			if k.Desc {
				c = -c
			}
			if c != 0 {
				return c < 0
			}
		}
		return hits[i].ID < hits[j].ID
	})
	page := graph.NodePage{Total: len(hits)}
	lo := min(max(q.Offset, 0), len(hits))
	hi := len(hits)
	if q.Limit > 0 {
		hi = min(lo+q.Limit, hi)
	}
	for _, n := range hits[lo:hi] {
		page.Nodes = append(page.Nodes, n.Clone())
	}
	return page
}

// variant returns a changed version of b: some evidence sentences
// reworded (with full-width letters, which fold), some relationships
// dropped, new aliases on some nodes (merged into shared nodes).
func variant(b graph.DocumentBatch, v int) graph.DocumentBatch {
	out := graph.DocumentBatch{Document: b.Document.Clone()}
	out.Document.Props["text"] = fmt.Sprint(b.Document.Props["text"], " 修订", v)
	for i, n := range b.Nodes {
		n = n.Clone()
		if (i+v)%4 == 0 {
			n.Aliases = append(n.Aliases, fmt.Sprintf("别名Ｖ%d-%d", v, i%3))
		}
		out.Nodes = append(out.Nodes, n)
	}
	for i, r := range b.Relationships {
		if (i+v)%5 == 0 && r.Type != graph.Mentions {
			continue
		}
		r = r.Clone()
		if r.Evidence != nil && (i+v)%3 == 0 {
			r.Evidence.Sentence = fmt.Sprintf("%s（修订Ｖ%d）", r.Evidence.Sentence, v)
		}
		out.Relationships = append(out.Relationships, r)
	}
	return out
}

// searchQueries derives queries from what the graph holds: whole names and
// aliases, their parts, sentence fragments, single characters, case and
// width variants, and text found nowhere.
func searchQueries(s *Store, rng *rand.Rand) []string {
	s.mu.RLock()
	var texts []string
	for _, n := range s.nodes {
		texts = append(texts, n.Name)
		texts = append(texts, n.Aliases...)
	}
	for text := range s.sentences {
		texts = append(texts, text)
	}
	s.mu.RUnlock()
	sort.Strings(texts)
	qs := []string{"城市", "产业", "报告", "句", "official", "ＯＦＦＩＣＩＡＬ-0001", "别名ｖ1", "修订", "市", "不存在", " 产业0 "}
	for i := 0; i < 12 && len(texts) > 0; i++ {
		r := []rune(texts[rng.Intn(len(texts))])
		lo := rng.Intn(len(r))
		hi := lo + 1 + rng.Intn(len(r)-lo)
		q := string(r[lo:hi])
		if i%4 == 0 {
			q = string(r)
		}
		if i%5 == 0 {
			q = strings.ToUpper(q)
		}
		qs = append(qs, q)
	}
	return qs
}

func compareWithReference(t *testing.T, s *Store, rng *rand.Rand, stage string) {
	t.Helper()
	ctx := context.Background()
	labelSets := [][]graph.Label{nil, {graph.Official}, {graph.City, graph.Document}, {graph.Industry, graph.Industry}}
	for _, text := range searchQueries(s, rng) {
		for _, labels := range labelSets {
			// RankSearch sorts, then cuts at the limit.
			all := referenceSearch(s, graph.SearchQuery{Text: text, Labels: labels})
			for _, limit := range []int{0, 1, 2, 4, 10} {
				q := graph.SearchQuery{Text: text, Labels: labels, Limit: limit}
				got, err := s.Search(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				want := all
				if limit > 0 && len(want) > limit {
					want = want[:limit]
				}
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("%s: Search(%+v):\n got %s\nwant %s", stage, q, hitList(got), hitList(want))
				}
			}
		}
	}
	page, err := s.FindNodes(ctx, graph.NodeQuery{Limit: 40})
	if err != nil {
		t.Fatal(err)
	}
	var some []string
	for _, n := range page.Nodes {
		some = append(some, n.ID)
	}
	if len(some) >= 3 {
		some = append(some, some[:3]...) // duplicates
	}
	some = append(some, "official:nobody")
	filters := []*graph.Filter{
		nil,
		{Field: "id", Op: graph.OpIn, Value: some},
		{Field: "id", Op: graph.OpEq, Value: some[len(some)-1]},
		{Field: "id", Op: graph.OpEq, Value: int64(3)},
		{And: []graph.Filter{{Field: "name", Op: graph.OpContains, Value: "0"}, {Field: "id", Op: graph.OpIn, Value: some}}},
		{Or: []graph.Filter{{Field: "id", Op: graph.OpIn, Value: some}, {Field: "name", Op: graph.OpStartsWith, Value: "城市"}}},
		{Not: &graph.Filter{Field: "id", Op: graph.OpIn, Value: some}},
		{Field: "population", Op: graph.OpGte, Value: int64(500)},
		{Rel: &graph.RelFilter{Type: graph.LocatedIn, Direction: graph.In, Quantifier: graph.Some}},
	}
	sorts := [][]graph.SortKey{nil, {{Field: "name"}}, {{Field: "name", Desc: true}}, {{Field: "population", Desc: true}, {Field: "name"}},
		{{Field: "aliases"}}, {{Field: "code"}, {Field: "id", Desc: true}}}
	labelSets = [][]graph.Label{nil, {graph.Official}, {graph.City, graph.Industry, graph.City}, {graph.Document}}
	for _, f := range filters {
		for _, srt := range sorts {
			for _, labels := range labelSets {
				for _, pg := range [][2]int{{0, 0}, {0, 1}, {0, 7}, {5, 10}, {3, 0}, {1000, 5}} {
					q := graph.NodeQuery{Labels: labels, Where: f, Sort: srt, Offset: pg[0], Limit: pg[1]}
					got, err := s.FindNodes(ctx, q)
					if err != nil {
						t.Fatal(err)
					}
					if want := referenceFindNodes(s, q); !reflect.DeepEqual(got, want) {
						t.Fatalf("%s: FindNodes(%+v where %s): got %d %v, want %d %v", stage, q, f, got.Total, nodeIDs(got.Nodes), want.Total, nodeIDs(want.Nodes))
					}
				}
			}
		}
	}
}

func hitList(hs []graph.SearchHit) string {
	var b strings.Builder
	for _, h := range hs {
		fmt.Fprintf(&b, "\n  %s %.3f %s %q [%d,%d) %s", h.Node.ID, h.Score, h.Field, h.Snippet, h.Start, h.End, h.Document)
	}
	return b.String()
}

func nodeIDs(ns []graph.Node) []string {
	var out []string
	for _, n := range ns {
		out = append(out, n.ID)
	}
	return out
}

// TestIndexesAndReference writes, rewrites and deletes documents at
// random, reloads the snapshot, and after every step checks the derived
// indexes against the graph and Search and FindNodes against the plain
// scans they replace.
func TestIndexesAndReference(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { s.Close(context.Background()) }()
	ctx := context.Background()
	batches := storetest.SyntheticCorpus(8, 30)
	rng := rand.New(rand.NewSource(7))
	steps := len(batches) + 10 // every operation twice
	if testing.Short() {
		steps = len(batches) + 5
	}
	for step := 0; step < steps; step++ {
		d := rng.Intn(len(batches))
		var stage string
		switch op := (step - len(batches)) % 5; {
		case step < len(batches):
			d = step
			stage = "write " + batches[d].Document.ID
			_, err = s.WriteDocument(ctx, batches[d])
		case op <= 1:
			v := rng.Intn(3)
			stage = fmt.Sprintf("rewrite %s as variant %d", batches[d].Document.ID, v)
			_, err = s.WriteDocument(ctx, variant(batches[d], v))
		case op == 2:
			stage = "restore " + batches[d].Document.ID
			_, err = s.WriteDocument(ctx, batches[d])
		case op == 3:
			stage = "delete " + batches[d].Document.ID
			err = s.DeleteDocument(ctx, batches[d].Document.ID)
		default:
			stage = "reload"
			if err = s.Close(ctx); err == nil {
				s, err = Open(Options{DataDir: dir})
			}
		}
		if err != nil {
			t.Fatalf("step %d, %s: %v", step, stage, err)
		}
		checkIndexes(t, s)
		if t.Failed() {
			t.Fatalf("step %d, %s: indexes inconsistent", step, stage)
		}
		compareWithReference(t, s, rng, fmt.Sprintf("step %d, %s", step, stage))
	}
}

// TestSearchLimitCutsEvidenceTier builds many nodes that match only
// through evidence, with ties in sentence count and name length, and
// checks every limit against the reference.
func TestSearchLimitCutsEvidenceTier(t *testing.T) {
	s := New()
	ctx := context.Background()
	doc := graph.DocumentID("tie.txt")
	b := graph.DocumentBatch{Document: graph.Node{ID: doc, Label: graph.Document, Name: "tie.txt", Props: graph.Props{"source": "tie.txt"}}}
	sentences := []string{"株洲市推动产业发展。", "产业链条持续延伸。", "湘江两岸产业兴旺。", "打造先进陶瓷产业集群。"}
	names := []string{"甲", "乙乙", "丙", "丁丁", "戊", "己己己", "庚", "辛", "壬壬", "癸"}
	for i, name := range names {
		id := graph.NodeID(graph.Official, name)
		b.Nodes = append(b.Nodes, graph.Node{ID: id, Label: graph.Official, Name: name})
		for j := 0; j <= i%4; j++ {
			e := &graph.Evidence{Document: doc, Sentence: sentences[(i+j)%len(sentences)], Start: 10 * j, End: 10*j + 9}
			b.Relationships = append(b.Relationships, graph.Relationship{ID: graph.RelID(graph.Mentions, doc, id, doc, fmt.Sprint(j)),
				Type: graph.Mentions, From: doc, To: id, Evidence: e})
		}
	}
	// One name match and one alias match above all evidence matches.
	b.Nodes = append(b.Nodes, graph.Node{ID: graph.NodeID(graph.Industry, "产业"), Label: graph.Industry, Name: "产业园", Aliases: []string{"产业"}},
		graph.Node{ID: graph.NodeID(graph.Industry, "陶瓷"), Label: graph.Industry, Name: "陶瓷", Aliases: []string{"陶瓷产业"}})
	for _, n := range b.Nodes[len(b.Nodes)-2:] {
		b.Relationships = append(b.Relationships, graph.Relationship{ID: graph.RelID(graph.Mentions, doc, n.ID, doc, ""),
			Type: graph.Mentions, From: doc, To: n.ID, Evidence: &graph.Evidence{Document: doc, Sentence: sentences[0], Start: 0, End: 9}})
	}
	if _, err := s.WriteDocument(ctx, b); err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"产业", "发展", "陶瓷"} {
		for limit := 0; limit <= len(b.Nodes)+1; limit++ {
			q := graph.SearchQuery{Text: text, Limit: limit}
			got, err := s.Search(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if want := referenceSearch(s, q); !reflect.DeepEqual(got, want) {
				t.Fatalf("Search(%+v):\n got %s\nwant %s", q, hitList(got), hitList(want))
			}
		}
	}
}

func TestSortPrefix(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	for n := 0; n < 60; n++ {
		for _, k := range []int{0, 1, 2, 3, 5, 14, 15, 16, n, n + 3} {
			xs := make([]int, n)
			for i := range xs {
				xs[i] = rng.Intn(20)
			}
			want := slices.Clone(xs)
			slices.Sort(want)
			got := slices.Clone(xs)
			sortPrefix(got, k, func(a, b int) int { return a - b })
			m := n
			if k > 0 {
				m = min(k, n)
			}
			if !slices.Equal(got[:m], want[:m]) {
				t.Fatalf("n=%d k=%d: prefix %v, want %v", n, k, got[:m], want[:m])
			}
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Fatalf("n=%d k=%d: not a permutation", n, k)
			}
		}
	}
}

// TestSearchAfterAliasMerge checks that a merge which adds an alias makes
// the node findable by it, and that replacing the document that brought a
// sentence stops matching the old sentence.
func TestSearchAfterAliasMerge(t *testing.T) {
	s := New()
	ctx := context.Background()
	b := storetest.SyntheticCorpus(1, 10)[0]
	if _, err := s.WriteDocument(ctx, b); err != nil {
		t.Fatal(err)
	}
	target := b.Nodes[0]
	if hits, _ := s.Search(ctx, graph.SearchQuery{Text: "ＺＺ新别名"}); len(hits) != 0 {
		t.Fatalf("found %v before the alias exists", hits)
	}
	v := b
	v.Document = b.Document.Clone()
	v.Document.Props["text"] = "changed"
	v.Nodes = slices.Clone(b.Nodes)
	v.Nodes[0] = target.Clone()
	v.Nodes[0].Aliases = append(v.Nodes[0].Aliases, "ＺＺ新别名")
	v.Relationships = nil
	for _, r := range b.Relationships {
		r = r.Clone()
		if r.Evidence != nil {
			r.Evidence.Sentence = "改写：" + r.Evidence.Sentence
		}
		v.Relationships = append(v.Relationships, r)
	}
	if _, err := s.WriteDocument(ctx, v); err != nil {
		t.Fatal(err)
	}
	hits, err := s.Search(ctx, graph.SearchQuery{Text: "zz新别名"})
	if err != nil || len(hits) != 1 || hits[0].Node.ID != target.ID || hits[0].Field != "alias" {
		t.Fatalf("after the merge: %v, %v", hitList(hits), err)
	}
	old := b.Relationships[0].Evidence.Sentence
	hits, _ = s.Search(ctx, graph.SearchQuery{Text: old})
	for _, h := range hits {
		if h.Field == "evidence" && !strings.Contains(h.Snippet, "改写") && utf8.RuneCountInString(h.Snippet) > 0 {
			t.Errorf("hit %s cites a replaced sentence: %q", h.Node.ID, h.Snippet)
		}
	}
	checkIndexes(t, s)
}

// TestFoldMatchesGraphFold holds the store's cached fold to graph.Fold.
func TestFoldMatchesGraphFold(t *testing.T) {
	s := New()
	inputs := []string{"", "abc", "ABC", "Official-0042", "株洲市", "ＡＢＣ科技，有限公司：（人工智能＋）", "ｶﾀｶﾅ", "㈠Ⅻﬁ…", "\u3000 \t\n",
		"İstanbul ΣΑΣ", "e\u0301", "\xff\xfe株洲\xc3", "\uFFFD", "😀𝐀𝐁"}
	rng := rand.New(rand.NewSource(5))
	for i := 0; i < 300; i++ {
		var b strings.Builder
		for j := rng.Intn(12); j > 0; j-- {
			switch rng.Intn(4) {
			case 0:
				b.WriteRune(rune(rng.Intn(0x80)))
			case 1:
				b.WriteRune(rune(0x4e00 + rng.Intn(0x5200)))
			case 2:
				b.WriteRune(rune(0xff00 + rng.Intn(0xf0)))
			default:
				b.WriteRune(rune(rng.Intn(0x30000)))
			}
		}
		inputs = append(inputs, b.String())
	}
	for _, in := range inputs {
		if got, want := s.fold(in), graph.Fold(in); got != want {
			t.Errorf("fold(%q) = %q, graph.Fold gives %q", in, got, want)
		}
	}
	// Twice, now from the cache.
	for _, in := range inputs {
		if got, want := s.fold(in), graph.Fold(in); got != want {
			t.Errorf("cached fold(%q) = %q, graph.Fold gives %q", in, got, want)
		}
	}
}
