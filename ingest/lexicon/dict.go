package lexicon

import (
	"sort"
	"unicode/utf8"
)

// Dict finds the words of a fixed list in text without building strings:
// words are indexed by their first two and by their last two runes (words
// of one rune by that rune), longest first, so a lookup is a map access
// and a comparison of the few words that share those runes. Extraction
// looks words up at every character of every sentence, where converting
// rune slices to strings for map lookups cost a third of the time, and
// indexing by one rune alone left hundreds of township names to compare
// at common characters (新, 大, 东).
type Dict struct {
	byHead map[runePair][]dictWord
	byTail map[runePair][]dictWord
	single map[rune]string
	// Most characters start and end no word of a list: these say so
	// without hashing.
	firsts, lasts runeFilter
}

// runeFilter is a bitmap of the runes of the Basic Multilingual Plane (all
// the Chinese characters in common use); it answers "maybe" for any other
// rune, so a miss is certain and a hit is looked up.
type runeFilter [(1 << 16) / 64]uint64

func (f *runeFilter) add(c rune) {
	if c >= 0 && c < 1<<16 {
		f[c/64] |= 1 << (c % 64)
	}
}

func (f *runeFilter) mayHold(c rune) bool {
	return c < 0 || c >= 1<<16 || f[c/64]&(1<<(c%64)) != 0
}

// runePair is two consecutive runes, the key words are indexed by.
type runePair [2]rune

type dictWord struct {
	r []rune
	s string
}

// NewDict indexes words (duplicates and empty words are ignored).
func NewDict(words []string) *Dict {
	d := &Dict{byHead: map[runePair][]dictWord{}, byTail: map[runePair][]dictWord{}, single: map[rune]string{}}
	seen := map[string]bool{}
	for _, w := range words {
		if w == "" || seen[w] {
			continue
		}
		seen[w] = true
		e := dictWord{r: []rune(w), s: w}
		d.firsts.add(e.r[0])
		d.lasts.add(e.r[len(e.r)-1])
		if len(e.r) == 1 {
			d.single[e.r[0]] = w
			continue
		}
		head := runePair{e.r[0], e.r[1]}
		tail := runePair{e.r[len(e.r)-2], e.r[len(e.r)-1]}
		d.byHead[head] = append(d.byHead[head], e)
		d.byTail[tail] = append(d.byTail[tail], e)
	}
	longestFirst := func(m map[runePair][]dictWord) {
		for k := range m {
			ws := m[k]
			sort.SliceStable(ws, func(i, j int) bool {
				if len(ws[i].r) != len(ws[j].r) {
					return len(ws[i].r) > len(ws[j].r)
				}
				return ws[i].s < ws[j].s
			})
		}
	}
	longestFirst(d.byHead)
	longestFirst(d.byTail)
	return d
}

// At returns the longest word starting at rune index i of r, or "".
func (d *Dict) At(r []rune, i int) string {
	if i < 0 || i >= len(r) || !d.firsts.mayHold(r[i]) {
		return ""
	}
	if i+1 < len(r) {
		for _, w := range d.byHead[runePair{r[i], r[i+1]}] {
			if hasAt(r, i, w.r) {
				return w.s
			}
		}
	}
	return d.singleAt(r[i])
}

// AllAt returns every word starting at i, longest first.
func (d *Dict) AllAt(r []rune, i int) []string {
	if i < 0 || i >= len(r) || !d.firsts.mayHold(r[i]) {
		return nil
	}
	var out []string
	if i+1 < len(r) {
		for _, w := range d.byHead[runePair{r[i], r[i+1]}] {
			if hasAt(r, i, w.r) {
				out = append(out, w.s)
			}
		}
	}
	if w := d.singleAt(r[i]); w != "" {
		out = append(out, w)
	}
	return out
}

// Before returns the longest word ending at rune index end (exclusive).
func (d *Dict) Before(r []rune, end int) string {
	if end <= 0 || end > len(r) || !d.lasts.mayHold(r[end-1]) {
		return ""
	}
	if end >= 2 {
		for _, w := range d.byTail[runePair{r[end-2], r[end-1]}] {
			if start := end - len(w.r); start >= 0 && hasAt(r, start, w.r) {
				return w.s
			}
		}
	}
	return d.singleAt(r[end-1])
}

// singleAt returns c as a word of one rune, or "".
func (d *Dict) singleAt(c rune) string {
	if len(d.single) == 0 {
		return "" // most lists have none: spare the lookup
	}
	return d.single[c]
}

func hasAt(r []rune, i int, w []rune) bool {
	if i+len(w) > len(r) {
		return false
	}
	for k, c := range w {
		if r[i+k] != c {
			return false
		}
	}
	return true
}

// runeLen is utf8.RuneCountInString, named for the call sites.
func runeLen(s string) int { return utf8.RuneCountInString(s) }
