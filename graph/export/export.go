// Package export writes a whole graph from any store: JSON lines in the
// shape of Neo4j APOC's apoc.export.json.all (what ../shared/eval/score.py
// reads), and GraphML for Gephi, Cytoscape and yEd.
package export

import (
	"bufio"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/policygraph/policygraph/graph"
)

// Format names an export format.
type Format string

// Formats.
const (
	JSONL   Format = "jsonl"
	GraphML Format = "graphml"
)

// Write exports the store in the format.
func Write(ctx context.Context, s graph.Store, f Format, w io.Writer) error {
	switch f {
	case JSONL:
		return WriteJSONL(ctx, s, w)
	case GraphML:
		return WriteGraphML(ctx, s, w)
	}
	return fmt.Errorf("unknown export format %q (use jsonl or graphml)", f)
}

type apocNode struct {
	Type       string         `json:"type"`
	ID         string         `json:"id"`
	Labels     []string       `json:"labels"`
	Properties map[string]any `json:"properties"`
}

type apocEnd struct {
	ID     string   `json:"id"`
	Labels []string `json:"labels"`
}

type apocRel struct {
	Type       string         `json:"type"`
	ID         string         `json:"id"`
	Label      string         `json:"label"`
	Start      apocEnd        `json:"start"`
	End        apocEnd        `json:"end"`
	Properties map[string]any `json:"properties"`
}

// NodeProperties flattens a node as both stores and exports show it.
func NodeProperties(n graph.Node) map[string]any {
	p := map[string]any{"id": n.ID, "name": n.Name, "aliases": nonNil(n.Aliases)}
	for k, v := range n.Props {
		p[k] = v
	}
	return p
}

