package decode

import (
	_ "embed"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/width"
)

var (
	//go:embed data/opencc/TSCharacters.txt
	tsCharacters string
	//go:embed data/opencc/TSPhrases.txt
	tsPhrases string
)

// maxPhrase is opencc's look-ahead window: phrases longer than this never
// match there, so they must not match here either or the output would differ.
const maxPhrase = 10

// t2s is the traditional→simplified converter built from OpenCC's tables.
type t2s struct {
	// isKey has a bit per BMP rune that starts a phrase or has a character
	// mapping, so the common case — a rune that needs nothing — costs one
	// load and no map lookup.
	isKey   [0x10000 / 64]uint64
	chars   map[rune]rune
	phrases map[[2]rune][]phrase // by first two runes, longest first
	skipped int                  // entries dropped because they would break rune alignment
}

type phrase struct{ from, to []rune }

var (
	tableOnce sync.Once
	table     *t2s
)

// tables parses the embedded dictionaries on first use only, so programs
// that import the package without decoding pay nothing (about 0.3 ms and
// 0.13 MB when they do).
func tables() *t2s {
	tableOnce.Do(func() { table = buildT2S(tsCharacters, tsPhrases) })
	return table
}

func buildT2S(chars, phrases string) *t2s {
	t := &t2s{chars: make(map[rune]rune, 4200), phrases: make(map[[2]rune][]phrase, 300)}
	eachEntry(chars, func(from, to string) {
		f, fs := utf8.DecodeRuneInString(from)
		s, ss := utf8.DecodeRuneInString(to)
		if fs != len(from) || ss != len(to) || f == utf8.RuneError || s == utf8.RuneError {
			t.skipped++
			return
		}
		t.chars[f] = s
		t.mark(f)
	})
	eachEntry(phrases, func(from, to string) {
		f, s := []rune(from), []rune(to)
		if len(f) > maxPhrase {
			return // out of opencc's reach too (酒逢知己千鍾少話不投機半句多)
		}
		if len(f) != len(s) || len(f) < 2 {
			t.skipped++
			return
		}
		key := [2]rune{f[0], f[1]}
		list := append(t.phrases[key], phrase{f, s})
		// Insertion keeps the list longest-first, which is the match order.
		for i := len(list) - 1; i > 0 && len(list[i].from) > len(list[i-1].from); i-- {
			list[i], list[i-1] = list[i-1], list[i]
		}
		t.phrases[key] = list
		t.mark(f[0])
	})
	return t
}

func (t *t2s) mark(r rune) {
	if r < 0x10000 {
		t.isKey[r>>6] |= 1 << (r & 63)
	}
}

func (t *t2s) maybeKey(r rune) bool {
	return r >= 0x10000 || t.isKey[r>>6]&(1<<(r&63)) != 0
}

// eachEntry calls fn with the source and the first candidate of every
// "source<TAB>candidate [candidate…]" line.
func eachEntry(dict string, fn func(from, to string)) {
	for line := range strings.SplitSeq(dict, "\n") {
		line = strings.TrimRight(line, "\r")
		from, cands, ok := strings.Cut(line, "\t")
		if !ok || from == "" {
			continue
		}
		to, _, _ := strings.Cut(cands, " ")
		fn(from, to)
	}
}

// phraseAt returns the simplified form of the longest phrase at the start
// of s, whose first rune is first (size bytes), and the phrase's length in
// bytes of s, or 0.
// Keying on two runes keeps runs of common phrase heads (乾, 覆, 藉) cheap.
func (t *t2s) phraseAt(first rune, size int, s string) ([]rune, int) {
	second, _ := utf8.DecodeRuneInString(s[size:])
	list := t.phrases[[2]rune{first, second}]
outer:
	for _, p := range list {
		i := 0
		for _, want := range p.from {
			r, size := utf8.DecodeRuneInString(s[i:])
			if size == 0 || r != want {
				continue outer
			}
			i += size
		}
		return p.to, i
	}
	return nil, 0
}

// fold maps a width variant to its canonical form, one rune for one rune.
// Only the full- and half-width block, U+3000 and NBSP are touched: the rest
// of NFKC (①→1, ㎡→m2, ﬁ→fi) changes rune counts or meaning.
func fold(r rune) rune {
	switch {
	case r < 0xa0:
		return r
	case r == 0xa0, r == 0x3000:
		return ' '
	case r >= 0xff01 && r <= 0xffee:
		r = halfFull[r-0xff01]
	}
	// Corner brackets are the quotation marks of Hong Kong, Macau and
	// Taiwan: they fold to the mainland's, which every later stage reads.
	switch r {
	case '「':
		return '“'
	case '」':
		return '”'
	case '『':
		return '‘'
	case '』':
		return '’'
	}
	return r
}

// halfFull caches width folding for U+FF01–U+FFEE: full-width text is common
// enough in reports that the trie lookup showed up in profiles.
var halfFull = func() (t [0xffee - 0xff01 + 1]rune) {
	for i := range t {
		r := rune(0xff01 + i)
		if f := width.LookupRune(r).Folded(); f != 0 {
			r = f
		}
		t[i] = r
	}
	return t
}()

// isHan reports the ideographs that t2s can act on; the Traditional share is
// taken over these only, so ASCII-heavy text is judged by its Chinese.
func isHan(r rune) bool {
	return r >= 0x4e00 && r <= 0x9fff || r >= 0x3400 && r <= 0x4dbf ||
		r >= 0xf900 && r <= 0xfaff || r >= 0x20000 && r <= 0x3134f
}

// traditionalShare is the share of Han characters that must change under
// t2s for a text to count as traditional. Simplified text scores 0 (OpenCC
// keeps characters that are also simplified, like 著 and 覆), a few quoted
// traditional names in a simplified report stay far below it, and running
// traditional text scores 15–30%; 5% still catches a short headline with
// one traditional character in a dozen (…提交228件建議).
const traditionalShare = 0.05

// normalize builds Text.Normalized and decides Text.Traditional in one pass.
func normalize(s string) (string, bool) {
	t := tables()
	var b strings.Builder
	b.Grow(len(s))
	han, changed := 0, 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			b.WriteByte(c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !t.maybeKey(r) {
			if isHan(r) {
				han++
			}
			b.WriteRune(fold(r))
			i += size
			continue
		}
		if to, n := t.phraseAt(r, size, s[i:]); n > 0 {
			j := i
			for _, sr := range to {
				or, osize := utf8.DecodeRuneInString(s[j:])
				j += osize
				if isHan(or) {
					han++
					if sr != or {
						changed++
					}
				}
				b.WriteRune(fold(sr))
			}
			i += n
			continue
		}
		out := r
		if sr, ok := t.chars[r]; ok {
			out = sr
		}
		if isHan(r) {
			han++
			if out != r {
				changed++
			}
		}
		b.WriteRune(fold(out))
		i += size
	}
	return b.String(), han > 0 && float64(changed) >= traditionalShare*float64(han)
}
