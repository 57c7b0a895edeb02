package ingest

import (
	"maps"
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
		if e, ok := w.singleWord(runes[idx]); ok && e.freq > 0 {
			consider(idx, e.logf)
		}
		if idx+1 < n {
			for _, e := range w.multi(runes[idx], runes[idx+1]) {
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

// wordIndex holds gse's dictionary as cut reads it: one-rune words by
// rune, longer words by their first two runes, shortest first. Runes index
// dense tables (a rune of the Basic Multilingual Plane is an array slot,
// others go through a map), and the second rune is found by binary search
// among those that follow the first in some word: cut probes every
// position of every sentence, and hashing a pair into one map of half a
// million keys cost a third of segmenting.
type wordIndex struct {
	single   runeIndex // rune -> index in singles
	singles  []wordEntry
	first    runeIndex // rune -> index in groups
	groups   []pairGroup
	logTotal float64
}

// pairGroup holds the words of two or more runes that start with one rune:
// the second runes in order, and the words for each.
type pairGroup struct {
	second []rune
	words  [][]wordEntry
}

type wordEntry struct {
	rest []rune // the runes after the first two
	freq float64
	logf float64 // log(freq), weighed on every cut
	pos  string
}

// runeIndex maps runes to small non-negative ints.
type runeIndex struct {
	bmp   []int32 // index+1 by rune below 0x10000; 0 means none
	other map[rune]int32
}

func newRuneIndex() runeIndex {
	return runeIndex{bmp: make([]int32, 0x10000), other: map[rune]int32{}}
}

func (x *runeIndex) get(r rune) int {
	if r >= 0 && int(r) < len(x.bmp) {
		return int(x.bmp[r]) - 1
	}
	if v, ok := x.other[r]; ok {
		return int(v) - 1
	}
	return -1
}

func (x *runeIndex) set(r rune, i int) {
	if r >= 0 && int(r) < len(x.bmp) {
		x.bmp[r] = int32(i + 1)
		return
	}
	x.other[r] = int32(i + 1)
}

func newWordIndex(dict *gse.Dictionary) *wordIndex {
	w := &wordIndex{single: newRuneIndex(), first: newRuneIndex(), logTotal: math.Log(dict.TotalFreq())}
	multi := map[[2]rune][]wordEntry{}
	for i := range dict.Tokens {
		t := &dict.Tokens[i]
		r := []rune(t.Text())
		e := wordEntry{freq: t.Freq(), logf: math.Log(t.Freq()), pos: t.Pos()}
		switch len(r) {
		case 0:
		case 1:
			// A word listed twice keeps its last entry, as gse's trie does.
			if j := w.single.get(r[0]); j >= 0 {
				w.singles[j] = e
			} else {
				w.single.set(r[0], len(w.singles))
				w.singles = append(w.singles, e)
			}
		default:
			e.rest = r[2:]
			k := [2]rune{r[0], r[1]}
			multi[k] = append(multi[k], e)
		}
	}
	keys := slices.SortedFunc(maps.Keys(multi), func(a, b [2]rune) int {
		if a[0] != b[0] {
			return int(a[0]) - int(b[0])
		}
		return int(a[1]) - int(b[1])
	})
	for _, k := range keys {
		es := multi[k]
		slices.SortStableFunc(es, func(a, b wordEntry) int { return len(a.rest) - len(b.rest) })
		g := w.first.get(k[0])
		if g < 0 {
			g = len(w.groups)
			w.first.set(k[0], g)
			w.groups = append(w.groups, pairGroup{})
		}
		w.groups[g].second = append(w.groups[g].second, k[1])
		w.groups[g].words = append(w.groups[g].words, es)
	}
	return w
}

// singleWord returns the one-rune word r, if the dictionary lists it.
func (w *wordIndex) singleWord(r rune) (wordEntry, bool) {
	if j := w.single.get(r); j >= 0 {
		return w.singles[j], true
	}
	return wordEntry{}, false
}

// multi returns the words of two or more runes that start with a, b,
// shortest first.
func (w *wordIndex) multi(a, b rune) []wordEntry {
	g := w.first.get(a)
	if g < 0 {
		return nil
	}
	grp := &w.groups[g]
	if j, ok := slices.BinarySearch(grp.second, b); ok {
		return grp.words[j]
	}
	return nil
}

// findRune answers gse's Dictionary.Find for one rune: found if it is a
// word or begins one, with the word's frequency or 0.
func (w *wordIndex) findRune(r rune) (float64, bool) {
	if e, ok := w.singleWord(r); ok {
		return e.freq, true
	}
	return 0, w.first.get(r) >= 0
}

// lookup returns the dictionary's entry for the word r.
func (w *wordIndex) lookup(r []rune) (wordEntry, bool) {
	switch len(r) {
	case 0:
		return wordEntry{}, false
	case 1:
		return w.singleWord(r[0])
	}
	for _, e := range w.multi(r[0], r[1]) {
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
