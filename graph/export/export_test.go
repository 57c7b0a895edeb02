package export_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"reflect"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/graph/export"
	"github.com/policygraph/policygraph/graph/memstore"
)

const (
	textA = "醴陵市委副书记、代理市长蒋长富接受专访。何翌滔建议,加快打通湘江东岸沿江南路。"
	textB = "市政协委员黎婷说：\"<硬质合金> & 陶瓷\"要融合发展。\n第二段。"
)

var (
	docA    = graph.DocumentID("a.txt")
	docB    = graph.DocumentID("b.txt")
	zhuzhou = graph.NodeID(graph.City, "430200")
	liling  = graph.NodeID(graph.City, "430281")
	jiang   = graph.NodeID(graph.Official, "蒋长富")
	he      = graph.NodeID(graph.Official, "何翌滔")
	li      = graph.NodeID(graph.Official, "黎婷")
	road    = graph.NodeID(graph.Proposal, "加快打通湘江东岸沿江南路")
	odd     = graph.NodeID(graph.Organization, `A&B <"硬质"> '合金'`) // every XML special character
	hard    = graph.NodeID(graph.Industry, "硬质材料")
)

func evidence(doc, text, sentence string) *graph.Evidence {
	i := strings.Index(text, sentence)
	if i < 0 {
		panic("sentence not in text: " + sentence)
	}
	start := utf8.RuneCountInString(text[:i])
	return &graph.Evidence{Document: doc, Sentence: sentence, Start: start, End: start + utf8.RuneCountInString(sentence), Headline: "两会特刊"}
}

func rel(t graph.RelType, from, to string, props graph.Props, ev *graph.Evidence) graph.Relationship {
	doc := ""
	if ev != nil {
		doc = ev.Document
	}
	return graph.Relationship{ID: graph.RelID(t, from, to, doc, props.String("title")), Type: t, From: from, To: to, Props: props, Evidence: ev}
}

func batches() []graph.DocumentBatch {
	sa1 := "醴陵市委副书记、代理市长蒋长富接受专访。"
	sa2 := "何翌滔建议,加快打通湘江东岸沿江南路。"
	a := graph.DocumentBatch{
		Document: graph.Node{ID: docA, Label: graph.Document, Name: "a.txt",
			Props: graph.Props{"source": "a.txt", "text": textA, "paragraphs": []string{sa1, sa2}, "pages": int64(1), "date": "2025-12-27"}},
		Nodes: []graph.Node{
			{ID: zhuzhou, Label: graph.City, Name: "株洲市", Aliases: []string{"株洲"}, Props: graph.Props{"code": "430200", "population": int64(390), "share": 0.5, "capital": false}},
			{ID: liling, Label: graph.City, Name: "醴陵市", Aliases: []string{"醴陵"}, Props: graph.Props{"code": "430281", "population": int64(95), "share": 1.25, "capital": false}},
			{ID: jiang, Label: graph.Official, Name: "蒋长富"},
			{ID: he, Label: graph.Official, Name: "何翌滔"},
			{ID: road, Label: graph.Proposal, Name: "加快打通湘江东岸沿江南路"},
		},
		Relationships: []graph.Relationship{
			rel(graph.LocatedIn, liling, zhuzhou, nil, nil),
			rel(graph.HoldsPosition, jiang, liling, graph.Props{"title": "代理市长"}, evidence(docA, textA, sa1)),
			rel(graph.Proposes, he, road, nil, evidence(docA, textA, sa2)),
			rel(graph.LocatedIn, road, zhuzhou, nil, evidence(docA, textA, sa2)),
			rel(graph.Mentions, docA, liling, nil, evidence(docA, textA, sa1)),
			rel(graph.Mentions, docA, jiang, nil, evidence(docA, textA, sa1)),
			rel(graph.Mentions, docA, he, nil, evidence(docA, textA, sa2)),
			rel(graph.Mentions, docA, road, nil, evidence(docA, textA, sa2)),
		},
	}
	sb := "市政协委员黎婷说：\"<硬质合金> & 陶瓷\"要融合发展。"
	b := graph.DocumentBatch{
		Document: graph.Node{ID: docB, Label: graph.Document, Name: "b.txt",
			Props: graph.Props{"source": "b.txt", "text": textB, "paragraphs": []string{sb, "第二段。"}, "pages": int64(2), "date": "2025-12-24"}},
		Nodes: []graph.Node{
			{ID: zhuzhou, Label: graph.City, Name: "株洲市", Aliases: []string{"株洲", "Zhuzhou"}, Props: graph.Props{"code": "430200", "population": int64(390), "share": 0.5, "capital": false}},
			{ID: li, Label: graph.Official, Name: "黎婷"},
			{ID: odd, Label: graph.Organization, Name: `A&B <"硬质"> '合金'`, Aliases: []string{"<合金>"}},
			{ID: hard, Label: graph.Industry, Name: "硬质材料", Aliases: []string{"硬质合金"}, Props: graph.Props{"sector": "材料 & <新>"}},
		},
		Relationships: []graph.Relationship{
			rel(graph.HoldsPosition, li, zhuzhou, graph.Props{"title": "市政协委员"}, evidence(docB, textB, sb)),
			rel(graph.HoldsPosition, li, odd, graph.Props{"title": `"顾问"`}, evidence(docB, textB, sb)),
			rel(graph.Mentions, docB, li, nil, evidence(docB, textB, sb)),
			rel(graph.Mentions, docB, odd, nil, evidence(docB, textB, sb)),
			rel(graph.Mentions, docB, hard, nil, evidence(docB, textB, sb)),
			rel(graph.Mentions, docB, zhuzhou, nil, evidence(docB, textB, sb)),
		},
	}
	return []graph.DocumentBatch{a, b}
}

