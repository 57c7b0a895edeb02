package queries

import (
	"sort"

	"github.com/policygraph/policygraph/graph"
)

// Position is one title an official holds in one body or place, with the
// sentences that state it (one per document that does).
type Position struct {
	Title  string
	Target graph.Node // an Organization or a City
	Rels   []graph.Relationship
}

// PositionsRel is the relationship field behind Official.positions.
var PositionsRel = Rel{Field: "positions", Type: graph.HoldsPosition, Dir: graph.Out, Labels: []graph.Label{graph.Organization, graph.City}}

// Positions groups an official's HOLDS_POSITION neighbours by body and
// title: two documents calling 蒋长富 代理市长 of 醴陵市 are one position
// with two pieces of evidence, while 代理市长 and 市委副书记 are two.
func Positions(ns []Neighbor) []Position {
	var out []Position
	idx := map[[2]string]int{}
	for _, n := range ns {
		for _, r := range n.Rels {
			title := r.Props.String(graph.PropTitle)
			k := [2]string{n.Node.ID, title}
			i, ok := idx[k]
			if !ok {
				i = len(out)
				idx[k] = i
				out = append(out, Position{Title: title, Target: n.Node})
			}
			out[i].Rels = append(out[i].Rels, r)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Target.ID != out[j].Target.ID {
			return out[i].Target.ID < out[j].Target.ID
		}
		return out[i].Title < out[j].Title
	})
	return out
}

// Cite is one piece of evidence with the relationship it supports.
type Cite struct {
	graph.Evidence
	Type  graph.RelType
	RelID string
}

// EvidenceRel is the relationship field behind every entity's evidence: all
// relationships touching it, either way.
var EvidenceRel = Rel{Field: "evidence", Dir: graph.Both}

// citePriority ranks the facts one sentence may state at once ("黎婷建议共建…"
// is a PROPOSES, a TARGETS and two MENTIONS): a citation names the most
// specific, so it reads the same on every store.
var citePriority = map[graph.RelType]int{graph.Proposes: 0, graph.Sets: 1, graph.Said: 2, graph.HoldsPosition: 3, graph.Targets: 4,
	graph.HasPart: 5, graph.AppliesTo: 6, graph.About: 7, graph.LocatedIn: 8, graph.Mentions: 9}

// Cites returns the evidence of rels, one per distinct sentence occurrence
// (document and offsets), in document then text order, keeping only the
// given types (all when empty). Reference facts have none.
func Cites(rels []graph.Relationship, types []graph.RelType) []Cite {
	idx := map[[3]any]int{}
	var out []Cite
	for _, r := range rels {
		if r.Evidence == nil || !graph.HasType(types, r.Type) {
			continue
		}
		c := Cite{Evidence: *r.Evidence, Type: r.Type, RelID: r.ID}
		k := [3]any{r.Evidence.Document, r.Evidence.Start, r.Evidence.End}
		if i, ok := idx[k]; ok {
			if o := out[i]; citePriority[c.Type] < citePriority[o.Type] || c.Type == o.Type && c.RelID < o.RelID {
				out[i] = c
			}
			continue
		}
		idx[k] = len(out)
		out = append(out, c)
	}
	SortCites(out)
	return out
}

// SortCites orders evidence by document, then position in the text.
func SortCites(cs []Cite) {
	sort.SliceStable(cs, func(i, j int) bool {
		a, b := cs[i], cs[j]
		if a.Document != b.Document {
			return a.Document < b.Document
		}
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		return a.End < b.End
	})
}

// AllRels flattens neighbours' relationships.
func AllRels(ns []Neighbor) []graph.Relationship {
	var out []graph.Relationship
	for _, n := range ns {
		out = append(out, n.Rels...)
	}
	return out
}
