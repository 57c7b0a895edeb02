package ingest

import (
	"regexp"
	"strings"
	"sync"
	"unicode"

	"github.com/policygraph/policygraph/ingest/lexicon"
)

// lineKind is what a line of a page is. Layout repair and article
// splitting both decide by it, so that a line the splitter would treat as
// a byline is never glued onto a paragraph by the repairer.
type lineKind int

const (
	kindBody      lineKind = iota
	kindHeading            // a short line without clause punctuation
	kindByline             // only credits writers: 记者 张三
	kindCredit             // a photo credit: 蒋长富 廖威 摄
	kindCaption            // a photo caption: ▲…, …图/记者孔东亮
	kindMarker             // a continuation marker: 上接1版
	kindMeta               // page metadata: dates, sources, mastheads
	kindLabel              // a speaker label: 周斌周斌:
	kindFurniture          // site furniture, dropped: 图片, 打印
)

// lines classifies page lines. Its word lists come from the lexicon's
// layout roles (data/layout.tsv).
type lineClassifier struct {
	lex       *lexicon.Lexicon
	reMetaKey *regexp.Regexp
}

var (
	linesOnce sync.Once
	linesDef  *lineClassifier
)

// defaultLines is the classifier over the default lexicon.
func defaultLines() *lineClassifier {
	linesOnce.Do(func() { linesDef = newLines(lexicon.Default()) })
	return linesDef
}

func newLines(lex *lexicon.Lexicon) *lineClassifier {
	var keys []string
	for _, k := range lex.Words(lexicon.RoleMetaKey) {
		keys = append(keys, regexp.QuoteMeta(k))
	}
	return &lineClassifier{lex: lex, reMetaKey: regexp.MustCompile(`^(?:` + strings.Join(keys, "|") + `)[:：]`)}
}

