package graph

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold normalises text for search: full-width forms to half-width (NFKC)
// and lower case, rune by rune so that offsets in the folded text are
// offsets in the original. A rune whose NFKC form is several runes (㈠)
// is kept as is.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		b.WriteRune(foldRune(r))
	}
	return b.String()
}

func foldRune(r rune) rune {
	if r < utf8.RuneSelf {
		return unicode.ToLower(r)
	}
	var buf [utf8.UTFMax]byte
	n := utf8.EncodeRune(buf[:], r)
	out := norm.NFKC.Bytes(buf[:n])
	if f, size := utf8.DecodeRune(out); size == len(out) {
		r = f
	}
	return unicode.ToLower(r)
}

// SearchedByDefault reports whether a search that names no labels looks at
// nodes of label l. Documents (whole reports) and statements (sentences)
// are left out: a search is for names, and every statement that opens with
// the words searched for would crowd out the entities named by them. A
// search for them names their label.
func SearchedByDefault(l Label) bool { return l != Document && l != Statement }

// SearchCandidate is what a store found for a query before ranking: a node
// and the evidence sentences (of relationships touching it) that contain the
// folded query. Both stores rank with RankSearch, so they agree on order.
type SearchCandidate struct {
	Node      Node
	Sentences []Evidence
}

// MatchesSearch reports whether the folded query occurs in s.
func MatchesSearch(foldedQuery, s string) bool {
	return foldedQuery != "" && strings.Contains(Fold(s), foldedQuery)
}

// RankSearch scores candidates for query and returns the best limit hits.
// A whole-name match beats an alias match, which beats a name prefix, a
// name substring, an alias substring and finally an evidence sentence;
// among equals, nodes named in more sentences come first, then shorter
// names, then ids.
func RankSearch(query string, cands []SearchCandidate, limit int) []SearchHit {
	q := Fold(strings.TrimSpace(query))
	hits := make([]SearchHit, 0, len(cands))
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

func scoreCandidate(q string, c SearchCandidate) (SearchHit, bool) {
	if q == "" {
		return SearchHit{}, false
	}
	best := SearchHit{Node: c.Node}
	consider := func(score float64, field, text string) {
		if score <= best.Score {
			return
		}
		start := runeIndex(Fold(text), q)
		best.Score, best.Field, best.Snippet = score, field, text
		best.Start, best.End = start, start+utf8.RuneCountInString(q)
		best.Document = ""
	}
	name := Fold(c.Node.Name)
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
		fa := Fold(a)
		switch {
		case fa == q:
			consider(90, "alias", a)
		case strings.Contains(fa, q):
			consider(40+10*ratio(fa), "alias", a)
		}
	}
	if best.Score == 0 && len(c.Sentences) > 0 {
		// Cite the earliest sentence: stable, and usually the lead.
		ss := append([]Evidence(nil), c.Sentences...)
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
			if start := runeIndex(Fold(e.Sentence), q); start >= 0 {
				n := min(len(ss), 10)
				snippet, off := window(e.Sentence, start, int(qn), 40)
				best = SearchHit{Node: c.Node, Score: 20 + float64(n), Field: "evidence",
					Snippet: snippet, Document: e.Document, Start: off, End: off + int(qn)}
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