// load writes the batches in the given order into a new store.
func load(t *testing.T, order ...int) graph.Store {
	t.Helper()
	s := memstore.New()
	bs := batches()
	for _, i := range order {
		if _, err := s.WriteDocument(context.Background(), bs[i]); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() { s.Close(context.Background()) })
	return s
}

func scan(t *testing.T, s graph.Store) ([]graph.Node, []graph.Relationship) {
	t.Helper()
	var nodes []graph.Node
	var rels []graph.Relationship
	if err := s.Scan(context.Background(), func(n graph.Node) error { nodes = append(nodes, n); return nil },
		func(r graph.Relationship) error { rels = append(rels, r); return nil }); err != nil {
		t.Fatal(err)
	}
	return nodes, rels
}

func jsonl(t *testing.T, s graph.Store) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := export.WriteJSONL(context.Background(), s, &buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func keysOf(m map[string]any) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func TestJSONLShape(t *testing.T) {
	s := load(t, 0, 1)
	out := jsonl(t, s)
	nodes, rels := scan(t, s)
	labelOf := map[string]graph.Label{}
	for _, n := range nodes {
		labelOf[n.ID] = n.Label
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) != len(nodes)+len(rels) {
		t.Fatalf("%d lines for %d nodes and %d relationships", len(lines), len(nodes), len(rels))
	}
	var nodeIDs, relIDs []string
	for i, line := range lines {
		var o map[string]any
		dec := json.NewDecoder(strings.NewReader(line))
		dec.UseNumber()
		if err := dec.Decode(&o); err != nil {
			t.Fatalf("line %d is not a JSON object: %v\n%s", i+1, err, line)
		}
		props, ok := o["properties"].(map[string]any)
		if !ok {
			t.Fatalf("line %d: properties is %T", i+1, o["properties"])
		}
		switch o["type"] {
		case "node":
			if i >= len(nodes) {
				t.Errorf("line %d: node after relationships", i+1)
			}
			if got := keysOf(o); !reflect.DeepEqual(got, []string{"id", "labels", "properties", "type"}) {
				t.Errorf("line %d: node keys %v", i+1, got)
			}
			id, _ := o["id"].(string)
			nodeIDs = append(nodeIDs, id)
			if !reflect.DeepEqual(o["labels"], []any{string(labelOf[id])}) {
				t.Errorf("node %s: labels %v, want [%s]", id, o["labels"], labelOf[id])
			}
			if _, ok := props["name"].(string); !ok {
				t.Errorf("node %s: name is %T", id, props["name"])
			}
			if _, ok := props["aliases"].([]any); !ok {
				t.Errorf("node %s: aliases is %T (%v), want a list even when empty", id, props["aliases"], props["aliases"])
			}
		case "relationship":
			if got := keysOf(o); !reflect.DeepEqual(got, []string{"end", "id", "label", "properties", "start", "type"}) {
				t.Errorf("line %d: relationship keys %v", i+1, got)
			}
			id, _ := o["id"].(string)
			relIDs = append(relIDs, id)
			for _, end := range []string{"start", "end"} {
				e, ok := o[end].(map[string]any)
				if !ok || !reflect.DeepEqual(keysOf(e), []string{"id", "labels"}) {
					t.Errorf("relationship %s: %s is %v", id, end, o[end])
					continue
				}
				eid, _ := e["id"].(string)
				if !reflect.DeepEqual(e["labels"], []any{string(labelOf[eid])}) {
					t.Errorf("relationship %s: %s labels %v, want [%s]", id, end, e["labels"], labelOf[eid])
				}
			}
			if _, ok := o["label"].(string); !ok || !graph.RelType(o["label"].(string)).Valid() {
				t.Errorf("relationship %s: label %v", id, o["label"])
			}
		default:
			t.Errorf("line %d: type %v", i+1, o["type"])
		}
	}
	if !sort.StringsAreSorted(nodeIDs) || !sort.StringsAreSorted(relIDs) {
		t.Errorf("nodes or relationships not in id order")
	}
	if len(nodeIDs) != len(nodes) || len(relIDs) != len(rels) {
		t.Errorf("%d node lines, %d relationship lines; want %d, %d", len(nodeIDs), len(relIDs), len(nodes), len(rels))
	}
}

// apocLine decodes one line the way ../shared/eval/score.py does.
type apocLine struct {
	Type       string         `json:"type"`
	ID         string         `json:"id"`
	Labels     []string       `json:"labels"`
	Label      string         `json:"label"`
	Start      apocEnd        `json:"start"`
	End        apocEnd        `json:"end"`
	Properties map[string]any `json:"properties"`
}

type apocEnd struct {
	ID     string   `json:"id"`
	Labels []string `json:"labels"`
}

func parseJSONL(t *testing.T, out []byte) (map[string]apocLine, []apocLine) {
	t.Helper()
	nodes := map[string]apocLine{}
	var rels []apocLine
	for i, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		var o apocLine
		if err := json.Unmarshal([]byte(line), &o); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		switch o.Type {
		case "node":
			nodes[o.ID] = o
		case "relationship":
			rels = append(rels, o)
		}
	}
	return nodes, rels
}

