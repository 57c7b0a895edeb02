package graph_test

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/policygraph/policygraph/graph"
)

var (
	vDoc   = graph.DocumentID("a.txt")
	vJiang = graph.NodeID(graph.Official, "蒋长富")
	vLil   = graph.NodeID(graph.City, "430281")
	// vStatement is what 蒋长富 says in the text addStatement gives the batch.
	vStatement = graph.StatementID(vDoc, 24, 33)
)

// addStatement adds to validBatch a statement of 蒋长富's about 醴陵市,
// printed after the batch's one sentence.
func addStatement(b *graph.DocumentBatch) {
	text := "醴陵市委副书记、代理市长蒋长富接受专访。他表示,醴陵要唱响一个品牌。"
	b.Document.Props["text"] = text
	said := "醴陵要唱响一个品牌"
	ev := &graph.Evidence{Document: vDoc, Sentence: "他表示,醴陵要唱响一个品牌。", Start: 20, End: 34}
	b.Nodes = append(b.Nodes, graph.Node{ID: vStatement, Label: graph.Statement, Name: graph.StatementName(said),
		Props: graph.Props{"text": said, "kind": graph.KindReported, "document": vDoc, "start": 24, "end": 33}})
	b.Relationships = append(b.Relationships,
		graph.Relationship{ID: graph.RelID(graph.Said, vJiang, vStatement, vDoc, ""), Type: graph.Said, From: vJiang, To: vStatement, Evidence: ev},
		graph.Relationship{ID: graph.RelID(graph.About, vStatement, vLil, vDoc, ""), Type: graph.About, From: vStatement, To: vLil, Evidence: ev},
	)
}

// validBatch is a small batch that passes Validate; each case below breaks
// one thing.
func validBatch() graph.DocumentBatch {
	ev := func() *graph.Evidence {
		return &graph.Evidence{Document: vDoc, Sentence: "醴陵市委副书记、代理市长蒋长富接受专访。", Start: 0, End: 20, Headline: "两会特刊"}
	}
	return graph.DocumentBatch{
		Document: graph.Node{ID: vDoc, Label: graph.Document, Name: "a.txt", Props: graph.Props{"source": "a.txt", "text": "醴陵市委副书记、代理市长蒋长富接受专访。"}},
		Nodes: []graph.Node{
			{ID: vJiang, Label: graph.Official, Name: "蒋长富"},
			{ID: vLil, Label: graph.City, Name: "醴陵市", Aliases: []string{"醴陵"}, Props: graph.Props{"code": "430281"}},
		},
		Relationships: []graph.Relationship{
			{ID: graph.RelID(graph.HoldsPosition, vJiang, vLil, vDoc, "代理市长"), Type: graph.HoldsPosition, From: vJiang, To: vLil,
				Props: graph.Props{"title": "代理市长"}, Evidence: ev()},
			{ID: graph.RelID(graph.Mentions, vDoc, vJiang, vDoc, ""), Type: graph.Mentions, From: vDoc, To: vJiang, Evidence: ev()},
			{ID: graph.RelID(graph.Mentions, vDoc, vLil, vDoc, ""), Type: graph.Mentions, From: vDoc, To: vLil, Evidence: ev()},
		},
	}
}

