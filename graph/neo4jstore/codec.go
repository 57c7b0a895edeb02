package neo4jstore

import (
	"fmt"
	"sort"
	"strings"

	"github.com/policygraph/policygraph/graph"
)

// entityLabel is carried by every node this store writes, next to the
// domain label; the id uniqueness constraint and the full-text index of
// names are defined on it, so they cover all labels at once.
const entityLabel = "Entity"

// Hidden property names (see the package documentation).
const (
	hiddenPrefix   = "pg."
	propSearch     = "pg.search"
	propSentence   = "pg.sentence"
	propEmptyInts  = "pg.emptyInts"
	propEmptyProps = "pg.emptyProps"
)

// Evidence property names, as graph/validate.go reserves them.
const (
	propDoc      = "doc"
	propSentText = "sentence"
	propStart    = "start"
	propEnd      = "end"
	propHeadline = "headline"
)

// isToken reports whether s may be written into a query as a label or
// relationship type without quoting: letters, digits and underscores.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_', r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z':
		case r >= '0' && r <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

// labelToken returns l for interpolation into a query, or false. Only the
// ontology's own constants qualify: the value comes from graph.Labels, not
// from the caller, so an interpolated label can never carry Cypher.
func labelToken(l graph.Label) (string, bool) {
	for _, x := range graph.Labels {
		if x == l && isToken(string(x)) {
			return string(x), true
		}
	}
	return "", false
}

// relTypeToken is labelToken for relationship types (from graph.RelTypes).
func relTypeToken(t graph.RelType) (string, bool) {
	for _, x := range graph.RelTypes {
		if x == t && isToken(string(x)) {
			return string(x), true
		}
	}
	return "", false
}

// validLabels keeps the known labels of ls, without duplicates, in
// graph.Labels order. Unknown labels match nothing on memstore, so they
// are simply dropped.
func validLabels(ls []graph.Label) []string {
	var out []string
	for _, x := range graph.Labels {
		for _, l := range ls {
			if l == x {
				if tok, ok := labelToken(l); ok {
					out = append(out, tok)
				}
				break
			}
		}
	}
	return out
}

// validRelTypes is validLabels for relationship types.
func validRelTypes(ts []graph.RelType) []string {
	var out []string
	for _, x := range graph.RelTypes {
		for _, t := range ts {
			if t == x {
				if tok, ok := relTypeToken(t); ok {
					out = append(out, tok)
				}
				break
			}
		}
	}
	return out
}

// searchText is what the name full-text index and the substring scan see:
// the folded name and aliases, one per line.
func searchText(name string, aliases []string) string {
	parts := make([]string, 0, 1+len(aliases))
	parts = append(parts, graph.Fold(name))
	for _, a := range aliases {
		parts = append(parts, graph.Fold(a))
	}
	return strings.Join(parts, "\n")
}

// encodeNode returns the property map stored for n. Aliases are stored as
// a list even when empty: memstore sorts a node without aliases as an empty
// list (before strings), and so does Cypher only if the property exists.
func encodeNode(n graph.Node) map[string]any {
	aliases := n.Aliases
	if aliases == nil {
		aliases = []string{}
	}
	m := map[string]any{
		"id":       n.ID,
		"name":     n.Name,
		"aliases":  aliases,
		propSearch: searchText(n.Name, n.Aliases),
	}
	encodeProps(m, n.Props)
	return m
}

// encodeRel returns the property map stored for r (its type and endpoints
// are the relationship's own).
func encodeRel(r graph.Relationship) map[string]any {
	m := map[string]any{"id": r.ID}
	encodeProps(m, r.Props)
	if e := r.Evidence; e != nil {
		m[propDoc] = e.Document
		m[propSentText] = e.Sentence
		m[propStart] = int64(e.Start)
		m[propEnd] = int64(e.End)
		m[propHeadline] = e.Headline
		if f := graph.Fold(e.Sentence); f != e.Sentence {
			m[propSentence] = f
		}
	}
	return m
}

// encodeProps copies validated (normalised) properties into m, recording
// what Neo4j would forget: which empty lists hold integers, and whether an
// empty property map was given rather than none.
func encodeProps(m map[string]any, p graph.Props) {
	var emptyInts []string
	for k, v := range p {
		switch x := v.(type) {
		case []string:
			if len(x) == 0 {
				v = []string{} // a nil slice would travel as null
			}
		case []int64:
			if len(x) == 0 {
				v = []int64{}
				emptyInts = append(emptyInts, k)
			}
		}
		m[k] = v
	}
	if len(emptyInts) > 0 {
		sort.Strings(emptyInts)
		m[propEmptyInts] = emptyInts
	}
	if p != nil && len(p) == 0 {
		m[propEmptyProps] = true
	}
}