// classify says what kind of line s is.
func (c *lineClassifier) classify(s string) lineKind {
	s = strings.TrimSpace(s)
	switch {
	case c.lex.Is(lexicon.RoleFurniture, s):
		return kindFurniture
	case !hasHan(s) && len(s) <= 20 && !reOnlyDate.MatchString(s):
		// "a", "0 0", "@ME:": the leftovers of widgets and counters.
		return kindFurniture
	case c.isMeta(s):
		return kindMeta
	case c.isByline(s):
		return kindByline
	case c.isCredit(s):
		return kindCredit
	case reMarker.MatchString(s):
		return kindMarker
	case c.isCaption(s):
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
	reOnlyDate = regexp.MustCompile(`^\d{4}[-/年.]\d{1,2}[-/月.]\d{1,2}日?(?:\s*星期[一二三四五六日天])?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?(?:\s+(?:来源|稿源)[:：]\s*\S+)?$`)
	// A masthead: the paper's name alone on a line (湘潭日报).
	reMasthead = regexp.MustCompile(`^[\p{Han}]{2,6}(?:日报|晚报|晨报|时报|商报|都市报)$`)
	reMarker   = regexp.MustCompile(`^[(（]?(?:上接|下转|接上|转下|紧接|接)第?[\dA-Z]+版[)）]?$`)
	// Forum and site lines: 查看: 1494|回复: 0, 发表于 2020-1-22 13:53:08.
	reForumMeta = regexp.MustCompile(`^(?:查看[:：]\s*\d+\s*\|\s*回复[:：]|发表于\s*\d{4}-)`)
)

func (c *lineClassifier) isMeta(s string) bool {
	switch {
	case c.reMetaKey.MatchString(s), reOnlyDate.MatchString(s), reMasthead.MatchString(s),
		reForumMeta.MatchString(s):
		return true
	case strings.HasPrefix(s, "星期") && len([]rune(s)) <= 3:
		return true
	case s == "当前位置:" || s == "当前位置：":
		return true
	case s == "电子报阅读机" || strings.Contains(s, "上一篇") && strings.Contains(s, "下一篇"):
		return true
	case strings.Contains(s, "发布时间") && strings.Contains(s, "来源"):
		return true
	}
	return false
}

// readMeta takes the outlet and date a metadata line gives.
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

// isByline reports whether a line only credits writers.
func (c *lineClassifier) isByline(s string) bool {
	_, names := c.parseByline(s)
	return len(names) > 0
}

// ParseByline splits a byline such as 株洲日报全媒体记者/刘毅, 文/羊城晚报全媒体记者
// 徐炜伦 秦小杰 or 本报记者章杨梓昕长沙报道 into the outlet and the writers.
func ParseByline(s string) (outlet string, names []string) { return defaultLines().parseByline(s) }

func (c *lineClassifier) parseByline(s string) (outlet string, names []string) {
	s = strings.TrimSpace(s)
	if len([]rune(s)) > 40 || strings.ContainsAny(s, "，。,;；!?！？") {
		return "", nil
	}
	for _, p := range []string{"文/", "图/", "文图/", "文/图/", "(", "（"} {
		s = strings.TrimPrefix(s, p)
	}
	s = strings.TrimRight(s, ")）")
	for _, w := range c.lex.Words(lexicon.RoleReporter) {
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
func (c *lineClassifier) isCredit(s string) bool {
	if !strings.HasSuffix(s, "摄") || len([]rune(s)) > 40 {
		return false
	}
	body := strings.TrimSpace(strings.TrimSuffix(s, "摄"))
	for _, f := range strings.Fields(body) {
		if !isHanName(f) && !c.isReporterWord(f) {
			return false
		}
	}
	return body != ""
}

func (c *lineClassifier) isCaption(s string) bool {
	if strings.HasPrefix(s, "▲") || strings.HasPrefix(s, "△") || strings.HasPrefix(s, "图为") {
		return true
	}
	_, names := c.captionCredit(s)
	return len(names) > 0
}

// isReporterWord is a credit's role word, possibly after an outlet:
// 记者, 本报记者, 湖南日报·新湖南客户端记者.
func (c *lineClassifier) isReporterWord(f string) bool {
	for _, w := range c.lex.Words(lexicon.RoleReporter) {
		if outlet, ok := strings.CutSuffix(f, w); ok && len([]rune(outlet)) <= 12 && !strings.ContainsAny(outlet, "，。,.;；:：!！?？") {
			return true
		}
	}
	return false
}

// reTrailingCredit is a caption's closing credit: 记者 李军 摄.
var reTrailingCredit = regexp.MustCompile(`[。.!！]?\s*((?:本报|摄影|[\p{Han}·]{2,12}?(?:客户端|报|网|台))?(?:全媒体|融媒体)?记者|通讯员)\s*([\p{Han}·]{2,5}(?:\s+[\p{Han}·]{2,5})*)\s*摄$`)

// captionCredit finds a caption's credit, 图/记者孔东亮 or 记者 李军 摄, and
// returns where it starts and the names it credits.
func (c *lineClassifier) captionCredit(s string) (int, []string) {
	if strings.HasSuffix(s, "摄") {
		if m := reTrailingCredit.FindStringSubmatchIndex(s); m != nil && m[2] > 0 {
			return m[2], strings.Fields(s[m[4]:m[5]])
		}
	}
	i := strings.LastIndex(s, "图/")
	if i < 0 {
		i = strings.LastIndex(s, "图／")
	}
	if i <= 0 {
		return -1, nil
	}
	_, names := c.parseByline(s[i:])
	return i, names
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

// looksLikeHeadline is a short line without clause punctuation.
func looksLikeHeadline(s string) bool {
	n := len([]rune(s))
	return n > 0 && n <= 60 && !strings.ContainsAny(s, ",，。;；") && !endsSentence(s)
}

// terminal runes end a sentence; a paragraph ending in one is complete.
const terminal = "。！？!?…；;"

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
func (c *lineClassifier) isBodyText(s string) bool {
	if strings.HasSuffix(s, "、") || strings.HasSuffix(s, ",") {
		return true
	}
	// A colon alone does not make body text: headlines use it
	// (市人大代表王建国：加快发展低空经济).
	if strings.ContainsAny(s, ",，。;；") {
		return !c.isMeta(s)
	}
	if strings.Contains(s, "、") && !strings.Contains(s, " ") {
		return true
	}
	return len([]rune(s)) >= 50
}

// startsItem reports a line that opens an item of a list: 一是…, 二要….
func startsItem(s string) bool {
	r := []rune(s)
	return len(r) >= 3 && strings.ContainsRune("一二三四五六七八九十", r[0]) && (r[1] == '是' || r[1] == '要')
}

// startsNumbered reports a numbered section heading (一、… / (二)…).
func startsNumbered(s string) bool {
	r := []rune(s)
	if len(r) < 2 {
		return false
	}
	if strings.ContainsRune("一二三四五六七八九十", r[0]) && (r[1] == '、' || r[1] == '是') {
		return r[1] == '、'
	}
	return r[0] == '(' || r[0] == '（' || arabicItem(r)
}

// arabicItem reports a line opened by an Arabic item number (1.加快…,
// 12、推进…): one or two digits, a stop or 、, then a Han character, which a
// figure broken across columns (1.5万亩, 2024年) never has.
func arabicItem(r []rune) bool {
	n := 0
	for n < len(r) && n < 3 && r[n] >= '0' && r[n] <= '9' {
		n++
	}
	return n >= 1 && n <= 2 && n+1 < len(r) && strings.ContainsRune(".．、", r[n]) && unicode.Is(unicode.Han, r[n+1])
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// isJunk reports a run of ASCII that anti-scraping scripts sprinkle into
// forum pages ("( l8 f, \' ^* _& h$", "& H$ S1 a! M: Q"): several short
// tokens mixing letters, digits and symbols. Dates, versions, acronyms and
// addresses have few tokens or no stray symbols.
func isJunk(r []rune) bool {
	toks := strings.Fields(string(r))
	if len(toks) < 4 {
		return false
	}
	short, symbols := 0, 0 // symbols: tokens with stray symbols or letters mixed with digits
	for _, t := range toks {
		if len(t) <= 3 {
			short++
		}
		if strings.ContainsAny(t, "!#$%&'()*;<=>?@[\\]^_`{|}~") || mixesLetterDigit(t) {
			symbols++
		}
	}
	return short*4 >= len(toks)*3 && symbols >= 2
}

func mixesLetterDigit(t string) bool {
	return strings.ContainsAny(t, "0123456789") && strings.IndexFunc(t, unicode.IsLetter) >= 0
}

// junkRuns returns the spans of norm that are junk: maximal runs of ASCII
// (spaces included) that isJunk accepts.
func junkRuns(norm []rune) []Span {
	var out []Span
	for i := 0; i < len(norm); {
		if norm[i] > 0x7e || norm[i] < 0x20 {
			i++
			continue
		}
		j := i
		for j < len(norm) && norm[j] >= 0x20 && norm[j] <= 0x7e {
			j++
		}
		if isJunk(norm[i:j]) {
			out = append(out, Span{i, j})
		}
		i = j
	}
	return out
}

// rosterEntry reads a line of a roster of deputies or appointees: a name
// (a two-character one padded to three with a space, 王　刚, as rosters
// align them), perhaps a note in brackets or the sex and nationality
// fields (（女，回族）, 女 汉族), a separator, then posts ending in a title.
// It returns the name without padding, where it ends, and where the posts
// start.
func rosterEntry(lex *lexicon.Lexicon, r []rune) (name string, nameEnd, posts int, ok bool) {
	isSpace := func(c rune) bool { return c == ' ' || c == '\u3000' }
	i := 0
	var n []rune
	for i < len(r) && len(n) < 4 {
		if isHan(r[i]) {
			n = append(n, r[i])
		} else if !(isSpace(r[i]) && len(n) == 1 && i+2 < len(r) && isHan(r[i+1]) && !isHan(r[i+2])) {
			break // 王 刚 is padding inside a two-character name
		}
		i++
	}
	if len(n) < 2 || len(n) > 4 || lex.SurnameLen(n) == 0 || i >= len(r) {
		return "", 0, 0, false
	}
	nameEnd = i
	if r[i] == '(' || r[i] == '（' {
		for i < len(r) && r[i] != ')' && r[i] != '）' {
			i++
		}
		i++
	}
	sep := false
	for i < len(r) && (isSpace(r[i]) || strings.ContainsRune(",，:：", r[i])) {
		sep = true
		i++
	}
	if !sep {
		return "", 0, 0, false
	}
	// 女 汉族: the sex and nationality columns of a roster.
	for {
		j := i
		for j < len(r) && isHan(r[j]) {
			j++
		}
		f := string(r[i:j])
		if j == i || j >= len(r) || !isSpace(r[j]) || !(f == "男" || f == "女" || strings.HasSuffix(f, "族") && j-i <= 5) {
			break
		}
		for i = j; i < len(r) && isSpace(r[i]); i++ {
		}
	}
	if i >= len(r) {
		return "", 0, 0, false
	}
	if _, start, ok := lex.TitleAt(r, len(r)); !ok || start < i {
		return "", 0, 0, false
	}
	return string(n), nameEnd, i, true
}
