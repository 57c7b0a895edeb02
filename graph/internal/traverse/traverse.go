// Package traverse holds the traversals both stores run the same way over
// their own one-hop and path primitives, so they agree on what a
// neighbourhood's limit keeps and which shortest path is first.
package traverse

import (
	"context"
	"fmt"
	"sort"

	"github.com/policygraph/policygraph/graph"
)

// AdjacentFunc returns the ids of the nodes one hop from any of ids over
// relationships of types (all when empty, either direction) whose label is in
// labels (all when empty). Order and duplicates do not matter.
type AdjacentFunc func(ctx context.Context, ids []string, types []graph.RelType, labels []graph.Label) ([]string, error)

// Neighborhood runs the breadth-first search that graph.NeighborhoodQuery
// defines, one AdjacentFunc call per hop, and returns the ids in result
// order. Both stores use it, so they agree on which nodes a limit keeps.
func Neighborhood(ctx context.Context, q graph.NeighborhoodQuery, adjacent AdjacentFunc) (ids []string, truncated bool, err error) {
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

// Shortest answers ShortestPath with a store's Paths: the first path in
// graph.PathQuery order is a shortest one, so both stores define it once.
func Shortest(ctx context.Context, q graph.PathQuery, paths func(context.Context, graph.PathQuery) ([]graph.Path, error)) (*graph.Path, error) {
	q.K = 1
	ps, err := paths(ctx, q)
	if err != nil || len(ps) == 0 {
		return nil, err
	}
	return &ps[0], nil
}