// decodeNode rebuilds a node from labels(n) and properties(n).
func decodeNode(labels, props any) (graph.Node, error) {
	pm, err := asMap(props)
	if err != nil {
		return graph.Node{}, fmt.Errorf("node properties: %w", err)
	}
	var n graph.Node
	if n.ID, err = asString(pm["id"]); err != nil {
		return graph.Node{}, fmt.Errorf("node id: %w", err)
	}
	if n.Label, err = domainLabel(labels); err != nil {
		return graph.Node{}, fmt.Errorf("node %s: %w", n.ID, err)
	}
	if n.Name, err = asString(pm["name"]); err != nil {
		return graph.Node{}, fmt.Errorf("node %s name: %w", n.ID, err)
	}
	if n.Aliases, err = asStrings(pm["aliases"]); err != nil {
		return graph.Node{}, fmt.Errorf("node %s aliases: %w", n.ID, err)
	}
	if n.Props, err = decodeProps(pm, nodeKeys); err != nil {
		return graph.Node{}, fmt.Errorf("node %s: %w", n.ID, err)
	}
	return n, nil
}

// decodeNodeMap decodes {labels: labels(n), props: properties(n)}.
func decodeNodeMap(v any) (graph.Node, error) {
	m, err := asMap(v)
	if err != nil {
		return graph.Node{}, err
	}
	return decodeNode(m["labels"], m["props"])
}

// relProjection is the Cypher map decodeRelMap reads, for a relationship
// bound to r.
const relProjection = "{type: type(r), props: properties(r), from: startNode(r).id, to: endNode(r).id}"

// nodeProjection is the Cypher map decodeNodeMap reads, for a node bound
// to n.
const nodeProjection = "{labels: labels(n), props: properties(n)}"

// decodeRelMap decodes relProjection.
func decodeRelMap(v any) (graph.Relationship, error) {
	m, err := asMap(v)
	if err != nil {
		return graph.Relationship{}, err
	}
	typ, err := asString(m["type"])
	if err != nil {
		return graph.Relationship{}, fmt.Errorf("relationship type: %w", err)
	}
	from, err := asString(m["from"])
	if err != nil {
		return graph.Relationship{}, fmt.Errorf("relationship start: %w", err)
	}
	to, err := asString(m["to"])
	if err != nil {
		return graph.Relationship{}, fmt.Errorf("relationship end: %w", err)
	}
	return decodeRel(typ, m["props"], from, to)
}

// decodeRel rebuilds a relationship from its type, properties and the ids
// of its endpoints.
func decodeRel(typ string, props any, from, to string) (graph.Relationship, error) {
	pm, err := asMap(props)
	if err != nil {
		return graph.Relationship{}, fmt.Errorf("relationship properties: %w", err)
	}
	r := graph.Relationship{Type: graph.RelType(typ), From: from, To: to}
	if r.ID, err = asString(pm["id"]); err != nil {
		return graph.Relationship{}, fmt.Errorf("relationship id: %w", err)
	}
	if _, ok := pm[propDoc]; ok {
		e, err := decodeEvidence(pm)
		if err != nil {
			return graph.Relationship{}, fmt.Errorf("relationship %s: %w", r.ID, err)
		}
		r.Evidence = &e
	}
	if r.Props, err = decodeProps(pm, relKeys); err != nil {
		return graph.Relationship{}, fmt.Errorf("relationship %s: %w", r.ID, err)
	}
	return r, nil
}

// decodeEvidence reads the flattened evidence properties.
func decodeEvidence(pm map[string]any) (graph.Evidence, error) {
	var e graph.Evidence
	var err error
	if e.Document, err = asString(pm[propDoc]); err != nil {
		return e, fmt.Errorf("evidence doc: %w", err)
	}
	if e.Sentence, err = asString(pm[propSentText]); err != nil {
		return e, fmt.Errorf("evidence sentence: %w", err)
	}
	start, err := asInt(pm[propStart])
	if err != nil {
		return e, fmt.Errorf("evidence start: %w", err)
	}
	end, err := asInt(pm[propEnd])
	if err != nil {
		return e, fmt.Errorf("evidence end: %w", err)
	}
	e.Start, e.End = int(start), int(end)
	if h, ok := pm[propHeadline]; ok && h != nil {
		if e.Headline, err = asString(h); err != nil {
			return e, fmt.Errorf("evidence headline: %w", err)
		}
	}
	return e, nil
}