func TestJSONLContent(t *testing.T) {
	out := jsonl(t, load(t, 0, 1))
	nodes, rels := parseJSONL(t, out)

	// score.py: documents are found by the base name in properties.source,
	// and a node counts when a scored document MENTIONS it.
	sources := map[string]string{}
	for id, n := range nodes {
		if reflect.DeepEqual(n.Labels, []string{"Document"}) {
			src, _ := n.Properties["source"].(string)
			sources[path.Base(src)] = id
		}
	}
	if !reflect.DeepEqual(sources, map[string]string{"a.txt": docA, "b.txt": docB}) {
		t.Errorf("documents by source: %v", sources)
	}
	mentioned := map[string]bool{}
	for _, r := range rels {
		if r.Label == "MENTIONS" && (r.Start.ID == docA || r.Start.ID == docB) {
			mentioned[r.End.ID] = true
		}
	}
	want := map[string]bool{liling: true, jiang: true, he: true, road: true, li: true, odd: true, hard: true, zhuzhou: true}
	if !reflect.DeepEqual(mentioned, want) {
		t.Errorf("mentioned %v, want %v", mentioned, want)
	}

	// Names and merged aliases as the scorer reads them.
	z := nodes[zhuzhou].Properties
	if z["name"] != "株洲市" || !reflect.DeepEqual(z["aliases"], []any{"Zhuzhou", "株洲"}) {
		t.Errorf("株洲市 properties %v", z)
	}
	if z["population"] != 390.0 || z["share"] != 0.5 || z["capital"] != false || z["code"] != "430200" {
		t.Errorf("typed properties %v", z)
	}
	if !reflect.DeepEqual(nodes[jiang].Properties["aliases"], []any{}) {
		t.Errorf("no aliases should export as [], got %#v", nodes[jiang].Properties["aliases"])
	}
	if nodes[odd].Properties["name"] != `A&B <"硬质"> '合金'` {
		t.Errorf("special characters: %v", nodes[odd].Properties["name"])
	}
	if !reflect.DeepEqual(nodes[docA].Properties["paragraphs"], []any{"醴陵市委副书记、代理市长蒋长富接受专访。", "何翌滔建议,加快打通湘江东岸沿江南路。"}) {
		t.Errorf("list property %v", nodes[docA].Properties["paragraphs"])
	}

	// Evidence travels in the relationship's properties; reference facts
	// have none.
	var holds, ref *apocLine
	for i, r := range rels {
		switch {
		case r.Label == "HOLDS_POSITION" && r.Start.ID == jiang:
			holds = &rels[i]
		case r.Label == "LOCATED_IN" && r.Start.ID == liling:
			ref = &rels[i]
		}
	}
	if holds == nil || ref == nil {
		t.Fatalf("relationships missing: %v", rels)
	}
	wantHolds := map[string]any{"title": "代理市长", "doc": docA, "sentence": "醴陵市委副书记、代理市长蒋长富接受专访。",
		"start": 0.0, "end": 20.0, "headline": "两会特刊"}
	if !reflect.DeepEqual(holds.Properties, wantHolds) {
		t.Errorf("HOLDS_POSITION properties %v, want %v", holds.Properties, wantHolds)
	}
	if !reflect.DeepEqual(holds.Start, apocEnd{jiang, []string{"Official"}}) || !reflect.DeepEqual(holds.End, apocEnd{liling, []string{"City"}}) {
		t.Errorf("HOLDS_POSITION ends %v → %v", holds.Start, holds.End)
	}
	if len(ref.Properties) != 0 {
		t.Errorf("reference fact has properties %v", ref.Properties)
	}
	for _, r := range rels {
		if r.Label == "PROPOSES" {
			text := []rune(textA)
			s, e := int(r.Properties["start"].(float64)), int(r.Properties["end"].(float64))
			if string(text[s:e]) != r.Properties["sentence"] {
				t.Errorf("evidence offsets [%d,%d) do not cite %q", s, e, r.Properties["sentence"])
			}
		}
	}

	// Text is written as UTF-8, not \u escapes, and HTML characters are
	// not escaped.
	if !bytes.Contains(out, []byte(`"name":"蒋长富"`)) || !bytes.Contains(out, []byte(`<\"硬质\"> '合金'`)) {
		t.Errorf("text escaped unexpectedly")
	}
}

