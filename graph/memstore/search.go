package memstore

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/graph/internal/rank"
)

// Search implements graph.Store by scanning names, aliases and evidence
// sentences, folded at write time (index.go); rank.Rank orders the
// result.
//
// A common word can make thousands of nodes candidates through their
// evidence, and RankSearch folds text of every candidate it is given. So
// when a limit applies, Search hands RankSearch only the candidates that
// can reach the top: RankSearch scores a name or alias match above any
// evidence match, and orders evidence matches by their number of
// sentences, then name length, then id, which Search can work out without
// folding anything. TestSearchMatchesReference holds the two to the same
// answers.
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
			return graph.SearchedByDefault(n.Label)
		}
		return graph.HasLabel(q.Labels, n.Label)
	}
	cands := map[string]*candidate{}
	i := 0
	for _, f := range s.folded {
		if i++; i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		if !allowed(f.node) {
			continue
		}
		if t := nameTier(f, folded); t != tierEvidence {
			cands[f.node.ID] = &candidate{node: f.node, tier: t}
		}
	}
	var matched []*sentenceRefs
	for _, e := range s.sentences {
		if i++; i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		if !strings.Contains(e.folded, folded) {
			continue
		}
		matched = append(matched, e)
		for _, r := range e.rels {
			for _, end := range [2]string{r.From, r.To} {
				c := cands[end]
				if c == nil {
					n := s.nodes[end]
					if !allowed(n) {
						continue
					}
					c = &candidate{node: n, tier: tierEvidence}
					cands[end] = c
				}
				c.sentences++
			}
		}
	}
	keep := topCandidates(cands, q.Limit)
	list := make([]rank.Candidate, 0, len(keep))
	index := make(map[string]int, len(keep))
	for _, c := range keep {
		// Candidates share the stored nodes' aliases and properties:
		// RankSearch only reads them, and the hits are cloned below.
		index[c.node.ID] = len(list)
		list = append(list, rank.Candidate{Node: *c.node, Sentences: make([]graph.Evidence, 0, c.sentences)})
	}
	for _, e := range matched {
		for _, r := range e.rels {
			for _, end := range [2]string{r.From, r.To} {
				if j, ok := index[end]; ok {
					list[j].Sentences = append(list[j].Sentences, *r.Evidence)
				}
			}
		}
	}
	hits := rank.Rank(q.Text, list, q.Limit)
	for i := range hits {
		hits[i].Node = hits[i].Node.Clone()
	}
	return hits, nil
}

// Where a node's best match is, in rank.Rank's score order (best
// first). The scores of different tiers never overlap: exact name 100,
// exact alias 90, name prefix (80, 90), name substring (60, 70), alias
// substring (40, 50), evidence [21, 30].
const (
	tierName = iota
	tierAlias
	tierPrefix
	tierSubstring
	tierAliasSubstring
	tierEvidence
)

type candidate struct {
	node      *graph.Node
	tier      int
	sentences int // evidence sentences that match
}

// nameTier is the tier of f's best name or alias match for the folded
// query q, or tierEvidence when neither contains q.
func nameTier(f *foldedNode, q string) int {
	if f.name == q {
		return tierName
	}
	for _, a := range f.aliases {
		if a == q {
			return tierAlias
		}
	}
	if strings.HasPrefix(f.name, q) {
		return tierPrefix
	}
	if strings.Contains(f.name, q) {
		return tierSubstring
	}
	for _, a := range f.aliases {
		if strings.Contains(a, q) {
			return tierAliasSubstring
		}
	}
	return tierEvidence
}

// topCandidates returns candidates that include RankSearch's best limit
// (all of them when limit <= 0): whole tiers, best first, until limit is
// reached, except that the evidence tier is cut exactly, in RankSearch's
// order for it.
func topCandidates(cands map[string]*candidate, limit int) []*candidate {
	out := make([]*candidate, 0, len(cands))
	for _, c := range cands {
		out = append(out, c)
	}
	if limit <= 0 || len(out) <= limit {
		return out
	}
	var tiers [tierEvidence + 1][]*candidate
	for _, c := range out {
		tiers[c.tier] = append(tiers[c.tier], c)
	}
	out = out[:0]
	for t := range tierEvidence {
		if len(out) >= limit {
			return out
		}
		out = append(out, tiers[t]...)
	}
	need := limit - len(out)
	if need <= 0 {
		return out
	}
	ev := tiers[tierEvidence]
	if len(ev) <= need {
		return append(out, ev...)
	}
	// RankSearch scores evidence matches 20 + min(sentences, 10), then
	// prefers more sentences, shorter names and smaller ids.
	type keyed struct {
		c     *candidate
		runes int
	}
	ks := make([]keyed, len(ev))
	for i, c := range ev {
		ks[i] = keyed{c, utf8.RuneCountInString(c.node.Name)}
	}
	slices.SortFunc(ks, func(a, b keyed) int {
		if c := cmp.Compare(b.c.sentences, a.c.sentences); c != 0 {
			return c
		}
		if c := cmp.Compare(a.runes, b.runes); c != 0 {
			return c
		}
		return strings.Compare(a.c.node.ID, b.c.node.ID)
	})
	for _, k := range ks[:need] {
		out = append(out, k.c)
	}
	return out
}