// Stored keys that are not Props.
var (
	nodeKeys = map[string]bool{"id": true, "name": true, "aliases": true}
	relKeys  = map[string]bool{"id": true, propDoc: true, propSentText: true, propStart: true, propEnd: true, propHeadline: true}
)

// decodeProps returns the user properties of a stored property map, typed
// as memstore returns them: nil when there are none (unless an empty map
// was written), and empty lists as typed nil slices, because memstore's
// Props.Clone turns an empty list into one.
func decodeProps(pm map[string]any, skip map[string]bool) (graph.Props, error) {
	emptyInts := map[string]bool{}
	if v, ok := pm[propEmptyInts]; ok {
		keys, err := asStrings(v)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", propEmptyInts, err)
		}
		for _, k := range keys {
			emptyInts[k] = true
		}
	}
	var out graph.Props
	if b, _ := pm[propEmptyProps].(bool); b {
		out = graph.Props{}
	}
	for k, v := range pm {
		if skip[k] || strings.HasPrefix(k, hiddenPrefix) {
			continue
		}
		dv, err := decodeValue(v, emptyInts[k])
		if err != nil {
			return nil, fmt.Errorf("property %s: %w", k, err)
		}
		if out == nil {
			out = graph.Props{}
		}
		out[k] = dv
	}
	return out, nil
}

// decodeValue converts a Bolt value to the graph.Props value types.
func decodeValue(v any, emptyIsInts bool) (any, error) {
	switch x := v.(type) {
	case string, bool, int64, float64:
		return x, nil
	case []any:
		if len(x) == 0 {
			if emptyIsInts {
				return []int64(nil), nil
			}
			return []string(nil), nil
		}
		switch x[0].(type) {
		case string:
			return asStrings(x)
		case int64:
			out := make([]int64, len(x))
			for i, e := range x {
				n, ok := e.(int64)
				if !ok {
					return nil, fmt.Errorf("mixed list (%T)", e)
				}
				out[i] = n
			}
			return out, nil
		}
		return nil, fmt.Errorf("unsupported list of %T", x[0])
	}
	return nil, fmt.Errorf("unsupported value type %T", v)
}

// domainLabel picks the ontology label out of labels(n).
func domainLabel(v any) (graph.Label, error) {
	ls, err := asStrings(v)
	if err != nil {
		return "", fmt.Errorf("labels: %w", err)
	}
	for _, l := range ls {
		if l != entityLabel && graph.Label(l).Valid() {
			return graph.Label(l), nil
		}
	}
	return "", fmt.Errorf("no ontology label among %v", ls)
}

func asString(v any) (string, error) {
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("want a string, got %T", v)
	}
	return s, nil
}

func asInt(v any) (int64, error) {
	n, ok := v.(int64)
	if !ok {
		return 0, fmt.Errorf("want an integer, got %T", v)
	}
	return n, nil
}

func asMap(v any) (map[string]any, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("want a map, got %T", v)
	}
	return m, nil
}

// decodeList decodes a Cypher list of maps, each with decode.
func decodeList[T any](v any, decode func(any) (T, error)) ([]T, error) {
	l, err := asList(v)
	if err != nil {
		return nil, err
	}
	out := make([]T, 0, len(l))
	for _, e := range l {
		x, err := decode(e)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, nil
}

// collectSubgraph adds a list of relationships and a list of nodes, as a
// query returns them, to rels and nodes by id.
func collectSubgraph(relList, nodeList any, rels map[string]graph.Relationship, nodes map[string]graph.Node) error {
	rl, err := decodeList(relList, decodeRelMap)
	if err != nil {
		return err
	}
	for _, r := range rl {
		rels[r.ID] = r
	}
	nl, err := decodeList(nodeList, decodeNodeMap)
	if err != nil {
		return err
	}
	for _, n := range nl {
		nodes[n.ID] = n
	}
	return nil
}

func asList(v any) ([]any, error) {
	if v == nil {
		return nil, nil
	}
	l, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("want a list, got %T", v)
	}
	return l, nil
}

// asStrings converts a list of strings; null and the empty list give nil.
func asStrings(v any) ([]string, error) {
	l, err := asList(v)
	if err != nil || len(l) == 0 {
		return nil, err
	}
	out := make([]string, len(l))
	for i, e := range l {
		s, ok := e.(string)
		if !ok {
			return nil, fmt.Errorf("want a list of strings, got a %T in it", e)
		}
		out[i] = s
	}
	return out, nil
}
