package graph

import (
	"context"
	"fmt"
	"sort"
)

// AdjacentFunc returns the ids of the nodes one hop from any of ids over
// relationships of types (all when empty, either direction) whose label is in
// labels (all when empty). Order and duplicates do not matter.
type AdjacentFunc func(ctx context.Context, ids []string, types []RelType, labels []Label) ([]string, error)

// NeighborhoodIDs runs the breadth-first search that NeighborhoodQuery
// defines, one AdjacentFunc call per hop, and returns the ids in result
// order. Both stores use it, so they agree on which nodes a limit keeps.
func NeighborhoodIDs(ctx context.Context, q NeighborhoodQuery, adjacent AdjacentFunc) (ids []string, truncated bool, err error) {
	seen := map[string]bool{q.ID: true}
	ids = []string{q.ID}
	frontier := []string{q.ID}
	for depth := 1; depth <= q.Depth && len(frontier) > 0; depth++ {
		next, err := adjacent(ctx, frontier, q.Types, q.Labels)
		if err != nil {
			return nil, false, fmt.Errorf("neighbourhood hop %d: %w", depth, err)
		}
		var level []string
		for _, id := range next {
			if !seen[id] {
				seen[id] = true
				level = append(level, id)
			}
		}
		sort.Strings(level)
		if q.Limit > 0 && len(ids)+len(level) > q.Limit {
			return append(ids, level[:q.Limit-len(ids)]...), true, nil
		}
		ids = append(ids, level...)
		if q.Limit > 0 && len(ids) == q.Limit && depth < q.Depth && len(level) > 0 {
			// Exactly full: one more hop tells whether anything was cut.
			more, err := adjacent(ctx, level, q.Types, q.Labels)
			if err != nil {
				return nil, false, fmt.Errorf("neighbourhood hop %d: %w", depth+1, err)
			}
			for _, id := range more {
				if !seen[id] {
					return ids, true, nil
				}
			}
			return ids, false, nil
		}
		frontier = level
	}
	return ids, false, nil
}

// ComparePaths orders paths as PathQuery defines: by length, then node ids,
// then relationship ids.
func ComparePaths(a, b Path) int {
	if len(a.Relationships) != len(b.Relationships) {
		return len(a.Relationships) - len(b.Relationships)
	}
	for i := range a.Nodes {
		if i >= len(b.Nodes) {
			break
		}
		if a.Nodes[i].ID != b.Nodes[i].ID {
			if a.Nodes[i].ID < b.Nodes[i].ID {
				return -1
			}
			return 1
		}
	}
	for i := range a.Relationships {
		if a.Relationships[i].ID != b.Relationships[i].ID {
			if a.Relationships[i].ID < b.Relationships[i].ID {
				return -1
			}
			return 1
		}
	}
	return 0
}

// HasType reports whether t is in types; an empty list allows every type.
func HasType(types []RelType, t RelType) bool {
	if len(types) == 0 {
		return true
	}
	for _, x := range types {
		if x == t {
			return true
		}
	}
	return false
}

// HasLabel reports whether l is in labels; an empty list allows every label.
func HasLabel(labels []Label, l Label) bool {
	if len(labels) == 0 {
		return true
	}
	for _, x := range labels {
		if x == l {
			return true
		}
	}
	return false
}

// ShortestVia answers ShortestPath with a store's Paths: the first path in
// PathQuery order is a shortest one, so both stores define it once.
func ShortestVia(ctx context.Context, q PathQuery, paths func(context.Context, PathQuery) ([]Path, error)) (*Path, error) {
	q.K = 1
	ps, err := paths(ctx, q)
	if err != nil || len(ps) == 0 {
		return nil, err
	}
	return &ps[0], nil
}