func TestJSONLDeterministic(t *testing.T) {
	s := load(t, 0, 1)
	first := jsonl(t, s)
	if second := jsonl(t, s); !bytes.Equal(first, second) {
		t.Errorf("two exports of one store differ")
	}
	// Another store, written in the other order, holds the same graph.
	if other := jsonl(t, load(t, 1, 0)); !bytes.Equal(first, other) {
		t.Errorf("export depends on write order:\n%s\n---\n%s", first, other)
	}
}

// The GraphML document, as encoding/xml reads it.
type gmlFile struct {
	XMLName xml.Name `xml:"graphml"`
	Keys    []gmlKey `xml:"key"`
	Graph   struct {
		ID          string    `xml:"id,attr"`
		EdgeDefault string    `xml:"edgedefault,attr"`
		Nodes       []gmlElem `xml:"node"`
		Edges       []gmlElem `xml:"edge"`
	} `xml:"graph"`
}

type gmlKey struct {
	ID   string `xml:"id,attr"`
	For  string `xml:"for,attr"`
	Name string `xml:"attr.name,attr"`
	Type string `xml:"attr.type,attr"`
}

type gmlElem struct {
	ID     string    `xml:"id,attr"`
	Source string    `xml:"source,attr"`
	Target string    `xml:"target,attr"`
	Data   []gmlData `xml:"data"`
}

type gmlData struct {
	Key   string `xml:"key,attr"`
	Value string `xml:",chardata"`
}

func (e gmlElem) data(t *testing.T) map[string]string {
	t.Helper()
	m := map[string]string{}
	for _, d := range e.Data {
		if _, dup := m[d.Key]; dup {
			t.Errorf("%s: data key %s twice", e.ID, d.Key)
		}
		m[d.Key] = d.Value
	}
	return m
}

