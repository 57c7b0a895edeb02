package memstore

import (
	"context"
	"sort"

	"github.com/policygraph/policygraph/graph"
)

// Nodes implements graph.Store.
func (s *Store) Nodes(ctx context.Context, ids []string) ([]graph.Node, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]graph.Node, 0, len(ids))
	for _, id := range ids {
		if n := s.nodes[id]; n != nil {
			out = append(out, n.Clone())
		}
	}
	return out, nil
}

// FindNodes implements graph.Store.
func (s *Store) FindNodes(ctx context.Context, q graph.NodeQuery) (graph.NodePage, error) {
	if err := ctx.Err(); err != nil {
		return graph.NodePage{}, err
	}
	if err := q.Where.Validate(); err != nil {
		return graph.NodePage{}, err
	}
	for _, k := range q.Sort {
		if err := graph.ValidateSortKey(k); err != nil {
			return graph.NodePage{}, err
		}
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var hits []*graph.Node
	i := 0
	for _, n := range s.nodes {
		if i++; i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return graph.NodePage{}, err
			}
		}
		if len(q.Labels) > 0 && !graph.HasLabel(q.Labels, n.Label) {
			continue
		}
		if s.match(n, q.Where) {
			hits = append(hits, n)
		}
	}
	sort.Slice(hits, func(i, j int) bool {
		for _, k := range q.Sort {
			c := graph.CompareValues(fieldValue(hits[i], k.Field), fieldValue(hits[j], k.Field))
			if k.Desc {
				c = -c
			}
			if c != 0 {
				return c < 0
			}
		}
		return hits[i].ID < hits[j].ID
	})
	page := graph.NodePage{Total: len(hits)}
	lo := min(max(q.Offset, 0), len(hits))
	hi := len(hits)
	if q.Limit > 0 {
		hi = min(lo+q.Limit, hi)
	}
	for _, n := range hits[lo:hi] {
		page.Nodes = append(page.Nodes, n.Clone())
	}
	return page, nil
}

func fieldValue(n *graph.Node, field string) any {
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

// match evaluates a filter with two-valued logic, as the Neo4j store's
// compiled WHERE clause does.
func (s *Store) match(n *graph.Node, f *graph.Filter) bool {
	if f == nil {
		return true
	}
	switch {
	case f.And != nil:
		for i := range f.And {
			if !s.match(n, &f.And[i]) {
				return false
			}
		}
		return true
	case f.Or != nil:
		for i := range f.Or {
			if s.match(n, &f.Or[i]) {
				return true
			}
		}
		return false
	case f.Not != nil:
		return !s.match(n, f.Not)
	case f.Rel != nil:
		return s.matchRel(n, f.Rel)
	}
	return graph.EvalPredicate(fieldValue(n, f.Field), f.Op, f.Value)
}

func (s *Store) matchRel(n *graph.Node, rf *graph.RelFilter) bool {
	any, all := false, true
	for rid := range s.adj[n.ID] {
		r := s.rels[rid]
		if r.Type != rf.Type {
			continue
		}
		var other string
		switch {
		case rf.Direction != graph.In && r.From == n.ID:
			other = r.To
		case rf.Direction != graph.Out && r.To == n.ID:
			other = r.From
		default:
			continue
		}
		m := s.nodes[other]
		if len(rf.Labels) > 0 && !graph.HasLabel(rf.Labels, m.Label) {
			continue
		}
		if s.match(m, rf.Where) {
			any = true
		} else {
			all = false
		}
	}
	switch rf.Quantifier {
	case graph.Some:
		return any
	case graph.None:
		return !any
	default:
		return all
	}
}

// Stats implements graph.Store.
func (s *Store) Stats(ctx context.Context) (graph.Stats, error) {
	if err := ctx.Err(); err != nil {
		return graph.Stats{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	st := graph.Stats{Nodes: map[graph.Label]int{}, Relationships: map[graph.RelType]int{}}
	for _, n := range s.nodes {
		st.Nodes[n.Label]++
	}
	for _, r := range s.rels {
		st.Relationships[r.Type]++
	}
	return st, nil
}

// Scan implements graph.Store. It works on a copy so callbacks may be slow
// (writing an export) without blocking writers.
func (s *Store) Scan(ctx context.Context, node func(graph.Node) error, rel func(graph.Relationship) error) error {
	s.mu.RLock()
	snap := s.snapshot()
	s.mu.RUnlock()
	for _, n := range snap.Nodes {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := node(n); err != nil {
			return err
		}
	}
	for _, r := range snap.Relationships {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := rel(r); err != nil {
			return err
		}
	}
	return nil
}
