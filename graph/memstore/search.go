package memstore

import (
	"context"
	"strings"

	"github.com/policygraph/policygraph/graph"
)

// Search implements graph.Store by scanning names, aliases and evidence
// sentences; graph.RankSearch orders the result.
func (s *Store) Search(ctx context.Context, q graph.SearchQuery) ([]graph.SearchHit, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	folded := graph.Fold(strings.TrimSpace(q.Text))
	if folded == "" {
		return nil, nil
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	allowed := func(n *graph.Node) bool {
		if len(q.Labels) == 0 {
			return n.Label != graph.Document
		}
		return graph.HasLabel(q.Labels, n.Label)
	}
	cands := map[string]*graph.SearchCandidate{}
	get := func(n *graph.Node) *graph.SearchCandidate {
		c := cands[n.ID]
		if c == nil {
			c = &graph.SearchCandidate{Node: n.Clone()}
			cands[n.ID] = c
		}
		return c
	}
	for _, n := range s.nodes {
		if !allowed(n) {
			continue
		}
		if graph.MatchesSearch(folded, n.Name) {
			get(n)
			continue
		}
		for _, a := range n.Aliases {
			if graph.MatchesSearch(folded, a) {
				get(n)
				break
			}
		}
	}
	for _, r := range s.rels {
		if r.Evidence == nil || !graph.MatchesSearch(folded, r.Evidence.Sentence) {
			continue
		}
		for _, end := range []string{r.From, r.To} {
			if n := s.nodes[end]; allowed(n) {
				c := get(n)
				c.Sentences = append(c.Sentences, *r.Evidence)
			}
		}
	}
	list := make([]graph.SearchCandidate, 0, len(cands))
	for _, c := range cands {
		list = append(list, *c)
	}
	return graph.RankSearch(q.Text, list, q.Limit), nil
}