func graphML(t *testing.T, s graph.Store) ([]byte, gmlFile) {
	t.Helper()
	var buf bytes.Buffer
	if err := export.WriteGraphML(context.Background(), s, &buf); err != nil {
		t.Fatal(err)
	}
	var f gmlFile
	dec := xml.NewDecoder(bytes.NewReader(buf.Bytes()))
	if err := dec.Decode(&f); err != nil {
		t.Fatalf("GraphML does not parse: %v\n%s", err, buf.Bytes())
	}
	return buf.Bytes(), f
}

func TestGraphML(t *testing.T) {
	s := load(t, 0, 1)
	out, f := graphML(t, s)
	nodes, rels := scan(t, s)

	if !bytes.HasPrefix(out, []byte(`<?xml version="1.0" encoding="UTF-8"?>`)) {
		t.Errorf("no XML declaration")
	}
	if f.XMLName.Space != "http://graphml.graphdrawing.org/xmlns" || f.Graph.EdgeDefault != "directed" {
		t.Errorf("namespace %q, edgedefault %q", f.XMLName.Space, f.Graph.EdgeDefault)
	}

	keys := map[string]gmlKey{}
	for _, k := range f.Keys {
		if _, dup := keys[k.ID]; dup {
			t.Errorf("key %s declared twice", k.ID)
		}
		keys[k.ID] = k
		switch k.Type {
		case "string", "long", "double", "boolean":
		default:
			t.Errorf("key %s: attr.type %q", k.ID, k.Type)
		}
	}
	wantTypes := map[string]string{
		"n_label": "string", "n_labels": "string", "n_type": "string", "n_id": "string", "n_name": "string", "n_aliases": "string", "n_population": "long",
		"n_share": "double", "n_capital": "boolean", "n_paragraphs": "string", "n_pages": "long",
		"e_label": "string", "e_type": "string", "e_title": "string", "e_doc": "string", "e_sentence": "string", "e_start": "long", "e_end": "long", "e_headline": "string",
	}
	for id, typ := range wantTypes {
		if keys[id].Type != typ {
			t.Errorf("key %s: type %q, want %q", id, keys[id].Type, typ)
		}
	}

	// One node per graph node and one edge per relationship, same ids.
	var gotNodes, wantNodes, gotEdges, wantEdges []string
	for _, n := range f.Graph.Nodes {
		gotNodes = append(gotNodes, n.ID)
	}
	for _, n := range nodes {
		wantNodes = append(wantNodes, n.ID)
	}
	for _, e := range f.Graph.Edges {
		gotEdges = append(gotEdges, e.ID+" "+e.Source+" "+e.Target)
	}
	for _, r := range rels {
		wantEdges = append(wantEdges, r.ID+" "+r.From+" "+r.To)
	}
	if !reflect.DeepEqual(gotNodes, wantNodes) {
		t.Errorf("nodes %v, want %v", gotNodes, wantNodes)
	}
	if !reflect.DeepEqual(gotEdges, wantEdges) {
		t.Errorf("edges %v, want %v", gotEdges, wantEdges)
	}

	// Every data element refers to a declared key for its element kind.
	byID := map[string]map[string]string{}
	for _, kind := range []struct {
		elems []gmlElem
		For   string
	}{{f.Graph.Nodes, "node"}, {f.Graph.Edges, "edge"}} {
		for _, e := range kind.elems {
			d := e.data(t)
			byID[e.ID] = d
			for k := range d {
				if keys[k].For != kind.For {
					t.Errorf("%s %s: data key %s is declared for %q", kind.For, e.ID, k, keys[k].For)
				}
			}
		}
	}

	// Every node is drawn with its name and typed by its label.
	for _, n := range nodes {
		d := byID[n.ID]
		if d["n_label"] != n.Name || d["n_type"] != string(n.Label) || d["n_labels"] != ":"+string(n.Label) {
			t.Errorf("node %s: label %q type %q labels %q, want %q, %q, %q", n.ID, d["n_label"], d["n_type"], d["n_labels"], n.Name, n.Label, ":"+string(n.Label))
		}
	}

	// Special characters survive escaping, in attributes and in text.
	o := byID[odd]
	if o == nil {
		t.Fatalf("node %q missing (id attribute mangled?)", odd)
	}
	if o["n_name"] != `A&B <"硬质"> '合金'` || o["n_label"] != o["n_name"] || o["n_labels"] != ":Organization" || o["n_type"] != "Organization" || o["n_id"] != odd {
		t.Errorf("organization data %v", o)
	}
	// Lists are JSON arrays in a string (json.Marshal writes < as \u003c).
	var aliases []string
	if err := json.Unmarshal([]byte(o["n_aliases"]), &aliases); err != nil || !reflect.DeepEqual(aliases, []string{"<合金>"}) {
		t.Errorf("aliases %q: %v, %v", o["n_aliases"], aliases, err)
	}
	if got := byID[hard]["n_sector"]; got != "材料 & <新>" {
		t.Errorf("sector %q", got)
	}
	if got := byID[docB]["n_text"]; got != textB {
		t.Errorf("text with quotes, <, & and a newline came back as %q", got)
	}
	z := byID[zhuzhou]
	if z["n_population"] != "390" || z["n_share"] != "0.5" || z["n_capital"] != "false" || z["n_aliases"] != `["Zhuzhou","株洲"]` {
		t.Errorf("typed data %v", z)
	}
	if z := byID[jiang]; z["n_aliases"] != "[]" {
		t.Errorf("empty aliases %q", z["n_aliases"])
	}
	for _, r := range rels {
		d := byID[r.ID]
		if d["e_type"] != string(r.Type) || d["e_label"] != string(r.Type) {
			t.Errorf("edge %s: type %q", r.ID, d["e_type"])
		}
		if r.Evidence != nil && (d["e_sentence"] != r.Evidence.Sentence || d["e_doc"] != r.Evidence.Document) {
			t.Errorf("edge %s: evidence %v", r.ID, d)
		}
		if r.Evidence == nil && len(d) != 2 {
			t.Errorf("reference edge %s has data %v", r.ID, d)
		}
		if r.Props.String("title") == `"顾问"` && d["e_title"] != `"顾问"` {
			t.Errorf("quoted title %q", d["e_title"])
		}
	}

	// Deterministic.
	again, _ := graphML(t, load(t, 1, 0))
	if !bytes.Equal(out, again) {
		t.Errorf("GraphML depends on write order")
	}
}