func TestValidateAccepts(t *testing.T) {
	cases := []struct {
		name   string
		change func(b *graph.DocumentBatch)
	}{
		{"as built", func(b *graph.DocumentBatch) {}},
		{"name of exactly MaxNameRunes", func(b *graph.DocumentBatch) { b.Nodes[0].Name = strings.Repeat("字", graph.MaxNameRunes) }},
		{"MaxAliases aliases", func(b *graph.DocumentBatch) {
			b.Nodes[1].Aliases = make([]string, graph.MaxAliases)
			for i := range b.Nodes[1].Aliases {
				b.Nodes[1].Aliases[i] = strings.Repeat("醴", i+1)
			}
		}},
		{"id of exactly MaxIDBytes", func(b *graph.DocumentBatch) {
			b.Nodes[0].ID = strings.Repeat("x", graph.MaxIDBytes)
			b.Relationships = nil
		}},
		{"reference fact without evidence", func(b *graph.DocumentBatch) {
			zz := graph.NodeID(graph.City, "430200")
			b.Nodes = append(b.Nodes, graph.Node{ID: zz, Label: graph.City, Name: "株洲市"})
			b.Relationships = append(b.Relationships, graph.Relationship{ID: graph.RelID(graph.LocatedIn, vLil, zz, "", ""), Type: graph.LocatedIn, From: vLil, To: zz})
		}},
		{"empty batch", func(b *graph.DocumentBatch) { b.Nodes, b.Relationships = nil, nil }},
		{"every relationship type, between every pair of labels it may join", func(b *graph.DocumentBatch) {
			addStatement(b)
			byLabel := map[graph.Label]string{graph.Document: vDoc, graph.Official: vJiang, graph.City: vLil, graph.Statement: vStatement}
			for _, l := range []graph.Label{graph.Organization, graph.Industry, graph.Goal, graph.Proposal} {
				byLabel[l] = graph.NodeID(l, "x")
				b.Nodes = append(b.Nodes, graph.Node{ID: byLabel[l], Label: l, Name: "某" + string(l)})
			}
			for _, rt := range graph.RelTypes {
				for _, fl := range graph.RelEnds[rt].From {
					for _, tl := range graph.RelEnds[rt].To {
						from, to := byLabel[fl], byLabel[tl]
						b.Relationships = append(b.Relationships, graph.Relationship{ID: graph.RelID(rt, from, to, "", "t"), Type: rt, From: from, To: to})
					}
				}
			}
		}},
		{"zero-length evidence", func(b *graph.DocumentBatch) {
			b.Relationships[0].Evidence.Start, b.Relationships[0].Evidence.End = 5, 5
		}},
		{"property name with underscore and digits", func(b *graph.DocumentBatch) { b.Nodes[0].Props = graph.Props{"_x1": "v", "a_2": true} }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := validBatch()
			c.change(&b)
			if err := b.Validate(); err != nil {
				t.Fatalf("Validate: %v", err)
			}
		})
	}
}

