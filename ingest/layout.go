package ingest

import (
	"strings"
	"unicode"

	"github.com/policygraph/policygraph/ingest/decode"
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
// again, blank lines and site furniture dropped.
type LayoutRepairer struct{}

// furniture lines carry no content: image placeholders and reader widgets.
var furniture = map[string]bool{
	"图片": true, "[图片]": true, "【资料图】": true, "【图片】": true, "图": true,
	"字号:": true, "字号": true, "打印": true, "关闭": true, "分享到:": true, "分享": true,
}

// Repair returns the page of a decoded text.
func (LayoutRepairer) Repair(t decode.Text) *Page {
	orig, norm := []rune(t.Original), []rune(t.Normalized)
	if len(orig) != len(norm) {
		// Decode guarantees alignment; fall back to matching on the
		// original rather than risk offsets that point elsewhere.
		norm = orig
	}
	var lines []Span
	start := 0
	for i := 0; i <= len(norm); i++ {
		if i == len(norm) || norm[i] == '\n' {
			if s := trim(norm, Span{start, i}); s.Len() > 0 && !furniture[string(norm[s.Start:s.End])] {
				lines = append(lines, s)
			}
			start = i + 1
		}
	}
	// Decide the joins on the original lines, then build the new text.
	var groups [][]Span
	for i, l := range lines {
		if i > 0 && continues(norm, lines[i-1], l, next(lines, i+1)) {
			groups[len(groups)-1] = append(groups[len(groups)-1], l)
			continue
		}
		groups = append(groups, []Span{l})
	}
	return buildPage(orig, norm, groups)
}

// buildPage makes a page whose paragraphs are the groups of spans of
// orig/norm, each group joined without a separator (a column break is not
// a space in Chinese) and paragraphs separated by a newline.
func buildPage(orig, norm []rune, groups [][]Span) *Page {
	p := &Page{}
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

func next(lines []Span, i int) *Span {
	if i < len(lines) {
		return &lines[i]
	}
	return nil
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

// terminal runes end a sentence; a paragraph ending in one is complete.
const terminal = "。！？!?…；;"

// continues decides whether line b carries on line a's paragraph: a must be
// body text that stops mid-sentence (no terminal punctuation), and b must not
// be a structural line (headline, byline, caption, marker) that merely
// follows an unfinished column.
func continues(r []rune, a, b Span, after *Span) bool {
	at, bt := string(r[a.Start:a.End]), string(r[b.Start:b.End])
	if endsSentence(at) || !isBodyText(at) || isSpeakerLabel(at) {
		return false
	}
	if IsByline(bt) || isMarkerLine(bt) || isCaption(bt) || isMetaLine(bt) || strings.HasPrefix(bt, "——") {
		return false
	}
	// A headline right after a broken column: short, no sentence
	// punctuation, and followed by a byline (the next article's).
	if looksLikeHeadline(bt) && after != nil && IsByline(string(r[after.Start:after.End])) {
		return false
	}
	// A numbered section heading (一、… / (二)…) starts afresh.
	if startsNumbered(bt) {
		return false
	}
	return true
}

func endsSentence(s string) bool {
	s = strings.TrimRight(s, "”’」』)）\"'")
	if s == "" {
		return true
	}
	last := []rune(s)
	return strings.ContainsRune(terminal, last[len(last)-1])
}

// isBodyText tells running text from a heading: body text has clause
// punctuation or is longer than any headline; a line ending in an enumeration
// comma is always mid-sentence. A headline may carry a title chain with
// enumeration commas, but then a space sets the name off from the title
// (市人大代表、…总经理何翌滔 加快…).
func isBodyText(s string) bool {
	if strings.HasSuffix(s, "、") || strings.HasSuffix(s, ",") {
		return true
	}
	// A colon alone does not make body text: headlines use it
	// (市人大代表王建国：加快发展低空经济).
	if strings.ContainsAny(s, ",，。;；") {
		return !isMetaLine(s)
	}
	if strings.Contains(s, "、") && !strings.Contains(s, " ") {
		return true
	}
	return len([]rune(s)) >= 50
}

// looksLikeHeadline is a short line without clause punctuation.
func looksLikeHeadline(s string) bool {
	n := len([]rune(s))
	return n > 0 && n <= 60 && !strings.ContainsAny(s, ",，。;；") && !endsSentence(s)
}

func startsNumbered(s string) bool {
	r := []rune(s)
	if len(r) < 2 {
		return false
	}
	if strings.ContainsRune("一二三四五六七八九十", r[0]) && (r[1] == '、' || r[1] == '是') {
		return r[1] == '、'
	}
	return r[0] == '(' || r[0] == '（'
}
