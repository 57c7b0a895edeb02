package ingest

import (
	"strings"

	"github.com/policygraph/policygraph/ingest/lexicon"
)

// Article is one piece of a page: its heading lines, the people who wrote it
// and its body paragraphs, all as spans of the Page.
type Article struct {
	Headings  []Span // every heading line above the article, kickers included
	Headline  []Span // the line(s) that name the article
	Subheads  []Span // ——访… lines
	Labels    []Span // speaker labels such as 周斌周斌:
	Reporters []string
	Captions  []Span
	Body      []Span

	bodyParas []int // indices of Body in Page.Paras
}

// HeadlineText joins the headline lines with a space, as a reader sees them.
func (a *Article) HeadlineText(p *Page) string {
	var parts []string
	for _, s := range a.Headline {
		parts = append(parts, p.Text(s))
	}
	return strings.Join(parts, " ")
}

// HeadlineQuote is HeadlineText as printed.
func (a *Article) HeadlineQuote(p *Page) string {
	var parts []string
	for _, s := range a.Headline {
		parts = append(parts, p.Quote(s))
	}
	return strings.Join(parts, " ")
}

// Layout is a page split into articles, with what the page says about
// itself (title, outlet, date).
type Layout struct {
	Articles  []Article
	Title     string
	Newspaper string
	Date      string // YYYY-MM-DD when the page gives a full date
}

// ArticleSplitter cuts a page into articles at heading runs and separates
// bylines, photo credits, captions, continuation markers and site metadata
// from the text the extractor reads. It also undoes column jumps: an
// article's tail printed before its own headline is moved back.
type ArticleSplitter struct {
	Lex *lexicon.Lexicon
}

// lines is the line classifier over the splitter's lexicon.
func (sp ArticleSplitter) lines() *lineClassifier {
	if sp.Lex == nil || sp.Lex == lexicon.Default() {
		return defaultLines()
	}
	return newLines(sp.Lex)
}

// Split returns the page's articles and metadata, and the page itself,
// rebuilt when a tail was moved (offsets then refer to the new page).
func (sp ArticleSplitter) Split(p *Page) (Layout, *Page) {
	c := sp.lines()
	l := c.split(p)
	if np := sp.reattachTails(p, l); np != nil {
		return c.split(np), np
	}
	return l, p
}

// reattachTails finds an article C whose text stops mid-sentence right
// after an article B that ends with paragraphs never naming B's subject
// (the person B's headline names): those paragraphs are C's tail, printed
// before C's headline where the column jumped (…也要拿出更有 / 吸引力的人才政策).
// It returns the rebuilt page, or nil when nothing moves.
func (sp ArticleSplitter) reattachTails(p *Page, l Layout) *Page {
	if sp.Lex == nil {
		return nil
	}
	join := map[int][]int{} // C's last paragraph → the tail to append to it
	moved := map[int]bool{}
	for k := 1; k < len(l.Articles); k++ {
		b, c := l.Articles[k-1], l.Articles[k]
		if len(c.bodyParas) == 0 || len(b.bodyParas) < 2 || len(b.Headline) == 0 {
			continue
		}
		last := c.bodyParas[len(c.bodyParas)-1]
		if endsSentence(p.Text(p.Paras[last])) {
			continue
		}
		name := sp.subjectName(b.HeadlineText(p))
		if name == "" {
			continue
		}
		j := len(b.bodyParas)
		for j > 0 && !strings.Contains(p.Text(p.Paras[b.bodyParas[j-1]]), name) {
			j--
		}
		if j == 0 || j == len(b.bodyParas) {
			continue
		}
		run := b.bodyParas[j:]
		join[last] = run
		for _, i := range run {
			moved[i] = true
		}
	}
	if len(join) == 0 {
		return nil
	}
	var groups [][]Span
	for i, s := range p.Paras {
		if moved[i] {
			continue
		}
		if run, ok := join[i]; ok {
			groups = append(groups, []Span{s, p.Paras[run[0]]})
			for _, r := range run[1:] {
				groups = append(groups, []Span{p.Paras[r]})
			}
			continue
		}
		groups = append(groups, []Span{s})
	}
	return buildPage(p.Orig, p.Norm, groups)
}

