package memstore

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/graph/internal/traverse"
)

// Expand implements graph.Store.
func (s *Store) Expand(ctx context.Context, q graph.ExpandQuery) (graph.Subgraph, error) {
	if err := ctx.Err(); err != nil {
		return graph.Subgraph{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	relSet := map[string]*graph.Relationship{}
	nodeSet := map[string]*graph.Node{}
	for _, part := range q.ExpandParts() {
		for _, id := range q.IDs {
			for _, r := range s.adj[id] {
				if !graph.HasType(part.Types, r.Type) {
					continue
				}
				if q.Document != "" && (r.Evidence == nil || r.Evidence.Document != q.Document) {
					continue
				}
				for _, other := range otherEnds(r, id, part.Direction) {
					m := s.nodes[other]
					if !graph.HasLabel(part.OtherLabels, m.Label) {
						continue
					}
					relSet[r.ID] = r
					nodeSet[m.ID] = m
				}
			}
		}
	}
	g := s.subgraph(nodeSet, relSet)
	for i := range g.Nodes {
		q.Lean(&g.Nodes[i], nil)
	}
	for i := range g.Relationships {
		q.Lean(nil, &g.Relationships[i])
	}
	return g, nil
}

// otherEnds returns the far end of r seen from id when r runs in dir.
func otherEnds(r *graph.Relationship, id string, dir graph.Direction) []string {
	var out []string
	if dir != graph.In && r.From == id {
		out = append(out, r.To)
	}
	if dir != graph.Out && r.To == id {
		out = append(out, r.From)
	}
	return out
}

func (s *Store) subgraph(nodes map[string]*graph.Node, rels map[string]*graph.Relationship) graph.Subgraph {
	var g graph.Subgraph
	for _, n := range nodes {
		g.Nodes = append(g.Nodes, n.Clone())
	}
	for _, r := range rels {
		g.Relationships = append(g.Relationships, r.Clone())
	}
	slices.SortFunc(g.Nodes, func(a, b graph.Node) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(g.Relationships, func(a, b graph.Relationship) int { return strings.Compare(a.ID, b.ID) })
	return g
}

// Neighborhood implements graph.Store.
func (s *Store) Neighborhood(ctx context.Context, q graph.NeighborhoodQuery) (graph.Subgraph, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.nodes[q.ID] == nil {
		return graph.Subgraph{}, fmt.Errorf("node %s: %w", q.ID, graph.ErrNotFound)
	}
	ids, truncated, err := traverse.Neighborhood(ctx, q, s.adjacent)
	if err != nil {
		return graph.Subgraph{}, err
	}
	in := make(map[string]bool, len(ids))
	g := graph.Subgraph{Truncated: truncated}
	for _, id := range ids {
		in[id] = true
		g.Nodes = append(g.Nodes, s.nodes[id].Clone())
	}
	for _, id := range ids {
		for _, r := range s.adj[id] {
			if r.From == id && in[r.To] && graph.HasType(q.Types, r.Type) {
				g.Relationships = append(g.Relationships, r.Clone())
			}
		}
	}
	sort.Slice(g.Relationships, func(i, j int) bool { return g.Relationships[i].ID < g.Relationships[j].ID })
	return g, nil
}

// adjacent is the traverse.AdjacentFunc of this store. Call with mu held.
func (s *Store) adjacent(ctx context.Context, ids []string, types []graph.RelType, labels []graph.Label) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []string
	for _, id := range ids {
		for _, r := range s.adj[id] {
			if !graph.HasType(types, r.Type) {
				continue
			}
			for _, other := range otherEnds(r, id, graph.Both) {
				if graph.HasLabel(labels, s.nodes[other].Label) {
					out = append(out, other)
				}
			}
		}
	}
	return out, nil
}

// ShortestPath implements graph.Store.
func (s *Store) ShortestPath(ctx context.Context, q graph.PathQuery) (*graph.Path, error) {
	return traverse.Shortest(ctx, q, s.Paths)
}

// Paths implements graph.Store. It deepens one hop at a time and, at each
// length, walks node sequences in id order, pruned by the distance to the
// target, so the first K paths found are the first K in PathQuery order
// without enumerating the rest.
func (s *Store) Paths(ctx context.Context, q graph.PathQuery) ([]graph.Path, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, id := range []string{q.From, q.To} {
		if s.nodes[id] == nil {
			return nil, fmt.Errorf("node %s: %w", id, graph.ErrNotFound)
		}
	}
	if q.K <= 0 {
		q.K = 1
	}
	if q.From == q.To {
		return []graph.Path{{Nodes: []graph.Node{s.nodes[q.From].Clone()}}}, nil
	}
	dist := s.distances(q.To, q.Types, q.MaxDepth)
	if _, ok := dist[q.From]; !ok {
		return nil, nil
	}
	w := &pathWalker{s: s, q: q, dist: dist, ctx: ctx}
	for length := dist[q.From]; length <= q.MaxDepth && len(w.out) < q.K; length++ {
		w.length = length
		w.nodes = []string{q.From}
		w.onPath = map[string]bool{q.From: true}
		if err := w.walk(); err != nil {
			return nil, err
		}
	}
	return w.out, nil
}

// distances is a breadth-first search from target over types, up to max hops.
func (s *Store) distances(target string, types []graph.RelType, maxHops int) map[string]int {
	dist := map[string]int{target: 0}
	frontier := []string{target}
	for d := 1; d <= maxHops && len(frontier) > 0; d++ {
		var next []string
		for _, id := range frontier {
			for _, r := range s.adj[id] {
				if !graph.HasType(types, r.Type) {
					continue
				}
				for _, o := range otherEnds(r, id, graph.Both) {
					if _, ok := dist[o]; !ok {
						dist[o] = d
						next = append(next, o)
					}
				}
			}
		}
		frontier = next
	}
	return dist
}

type pathWalker struct {
	s      *Store
	q      graph.PathQuery
	ctx    context.Context
	dist   map[string]int
	length int
	nodes  []string
	onPath map[string]bool
	out    []graph.Path
	steps  int
}

// walk extends w.nodes towards the target in node-id order.
func (w *pathWalker) walk() error {
	if len(w.out) >= w.q.K {
		return nil
	}
	if w.steps++; w.steps%1024 == 0 {
		if err := w.ctx.Err(); err != nil {
			return err
		}
	}
	cur := w.nodes[len(w.nodes)-1]
	left := w.length - (len(w.nodes) - 1)
	if left == 0 {
		if cur == w.q.To {
			w.emit()
		}
		return nil
	}
	next := map[string]bool{}
	for _, r := range w.s.adj[cur] {
		if !graph.HasType(w.q.Types, r.Type) {
			continue
		}
		for _, o := range otherEnds(r, cur, graph.Both) {
			d, ok := w.dist[o]
			if !ok || d > left-1 || w.onPath[o] || (o == w.q.To && left > 1) {
				continue
			}
			next[o] = true
		}
	}
	ids := make([]string, 0, len(next))
	for id := range next {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		w.nodes = append(w.nodes, id)
		w.onPath[id] = true
		err := w.walk()
		w.onPath[id] = false
		w.nodes = w.nodes[:len(w.nodes)-1]
		if err != nil || len(w.out) >= w.q.K {
			return err
		}
	}
	return nil
}

// emit adds every choice of parallel relationships along w.nodes, in
// relationship-id order, until K paths are collected.
func (w *pathWalker) emit() {
	choices := make([][]*graph.Relationship, len(w.nodes)-1)
	for i := range choices {
		a, b := w.nodes[i], w.nodes[i+1]
		for _, r := range w.s.adj[a] {
			if graph.HasType(w.q.Types, r.Type) && ((r.From == a && r.To == b) || (r.From == b && r.To == a)) {
				choices[i] = append(choices[i], r)
			}
		}
		sort.Slice(choices[i], func(x, y int) bool { return choices[i][x].ID < choices[i][y].ID })
	}
	pick := make([]int, len(choices))
	for len(w.out) < w.q.K {
		p := graph.Path{}
		for _, id := range w.nodes {
			p.Nodes = append(p.Nodes, w.s.nodes[id].Clone())
		}
		for i, c := range choices {
			p.Relationships = append(p.Relationships, c[pick[i]].Clone())
		}
		w.out = append(w.out, p)
		// Advance the last position fastest: lexicographic order.
		i := len(pick) - 1
		for i >= 0 {
			pick[i]++
			if pick[i] < len(choices[i]) {
				break
			}
			pick[i] = 0
			i--
		}
		if i < 0 {
			return
		}
	}
}
