package graph_test

import (
	"reflect"
	"testing"

	"github.com/policygraph/policygraph/graph"
)

func fpBatch() graph.DocumentBatch {
	b := validBatch()
	b.Document.Props["paragraphs"] = []string{"第一段", "第二段"}
	b.Document.Props["pages"] = int64(2)
	b.Nodes[0].Aliases = []string{"蒋市长", "长富"}
	b.Nodes[1].Props["population"] = int64(95)
	b.Nodes[1].Props["share"] = 0.25
	b.Nodes[1].Props["county"] = true
	b.Nodes[1].Props["codes"] = []int64{430281, 430200}
	return b
}

func TestFingerprintOrderIndependent(t *testing.T) {
	base := fpBatch()
	want := base.Fingerprint()
	if len(want) != 64 {
		t.Errorf("fingerprint %q is not hex SHA-256", want)
	}
	if again := fpBatch(); again.Fingerprint() != want {
		t.Errorf("not stable")
	}
	b := fpBatch()
	b.Nodes[0], b.Nodes[1] = b.Nodes[1], b.Nodes[0]
	b.Relationships[0], b.Relationships[2] = b.Relationships[2], b.Relationships[0]
	b.Nodes[1].Aliases = []string{"长富", "蒋市长"}
	if got := b.Fingerprint(); got != want {
		t.Errorf("reordering nodes, relationships and aliases changed the fingerprint")
	}
	// The stored fingerprint itself is not part of the content.
	b = fpBatch()
	b.Document.Props[graph.FingerprintProp] = "stale"
	if got := b.Fingerprint(); got != want {
		t.Errorf("a fingerprint property changed the fingerprint")
	}
	if b.Document.Props[graph.FingerprintProp] != "stale" {
		t.Errorf("Fingerprint modified the batch")
	}
	// Validation's normalisation (int to int64) gives the same content.
	b = fpBatch()
	b.Nodes[1].Props["population"] = 95
	if err := b.Validate(); err != nil {
		t.Fatal(err)
	}
	if got := b.Fingerprint(); got != want {
		t.Errorf("a normalised int changed the fingerprint")
	}
}

