package queries

import (
	"sort"

	"github.com/policygraph/policygraph/graph"
)

// FieldValue is the value a filter or sort key reads from a node: "id",
// "name", "aliases" or a property (nil when missing), as both stores read it.
func FieldValue(n *graph.Node, field string) any {
	switch field {
	case "id":
		return n.ID
	case "name":
		return n.Name
	case "aliases":
		return n.Aliases
	}
	return n.Props[field]
}

// NeedsStore reports whether f has a relationship filter anywhere, which
// only a store can evaluate; the rest evaluates locally on nodes already
// fetched, so nested `where` arguments cost no extra round trip.
func NeedsStore(f *graph.Filter) bool {
	if f == nil {
		return false
	}
	if f.Rel != nil {
		return true
	}
	for i := range f.And {
		if NeedsStore(&f.And[i]) {
			return true
		}
	}
	for i := range f.Or {
		if NeedsStore(&f.Or[i]) {
			return true
		}
	}
	return NeedsStore(f.Not)
}

// MatchLocal evaluates a filter without relationship parts on a node with the
// stores' two-valued semantics (graph.EvalPredicate). A relationship part
// never matches here: callers check NeedsStore first.
func MatchLocal(n *graph.Node, f *graph.Filter) bool {
	if f == nil {
		return true
	}
	switch {
	case f.And != nil:
		for i := range f.And {
			if !MatchLocal(n, &f.And[i]) {
				return false
			}
		}
		return true
	case f.Or != nil:
		for i := range f.Or {
			if MatchLocal(n, &f.Or[i]) {
				return true
			}
		}
		return false
	case f.Not != nil:
		return !MatchLocal(n, f.Not)
	case f.Rel != nil:
		return false
	}
	return graph.EvalPredicate(FieldValue(n, f.Field), f.Op, f.Value)
}

// SortNeighbors orders neighbours by keys then id, exactly as
// Store.FindNodes orders nodes (graph.CompareValues), so a nested
// connection pages the same way a root one does.
func SortNeighbors(ns []Neighbor, keys []graph.SortKey) {
	sort.SliceStable(ns, func(i, j int) bool {
		a, b := &ns[i].Node, &ns[j].Node
		for _, k := range keys {
			c := graph.CompareValues(FieldValue(a, k.Field), FieldValue(b, k.Field))
			if k.Desc {
				c = -c
			}
			if c != 0 {
				return c < 0
			}
		}
		return a.ID < b.ID
	})
}