func TestValidateRejects(t *testing.T) {
	long := func(n int) string { return strings.Repeat("字", n) }
	cases := []struct {
		name   string
		change func(b *graph.DocumentBatch)
		want   string // in the error message
	}{
		// The document.
		{"document with another label", func(b *graph.DocumentBatch) { b.Document.Label = graph.City }, "document node has label"},
		{"document without id", func(b *graph.DocumentBatch) { b.Document.ID = "" }, "empty id"},
		{"document without name", func(b *graph.DocumentBatch) { b.Document.Name = "" }, "empty name"},
		{"second document", func(b *graph.DocumentBatch) {
			b.Nodes = append(b.Nodes, graph.Node{ID: graph.DocumentID("b.txt"), Label: graph.Document, Name: "b.txt"})
		}, "exactly one Document"},
		{"too many nodes", func(b *graph.DocumentBatch) { b.Nodes = make([]graph.Node, graph.MaxBatchNodes+1) }, "batch too large"},

		// Names and aliases.
		{"empty name", func(b *graph.DocumentBatch) { b.Nodes[0].Name = "" }, "empty name"},
		{"blank name", func(b *graph.DocumentBatch) { b.Nodes[0].Name = " \t\u3000" }, "empty name"},
		{"over-long name", func(b *graph.DocumentBatch) { b.Nodes[0].Name = long(graph.MaxNameRunes + 1) }, "characters (max"},
		{"name not UTF-8", func(b *graph.DocumentBatch) { b.Nodes[0].Name = "蒋\xff" }, "not valid UTF-8"},
		{"name with NUL", func(b *graph.DocumentBatch) { b.Nodes[0].Name = "蒋\x00长富" }, "NUL"},
		{"empty alias", func(b *graph.DocumentBatch) { b.Nodes[1].Aliases = []string{""} }, "empty alias"},
		{"over-long alias", func(b *graph.DocumentBatch) { b.Nodes[1].Aliases = []string{long(graph.MaxNameRunes + 1)} }, "alias has"},
		{"alias not UTF-8", func(b *graph.DocumentBatch) { b.Nodes[1].Aliases = []string{"\xc3"} }, "alias is not valid UTF-8"},
		{"too many aliases", func(b *graph.DocumentBatch) { b.Nodes[1].Aliases = make([]string, graph.MaxAliases+1) }, "aliases (max"},

		// Ids.
		{"empty node id", func(b *graph.DocumentBatch) { b.Nodes[0].ID = "" }, "empty id"},
		{"over-long id", func(b *graph.DocumentBatch) { b.Nodes[0].ID = strings.Repeat("x", graph.MaxIDBytes+1) }, "longer than"},
		{"id not UTF-8", func(b *graph.DocumentBatch) { b.Nodes[0].ID = "official:\xff" }, "not valid UTF-8"},
		{"id with a newline", func(b *graph.DocumentBatch) { b.Nodes[0].ID = "official:a\nb" }, "control characters"},
		{"duplicate node id", func(b *graph.DocumentBatch) { b.Nodes[1].ID = b.Nodes[0].ID }, "duplicate id"},
		{"node with the document's id", func(b *graph.DocumentBatch) { b.Nodes[0].ID = vDoc }, "duplicate id"},
		{"duplicate relationship id", func(b *graph.DocumentBatch) { b.Relationships[2].ID = b.Relationships[1].ID }, "duplicate id"},
		{"empty relationship id", func(b *graph.DocumentBatch) { b.Relationships[0].ID = "" }, "empty id"},

		// Labels and types.
		{"unknown label", func(b *graph.DocumentBatch) { b.Nodes[0].Label = "Person" }, `unknown label "Person"`},
		{"empty label", func(b *graph.DocumentBatch) { b.Nodes[0].Label = "" }, "unknown label"},
		{"lower-case label", func(b *graph.DocumentBatch) { b.Nodes[0].Label = "official" }, "unknown label"},
		{"unknown type", func(b *graph.DocumentBatch) { b.Relationships[0].Type = "KNOWS" }, `unknown type "KNOWS"`},

		// Endpoints and evidence.
		{"dangling end", func(b *graph.DocumentBatch) { b.Relationships[0].To = graph.NodeID(graph.City, "430200") }, "endpoint not in batch"},
		{"dangling start", func(b *graph.DocumentBatch) { b.Relationships[0].From = graph.NodeID(graph.Official, "何翌滔") }, "endpoint not in batch"},
		{"empty end", func(b *graph.DocumentBatch) { b.Relationships[0].To = "" }, "to: "},
		{"evidence from another document", func(b *graph.DocumentBatch) { b.Relationships[0].Evidence.Document = graph.DocumentID("b.txt") }, "evidence cites"},
		{"evidence without document", func(b *graph.DocumentBatch) { b.Relationships[0].Evidence.Document = "" }, "evidence cites"},
		{"empty sentence", func(b *graph.DocumentBatch) { b.Relationships[0].Evidence.Sentence = "" }, "empty evidence sentence"},
		{"over-long sentence", func(b *graph.DocumentBatch) {
			b.Relationships[0].Evidence.Sentence = long(graph.MaxSentenceRunes + 1)
		}, "evidence sentence has"},
		{"negative start", func(b *graph.DocumentBatch) { b.Relationships[0].Evidence.Start = -1 }, "out of order"},
		{"end before start", func(b *graph.DocumentBatch) { b.Relationships[0].Evidence.End = -1 }, "out of order"},
		{"headline not UTF-8", func(b *graph.DocumentBatch) { b.Relationships[0].Evidence.Headline = "\xff" }, "headline"},

		// Properties.
		{"reserved node property id", func(b *graph.DocumentBatch) { b.Nodes[0].Props = graph.Props{"id": "x"} }, `"id" is reserved`},
		{"reserved node property name", func(b *graph.DocumentBatch) { b.Nodes[0].Props = graph.Props{"name": "x"} }, `"name" is reserved`},
		{"reserved node property aliases", func(b *graph.DocumentBatch) { b.Nodes[0].Props = graph.Props{"aliases": []string{"x"}} }, `"aliases" is reserved`},
		{"reserved node property label", func(b *graph.DocumentBatch) { b.Nodes[0].Props = graph.Props{"label": "x"} }, `"label" is reserved`},
		{"reserved document property", func(b *graph.DocumentBatch) { b.Document.Props["name"] = "x" }, `"name" is reserved`},
		{"reserved relationship property id", func(b *graph.DocumentBatch) { b.Relationships[0].Props["id"] = "x" }, `"id" is reserved`},
		{"evidence property doc", func(b *graph.DocumentBatch) { b.Relationships[0].Props["doc"] = "x" }, `"doc" is reserved for evidence`},
		{"evidence property sentence", func(b *graph.DocumentBatch) { b.Relationships[0].Props["sentence"] = "x" }, "reserved for evidence"},
		{"evidence property start", func(b *graph.DocumentBatch) { b.Relationships[0].Props["start"] = 1 }, "reserved for evidence"},
		{"evidence property end", func(b *graph.DocumentBatch) { b.Relationships[0].Props["end"] = 1 }, "reserved for evidence"},
		{"evidence property headline", func(b *graph.DocumentBatch) { b.Relationships[0].Props["headline"] = "x" }, "reserved for evidence"},
		{"property name with a dash", func(b *graph.DocumentBatch) { b.Nodes[0].Props = graph.Props{"my-prop": "x"} }, "must be an identifier"},
		{"property name with a leading digit", func(b *graph.DocumentBatch) { b.Nodes[0].Props = graph.Props{"1st": "x"} }, "must be an identifier"},
		{"property name in Chinese", func(b *graph.DocumentBatch) { b.Nodes[0].Props = graph.Props{"职务": "x"} }, "must be an identifier"},
		{"empty property name", func(b *graph.DocumentBatch) { b.Nodes[0].Props = graph.Props{"": "x"} }, "must be an identifier"},
		{"over-long property name", func(b *graph.DocumentBatch) {
			b.Nodes[0].Props = graph.Props{strings.Repeat("k", graph.MaxPropKeyBytes+1): "x"}
		}, "must be an identifier"},
		{"map property", func(b *graph.DocumentBatch) { b.Nodes[0].Props = graph.Props{"m": map[string]any{"a": 1}} }, "unsupported value type map"},
		{"float list property", func(b *graph.DocumentBatch) { b.Nodes[0].Props = graph.Props{"f": []float64{1.5}} }, "unsupported value type []float64"},
		{"unsigned property", func(b *graph.DocumentBatch) { b.Nodes[0].Props = graph.Props{"u": uint(3)} }, "unsupported value type uint"},
		{"nil property", func(b *graph.DocumentBatch) { b.Nodes[0].Props = graph.Props{"n": nil} }, "unsupported value type <nil>"},
		{"struct property", func(b *graph.DocumentBatch) { b.Nodes[0].Props = graph.Props{"s": struct{}{}} }, "unsupported value type"},
		{"mixed list property", func(b *graph.DocumentBatch) { b.Nodes[0].Props = graph.Props{"l": []any{"a", int64(1)}} }, "mixed list"},
		{"bool list property", func(b *graph.DocumentBatch) { b.Nodes[0].Props = graph.Props{"l": []any{true}} }, "unsupported value type"},
		{"NaN property", func(b *graph.DocumentBatch) { b.Nodes[0].Props = graph.Props{"x": math.NaN()} }, "unsupported value NaN"},
		{"infinite property", func(b *graph.DocumentBatch) { b.Relationships[0].Props["x"] = math.Inf(-1) }, "unsupported value -Inf"},
		{"string property not UTF-8", func(b *graph.DocumentBatch) { b.Nodes[0].Props = graph.Props{"s": "\xff"} }, "not valid UTF-8 text"},
		{"string property with NUL", func(b *graph.DocumentBatch) { b.Document.Props["text"] = "a\x00b" }, "not valid UTF-8 text"},
		{"list element not UTF-8", func(b *graph.DocumentBatch) { b.Nodes[0].Props = graph.Props{"l": []string{"ok", "\xff"}} }, "not valid UTF-8 text"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := validBatch()
			c.change(&b)
			err := b.Validate()
			if err == nil {
				t.Fatalf("Validate accepted the batch")
			}
			if !errors.Is(err, graph.ErrInvalid) {
				t.Errorf("error %v does not wrap ErrInvalid", err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q does not say %q", err, c.want)
			}
		})
	}
}

