package ingest

import (
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/go-ego/gse"
)

// cut segments text exactly as gse's Cut(text, true) does (v0.80.3's
// cutDAG: the most probable path through the dictionary's word graph, runs
// of single characters handed to the HMM), in a fraction of the time. gse
// builds the graph by looking every substring up in its double-array trie
// from the root, and then looks each edge up again to weigh it: a few
// cache misses per byte over a 100 MB array, half of extraction's time.
// The words index finds the same words from a position with two map
// probes. TestCutMatchesGse holds the two to the same output over the
// corpora.
func (s *Segmenter) cut(text string) []string {
	if gse.ToLower {
		text = strings.ToLower(text)
	}
	runes := []rune(text)
	words := s.cutRunes(runes, nil)
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = string(runes[w.Start:w.End])
	}
	return out
}

// cutRunes is cut over runes already lower-cased as gse would (the corpus
// text is CJK, which lower-casing leaves alone, so callers pass the page's
// runes), returning each word's span in runes and its dictionary part of
// speech: the recognizers read offsets, and building a string per word only
// to count its runes again cost a fifth of segmenting.
func (s *Segmenter) cutRunes(runes []rune, memo map[string][]string) []Word {
	n := len(runes)
	if n == 0 {
		return nil
	}
	w := s.index
	// route[i] is the best path from i to the end: its log probability and
	// the last rune of its first word.
	type route struct {
		logp float64
		last int
	}
	routes := make([]route, n+1)
	for idx := n - 1; idx >= 0; idx-- {
		set := false
		consider := func(last int, logf float64) {
			r := route{logf - w.logTotal + routes[last+1].logp, last}
			// gse keeps the most probable path, and the longer first word
			// of two equally probable ones.
			if v := routes[idx]; !set || v.logp < r.logp || v.logp == r.logp && v.last < r.last {
				routes[idx], set = r, true
			}
		}
		if e, ok := w.single[runes[idx]]; ok && e.freq > 0 {
			consider(idx, e.logf)
		}
		if idx+1 < n {
			for _, e := range w.multi[[2]rune{runes[idx], runes[idx+1]}] {
				if end := idx + 2 + len(e.rest); end <= n && e.freq > 0 && slices.Equal(runes[idx+2:end], e.rest) {
					consider(end-1, e.logf)
				}
			}
		}
		if !set {
			// No word starts here: gse's graph has the lone rune, weighed
			// as its trie lookup reads it (a word's or a prefix's frequency,
			// possibly 0, or 1 for a rune the trie does not know).
			if f, ok := w.findRune(runes[idx]); ok {
				consider(idx, math.Log(f))
			} else {
				consider(idx, math.Log(1.0))
			}
		}
	}

	out := make([]Word, 0, n/2+1)
	word := func(start, end int) {
		e, _ := w.lookup(runes[start:end])
		out = append(out, Word{Span: Span{start, end}, Pos: e.pos})
	}
	// A run of single runes [from, to) goes to the HMM, as gse hands it,
	// unless the run is itself a dictionary word.
	flush := func(from, to int) {
		switch {
		case to-from == 1:
			word(from, to)
		case to-from > 1:
			if w.isWord(runes[from:to]) {
				for i := from; i < to; i++ {
					word(i, i+1)
				}
				break
			}
			off := from
			for _, h := range s.hmmCut(string(runes[from:to]), memo) {
				m := utf8.RuneCountInString(h)
				word(off, off+m)
				off += m
			}
		}
	}
	run := 0
	for x := 0; x < n; {
		y := routes[x].last + 1
		if y-x > 1 {
			flush(run, x)
			word(x, y)
			run = y
		}
		x = y
	}
	flush(run, n)
	return out
}

// hmmCut is gse's HMMCut remembered in memo (when not nil): the runs the
// dictionary does not know are mostly names, which recur through a
// report, and gse's Viterbi allocates its tables afresh on every call (two
// fifths of extraction's allocations). One memo serves one document, so
// that what a report costs does not depend on what was read before it.
func (s *Segmenter) hmmCut(run string, memo map[string][]string) []string {
	if out, ok := memo[run]; ok {
		return out
	}
	out := s.seg.HMMCut(run)
	if memo != nil {
		memo[run] = out
	}
	return out
}

// wordIndex holds gse's dictionary as cut reads it: one-rune words by rune,
// longer words by their first two runes, shortest first.
type wordIndex struct {
	single   map[rune]wordEntry
	starts   map[rune]bool // runes some word of two or more runes starts with
	multi    map[[2]rune][]wordEntry
	logTotal float64
}

type wordEntry struct {
	rest []rune // the runes after the first two
	freq float64
	logf float64 // log(freq), weighed on every cut
	pos  string
}

func newWordIndex(dict *gse.Dictionary) *wordIndex {
	w := &wordIndex{
		single:   map[rune]wordEntry{},
		starts:   map[rune]bool{},
		multi:    map[[2]rune][]wordEntry{},
		logTotal: math.Log(dict.TotalFreq()),
	}
	for i := range dict.Tokens {
		t := &dict.Tokens[i]
		r := []rune(t.Text())
		switch len(r) {
		case 0:
		case 1:
			w.single[r[0]] = wordEntry{freq: t.Freq(), logf: math.Log(t.Freq()), pos: t.Pos()}
		default:
			w.starts[r[0]] = true
			k := [2]rune{r[0], r[1]}
			w.multi[k] = append(w.multi[k], wordEntry{rest: r[2:], freq: t.Freq(), logf: math.Log(t.Freq()), pos: t.Pos()})
		}
	}
	for k, es := range w.multi {
		slices.SortStableFunc(es, func(a, b wordEntry) int { return len(a.rest) - len(b.rest) })
		w.multi[k] = es
	}
	return w
}

// findRune answers gse's Dictionary.Find for one rune: found if it is a
// word or begins one, with the word's frequency or 0.
func (w *wordIndex) findRune(r rune) (float64, bool) {
	if e, ok := w.single[r]; ok {
		return e.freq, true
	}
	return 0, w.starts[r]
}

// lookup returns the dictionary's entry for the word r.
func (w *wordIndex) lookup(r []rune) (wordEntry, bool) {
	switch len(r) {
	case 0:
		return wordEntry{}, false
	case 1:
		e, ok := w.single[r[0]]
		return e, ok
	}
	for _, e := range w.multi[[2]rune{r[0], r[1]}] {
		if slices.Equal(e.rest, r[2:]) {
			return e, true
		}
	}
	return wordEntry{}, false
}

// isWord reports whether a run of runes is a word of the dictionary with
// a frequency: gse then keeps its runes apart rather than asking the HMM.
func (w *wordIndex) isWord(r []rune) bool {
	e, ok := w.lookup(r)
	return ok && e.freq > 0
}