func TestFingerprintChanges(t *testing.T) {
	cases := []struct {
		name   string
		change func(b *graph.DocumentBatch)
	}{
		{"document id", func(b *graph.DocumentBatch) { b.Document.ID = graph.DocumentID("b.txt") }},
		{"document name", func(b *graph.DocumentBatch) { b.Document.Name = "b.txt" }},
		{"document text", func(b *graph.DocumentBatch) { b.Document.Props["text"] = "改了" }},
		{"document property added", func(b *graph.DocumentBatch) { b.Document.Props["date"] = "2025-12-27" }},
		{"document property removed", func(b *graph.DocumentBatch) { delete(b.Document.Props, "pages") }},
		{"document alias", func(b *graph.DocumentBatch) { b.Document.Aliases = []string{"a"} }},
		{"paragraph split at a space", func(b *graph.DocumentBatch) { b.Document.Props["paragraphs"] = []string{"第一段 第二段"} }},
		{"paragraph joined", func(b *graph.DocumentBatch) { b.Document.Props["paragraphs"] = []string{"第一段第二段"} }},
		{"paragraphs reordered", func(b *graph.DocumentBatch) { b.Document.Props["paragraphs"] = []string{"第二段", "第一段"} }},
		{"node added", func(b *graph.DocumentBatch) {
			b.Nodes = append(b.Nodes, graph.Node{ID: "industry:x", Label: graph.Industry, Name: "x"})
		}},
		{"node removed", func(b *graph.DocumentBatch) { b.Nodes = b.Nodes[:1] }},
		{"node id", func(b *graph.DocumentBatch) { b.Nodes[0].ID += "2" }},
		{"node label", func(b *graph.DocumentBatch) { b.Nodes[0].Label = graph.Organization }},
		{"node name", func(b *graph.DocumentBatch) { b.Nodes[0].Name = "蒋长富2" }},
		{"alias added", func(b *graph.DocumentBatch) { b.Nodes[0].Aliases = append(b.Nodes[0].Aliases, "老蒋") }},
		{"alias removed", func(b *graph.DocumentBatch) { b.Nodes[0].Aliases = b.Nodes[0].Aliases[:1] }},
		{"alias changed", func(b *graph.DocumentBatch) { b.Nodes[0].Aliases[1] = "长福" }},
		{"alias moved to the name", func(b *graph.DocumentBatch) {
			b.Nodes[0].Name, b.Nodes[0].Aliases = "蒋市长", []string{"蒋长富", "长富"}
		}},
		{"property value", func(b *graph.DocumentBatch) { b.Nodes[1].Props["population"] = int64(96) }},
		{"property type", func(b *graph.DocumentBatch) { b.Nodes[1].Props["population"] = "95" }},
		{"float property", func(b *graph.DocumentBatch) { b.Nodes[1].Props["share"] = 0.250001 }},
		{"bool property", func(b *graph.DocumentBatch) { b.Nodes[1].Props["county"] = false }},
		{"int list property", func(b *graph.DocumentBatch) { b.Nodes[1].Props["codes"] = []int64{430281} }},
		{"property renamed", func(b *graph.DocumentBatch) {
			b.Nodes[1].Props["code2"] = b.Nodes[1].Props["code"]
			delete(b.Nodes[1].Props, "code")
		}},
		{"property moved between nodes", func(b *graph.DocumentBatch) {
			b.Nodes[0].Props = graph.Props{"code": "430281"}
			delete(b.Nodes[1].Props, "code")
		}},
		{"relationship added", func(b *graph.DocumentBatch) {
			b.Relationships = append(b.Relationships, graph.Relationship{ID: "rel:x", Type: graph.LocatedIn, From: vLil, To: vJiang})
		}},
		{"relationship removed", func(b *graph.DocumentBatch) { b.Relationships = b.Relationships[1:] }},
		{"relationship id", func(b *graph.DocumentBatch) { b.Relationships[0].ID += "x" }},
		{"relationship type", func(b *graph.DocumentBatch) { b.Relationships[0].Type = graph.Sets }},
		{"relationship start", func(b *graph.DocumentBatch) { b.Relationships[0].From = vLil }},
		{"relationship end", func(b *graph.DocumentBatch) { b.Relationships[0].To = vJiang }},
		{"relationship property", func(b *graph.DocumentBatch) { b.Relationships[0].Props["title"] = "市长" }},
		{"relationship property added", func(b *graph.DocumentBatch) { b.Relationships[1].Props = graph.Props{"rank": int64(1)} }},
		{"evidence removed", func(b *graph.DocumentBatch) { b.Relationships[0].Evidence = nil }},
		{"evidence document", func(b *graph.DocumentBatch) { b.Relationships[0].Evidence.Document = "document:b" }},
		{"evidence sentence", func(b *graph.DocumentBatch) { b.Relationships[0].Evidence.Sentence += "！" }},
		{"evidence start", func(b *graph.DocumentBatch) { b.Relationships[0].Evidence.Start = 1 }},
		{"evidence end", func(b *graph.DocumentBatch) { b.Relationships[0].Evidence.End = 21 }},
		{"evidence headline", func(b *graph.DocumentBatch) { b.Relationships[0].Evidence.Headline = "" }},
	}
	baseBatch := fpBatch()
	base := baseBatch.Fingerprint()
	seen := map[string]string{base: "the base batch"}
	for _, c := range cases {
		b := fpBatch()
		c.change(&b)
		got := b.Fingerprint()
		if other, dup := seen[got]; dup {
			t.Errorf("%s: same fingerprint as %s", c.name, other)
			continue
		}
		seen[got] = c.name
	}
}

