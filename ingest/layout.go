package ingest

import (
	"strings"
	"unicode"

	"github.com/policygraph/policygraph/ingest/decode"
	"github.com/policygraph/policygraph/ingest/lexicon"
)

// Span is a half-open range of rune offsets in a Page's text.
type Span struct{ Start, End int }

// Len is the span's length in runes.
func (s Span) Len() int { return s.End - s.Start }

// within reports whether s lies inside one of spans.
func (s Span) within(spans []Span) bool {
	for _, o := range spans {
		if s.Start >= o.Start && s.End <= o.End {
			return true
		}
	}
	return false
}

// Page is a document's text after layout repair: one paragraph per line, in
// the script it was printed in (Orig, cited as evidence) and folded for
// matching (Norm: simplified, half-width), rune for rune, so an offset found
// in Norm is the same offset in Orig.
type Page struct {
	Orig  []rune
	Norm  []rune
	Paras []Span
}

// Text returns the folded text of a span.
func (p *Page) Text(s Span) string { return string(p.Norm[s.Start:s.End]) }

// Quote returns the text of a span as printed.
func (p *Page) Quote(s Span) string { return string(p.Orig[s.Start:s.End]) }

// LayoutRepairer undoes what cutting text out of a page layout did to it:
// paragraphs broken where a column ended (碧水长 / 流, 成都、重 / 庆) are joined
// again, blank lines, site furniture and anti-scraping junk dropped.
type LayoutRepairer struct {
	// Lines classifies lines; nil means the default lexicon's.
	Lines *lineClassifier
}

// Repair returns the page of a decoded text.
func (lr LayoutRepairer) Repair(t decode.Text) *Page {
	c := lr.Lines
	if c == nil {
		c = defaultLines()
	}
	orig, norm := []rune(t.Original), []rune(t.Normalized)
	if len(orig) != len(norm) {
		// Decode guarantees alignment; fall back to matching on the
		// original rather than risk offsets that point elsewhere.
		norm = orig
	}
	junk := junkRuns(norm)
	type line struct {
		Span
		pieces  []Span // the line without its junk runs
		barrier bool   // a line of junk came before: never join across it
	}
	var lines []line
	barrier := false
	start := 0
	for i := 0; i <= len(norm); i++ {
		if i != len(norm) && norm[i] != '\n' {
			continue
		}
		raw := Span{start, i}
		start = i + 1
		var pieces []Span
		for _, p := range without(raw, junk) {
			if p = trim(norm, p); p.Len() > 0 {
				pieces = append(pieces, p)
			}
		}
		if len(pieces) == 0 {
			// A line of junk still ends a paragraph: the page printed
			// something there.
			barrier = barrier || trim(norm, raw).Len() > 0
			continue
		}
		if c.classify(textOf(norm, pieces)) == kindFurniture {
			continue
		}
		lines = append(lines, line{Span: Span{pieces[0].Start, pieces[len(pieces)-1].End}, pieces: pieces, barrier: barrier})
		barrier = false
	}
	// Decide the joins on the original lines, then build the new text.
	var groups [][]Span
	for i, l := range lines {
		var after *Span
		if i+1 < len(lines) {
			after = &lines[i+1].Span
		}
		if i > 0 && !l.barrier && c.continues(norm, lines[i-1].Span, l.Span, after) {
			groups[len(groups)-1] = append(groups[len(groups)-1], l.pieces...)
			continue
		}
		groups = append(groups, append([]Span(nil), l.pieces...))
	}
	return buildPage(orig, norm, groups)
}

// textOf is the text of a line's pieces.
func textOf(r []rune, pieces []Span) string {
	var b strings.Builder
	for _, p := range pieces {
		b.WriteString(string(r[p.Start:p.End]))
	}
	return b.String()
}

// without returns s minus the sorted, disjoint spans cut.
func without(s Span, cut []Span) []Span {
	var out []Span
	at := s.Start
	for _, c := range cut {
		if c.End <= at || c.Start >= s.End {
			continue
		}
		if c.Start > at {
			out = append(out, Span{at, c.Start})
		}
		at = max(at, c.End)
	}
	if at < s.End {
		out = append(out, Span{at, s.End})
	}
	return out
}

// buildPage makes a page whose paragraphs are the groups of spans of
// orig/norm, each group joined without a separator (a column break is not
// a space in Chinese) and paragraphs separated by a newline.
func buildPage(orig, norm []rune, groups [][]Span) *Page {
	n := len(groups)
	for _, g := range groups {
		for _, l := range g {
			n += l.End - l.Start
		}
	}
	p := &Page{Orig: make([]rune, 0, n), Norm: make([]rune, 0, n), Paras: make([]Span, 0, len(groups))}
	for gi, g := range groups {
		if gi > 0 {
			p.Orig = append(p.Orig, '\n')
			p.Norm = append(p.Norm, '\n')
		}
		s := len(p.Norm)
		for _, l := range g {
			p.Orig = append(p.Orig, orig[l.Start:l.End]...)
			p.Norm = append(p.Norm, norm[l.Start:l.End]...)
		}
		p.Paras = append(p.Paras, Span{s, len(p.Norm)})
	}
	return p
}

func trim(r []rune, s Span) Span {
	for s.Start < s.End && (unicode.IsSpace(r[s.Start]) || r[s.Start] == '\u3000') {
		s.Start++
	}
	for s.End > s.Start && (unicode.IsSpace(r[s.End-1]) || r[s.End-1] == '\u3000') {
		s.End--
	}
	return s
}

// continues decides whether line b carries on line a's paragraph: a must be
// body text that stops mid-sentence (no terminal punctuation), and b must not
// be a structural line (headline, byline, caption, marker) that merely
// follows an unfinished column.
func (c *lineClassifier) continues(r []rune, a, b Span, after *Span) bool {
	at, bt := string(r[a.Start:a.End]), string(r[b.Start:b.End])
	if endsSentence(at) || !c.isBodyText(at) || isSpeakerLabel(at) {
		return false
	}
	if strings.HasPrefix(at, "——") {
		return false // ——访…: a subhead is a line of its own
	}
	if startsNumbered(at) && len([]rune(at)) <= 60 {
		return false // （九）丰富优质文化供给，增强…影响力: a heading, not a broken column
	}
	if _, _, _, ok := rosterEntry(c.lex, []rune(at)); ok {
		if _, _, _, ok := rosterEntry(c.lex, []rune(bt)); ok {
			return false // two entries of a roster, each a line
		}
	}
	switch kb := c.classify(bt); {
	case kb != kindBody && kb != kindHeading, strings.HasPrefix(bt, "——"):
		return false
	case kb == kindHeading && after != nil && c.classify(string(r[after.Start:after.End])) == kindByline:
		// A headline right after a broken column: short, no sentence
		// punctuation, and followed by a byline (the next article's).
		return false
	}
	// A numbered section heading (一、… / (二)…) starts afresh, and so does
	// the first item after a colon (…三项工作: / 一是…).
	if strings.HasSuffix(at, ":") || strings.HasSuffix(at, "：") {
		if startsItem(bt) {
			return false
		}
	}
	if m := reTurnLabel.FindStringSubmatch(bt); m != nil && (c.lex.Is(lexicon.RoleAsker, m[1]) || c.lex.Is(lexicon.RoleAnswerer, m[1])) {
		return false // 问：…, 答：…: a transcript's turn opens its own paragraph
	}
	return !startsNumbered(bt)
}
