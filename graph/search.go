package graph

import (
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
