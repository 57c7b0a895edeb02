package ingest

import (
	"regexp"
	"strings"
	"unicode"

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

// lineKind classifies a paragraph of a page.
type lineKind int

const (
	kindBody lineKind = iota
	kindHeading
	kindByline
	kindCredit
	kindCaption
	kindMarker
	kindMeta
	kindLabel
)

// ArticleSplitter cuts a page into articles at heading runs and separates
// bylines, photo credits, captions, continuation markers and site metadata
// from the text the extractor reads. It also undoes column jumps: an
// article's tail printed before its own headline is moved back.
type ArticleSplitter struct {
	Lex *lexicon.Lexicon
}

// Split returns the page's articles and metadata, and the page itself,
// rebuilt when a tail was moved (offsets then refer to the new page).
func (sp ArticleSplitter) Split(p *Page) (Layout, *Page) {
	l := split(p)
	if np := sp.reattachTails(p, l); np != nil {
		return split(np), np
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
func split(p *Page) Layout {
	var l Layout
	kinds := make([]lineKind, len(p.Paras))
	for i, s := range p.Paras {
		kinds[i] = classify(p.Text(s))
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
		cur.Headline = pickHeadline(p, cur.Headings)
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
			outlet, names := ParseByline(text)
			cur.Reporters = append(cur.Reporters, names...)
			if l.Newspaper == "" {
				l.Newspaper = outlet
			}
		case kindCredit:
			// Photo credits name photographers and the people pictured;
			// neither is a statement of the article.
		case kindCaption:
			cur.Captions = append(cur.Captions, captionText(p, s))
			if _, names := captionCredit(text); len(names) > 0 {
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
func pickHeadline(p *Page, hs []Span) []Span {
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
		if prev.Len() <= 12 && last.Len() <= 12 && !isKicker(p.Text(prev)) {
			return []Span{prev, last}
		}
	}
	return []Span{last}
}

// kickers are section labels a page prints above articles.
var kickers = []string{"代表委员说", "两会访谈", "委员说", "代表说", "热点", "评论", "特别报道", "两会特刊", "关注两会", "聚焦两会"}

func isKicker(s string) bool {
	for _, k := range kickers {
		if s == k {
			return true
		}
	}
	return false
}

func classify(s string) lineKind {
	switch {
	case isMetaLine(s):
		return kindMeta
	case IsByline(s):
		return kindByline
	case isCredit(s):
		return kindCredit
	case isMarkerLine(s):
		return kindMarker
	case isCaption(s):
		return kindCaption
	case isSpeakerLabel(s):
		return kindLabel
	case looksLikeHeadline(s):
		return kindHeading
	}
	return kindBody
}

var (
	reDate     = regexp.MustCompile(`(20\d{2}|19\d{2})[-/年.](\d{1,2})[-/月.](\d{1,2})日?`)
	reMetaKey  = regexp.MustCompile(`^(?:发布时间|更新时间|时间|日期|来源|作者|编辑|责任编辑|浏览次数|点击数|字号|版面|当前报纸名称|核心提示|正文图片|阅读|稿源|出处)[:：]`)
	reOnlyDate = regexp.MustCompile(`^\d{4}[-/年.]\d{1,2}[-/月.]\d{1,2}日?(?:\s*星期[一二三四五六日天])?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?(?:\s+(?:来源|稿源)[:：]\s*\S+)?$`)
	// A masthead: the paper's name alone on a line (湘潭日报).
	reMasthead = regexp.MustCompile(`^[\p{Han}]{2,6}(?:日报|晚报|晨报|时报|商报|都市报)$`)
	reMarker   = regexp.MustCompile(`^[(（]?(?:上接|下转|接上|转下|紧接|接)第?[\dA-Z]+版[)）]?$`)
)

func isMetaLine(s string) bool {
	s = strings.TrimSpace(s)
	switch {
	case reMetaKey.MatchString(s), reOnlyDate.MatchString(s), reMasthead.MatchString(s):
		return true
	case strings.HasPrefix(s, "星期") && len([]rune(s)) <= 3:
		return true
	case s == "电子报阅读机" || strings.Contains(s, "上一篇") && strings.Contains(s, "下一篇"):
		return true
	case strings.Contains(s, "发布时间") && strings.Contains(s, "来源"):
		return true
	}
	return false
}

func readMeta(s string, l *Layout) {
	if reMasthead.MatchString(strings.TrimSpace(s)) && l.Newspaper == "" {
		l.Newspaper = strings.TrimSpace(s)
		return
	}
	if m := reDate.FindStringSubmatch(s); m != nil && l.Date == "" {
		l.Date = m[1] + "-" + pad2(m[2]) + "-" + pad2(m[3])
	}
	for _, key := range []string{"当前报纸名称", "来源", "稿源"} {
		i := strings.Index(s, key)
		if i < 0 {
			continue
		}
		rest := strings.TrimLeft(s[i+len(key):], ":： ")
		name := strings.FieldsFunc(rest, func(r rune) bool { return unicode.IsSpace(r) || r == '|' })
		if len(name) > 0 && !strings.Contains(name[0], "本站") && l.Newspaper == "" {
			l.Newspaper = name[0]
		}
	}
}

func pad2(s string) string {
	if len(s) == 1 {
		return "0" + s
	}
	return s
}

func isMarkerLine(s string) bool { return reMarker.MatchString(strings.TrimSpace(s)) }

// reporterWords introduce the writers of an article in a byline.
var reporterWords = []string{"全媒体记者", "融媒体记者", "特约记者", "本报记者", "见习记者", "实习记者", "记者", "通讯员", "实习生"}

// IsByline reports whether a line only credits writers.
func IsByline(s string) bool {
	_, names := ParseByline(s)
	return len(names) > 0
}

// ParseByline splits a byline such as 株洲日报全媒体记者/刘毅, 文/羊城晚报全媒体记者
// 徐炜伦 秦小杰 or 本报记者章杨梓昕长沙报道 into the outlet and the writers.
func ParseByline(s string) (outlet string, names []string) {
	s = strings.TrimSpace(s)
	if len([]rune(s)) > 40 || strings.ContainsAny(s, "，。,;；!?！？") {
		return "", nil
	}
	for _, p := range []string{"文/", "图/", "文图/", "文/图/", "(", "（"} {
		s = strings.TrimPrefix(s, p)
	}
	s = strings.TrimRight(s, ")）")
	for _, w := range reporterWords {
		i := strings.Index(s, w)
		if i < 0 {
			continue
		}
		before := s[:i]
		if len([]rune(before)) > 12 || strings.ContainsAny(before, "/、 ") {
			continue
		}
		rest := strings.TrimLeft(s[i+len(w):], "/／:： ")
		rest = strings.TrimSuffix(strings.TrimSuffix(rest, "报道"), "摄")
		rest = trimPlaceSuffix(rest)
		for _, n := range strings.FieldsFunc(rest, func(r rune) bool { return unicode.IsSpace(r) || r == '、' || r == '/' }) {
			if !isHanName(n) {
				return "", nil
			}
			names = append(names, n)
		}
		if len(names) == 0 {
			return "", nil
		}
		if before != "本报" && before != "" {
			outlet = before
		}
		return outlet, names
	}
	return "", nil
}

// trimPlaceSuffix drops the dateline place after a name (章杨梓昕长沙 报道).
func trimPlaceSuffix(s string) string {
	r := []rune(s)
	if len(r) <= 4 {
		return s
	}
	for _, n := range []int{3, 2} {
		if len(r)-n >= 2 && isPlaceName(string(r[len(r)-n:])) {
			return string(r[:len(r)-n])
		}
	}
	return s
}

func isHanName(s string) bool {
	r := []rune(s)
	if len(r) < 2 || len(r) > 5 {
		return false
	}
	for _, c := range r {
		if !unicode.Is(unicode.Han, c) && c != '·' {
			return false
		}
	}
	return true
}

// isCredit is a photo credit line: names followed by 摄.
func isCredit(s string) bool {
	s = strings.TrimSpace(s)
	if !strings.HasSuffix(s, "摄") || len([]rune(s)) > 30 {
		return false
	}
	body := strings.TrimSpace(strings.TrimSuffix(s, "摄"))
	for _, f := range strings.Fields(body) {
		if !isHanName(f) && !isReporterWord(f) {
			return false
		}
	}
	return body != ""
}

func isCaption(s string) bool {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "▲") || strings.HasPrefix(s, "△") || strings.HasPrefix(s, "图为") {
		return true
	}
	_, names := captionCredit(s)
	return len(names) > 0
}

// isReporterWord is a credit's role word: 记者, 本报记者, 通讯员…
func isReporterWord(f string) bool {
	for _, w := range reporterWords {
		if strings.HasSuffix(f, w) && len([]rune(f))-len([]rune(w)) <= 6 {
			return true
		}
	}
	return false
}

// reTrailingCredit is a caption's closing credit: 记者 李军 摄.
var reTrailingCredit = regexp.MustCompile(`[。.!！]?\s*((?:本报|摄影)?记者|通讯员)\s*([\p{Han}·]{2,5}(?:\s+[\p{Han}·]{2,5})*)\s*摄$`)

// captionCredit finds a caption's credit, 图/记者孔东亮 or 记者 李军 摄, and
// returns where it starts and the names it credits.
func captionCredit(s string) (int, []string) {
	if m := reTrailingCredit.FindStringSubmatchIndex(s); m != nil && m[2] > 0 {
		return m[2], strings.Fields(s[m[4]:m[5]])
	}
	i := strings.LastIndex(s, "图/")
	if i < 0 {
		i = strings.LastIndex(s, "图／")
	}
	if i <= 0 {
		return -1, nil
	}
	_, names := ParseByline(s[i:])
	return i, names
}

// captionText is the caption without its ▲ mark and credit.
func captionText(p *Page, s Span) Span {
	text := p.Norm[s.Start:s.End]
	if len(text) > 0 && (text[0] == '▲' || text[0] == '△') {
		s.Start++
	}
	if i, names := captionCredit(p.Text(s)); len(names) > 0 {
		s.End = s.Start + len([]rune(p.Text(s)[:i]))
	}
	return s
}

// isSpeakerLabel is a line such as 周斌周斌: that names who speaks next.
func isSpeakerLabel(s string) bool {
	s = strings.TrimSpace(s)
	if !strings.HasSuffix(s, ":") && !strings.HasSuffix(s, "：") {
		return false
	}
	body := []rune(strings.TrimRight(s, ":："))
	return len(body) >= 2 && len(body) <= 8 && isHanName(string(body[:min(len(body), 4)]))
}