func TestGraphMLEmpty(t *testing.T) {
	_, f := graphML(t, memstore.New())
	if len(f.Graph.Nodes) != 0 || len(f.Graph.Edges) != 0 {
		t.Errorf("empty store exported %v", f.Graph)
	}
}

func TestWrite(t *testing.T) {
	s := load(t, 0, 1)
	ctx := context.Background()
	for _, c := range []struct {
		format export.Format
		direct func(context.Context, graph.Store, io.Writer) error
	}{{export.JSONL, export.WriteJSONL}, {export.GraphML, export.WriteGraphML}} {
		var a, b bytes.Buffer
		if err := export.Write(ctx, s, c.format, &a); err != nil {
			t.Fatalf("%s: %v", c.format, err)
		}
		if err := c.direct(ctx, s, &b); err != nil {
			t.Fatal(err)
		}
		if a.Len() == 0 || !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("Write(%s) differs from its writer", c.format)
		}
	}
	for _, f := range []export.Format{"csv", "", "JSONL"} {
		var buf bytes.Buffer
		err := export.Write(ctx, s, f, &buf)
		if err == nil || !strings.Contains(err.Error(), "unknown export format") {
			t.Errorf("format %q: %v", f, err)
		}
		if buf.Len() != 0 {
			t.Errorf("format %q wrote %d bytes", f, buf.Len())
		}
	}
}

type failingWriter struct{}

var errDiskFull = errors.New("disk full")

func (failingWriter) Write([]byte) (int, error) { return 0, errDiskFull }

func TestWriteErrors(t *testing.T) {
	s := load(t, 0, 1)
	for _, f := range []export.Format{export.JSONL, export.GraphML} {
		if err := export.Write(context.Background(), s, f, failingWriter{}); !errors.Is(err, errDiskFull) {
			t.Errorf("%s to a failing writer: %v", f, err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if err := export.Write(ctx, s, f, io.Discard); !errors.Is(err, context.Canceled) {
			t.Errorf("%s with a cancelled context: %v", f, err)
		}
	}
}