// TestValidateStatements checks what a Statement must carry and whom SAID
// and ABOUT may join; each rejected case breaks one thing of addStatement.
func TestValidateStatements(t *testing.T) {
	statement := func(b *graph.DocumentBatch) *graph.Node { return &b.Nodes[len(b.Nodes)-1] }
	accepts := []struct {
		name   string
		change func(b *graph.DocumentBatch)
	}{
		{"as built", func(b *graph.DocumentBatch) {}},
		{"direct speech", func(b *graph.DocumentBatch) { statement(b).Props["kind"] = graph.KindDirect }},
		{"no document property", func(b *graph.DocumentBatch) { delete(statement(b).Props, "document") }},
		{"plain int offsets", func(b *graph.DocumentBatch) {
			statement(b).Props["start"], statement(b).Props["end"] = int(3), int32(3)
		}},
		{"about a goal", func(b *graph.DocumentBatch) {
			goal := graph.NodeID(graph.Goal, "唱响一个品牌")
			b.Nodes = append(b.Nodes, graph.Node{ID: goal, Label: graph.Goal, Name: "唱响一个品牌"})
			b.Relationships = append(b.Relationships, graph.Relationship{ID: graph.RelID(graph.About, vStatement, goal, vDoc, ""), Type: graph.About, From: vStatement, To: goal,
				Evidence: b.Relationships[len(b.Relationships)-1].Evidence})
		}},
	}
	for _, c := range accepts {
		t.Run("accepts "+c.name, func(t *testing.T) {
			b := validBatch()
			addStatement(&b)
			c.change(&b)
			if err := b.Validate(); err != nil {
				t.Fatalf("Validate: %v", err)
			}
		})
	}
	rejects := []struct {
		name   string
		change func(b *graph.DocumentBatch)
		want   string
	}{
		{"no text", func(b *graph.DocumentBatch) { delete(statement(b).Props, "text") }, "empty statement text"},
		{"blank text", func(b *graph.DocumentBatch) { statement(b).Props["text"] = " " }, "empty statement text"},
		{"text not a string", func(b *graph.DocumentBatch) { statement(b).Props["text"] = []string{"醴陵"} }, "statement text is []string"},
		{"over-long text", func(b *graph.DocumentBatch) {
			statement(b).Props["text"] = strings.Repeat("字", graph.MaxSentenceRunes+1)
		}, "statement text has"},
		{"unknown kind", func(b *graph.DocumentBatch) { statement(b).Props["kind"] = "rumour" }, "statement kind"},
		{"no kind", func(b *graph.DocumentBatch) { delete(statement(b).Props, "kind") }, "statement kind"},
		{"no start", func(b *graph.DocumentBatch) { delete(statement(b).Props, "start") }, "statement offsets"},
		{"offsets as text", func(b *graph.DocumentBatch) { statement(b).Props["end"] = "33" }, "statement offsets"},
		{"end before start", func(b *graph.DocumentBatch) { statement(b).Props["end"] = 23 }, "statement offsets"},
		{"negative start", func(b *graph.DocumentBatch) { statement(b).Props["start"] = -1 }, "statement offsets"},
		{"empty document", func(b *graph.DocumentBatch) { statement(b).Props["document"] = "" }, "statement document"},
		{"another document's statement", func(b *graph.DocumentBatch) {
			statement(b).Props["document"] = graph.DocumentID("b.txt")
		}, "in the batch of"},
		{"HOLDS_POSITION to an official", func(b *graph.DocumentBatch) { b.Relationships[0].To = vJiang }, "joins Official → Official"},
		{"MENTIONS from an official", func(b *graph.DocumentBatch) { b.Relationships[1].From = vJiang }, "joins Official → Official"},
		{"LOCATED_IN to a statement", func(b *graph.DocumentBatch) {
			b.Relationships = append(b.Relationships, graph.Relationship{ID: "r-loc", Type: graph.LocatedIn, From: vLil, To: vStatement})
		}, "joins City → Statement"},
		{"SAID from a city", func(b *graph.DocumentBatch) { b.Relationships[len(b.Relationships)-2].From = vLil }, "joins City → Statement"},
		{"SAID to an official", func(b *graph.DocumentBatch) { b.Relationships[len(b.Relationships)-2].To = vJiang }, "joins Official → Official"},
		{"ABOUT an official", func(b *graph.DocumentBatch) { b.Relationships[len(b.Relationships)-1].To = vJiang }, "joins Statement → Official"},
		{"ABOUT from a document", func(b *graph.DocumentBatch) { b.Relationships[len(b.Relationships)-1].From = vDoc }, "joins Document → City"},
	}
	for _, c := range rejects {
		t.Run("rejects "+c.name, func(t *testing.T) {
			b := validBatch()
			addStatement(&b)
			c.change(&b)
			err := b.Validate()
			if err == nil {
				t.Fatalf("Validate accepted the batch")
			}
			if !errors.Is(err, graph.ErrInvalid) {
				t.Errorf("error %v does not wrap ErrInvalid", err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q does not say %q", err, c.want)
			}
		})
	}
}

func TestValidateNormalisesProperties(t *testing.T) {
	b := validBatch()
	b.Document.Props["year"] = 2025
	b.Nodes[0].Props = graph.Props{
		"a": 3, "b": int32(4), "c": int64(5), "d": float32(1.5), "e": 2.25, "f": true, "g": "s",
		"h": []int{1, 2}, "i": []any{"x", "y"}, "j": []any{1.0, int64(2), 3}, "k": []any{}, "l": []string{"z"}, "m": []int64{7},
	}
	b.Relationships[0].Props["rank"] = 1
	if err := b.Validate(); err != nil {
		t.Fatal(err)
	}
	want := graph.Props{
		"a": int64(3), "b": int64(4), "c": int64(5), "d": float64(1.5), "e": 2.25, "f": true, "g": "s",
		"h": []int64{1, 2}, "i": []string{"x", "y"}, "j": []int64{1, 2, 3}, "k": []string{}, "l": []string{"z"}, "m": []int64{7},
	}
	if !reflect.DeepEqual(b.Nodes[0].Props, want) {
		t.Errorf("node props = %#v\nwant %#v", b.Nodes[0].Props, want)
	}
	if v := b.Document.Props["year"]; v != int64(2025) {
		t.Errorf("document year = %#v, want int64", v)
	}
	if v := b.Relationships[0].Props["rank"]; v != int64(1) {
		t.Errorf("relationship rank = %#v, want int64", v)
	}
	// Normalising twice changes nothing.
	if err := b.Validate(); err != nil || !reflect.DeepEqual(b.Nodes[0].Props, want) {
		t.Errorf("second Validate: %v, %#v", err, b.Nodes[0].Props)
	}
}

func TestValidateNodeAndRelationshipAlone(t *testing.T) {
	if err := graph.ValidateNode(graph.Node{ID: "x", Label: graph.Goal, Name: "唱响一个品牌"}); err != nil {
		t.Errorf("ValidateNode: %v", err)
	}
	// A relationship on its own needs no endpoints in any batch.
	r := graph.Relationship{ID: "r", Type: graph.Targets, From: "goal:a", To: "industry:b"}
	if err := graph.ValidateRelationship(r, graph.Goal, graph.Industry); err != nil {
		t.Errorf("ValidateRelationship: %v", err)
	}
	if err := graph.ValidateRelationship(r, graph.Official, graph.Industry); !errors.Is(err, graph.ErrInvalid) {
		t.Errorf("TARGETS from an official: %v", err)
	}
	r.From = "a\x7fb"
	if err := graph.ValidateRelationship(r, graph.Goal, graph.Industry); !errors.Is(err, graph.ErrInvalid) {
		t.Errorf("DEL in an endpoint id: %v", err)
	}
}

// TestRelEnds holds every relationship type to the labels the graph
// contract (../shared/ontology.md) lets it join: each allowed pair passes
// ValidateRelationship, and every other pair of labels is refused.
func TestRelEnds(t *testing.T) {
	allowed := map[graph.RelType][][2]graph.Label{
		graph.Proposes:      {{graph.Official, graph.Proposal}},
		graph.Targets:       {{graph.Proposal, graph.Industry}, {graph.Goal, graph.Industry}},
		graph.LocatedIn:     {{graph.City, graph.City}, {graph.Organization, graph.City}, {graph.Proposal, graph.City}},
		graph.HoldsPosition: {{graph.Official, graph.Organization}, {graph.Official, graph.City}},
		graph.Mentions: {{graph.Document, graph.Official}, {graph.Document, graph.City}, {graph.Document, graph.Organization},
			{graph.Document, graph.Industry}, {graph.Document, graph.Goal}, {graph.Document, graph.Proposal}, {graph.Document, graph.Statement}},
		graph.HasPart:   {{graph.Goal, graph.Goal}},
		graph.Sets:      {{graph.Official, graph.Goal}},
		graph.AppliesTo: {{graph.Goal, graph.City}},
		graph.Said:      {{graph.Official, graph.Statement}},
		graph.About:     {{graph.Statement, graph.Industry}, {graph.Statement, graph.Goal}, {graph.Statement, graph.Proposal}, {graph.Statement, graph.City}},
	}
	if len(allowed) != len(graph.RelTypes) || len(graph.RelEnds) != len(graph.RelTypes) {
		t.Fatalf("%d types here, %d in RelEnds, %d in RelTypes", len(allowed), len(graph.RelEnds), len(graph.RelTypes))
	}
	for _, rt := range graph.RelTypes {
		ok := map[[2]graph.Label]bool{}
		for _, pair := range allowed[rt] {
			ok[pair] = true
		}
		for _, from := range graph.Labels {
			for _, to := range graph.Labels {
				r := graph.Relationship{ID: "r", Type: rt, From: "a", To: "b"}
				err := graph.ValidateRelationship(r, from, to)
				want := ok[[2]graph.Label{from, to}]
				if want && err != nil {
					t.Errorf("%s %s → %s refused: %v", rt, from, to, err)
				}
				if !want && (!errors.Is(err, graph.ErrInvalid) || !strings.Contains(err.Error(), "joins "+string(from)+" → "+string(to))) {
					t.Errorf("%s %s → %s: %v, want refused", rt, from, to, err)
				}
				if rt.Joins(from, to) != want {
					t.Errorf("%s.Joins(%s, %s) = %v", rt, from, to, !want)
				}
			}
		}
	}
	if graph.RelType("NOPE").Joins(graph.Official, graph.City) {
		t.Errorf("an unknown type joins anything")
	}
}