// RelProperties flattens a relationship, evidence included.
func RelProperties(r graph.Relationship) map[string]any {
	p := map[string]any{}
	for k, v := range r.Props {
		p[k] = v
	}
	if e := r.Evidence; e != nil {
		p["doc"] = e.Document
		p["sentence"] = e.Sentence
		p["start"] = e.Start
		p["end"] = e.End
		if e.Headline != "" {
			p["headline"] = e.Headline
		}
	}
	return p
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// WriteJSONL writes one JSON object per line: nodes first, then
// relationships, each sorted by id, so equal graphs give equal files.
func WriteJSONL(ctx context.Context, s graph.Store, w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	labels := map[string]graph.Label{}
	err := s.Scan(ctx, func(n graph.Node) error {
		labels[n.ID] = n.Label
		return enc.Encode(apocNode{Type: "node", ID: n.ID, Labels: []string{string(n.Label)}, Properties: NodeProperties(n)})
	}, func(r graph.Relationship) error {
		return enc.Encode(apocRel{
			Type: "relationship", ID: r.ID, Label: string(r.Type),
			Start:      apocEnd{ID: r.From, Labels: []string{string(labels[r.From])}},
			End:        apocEnd{ID: r.To, Labels: []string{string(labels[r.To])}},
			Properties: RelProperties(r),
		})
	})
	if err != nil {
		return fmt.Errorf("export jsonl: %w", err)
	}
	return bw.Flush()
}

// The attributes WriteGraphML adds to the properties. A node's display
// label is its name: Gephi's GraphML importer takes a key named "label" as
// the label it draws (and keeps it out of the data table), Cytoscape and
// yEd show "label" or "name"; the node's type is "type" (City) and
// "labels" (:City, as APOC and Neo4j's tools write labels). An edge's
// "label", which Gephi draws on it, is its type, and so is "type".
const (
	gmlLabel  = "label"
	gmlLabels = "labels"
	gmlType   = "type"
)

// gephiNode and gephiEdge are the attribute names Gephi's GraphML importer
// reads as drawing properties rather than columns (position, size, colour,
// weight, the label; d3 and d7 are yEd's label keys). A property of one of
// these names, or of a name WriteGraphML writes itself, is written as
// "<name>_prop", so no property moves a node or replaces its label.
var (
	gephiNode = map[string]bool{"label": true, "labels": true, "type": true, "d3": true,
		"x": true, "y": true, "z": true, "xpos": true, "ypos": true, "size": true, "r": true, "g": true, "b": true}
	gephiEdge = map[string]bool{"label": true, "type": true, "edgelabel": true, "d7": true,
		"weight": true, "Edge Weight": true, "id": true, "edgeid": true, "r": true, "g": true, "b": true}
)

// attrs returns an element's GraphML attributes: the synthesised ones first
// (label, labels or type), then its properties, renamed where reserved.
func attrs(synth map[string]any, props map[string]any, reserved map[string]bool) map[string]any {
	out := make(map[string]any, len(synth)+len(props))
	for k, v := range synth {
		out[k] = v
	}
	for k, v := range props {
		if reserved[k] {
			k += "_prop"
		}
		out[k] = v
	}
	return out
}

func nodeAttrs(n graph.Node) map[string]any {
	return attrs(map[string]any{gmlLabel: n.Name, gmlLabels: ":" + string(n.Label), gmlType: string(n.Label)},
		NodeProperties(n), gephiNode)
}

func relAttrs(r graph.Relationship) map[string]any {
	return attrs(map[string]any{gmlLabel: string(r.Type), gmlType: string(r.Type)}, RelProperties(r), gephiEdge)
}

// WriteGraphML writes GraphML with typed keys for every attribute seen,
// elements and keys in a fixed order, so equal graphs give equal files.
// Lists, which GraphML cannot type, are written as JSON arrays in strings.
func WriteGraphML(ctx context.Context, s graph.Store, w io.Writer) error {
	var nodes []graph.Node
	var rels []graph.Relationship
	if err := s.Scan(ctx, func(n graph.Node) error { nodes = append(nodes, n); return nil },
		func(r graph.Relationship) error { rels = append(rels, r); return nil }); err != nil {
		return fmt.Errorf("export graphml: %w", err)
	}
	nodeKeys := map[string]string{}
	relKeys := map[string]string{}
	for _, n := range nodes {
		for k, v := range nodeAttrs(n) {
			nodeKeys[k] = mergeType(nodeKeys[k], graphMLType(v))
		}
	}
	for _, r := range rels {
		for k, v := range relAttrs(r) {
			relKeys[k] = mergeType(relKeys[k], graphMLType(v))
		}
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	fmt.Fprint(bw, xml.Header)
	fmt.Fprintln(bw, `<graphml xmlns="http://graphml.graphdrawing.org/xmlns">`)
	for _, k := range sortedKeys(nodeKeys) {
		fmt.Fprintf(bw, "  <key id=\"n_%s\" for=\"node\" attr.name=\"%s\" attr.type=\"%s\"/>\n", esc(k), esc(k), nodeKeys[k])
	}
	for _, k := range sortedKeys(relKeys) {
		fmt.Fprintf(bw, "  <key id=\"e_%s\" for=\"edge\" attr.name=\"%s\" attr.type=\"%s\"/>\n", esc(k), esc(k), relKeys[k])
	}
	fmt.Fprintln(bw, `  <graph id="policygraph" edgedefault="directed">`)
	for _, n := range nodes {
		fmt.Fprintf(bw, "    <node id=\"%s\">\n", esc(n.ID))
		a := nodeAttrs(n)
		for _, k := range sortedAny(a) {
			data(bw, "n_"+k, a[k])
		}
		fmt.Fprintln(bw, "    </node>")
	}
	for _, r := range rels {
		fmt.Fprintf(bw, "    <edge id=\"%s\" source=\"%s\" target=\"%s\">\n", esc(r.ID), esc(r.From), esc(r.To))
		a := relAttrs(r)
		for _, k := range sortedAny(a) {
			data(bw, "e_"+k, a[k])
		}
		fmt.Fprintln(bw, "    </edge>")
	}
	fmt.Fprintln(bw, "  </graph>")
	fmt.Fprintln(bw, "</graphml>")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("export graphml: %w", err)
	}
	return nil
}

func graphMLType(v any) string {
	switch v.(type) {
	case bool:
		return "boolean"
	case int, int64:
		return "long"
	case float64:
		return "double"
	}
	return "string"
}

// mergeType widens a key's type when values disagree.
func mergeType(a, b string) string {
	if a == "" || a == b {
		return b
	}
	return "string"
}

func data(w io.Writer, key string, v any) {
	var s string
	switch x := v.(type) {
	case string:
		s = x
	case []string, []int64:
		b, _ := json.Marshal(x)
		s = string(b)
	default:
		s = fmt.Sprint(x)
	}
	fmt.Fprintf(w, "      <data key=\"%s\">%s</data>\n", esc(key), esc(s))
}

func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func sortedAny(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
