package ingest

import (
	"sync"

	"github.com/go-ego/gse"

	"github.com/policygraph/policygraph/ingest/gazetteer"
	"github.com/policygraph/policygraph/ingest/lexicon"
)

// Segmenter splits Chinese text into words with go-ego/gse, using gse's
// embedded simplified-Chinese dictionary (so a deployed binary needs no
// dictionary files) plus the project's lexicons, so that titles, industries
// and place names come out as single words.
//
// gse's part-of-speech tags are a poor name recogniser on their own (names
// split into single characters), so extraction uses the segmenter only
// where an anchor (a title, a suffix) already says what to look for: to find
// where a name or an organisation's name ends.
type Segmenter struct {
	seg   gse.Segmenter
	index *wordIndex // the dictionary as cut reads it
}

var (
	segOnce sync.Once
	segDef  *Segmenter
	segErr  error
)

// DefaultSegmenter loads the dictionaries once per process (about 1.3 s and
// 200 MB) and shares the result; gse only reads its dictionary after loading.
func DefaultSegmenter() (*Segmenter, error) {
	segOnce.Do(func() { segDef, segErr = newSegmenter(lexicon.Default(), gazetteer.Default()) })
	return segDef, segErr
}

func newSegmenter(lex *lexicon.Lexicon, gaz *gazetteer.Gazetteer) (*Segmenter, error) {
	s := &Segmenter{}
	s.seg.SkipLog = true
	// Only zh_s: the traditional dictionary would double load time and
	// memory, and decode has already folded traditional text to simplified.
	if err := s.seg.LoadDictEmbed("zh_s"); err != nil {
		return nil, err
	}
	// Tokens added with AddToken have no path weight until CalcToken runs,
	// so Cut ignores them (gse#143). AddTokenForce recomputes the whole
	// dictionary on every call (minutes for a few thousand words): add
	// everything, then compute once. Frequencies stay above MinTokenFreq,
	// below which tokens are dropped silently.
	for _, w := range lex.TitleWords() {
		_ = s.seg.AddToken(w, 2000, "n")
	}
	for _, w := range lex.IndustryWords() {
		if len([]rune(w)) >= 2 {
			_ = s.seg.AddToken(w, 1000, "n")
		}
	}
	for _, name := range gaz.Names() {
		if len([]rune(name)) >= 2 {
			if _, _, ok := s.seg.Dictionary().Find([]byte(name)); !ok {
				_ = s.seg.AddToken(name, 500, "ns")
			}
		}
	}
	s.seg.CalcToken()
	s.index = newWordIndex(s.seg.Dict)
	return s, nil
}

// Cut segments text as gse does with its HMM enabled (see cut), which is what joins unknown
// names (蒋长富, 宋慧玲) into words.
func (s *Segmenter) Cut(text string) []string { return s.cut(text) }

// Pos segments text with dictionary parts of speech.
func (s *Segmenter) Pos(text string) []gse.SegPos { return s.seg.Pos(text, false) }

// Word looks a word up in the dictionary.
func (s *Segmenter) Word(w string) (freq float64, pos string, ok bool) {
	f, p, ok := s.seg.Dictionary().Find([]byte(w))
	return f, p, ok
}

// IsCommonWord reports whether w is an ordinary dictionary word rather than
// a name: known, not tagged as a person or place, and frequent enough that a
// name is unlikely to be spelled that way.
func (s *Segmenter) IsCommonWord(w string) bool {
	f, pos, ok := s.Word(w)
	if !ok {
		return false
	}
	if len(pos) > 0 && (pos[0] == 'n' && len(pos) > 1 && (pos[1] == 'r' || pos[1] == 's')) {
		return false
	}
	return f >= 50
}

// sentences splits a span at sentence ends, keeping closing quotes with the
// sentence they close and never cutting inside a 《title》.
func sentences(p *Page, s Span) []Span {
	var out []Span
	start := s.Start
	depth := 0
	for i := s.Start; i < s.End; i++ {
		switch p.Norm[i] {
		case '《':
			depth++
		case '》':
			if depth > 0 {
				depth--
			}
		}
		if depth > 0 || !isSentenceEnd(p.Norm[i]) || insideShortQuote(p.Norm, i, s.End) {
			continue
		}
		j := i + 1
		for j < s.End && isCloser(p.Norm[j]) {
			j++
		}
		if t := trim(p.Norm, Span{start, j}); t.Len() > 0 {
			out = append(out, t)
		}
		start = j
		i = j - 1
	}
	if t := trim(p.Norm, Span{start, s.End}); t.Len() > 0 {
		out = append(out, t)
	}
	return out
}

// insideShortQuote reports a mark that ends no sentence because a short
// quotation goes on after it (开展“你好！重庆”等品牌推介): its closing mark
// comes within a few characters and no other sentence end comes first.
// Speech that closes on the mark (“加油！”他说) or goes on into another
// sentence (“加油！明年更好。”) still ends there.
func insideShortQuote(r []rune, i, end int) bool {
	const near = 12
	if i+1 >= end || isCloser(r[i+1]) {
		return false
	}
	open := false
	for j := i - 1; j >= 0 && j >= i-near; j-- {
		if r[j] == '”' {
			return false
		}
		if r[j] == '“' {
			open = true
			break
		}
	}
	if !open {
		return false
	}
	for j := i + 1; j < end && j <= i+near; j++ {
		switch {
		case r[j] == '”':
			return true
		case isSentenceEnd(r[j]):
			return false
		}
	}
	return false
}

func isSentenceEnd(r rune) bool {
	switch r {
	case '。', '!', '?', '！', '？', ';', '；', '…':
		return true
	}
	return false
}

func isCloser(r rune) bool {
	switch r {
	case '”', '’', '」', '』', ')', '）', '…', '"':
		return true
	}
	return false
}
