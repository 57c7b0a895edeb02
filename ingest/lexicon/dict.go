package lexicon

import (
	"sort"
	"unicode/utf8"
)

// Dict finds the words of a fixed list in text without building strings:
// words are indexed by their first and by their last rune, longest first,
// so a lookup compares a handful of candidates rune by rune. Extraction
// looks words up at every character of every sentence, where converting
// rune slices to strings for map lookups cost a third of the time.
type Dict struct {
	byFirst map[rune][]dictWord
	byLast  map[rune][]dictWord
}

type dictWord struct {
	r []rune
	s string
}

// NewDict indexes words (duplicates and empty words are ignored).
func NewDict(words []string) *Dict {
	d := &Dict{byFirst: map[rune][]dictWord{}, byLast: map[rune][]dictWord{}}
	seen := map[string]bool{}
	for _, w := range words {
		if w == "" || seen[w] {
			continue
		}
		seen[w] = true
		e := dictWord{r: []rune(w), s: w}
		d.byFirst[e.r[0]] = append(d.byFirst[e.r[0]], e)
		d.byLast[e.r[len(e.r)-1]] = append(d.byLast[e.r[len(e.r)-1]], e)
	}
	longestFirst := func(m map[rune][]dictWord) {
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
	longestFirst(d.byFirst)
	longestFirst(d.byLast)
	return d
}

// At returns the longest word starting at rune index i of r, or "".
func (d *Dict) At(r []rune, i int) string {
	if i < 0 || i >= len(r) {
		return ""
	}
	for _, w := range d.byFirst[r[i]] {
		if hasAt(r, i, w.r) {
			return w.s
		}
	}
	return ""
}

// AllAt returns every word starting at i, longest first.
func (d *Dict) AllAt(r []rune, i int) []string {
	if i < 0 || i >= len(r) {
		return nil
	}
	var out []string
	for _, w := range d.byFirst[r[i]] {
		if hasAt(r, i, w.r) {
			out = append(out, w.s)
		}
	}
	return out
}

// Before returns the longest word ending at rune index end (exclusive).
func (d *Dict) Before(r []rune, end int) string {
	if end <= 0 || end > len(r) {
		return ""
	}
	for _, w := range d.byLast[r[end-1]] {
		if start := end - len(w.r); start >= 0 && hasAt(r, start, w.r) {
			return w.s
		}
	}
	return ""
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
