package queries

import (
	"sort"

	"github.com/policygraph/policygraph/graph"
)

// SortNeighbors orders neighbours by keys then id, exactly as
// Store.FindNodes orders nodes (graph.CompareValues), so a nested
// connection pages the same way a root one does.
func SortNeighbors(ns []Neighbor, keys []graph.SortKey) {
	sort.SliceStable(ns, func(i, j int) bool {
		a, b := &ns[i].Node, &ns[j].Node
		for _, k := range keys {
			c := graph.CompareValues(a.Field(k.Field), b.Field(k.Field))
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
