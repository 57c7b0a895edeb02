// Package rank ranks search candidates the same way for both stores: each
// store finds the nodes and sentences that contain the query its own way
// (an index scan, a full-text index) and hands them to Rank.
package rank

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/policygraph/policygraph/graph"
)

// Candidate is what a store found for a query before ranking: a node and
// the evidence sentences (of relationships touching it) that contain the
// folded query. Both stores rank with Rank, so they agree on order.
type Candidate struct {
	Node      graph.Node
	Sentences []graph.Evidence
}

// Matches reports whether the folded query occurs in s.
func Matches(foldedQuery, s string) bool {
	return foldedQuery != "" && strings.Contains(graph.Fold(s), foldedQuery)
}

// Rank scores candidates for query and returns the best limit hits.
// A whole-name match beats an alias match, which beats a name prefix, a
// name substring, an alias substring and finally an evidence sentence;
// among equals, nodes named in more sentences come first, then shorter
// names, then ids.
func Rank(query string, cands []Candidate, limit int) []graph.SearchHit {
	q := graph.Fold(strings.TrimSpace(query))
	hits := make([]graph.SearchHit, 0, len(cands))
	ev := make(map[string]int, len(cands))
	for _, c := range cands {
		h, ok := scoreCandidate(q, c)
		if !ok {
			continue
		}
		ev[c.Node.ID] = len(c.Sentences)
		hits = append(hits, h)
	}
	sort.SliceStable(hits, func(i, j int) bool {
		a, b := hits[i], hits[j]
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		if ev[a.Node.ID] != ev[b.Node.ID] {
			return ev[a.Node.ID] > ev[b.Node.ID]
		}
		la, lb := utf8.RuneCountInString(a.Node.Name), utf8.RuneCountInString(b.Node.Name)
		if la != lb {
			return la < lb
		}
		return a.Node.ID < b.Node.ID
	})
	if limit > 0 && len(hits) > limit {
		hits = hits[:limit]
	}
	return hits
}

func scoreCandidate(q string, c Candidate) (graph.SearchHit, bool) {
	if q == "" {
		return graph.SearchHit{}, false
	}
	best := graph.SearchHit{Node: c.Node}
	consider := func(score float64, field, text string) {
		if score <= best.Score {
			return
		}
		start := runeIndex(graph.Fold(text), q)
		best.Score, best.Field, best.Snippet = score, field, text
		best.Start, best.End = start, start+utf8.RuneCountInString(q)
		best.Document, best.Evidence = "", nil
	}
	name := graph.Fold(c.Node.Name)
	qn := float64(utf8.RuneCountInString(q))
	ratio := func(s string) float64 { return qn / float64(max(1, utf8.RuneCountInString(s))) }
	switch {
	case name == q:
		consider(100, "name", c.Node.Name)
	case strings.HasPrefix(name, q):
		consider(80+10*ratio(name), "name", c.Node.Name)
	case strings.Contains(name, q):
		consider(60+10*ratio(name), "name", c.Node.Name)
	}
	for _, a := range c.Node.Aliases {
		fa := graph.Fold(a)
		switch {
		case fa == q:
			consider(90, "alias", a)
		case strings.Contains(fa, q):
			consider(40+10*ratio(fa), "alias", a)
		}
	}
	if best.Score == 0 && len(c.Sentences) > 0 {
		// Cite the earliest sentence: stable, and usually the lead.
		ss := append([]graph.Evidence(nil), c.Sentences...)
		sort.Slice(ss, func(i, j int) bool {
			a, b := ss[i], ss[j]
			if a.Document != b.Document {
				return a.Document < b.Document
			}
			if a.Start != b.Start {
				return a.Start < b.Start
			}
			// Only inconsistent offsets get here; still answer the same
			// whatever order the store found the sentences in.
			if a.Sentence != b.Sentence {
				return a.Sentence < b.Sentence
			}
			return a.End < b.End
		})
		for _, e := range ss {
			if start := runeIndex(graph.Fold(e.Sentence), q); start >= 0 {
				n := min(len(ss), 10)
				snippet, off := window(e.Sentence, start, int(qn), 40)
				ev := e
				best = graph.SearchHit{Node: c.Node, Score: 20 + float64(n), Field: "evidence",
					Snippet: snippet, Document: e.Document, Start: off, End: off + int(qn), Evidence: &ev}
				break
			}
		}
	}
	return best, best.Score > 0
}

// runeIndex is strings.Index in runes, -1 when absent.
func runeIndex(s, sub string) int {
	i := strings.Index(s, sub)
	if i < 0 {
		return -1
	}
	return utf8.RuneCountInString(s[:i])
}

// window cuts s to at most pad runes either side of [start, start+n) and
// returns the cut text and the match's new start.
func window(s string, start, n, pad int) (string, int) {
	r := []rune(s)
	lo, hi := max(0, start-pad), min(len(r), start+n+pad)
	out := string(r[lo:hi])
	off := start - lo
	if lo > 0 {
		out = "…" + out
		off++
	}
	if hi < len(r) {
		out += "…"
	}
	return out, off
}
