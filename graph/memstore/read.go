package memstore

import (
	"context"
	"slices"
	"strings"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/graph/internal/sortkey"
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
		if err := sortkey.Validate(k); err != nil {
			return graph.NodePage{}, err
		}
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	hits, err := s.matching(ctx, q.Labels, q.Where)
	if err != nil {
		return graph.NodePage{}, err
	}
	page := graph.NodePage{Total: len(hits)}
	if q.SkipTotal {
		page.Total = 0
	}
	lo := min(max(q.Offset, 0), len(hits))
	hi := len(hits)
	if q.Limit > 0 {
		hi = min(lo+q.Limit, hi)
	}
	sortNodes(hits, q.Sort, hi)
	for _, n := range hits[lo:hi] {
		page.Nodes = append(page.Nodes, n.Clone())
	}
	return page, nil
}

// matching returns the nodes of labels (all when empty) that match where,
// in no particular order. The caller holds s.mu.
func (s *Store) matching(ctx context.Context, labels []graph.Label, where *graph.Filter) ([]*graph.Node, error) {
	var hits []*graph.Node
	i := 0
	var cancelled error
	consider := func(n *graph.Node) {
		if i++; i%4096 == 0 && cancelled == nil {
			cancelled = ctx.Err()
		}
		if cancelled == nil && s.match(n, where) {
			hits = append(hits, n)
		}
	}
	switch ids, ok := graph.IDsOf(where); {
	case ok:
		// The filter names the ids: look them up instead of scanning.
		seen := make(map[string]bool, len(ids))
		for _, id := range ids {
			if n := s.nodes[id]; n != nil && !seen[id] && graph.HasLabel(labels, n.Label) {
				seen[id] = true
				consider(n)
			}
		}
	case len(labels) > 0:
		for j, l := range labels {
			if slices.Contains(labels[:j], l) {
				continue
			}
			for _, n := range s.byLabel[l] {
				consider(n)
			}
		}
	default:
		for _, n := range s.nodes {
			consider(n)
		}
	}
	if cancelled != nil {
		return nil, cancelled
	}
	return hits, nil
}

// sortNodes orders nodes by keys, then id, as graph.CompareValues does.
// Only the first k must be in place (all when k <= 0): a page needs no
// more.
func sortNodes(nodes []*graph.Node, keys []graph.SortKey, k int) {
	if len(nodes) < 2 {
		return
	}
	if len(keys) == 0 {
		sortPrefix(nodes, k, func(a, b *graph.Node) int { return strings.Compare(a.ID, b.ID) })
		return
	}
	// Read each node's sort values once, not once per comparison; ids and
	// names are strings, which CompareValues orders as strings.Compare does.
	type row struct {
		n    *graph.Node
		vals []any
	}
	rows := make([]row, len(nodes))
	for i, n := range nodes {
		rows[i].n = n
	}
	for j, key := range keys {
		if key.Field == "id" || key.Field == "name" {
			continue
		}
		if rows[0].vals == nil {
			vals := make([]any, len(nodes)*len(keys))
			for i := range rows {
				rows[i].vals = vals[i*len(keys) : (i+1)*len(keys) : (i+1)*len(keys)]
			}
		}
		for i := range rows {
			rows[i].vals[j] = rows[i].n.Field(key.Field)
		}
	}
	sortPrefix(rows, k, func(a, b row) int {
		for j, key := range keys {
			var c int
			switch key.Field {
			case "id":
				c = strings.Compare(a.n.ID, b.n.ID)
			case "name":
				c = strings.Compare(a.n.Name, b.n.Name)
			default:
				c = graph.CompareValues(a.vals[j], b.vals[j])
			}
			if key.Desc {
				c = -c
			}
			if c != 0 {
				return c
			}
		}
		return strings.Compare(a.n.ID, b.n.ID)
	})
	for i := range rows {
		nodes[i] = rows[i].n
	}
}

// sortPrefix sorts xs by cmp when k <= 0; otherwise it only puts the k
// smallest elements, in order, at the front (selection with a heap: a page
// of 20 from thousands of nodes need not sort them all). The rest of xs is
// left in no particular order.
func sortPrefix[T any](xs []T, k int, cmp func(a, b T) int) {
	if k <= 0 || k*4 >= len(xs) {
		slices.SortFunc(xs, cmp)
		return
	}
	h := xs[:k] // a max-heap of the k smallest seen so far
	down := func(i int) {
		for {
			l := 2*i + 1
			if l >= k {
				return
			}
			big := l
			if r := l + 1; r < k && cmp(h[r], h[l]) > 0 {
				big = r
			}
			if cmp(h[big], h[i]) <= 0 {
				return
			}
			h[i], h[big] = h[big], h[i]
			i = big
		}
	}
	for i := k/2 - 1; i >= 0; i-- {
		down(i)
	}
	for i := k; i < len(xs); i++ {
		if cmp(xs[i], h[0]) < 0 {
			xs[i], h[0] = h[0], xs[i]
			down(0)
		}
	}
	slices.SortFunc(h, cmp)
}

// match evaluates a filter with two-valued logic, as the Neo4j store's
// compiled WHERE clause does.
func (s *Store) match(n *graph.Node, f *graph.Filter) bool {
	return f.Match(n, func(rf *graph.RelFilter) bool { return s.matchRel(n, rf) })
}

func (s *Store) matchRel(n *graph.Node, rf *graph.RelFilter) bool {
	any, all := false, true
	var matched map[string]bool // for Single: the distinct nodes that match
	for _, r := range s.adj[n.ID] {
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
		if s.match(m, rf.Where) && rf.Edge.MatchEdge(r) {
			any = true
			if rf.Quantifier == graph.Single {
				if matched == nil {
					matched = map[string]bool{}
				}
				matched[other] = true
			}
		} else {
			all = false
		}
	}
	switch rf.Quantifier {
	case graph.Some:
		return any
	case graph.None:
		return !any
	case graph.Single:
		return len(matched) == 1
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
	snap.sort()
	for _, n := range snap.nodes {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := node(n.Clone()); err != nil {
			return err
		}
	}
	for _, r := range snap.rels {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := rel(r.Clone()); err != nil {
			return err
		}
	}
	return nil
}