// TestFingerprintUnambiguous pairs batches whose contents differ but whose
// parts could run together in a naive encoding.
func TestFingerprintUnambiguous(t *testing.T) {
	doc := graph.Node{ID: vDoc, Label: graph.Document, Name: "a.txt"}
	node := func(aliases []string, props graph.Props) graph.DocumentBatch {
		return graph.DocumentBatch{Document: doc, Nodes: []graph.Node{{ID: "industry:x", Label: graph.Industry, Name: "x", Aliases: aliases, Props: props}}}
	}
	pairs := []struct {
		name string
		a, b graph.DocumentBatch
	}{
		{"aliases that spell a property", node([]string{"P", "sector", "string:材料"}, nil), node(nil, graph.Props{"sector": "材料"})},
		{"list elements with spaces", node(nil, graph.Props{"l": []string{"a b"}}), node(nil, graph.Props{"l": []string{"a", "b"}})},
		{"empty list and list of empty", node(nil, graph.Props{"l": []string{}}), node(nil, graph.Props{"l": []string{""}})},
		{"string that looks like a list", node(nil, graph.Props{"l": "[a]"}), node(nil, graph.Props{"l": []string{"a"}})},
		{"alias and name", node([]string{"y"}, nil), graph.DocumentBatch{Document: doc, Nodes: []graph.Node{{ID: "industry:x", Label: graph.Industry, Name: "xy"}}}},
	}
	for _, p := range pairs {
		if p.a.Fingerprint() == p.b.Fingerprint() {
			t.Errorf("%s: equal fingerprints", p.name)
		}
	}
}

func TestCloneIsDeep(t *testing.T) {
	n := graph.Node{ID: "a", Label: graph.City, Name: "株洲市", Aliases: []string{"株洲"}, Props: graph.Props{"l": []string{"x"}, "i": []int64{1}, "s": "v"}}
	c := n.Clone()
	c.Aliases[0] = "改"
	c.Props["l"].([]string)[0] = "改"
	c.Props["i"].([]int64)[0] = 9
	c.Props["s"] = "改"
	if n.Aliases[0] != "株洲" || n.Props["l"].([]string)[0] != "x" || n.Props["i"].([]int64)[0] != 1 || n.Props["s"] != "v" {
		t.Errorf("node clone shares state: %#v", n)
	}
	r := graph.Relationship{ID: "r", Props: graph.Props{"title": "市长"}, Evidence: &graph.Evidence{Sentence: "原句"}}
	rc := r.Clone()
	rc.Evidence.Sentence = "改"
	rc.Props["title"] = "改"
	if r.Evidence.Sentence != "原句" || r.Props["title"] != "市长" {
		t.Errorf("relationship clone shares state: %#v", r)
	}
	if (graph.Relationship{}).Clone().Evidence != nil || graph.Props(nil).Clone() != nil {
		t.Errorf("nil evidence or props became non-nil")
	}
}

func TestPropsAndAliases(t *testing.T) {
	p := graph.Props{"b": "x", "a": []string{"y"}, "c": int64(1)}
	if got := p.Keys(); !reflect.DeepEqual(got, []string{"a", "b", "c"}) {
		t.Errorf("Keys = %v", got)
	}
	if p.String("b") != "x" || p.String("a") != "" || p.String("none") != "" {
		t.Errorf("String")
	}
	if !reflect.DeepEqual(p.Strings("a"), []string{"y"}) || p.Strings("b") != nil {
		t.Errorf("Strings")
	}
	got := graph.MergeAliases("株洲市", []string{"株洲", "", "株洲市"}, []string{"Zhuzhou", "株洲"})
	if want := []string{"Zhuzhou", "株洲"}; !reflect.DeepEqual(got, want) {
		t.Errorf("MergeAliases = %q, want %q", got, want)
	}
	if got := graph.MergeAliases("x", nil, nil); got != nil {
		t.Errorf("MergeAliases of nothing = %#v", got)
	}
	for _, l := range graph.Labels {
		if !l.Valid() {
			t.Errorf("%s not valid", l)
		}
	}
	for _, rt := range graph.RelTypes {
		if !rt.Valid() {
			t.Errorf("%s not valid", rt)
		}
	}
	if graph.Label("Person").Valid() || graph.RelType("KNOWS").Valid() {
		t.Errorf("unknown label or type valid")
	}
	s := graph.Stats{Nodes: map[graph.Label]int{graph.City: 2, graph.Goal: 3}, Relationships: map[graph.RelType]int{graph.Targets: 4}}
	if s.TotalNodes() != 5 || s.TotalRelationships() != 4 {
		t.Errorf("totals %d %d", s.TotalNodes(), s.TotalRelationships())
	}
}
