package memstore

import (
	"context"

	"github.com/policygraph/policygraph/graph"
)

// Aggregate implements graph.Store.
func (s *Store) Aggregate(ctx context.Context, q graph.AggregateQuery) (graph.Aggregate, error) {
	if err := ctx.Err(); err != nil {
		return graph.Aggregate{}, err
	}
	if err := q.Validate(); err != nil {
		return graph.Aggregate{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	hits, err := s.matching(ctx, q.Labels, q.Where)
	if err != nil {
		return graph.Aggregate{}, err
	}
	out := graph.Aggregate{Count: len(hits)}
	g := q.By
	if g == nil {
		return out, nil
	}
	counts := map[string]int{}
	names := map[string]string{}
	for i, n := range hits {
		if i%4096 == 4095 {
			if err := ctx.Err(); err != nil {
				return graph.Aggregate{}, err
			}
		}
		keys := map[string]bool{} // a node counts once per group
		add := func(m *graph.Node) {
			k, ok := g.GroupKey(m.Field(g.Field))
			if !ok || keys[k] {
				return
			}
			keys[k] = true
			counts[k]++
			if g.Field == "id" {
				names[k] = m.Name
			}
		}
		if g.Type == "" {
			add(n)
			continue
		}
		for _, r := range s.adj[n.ID] {
			if r.Type != g.Type {
				continue
			}
			var other string
			switch {
			case g.Direction != graph.In && r.From == n.ID:
				other = r.To
			case g.Direction != graph.Out && r.To == n.ID:
				other = r.From
			default:
				continue
			}
			if m := s.nodes[other]; m != nil && graph.HasLabel(g.Labels, m.Label) {
				add(m)
			}
		}
	}
	for k, c := range counts {
		name := k
		if g.Field == "id" {
			name = names[k]
		}
		out.Groups = append(out.Groups, graph.Group{Key: k, Name: name, Count: c})
	}
	out.Groups = graph.SortGroups(out.Groups, q.Limit)
	return out, nil
}