// subjectName is the person a headline such as 市人大代表、株洲跃达建筑总经理
// 何翌滔 加快打通… names: what follows the last title before the first space.
func (sp ArticleSplitter) subjectName(headline string) string {
	first := []rune(strings.Fields(headline)[0])
	for end := len(first) - 2; end >= 1; end-- {
		if _, _, ok := sp.Lex.TitleAt(first, end); ok {
			name := first[end:]
			if len(name) >= 2 && len(name) <= 4 && isHanName(string(name)) {
				return string(name)
			}
			return ""
		}
	}
	return ""
}

// split classifies the paragraphs and groups them into articles.
func (c *lineClassifier) split(p *Page) Layout {
	var l Layout
	kinds := make([]lineKind, len(p.Paras))
	for i, s := range p.Paras {
		kinds[i] = c.classify(p.Text(s))
		if kinds[i] == kindMeta {
			readMeta(p.Text(s), &l)
		}
	}
	var cur *Article
	var run []int // heading lines waiting for their article
	flush := func() {
		if len(run) == 0 {
			return
		}
		l.Articles = append(l.Articles, Article{})
		cur = &l.Articles[len(l.Articles)-1]
		for _, i := range run {
			s := p.Paras[i]
			switch {
			case kinds[i] == kindLabel:
				cur.Labels = append(cur.Labels, s)
			case strings.HasPrefix(p.Text(s), "——"):
				cur.Subheads = append(cur.Subheads, s)
				cur.Headings = append(cur.Headings, s)
			default:
				cur.Headings = append(cur.Headings, s)
			}
		}
		cur.Headline = c.pickHeadline(p, cur.Headings)
		if l.Title == "" && len(cur.Headings) > 0 {
			l.Title = p.Text(cur.Headings[0])
		}
		run = nil
	}
	for i, s := range p.Paras {
		text := p.Text(s)
		switch kinds[i] {
		case kindMeta, kindMarker:
			continue
		case kindHeading, kindLabel:
			run = append(run, i)
			continue
		}
		flush()
		if cur == nil {
			l.Articles = append(l.Articles, Article{})
			cur = &l.Articles[len(l.Articles)-1]
		}
		switch kinds[i] {
		case kindByline:
			outlet, names := c.parseByline(text)
			cur.Reporters = append(cur.Reporters, names...)
			if l.Newspaper == "" {
				l.Newspaper = outlet
			}
		case kindCredit:
			// Photo credits name photographers and the people pictured;
			// neither is a statement of the article.
		case kindCaption:
			cur.Captions = append(cur.Captions, c.captionText(p, s))
			if _, names := c.captionCredit(text); len(names) > 0 {
				cur.Reporters = append(cur.Reporters, names...)
			}
		default:
			cur.Body = append(cur.Body, s)
			cur.bodyParas = append(cur.bodyParas, i)
		}
	}
	flush()
	// A work report dates itself in its subhead (——2025年1月10日在…会议上).
	if l.Date == "" {
		for _, a := range l.Articles {
			for _, s := range a.Subheads {
				if m := reDate.FindStringSubmatch(p.Text(s)); m != nil {
					l.Date = m[1] + "-" + pad2(m[2]) + "-" + pad2(m[3])
					return l
				}
			}
		}
	}
	return l
}

// pickHeadline chooses the lines that name an article from its heading run:
// the line above a ——访 subhead; else the last line, joined with the one
// before when both are short (a two-line headline such as 聚焦“城市窗口” /
// 让出行体验更舒心).
func (c *lineClassifier) pickHeadline(p *Page, hs []Span) []Span {
	if len(hs) == 0 {
		return nil
	}
	for i, s := range hs {
		if strings.HasPrefix(p.Text(s), "——") {
			if i > 0 {
				return []Span{hs[i-1]}
			}
			return nil
		}
	}
	last := hs[len(hs)-1]
	if len(hs) >= 2 {
		prev := hs[len(hs)-2]
		if prev.Len() <= 12 && last.Len() <= 12 && !c.lex.Is(lexicon.RoleKicker, p.Text(prev)) {
			return []Span{prev, last}
		}
	}
	return []Span{last}
}

// captionText is the caption without its ▲ mark and credit.
func (c *lineClassifier) captionText(p *Page, s Span) Span {
	text := p.Norm[s.Start:s.End]
	if len(text) > 0 && (text[0] == '▲' || text[0] == '△') {
		s.Start++
	}
	if i, names := c.captionCredit(p.Text(s)); len(names) > 0 {
		s.End = s.Start + len([]rune(p.Text(s)[:i]))
	}
	return s
}
