package neo4jstore

import (
	"errors"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/policygraph/policygraph/graph"
)

// These tests need no server.

func TestEscapeLucene(t *testing.T) {
	cases := []struct{ in, want string }{
		{"硬质材料", "硬质材料"},
		{"", ""},
		{`"硬质" OR *:*`, `\"硬质\" OR \*\:\*`},
		{`a+b-c!d(e)f:g^h[i]j"k{l}m~n*o?p|q&r/s\t`, `a\+b\-c\!d\(e\)f\:g\^h\[i\]j\"k\{l\}m\~n\*o\?p\|q\&r\/s\\t`},
		{`&&||`, `\&\&\|\|`},
		{`\`, `\\`},
		{"株洲（醴陵）", "株洲（醴陵）"}, // full-width brackets are text to Lucene
	}
	for _, tc := range cases {
		if got := escapeLucene(tc.in); got != tc.want {
			t.Errorf("escapeLucene(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestLuceneQuery(t *testing.T) {
	cases := []struct{ folded, want string }{
		{"硬质材料", `"硬质材料"`},
		{"醴陵", `"醴陵"`},
		{"市", ""},        // one ideograph: no bigram to search, so scan
		{"ai", ""},       // Latin: could be part of a longer token, so scan
		{"ai赋能", `"赋能"`}, // only the ideograph run is trusted
		{"株洲(醴陵)市", `"株洲" AND "醴陵"`}, // every run must occur
		{`"硬质" or *:*`, `"硬质"`},      // syntax never reaches the parser
		{"𠀀𠀁", ""},                   // beyond the BMP blocks the tokenizer is trusted with
		{"〇二五", `"二五"`},
		// Long queries: the three longest runs (earliest among equals), in
		// query order, each cut to 16 ideographs.
		{"一二,三四五,六七,八九十,甲乙", `"一二" AND "三四五" AND "八九十"`},
		{strings.Repeat("株洲", 50), `"株洲株洲株洲株洲株洲株洲株洲株洲"`},
	}
	for _, tc := range cases {
		if got := luceneQuery(tc.folded); got != tc.want {
			t.Errorf("luceneQuery(%q) = %q, want %q", tc.folded, got, tc.want)
		}
	}
}

func TestCompileFilter(t *testing.T) {
	hard := graph.Filter{Field: "name", Op: graph.OpEq, Value: "硬质材料"}
	cases := []struct {
		name   string
		f      *graph.Filter
		want   string
		params map[string]any
	}{
		{"nil", nil, "true", map[string]any{}},
		{"name", &graph.Filter{Field: "name", Op: graph.OpEq, Value: "株洲市"},
			"coalesce(n.name = $f0, false)", map[string]any{"f0": "株洲市"}},
		{"id ends", &graph.Filter{Field: "id", Op: graph.OpEndsWith, Value: "市"},
			"coalesce(n.id ENDS WITH $f0, false)", map[string]any{"f0": "市"}},
		{"aliases are a list", &graph.Filter{Field: "aliases", Op: graph.OpStartsWith, Value: "株"},
			"any(x1 IN coalesce(n.aliases, []) WHERE coalesce(x1 STARTS WITH $f0, false))", map[string]any{"f0": "株"}},
		{"property read by parameter", &graph.Filter{Field: "population", Op: graph.OpGt, Value: int64(100)},
			"any(x1 IN CASE WHEN n[$f1] IS :: LIST<ANY> NOT NULL THEN n[$f1] ELSE [n[$f1]] END WHERE coalesce(x1 > $f0, false))",
			map[string]any{"f0": int64(100), "f1": "population"}},
		{"not stays two-valued", &graph.Filter{Not: &graph.Filter{Field: "level", Op: graph.OpIn, Value: []string{"county"}}},
			"NOT (any(x1 IN CASE WHEN n[$f1] IS :: LIST<ANY> NOT NULL THEN n[$f1] ELSE [n[$f1]] END WHERE coalesce(x1 IN $f0, false)))",
			map[string]any{"f0": []string{"county"}, "f1": "level"}},
		{"empty and", &graph.Filter{And: []graph.Filter{}}, "true", map[string]any{}},
		{"empty or", &graph.Filter{Or: []graph.Filter{}}, "false", map[string]any{}},
		{"or", &graph.Filter{Or: []graph.Filter{{Field: "id", Op: graph.OpContains, Value: "x"}, {Field: "name", Op: graph.OpLte, Value: "y"}}},
			"(coalesce(n.id CONTAINS $f0, false)) OR (coalesce(n.name <= $f1, false))", map[string]any{"f0": "x", "f1": "y"}},
		{"nested some", &graph.Filter{Rel: &graph.RelFilter{Type: graph.Proposes, Direction: graph.Out, Quantifier: graph.Some,
			Where: &graph.Filter{Rel: &graph.RelFilter{Type: graph.Targets, Direction: graph.Out, Quantifier: graph.Some, Where: &hard}}}},
			"EXISTS { MATCH (n)-[:PROPOSES]->(m1) WHERE EXISTS { MATCH (m1)-[:TARGETS]->(m2) WHERE coalesce(m2.name = $f0, false) } }",
			map[string]any{"f0": "硬质材料"}},
		{"all with labels", &graph.Filter{Rel: &graph.RelFilter{Type: graph.Targets, Direction: graph.In, Quantifier: graph.All, Where: &hard, Labels: []graph.Label{graph.Proposal}}},
			"NOT EXISTS { MATCH (n)<-[:TARGETS]-(m1) WHERE any(l IN labels(m1) WHERE l IN $f0) AND NOT (coalesce(m1.name = $f1, false)) }",
			map[string]any{"f0": []string{"Proposal"}, "f1": "硬质材料"}},
		{"none either way", &graph.Filter{Rel: &graph.RelFilter{Type: graph.LocatedIn, Direction: graph.Both, Quantifier: graph.None}},
			"NOT EXISTS { MATCH (n)-[:LOCATED_IN]-(m1) }", map[string]any{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.f.Validate(); err != nil {
				t.Fatalf("fixture filter invalid: %v", err)
			}
			c := newCompiler(nil)
			got, err := c.where(tc.f, "n")
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("cypher\n got  %s\n want %s", got, tc.want)
			}
			if !reflect.DeepEqual(c.params, tc.params) {
				t.Errorf("params %#v, want %#v", c.params, tc.params)
			}
		})
	}
}

// The compiler refuses what Filter.Validate refuses even when called
// without it: nothing unvalidated reaches the query text.
func TestCompileFilterRefuses(t *testing.T) {
	for _, f := range []*graph.Filter{
		{Field: "name) DETACH DELETE n //", Op: graph.OpEq, Value: "x"},
		{Field: "name", Op: "like", Value: "x"},
		{Rel: &graph.RelFilter{Type: "LIKES]->() DETACH DELETE n //", Direction: graph.Out, Quantifier: graph.Some}},
		{Rel: &graph.RelFilter{Type: graph.Proposes, Direction: "SIDEWAYS", Quantifier: graph.Some}},
		{Rel: &graph.RelFilter{Type: graph.Proposes, Direction: graph.Out, Quantifier: "most"}},
	} {
		if _, err := newCompiler(nil).where(f, "n"); !errors.Is(err, graph.ErrInvalid) {
			t.Errorf("%v: %v, want ErrInvalid", f, err)
		}
	}
	if _, err := newCompiler(nil).sortExpr("a b", "n"); !errors.Is(err, graph.ErrInvalid) {
		t.Errorf("bad sort field: %v", err)
	}
}

func TestCompileNodeQueryLabels(t *testing.T) {
	match, _, _, ok, err := compileNodeQuery(graph.NodeQuery{Labels: []graph.Label{graph.Official, "Planet", graph.City}})
	if err != nil || !ok || match != "MATCH (n:Entity&(Official|City))" {
		t.Errorf("match %q ok %v err %v", match, ok, err)
	}
	if _, _, _, ok, _ := compileNodeQuery(graph.NodeQuery{Labels: []graph.Label{"Planet) DETACH DELETE n //"}}); ok {
		t.Error("an unknown label reached the query")
	}
}

// An id constraint reaches the planner as a plain IN, so that it seeks
// the id index; anything else keeps the filter alone.
func TestCompileNodeQueryIDSeek(t *testing.T) {
	byID := graph.Filter{And: []graph.Filter{{Field: "name", Op: graph.OpContains, Value: "市"}, {Field: "id", Op: graph.OpIn, Value: []string{"city:1", "city:2"}}}}
	_, where, params, _, err := compileNodeQuery(graph.NodeQuery{Where: &byID})
	if err != nil || !strings.HasPrefix(where, "n.id IN $pgIDs AND (") || !reflect.DeepEqual(params["pgIDs"], []string{"city:1", "city:2"}) {
		t.Errorf("where %q params %v err %v", where, params, err)
	}
	notOnly := graph.Filter{Or: []graph.Filter{{Field: "id", Op: graph.OpEq, Value: "city:1"}, {Field: "name", Op: graph.OpEq, Value: "x"}}}
	if _, where, _, _, _ := compileNodeQuery(graph.NodeQuery{Where: &notOnly}); strings.Contains(where, "pgIDs") {
		t.Errorf("an or of ids seeks: %q", where)
	}
}

// Neo4j sorts strings by UTF-16 code units (seen on 5.26: "a" < "é" < "😀"
// < "𠀀" < "（" < "\uFFFD"); Scan's merge must agree.
func TestCompareUTF16(t *testing.T) {
	want := []string{"", "a", "ab", "é", "株洲", "株洲市", "😀", "😀a", "𠀀", "（", "\uFFFD"}
	got := append([]string(nil), want...)
	for i, j := 0, len(got)-1; i < j; i, j = i+1, j-1 {
		got[i], got[j] = got[j], got[i]
	}
	sort.Slice(got, func(i, j int) bool { return compareUTF16(got[i], got[j]) < 0 })
	if !reflect.DeepEqual(got, want) {
		t.Errorf("UTF-16 order %q, want %q", got, want)
	}
}

// TestCodecRoundTrip stores values the way Bolt returns them and reads
// them back as memstore would return them.
func TestCodecRoundTrip(t *testing.T) {
	n := graph.Node{ID: "industry:x", Label: graph.Industry, Name: "ＡＩ芯片", Aliases: []string{"AI芯片"},
		Props: graph.Props{"s": "x", "i": int64(-1), "f": 0.5, "b": true, "ss": []string{"a"}, "is": []int64{2, 1},
			"es": []string{}, "ei": []int64{}}}
	stored := encodeNode(n)
	if stored[propSearch] != "ai芯片\nai芯片" {
		t.Errorf("search text %q", stored[propSearch])
	}
	got, err := decodeNode([]any{entityLabel, "Industry"}, bolt(stored))
	if err != nil {
		t.Fatal(err)
	}
	if want := n.Clone(); !reflect.DeepEqual(got, want) {
		t.Errorf("node\n got  %#v\n want %#v", got, want)
	}

	for _, props := range []graph.Props{nil, {}} {
		m := graph.Node{ID: "official:y", Label: graph.Official, Name: "y", Props: props}
		got, err := decodeNode([]any{"Official", entityLabel}, bolt(encodeNode(m)))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, m) {
			t.Errorf("props %#v read back as %#v", props, got.Props)
		}
	}

	r := graph.Relationship{ID: "rel:1", Type: graph.HoldsPosition, From: "a", To: "b", Props: graph.Props{"title": "市长"},
		Evidence: &graph.Evidence{Document: "document:d", Sentence: "ＡＩ", Start: 3, End: 5}}
	rs := encodeRel(r)
	if rs[propSentence] != "ai" {
		t.Errorf("folded sentence %q", rs[propSentence])
	}
	gr, err := decodeRel("HOLDS_POSITION", bolt(rs), "a", "b")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(gr, r) {
		t.Errorf("relationship\n got  %#v\n want %#v", gr, r)
	}
	ref := graph.Relationship{ID: "rel:2", Type: graph.LocatedIn, From: "a", To: "b"}
	if gr, err := decodeRel("LOCATED_IN", bolt(encodeRel(ref)), "a", "b"); err != nil || !reflect.DeepEqual(gr, ref) {
		t.Errorf("reference fact read back as %#v (%v)", gr, err)
	}

	if _, err := decodeNode([]any{entityLabel}, bolt(stored)); err == nil {
		t.Error("a node without an ontology label decoded")
	}
	if _, err := decodeValue(map[string]any{}, false); err == nil {
		t.Error("a map property decoded")
	}
}

// bolt converts a stored property map to what the driver returns: lists
// as []any.
func bolt(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		switch x := v.(type) {
		case []string:
			l := make([]any, len(x))
			for i, e := range x {
				l[i] = e
			}
			v = l
		case []int64:
			l := make([]any, len(x))
			for i, e := range x {
				l[i] = e
			}
			v = l
		}
		out[k] = v
	}
	return out
}
