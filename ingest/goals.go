package ingest

import (
	"regexp"
	"regexp/syntax"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/ingest/lexicon"
)

// goalHit is a goal set at a place in the text.
type goalHit struct {
	Span
	Ref      ref
	Sentence int
	Parts    int  // a numbered goal (聚力三大攻坚) has this many parts
	Narrow   bool // only its own clause says what it targets
	Item     bool // an item of a list of tasks (一是…, a run-in subhead): its text runs to the next item
	Section  bool // the head of a (一) section: its text stops where its items begin
}

var (
	// 唱响一个品牌, 推进“三大会战”, 着力打造“三个高地”.
	reNumbered = regexp.MustCompile(`^[“‘"]?([一二两三四五六七八九十]{1,2})(个|大|项|条|张)([\p{Han}]{1,6}?)[”’"]?(?:[,，。;；、!！:：]|$)`)
	// 打好安全生产攻坚战.
	reCampaign = regexp.MustCompile(`(打好|打赢)([\p{Han}]{2,10}?)(攻坚战|保卫战|持久战|攻坚)`)
	// 在产业转型升级上实现新突破, 聚力在发展新质生产力上取得新突破.
	reBreakthrough = regexp.MustCompile(`(?:聚力|着力|努力|奋力)?在([\p{Han}“”]{2,14}?)上(实现|取得)新突破`)
	// 围绕“文旅文创融合”, 持续用力“培育制造名城、建设幸福株洲”.
	reSlogan = regexp.MustCompile(`(` + strings.Join(sloganVerbs, "|") + `)[“‘]([^”’“‘,，。;；]{4,20})[”’]`)
	// (一)坚定不移推进产业强市。: the head of a numbered task section, whole:
	// a head longer than a head can be is body text, not cut short.
	reSection = regexp.MustCompile(`^[(（]([一二三四五六七八九十]{1,2})[)）]\s*([^。;；!！?？]{4,60})(?:[。;；!！?？]|$)`)
	// 1.加快建设…。, （2）打造…: a numbered head in a plan's list of tasks;
	// elsewhere Arabic numbers count anything (proposals, figures, steps).
	reNumberedHead = regexp.MustCompile(`^(?:[(（]\d{1,2}[)）]|\d{1,2}[.．、])\s*([^。;；!！?？:：]{4,60})(?:[。;；!！?？:：]|$)`)
	// 一要…, 二是…, 第三，…: an item of a list of tasks.
	reItem = regexp.MustCompile(`^(?:[一二三四五六七八九十]{1,2}(?:要|是)|第[一二三四五六七八九十]{1,2}[,，、]|首先[,，]?|其次[,，]?|再次[,，]?|最后[,，]?)`)
	// 一、…: a top-level heading.
	reTopHeading = regexp.MustCompile(`^[一二三四五六七八九十]{1,2}、`)
	// 加快把登封建设成…节点城市.
	reMakeInto = regexp.MustCompile(`把([\p{Han}]{2,6}?)(建设|打造)成为?([^,，。;；:：]{2,36}?` + goalNouns + `)`)
)

// reCountedAfter counts what a quotation lists (“…”三个关键问题, 三大核心诉求).
var reCountedAfter = regexp.MustCompile(`^[一二三四五六七八九十两]+(?:个|大|项|方面|条)`)

// sloganVerbs set a quoted slogan; programmeVerbs build a quoted programme.
var (
	sloganVerbs    = []string{"围绕", "持续用力", "锚定", "落实", "奋力推动", "全力打造", "着力打造"}
	programmeVerbs = []string{"打造", "建设", "实施", "构建", "推进"}
)

// sloganOpeners and programmeOpeners are the verbs before an opening quote,
// which a sentence must hold for reSlogan or reCountedProgramme to match.
var (
	sloganOpeners    = quoteOpened(sloganVerbs)
	programmeOpeners = quoteOpened(programmeVerbs)
)

// quoteOpened returns each word followed by an opening quote: what a
// sentence must contain for a verb and its quoted object to match, a far
// rarer thing than a quote alone.
func quoteOpened(words []string) []string {
	var out []string
	for _, w := range words {
		out = append(out, w+"“", w+"‘")
	}
	return out
}

// goalNouns end the object of a goal verb: what a government builds.
const goalNouns = `(?:产业体系|品牌|节点城市|先行城市|友好城市|典范城市|城市|名城|中城|新城|高地|示范区|示范县|示范市|先行区|试验区|旅游景区|景区|枢纽|基地|经贸港|强市|强县|强省|增长极|动力源|交通极|现代化新[\p{Han}]{1,3})`

// goalRecognizer reads the goals a government or official sets:
//   - the structure of a work report's task sections: numbered section
//     heads ((一)…), their items (一要…, 一是…) and run-in subheads (a short
//     task phrase that opens a paragraph), outside review sections;
//   - numbered programmes (打造“三大高地”) and their parts, campaigns
//     (打好…攻坚战), breakthroughs (在…上取得新突破), slogans (围绕“…”), and
//     what is to be built (把…建设成…);
//   - in running text, the task phrases a government or official resolves
//     on (龙华区将…全力加速“五个区”建设、全域推进数字化发展), split at 、 and ，;
//   - the theme of an interview with an official.
type goalRecognizer struct{}

func (g goalRecognizer) recognize(d *Doc, b *Builder) {
	// sectioned is set once a plan part has numbered section heads: the
	// tasks in its paragraphs are the sections' details, which the heads
	// and run-in subheads already name (a report that structures its plan
	// structures all of it, so the part's later headings keep it set).
	sectioned := false
	for k, s := range d.Sentences {
		if k > 0 && d.Part[k] != d.Part[k-1] {
			sectioned = false
		}
		if s.Kind == Caption || d.Part[k] == ReviewPart && !d.future(k) {
			continue // a review reports what was done, not what is to be
		}
		text := d.Text(s.Span)
		if s.Kind == Body {
			if g.structured(d, b, k, text, d.Part[k] == PlanPart) && d.Part[k] == PlanPart {
				sectioned = true
			}
			g.numbered(d, b, k, text)
			for _, m := range findAll(reCampaign, text, "攻坚", "保卫战", "持久战") {
				g.named(d, b, k, text, m[0], m[1], text[m[0]:m[1]], "")
			}
			for _, m := range findAll(reBreakthrough, text, "新突破") {
				g.named(d, b, k, text, m[0], m[1], text[m[0]:m[1]], "")
			}
			for _, m := range findAll(reSlogan, text, sloganOpeners...) {
				inner := text[m[4]:m[5]]
				if strings.ContainsAny(inner, "+＋") || hasLatin(inner) || strings.HasPrefix(text[m[1]:], "等") || reNumbered.MatchString(inner) {
					continue
				}
				if reCountedAfter.MatchString(text[m[1]:]) || containsRole(d.Lex, []rune(inner), lexicon.RoleInterrogative) {
					continue // 围绕“钱从哪里来、用到哪里去”三个关键问题: the matters a task addresses, not a slogan
				}
				// The slogan with the verb that sets it (锚定“三高四新”): a goal
				// says what to do, the slogan alone is its alias.
				from := m[0]
				if w, ok := d.Lex.CueBefore(lexicon.RoleIntensifier, []rune(text), len([]rune(text[:m[0]]))); ok {
					from -= len(w) // 全面落实“一规划两纲要”
				}
				g.named(d, b, k, text, from, m[1], text[from:m[1]], inner)
			}
			for _, m := range findAll(reMakeInto, text, "把") {
				name := text[m[4]:m[5]] + "成" + text[m[6]:m[7]]
				if h := g.named(d, b, k, text, m[0], m[1], name, text[max(0, m[0]-len("加快")):m[1]]); h != nil {
					h.Narrow = true
				}
			}
			if !sectioned {
				g.tasks(d, b, k, text, g.resolved(d, b, k))
			}
			g.quotedTargets(d, b, k, text)
		}
	}
	// The theme of an interview is the interviewee's goal.
	for ai, a := range d.Layout.Articles {
		if b.interview[ai] && len(a.Headline) > 0 {
			head := Span{a.Headline[0].Start, a.Headline[len(a.Headline)-1].End}
			if k, ok := d.SentenceAt(head.Start); ok {
				g.named(d, b, k, d.Text(head), 0, len(d.Text(head)), a.HeadlineText(d.Page), "")
			}
		}
	}
}

// future reports a sentence about what is to be done: a year to come, 今年,
// 下一步 or 将 (2024年，攸县将…): in a review section, it plans.
func (d *Doc) future(k int) bool {
	return reFuture.MatchString(d.Text(d.Sentences[k].Span))
}

var reFuture = regexp.MustCompile(`(?:今年|明年|下一步|今后|未来|接下来|新的一年|\d{4}年)[^。]{0,12}?(?:将|要|力争|计划)|我们将|将继续|将全力|将着力|将加快`)

// containsRole reports whether r contains a word of role.
func containsRole(lex *lexicon.Lexicon, r []rune, role lexicon.Role) bool {
	for i := range r {
		if _, ok := lex.CueAt(role, r, i); ok {
			return true
		}
	}
	return false
}

// structured reads section heads, items and run-in subheads; it reports
// whether sentence k is a numbered section head.
func (g goalRecognizer) structured(d *Doc, b *Builder, k int, text string, plan bool) bool {
	s := d.Sentences[k]
	paraStart := d.isParaStart(s.Start)
	if m := reSection.FindStringSubmatchIndex(text); m != nil && paraStart && d.Part[k] != ReviewPart && (d.taskPhrase([]rune(text[m[4]:m[5]])) || d.hasVerb(text[m[4]:m[5]])) {
		if h := g.named(d, b, k, text, m[4], m[5], strings.TrimRight(text[m[4]:m[5]], "，,"), ""); h != nil {
			h.Item, h.Section = true, true
		}
		return true
	}
	if m := reNumberedHead.FindStringSubmatchIndex(text); m != nil && plan && paraStart && d.taskPhrase([]rune(text[m[2]:m[3]])) &&
		!strings.HasPrefix(text[m[3]:], "：") && !strings.HasPrefix(text[m[3]:], ":") {
		// (A head before a colon is a term a glossary explains: 稳增长“21”条：….)
		if h := g.named(d, b, k, text, m[2], m[3], strings.TrimRight(text[m[2]:m[3]], "，,"), ""); h != nil {
			h.Item = true
		}
		return true
	}
	if m := reItem.FindStringIndex(text); m != nil && (paraStart || plan) {
		body := strings.TrimRight(text[m[1]:], "。;；")
		body = strings.TrimLeft(body, "，, ")
		if r := []rune(body); len(r) >= 4 && len(r) <= 40 && d.taskPhrase(r) && !strings.ContainsAny(body, "，,") {
			if h := g.named(d, b, k, text, m[1], m[1]+len(body), body, text[:m[1]+len(body)]); h != nil {
				h.Item = true
			}
			return false
		}
	}
	// A run-in subhead: a short task phrase ending in 。 that opens a
	// paragraph with more to say (持续扩大有效益的投资。稳定投资规模…).
	if (plan || strings.HasPrefix(text, "要")) && paraStart {
		body := strings.TrimPrefix(strings.TrimRight(text, "。"), "要")
		para := d.ParaOf(s.Start)
		if r := []rune(body); len(r) >= 4 && len(r) <= 24 && strings.HasSuffix(text, "。") && s.End < para.End &&
			!strings.ContainsAny(body, "，,：:") && d.taskPhrase(r) {
			off := len(text) - len(strings.TrimPrefix(text, "要"))
			if h := g.named(d, b, k, text, off, off+len(body), body, text[:off+len(body)]); h != nil {
				h.Item = true
			}
		}
	}
	return false
}

// Quoted targets: 提出了“建设现代化经济强省取得重要进展”等主要目标; a build
// verb before a quoted programme of counted parts (赋予四川打造“两高地、两
// 基地、一屏障”使命任务).
var (
	reQuotedTarget     = regexp.MustCompile(`[“‘]([^”’“‘]{4,30})[”’]等?(?:主要|发展|奋斗|总体)?目标`)
	reCountedProgramme = regexp.MustCompile(`(` + strings.Join(programmeVerbs, "|") + `)([“‘][^”’“‘]*[一二两三四五六七八九十][^”’“‘]*[”’])`)
)

func (g goalRecognizer) quotedTargets(d *Doc, b *Builder, k int, text string) {
	for _, m := range findAll(reQuotedTarget, text, "目标") {
		if d.saysToDo(text[m[2]:m[3]]) {
			g.named(d, b, k, text, m[2], m[3], text[m[2]:m[3]], "")
		}
	}
	for _, m := range findAll(reCountedProgramme, text, programmeOpeners...) {
		if strings.Trim(text[m[4]:m[5]], "“”‘’一二两三四五六七八九十百") == "" {
			continue // 实施“十五五”: a plan's number, not a programme's parts
		}
		end := m[1] + modifiedHead(text[m[1]:])
		if end == m[1] {
			end += d.headNoun(text[m[1]:]) // 实施“两新”政策, 推进“两重”项目建设
		}
		g.named(d, b, k, text, m[0], end, text[m[0]:end], text[m[4]:m[5]])
	}
}

// modifiedHead is the length in bytes of the noun phrase a quotation
// modifies (构建“一张床、一间房、一套房”的多层次住房供应保障体系: the
// programme is the 体系, not the quotation): 的 and what follows to the end
// of the clause or the next object (和“…”), when that is short. Zero when
// no 的 follows.
func modifiedHead(rest string) int {
	if !strings.HasPrefix(rest, "的") {
		return 0
	}
	r := []rune(rest)
	for i := 1; i < len(r) && i <= 24; i++ {
		if strings.ContainsRune(",，。;；:：、“", r[i]) || r[i] == '和' && i+1 < len(r) && r[i+1] == '“' {
			if i < 3 {
				return 0
			}
			return len(string(r[:i]))
		}
	}
	return 0
}

// headNoun is the length in bytes of the nouns a quotation modifies
// directly (“两新”政策, “两重”项目建设): words the dictionary tags as nouns
// (n, vn) that make up the whole rest of the clause, at most six runes; a
// verb or anything longer is what the goal says next, not its object.
func (d *Doc) headNoun(rest string) int {
	clause := rest
	if i := strings.IndexAny(rest, ",，。;；:：、“"); i >= 0 {
		clause = rest[:i]
	}
	if n := utf8.RuneCountInString(clause); n == 0 || n > 6 {
		return 0
	}
	for _, w := range d.Seg.Pos(clause) {
		if w.Pos != "n" && w.Pos != "vn" {
			return 0
		}
	}
	return len(clause)
}

// numbered finds a goal verb followed by a count and a noun.
func (g goalRecognizer) numbered(d *Doc, b *Builder, k int, text string) {
	r := []rune(text)
	for i := 0; i < len(r); i++ {
		verb, ok := d.Lex.CueAt(lexicon.RoleGoalVerb, r, i)
		if !ok {
			continue
		}
		// The verb must open a clause (唱响一个品牌, 、推进“三大会战”) or
		// follow an intensifier (着力打造“三个高地”): in 和美乡村建设三项行动
		// 建设 is a noun.
		from := i
		if i > 0 && !hardStop(r[i-1]) {
			intensifier, intensified := d.Lex.CueBefore(lexicon.RoleIntensifier, r, i)
			_, framed := d.Lex.CueBefore(lexicon.RoleFraming, r, i)
			if !intensified && !framed {
				continue
			}
			if intensified {
				from = i - len([]rune(intensifier)) // 深入实施“五大战略”
			}
		}
		after := i + len([]rune(verb))
		rest := string(r[after:])
		m := reNumbered.FindStringSubmatchIndex(rest)
		if m == nil {
			continue
		}
		end := strings.TrimRight(rest[:m[1]], ",，。;；、!！:：")
		name := string(r[from:i]) + verb + end
		b0 := len(string(r[:from]))
		if h := g.named(d, b, k, text, b0, b0+len(name), balanceQuotes(name), ""); h != nil {
			h.Parts = numeral(rest[m[2]:m[3]])
		}
		i = after
	}
}

// resolve is how a sentence sets tasks.
type resolve uint8

const (
	resolveNone        resolve = iota
	resolveFuture              // a government or an official says what it will do: 龙华区将…
	resolveInstruction         // a meeting or an official lays down tasks: 会议强调，要…; 朱前明要求…
)

// resolved says whether sentence k states what a government or an
// official (not a deputy) resolves to do: a resolve marker (将, 要, 要求)
// after a subject that is a place, a government, an official who governs or
// 我们, or an instruction from a meeting or an official.
func (goalRecognizer) resolved(d *Doc, b *Builder, k int) resolve {
	s := d.Sentences[k]
	r := d.Page.Norm[s.Start:s.End]
	text := string(r)
	// at is the byte offset in text of rune i: the text around a cue is
	// sliced, not built, at each of the many 将 and 要.
	for i, at := 0, 0; i < len(r); at, i = at+utf8.RuneLen(r[i]), i+1 {
		word, ok := d.Lex.CueAt(lexicon.RoleResolve, r, i)
		if !ok {
			continue
		}
		before := text[:at]
		upto := text[:at+len(word)]
		after := text[at+len(word):]
		if strings.Contains(before, "代表") || strings.Contains(before, "委员") {
			return resolveNone // deputies resolve to speak up, not to govern
		}
		if word == "要求" && (strings.HasPrefix(after, "是") || strings.HasPrefix(after, ":") || strings.HasPrefix(after, "：")) {
			continue // 总体要求是: the noun
		}
		if word != "将" {
			// An obligation (要, 必须) sets tasks only where a meeting, a
			// government or an official lays them down.
			if anyOf(upto, "会议强调", "会议指出", "会议要求", "领导班子要", "政府要") {
				return resolveInstruction
			}
			if p := b.personNamedIn(before); p != nil && (!p.Deputy || p.governs) &&
				(word == "要求" || word == "强调") {
				return resolveInstruction // 市委书记李明表示，要…
			}
			continue
		}
		if p := b.personNamedIn(before); p != nil {
			if !p.Deputy || p.governs {
				return resolveFuture
			}
			return resolveNone
		}
		for _, m := range d.Places {
			if m.Start >= s.Start && m.Start < s.Start+i {
				return resolveFuture
			}
		}
		if containsRole(d.Lex, []rune(before), lexicon.RoleGovSubject) || anyOf(before, "他", "她") {
			if p := b.featured[s.Article]; p == nil || !p.Deputy || p.governs {
				return resolveFuture
			}
		}
		return resolveNone
	}
	return resolveNone
}

// tasks reads the task phrases of a sentence: the clauses (split at 、 and
// ，) that open with a task verb, after any intensifiers, and that a
// government plainly sets: what they build ends in a goal noun (…创新高地,
// …现代化产业体系), or they build a named programme (打造“三大高地”), or the
// sentence states a government's plan (龙华区将…) and the clause says how
// (全力加速“五个区”建设, 高标准打造数字龙华). Reasons and principles (坚持
// 长期主义) are not tasks.
func (g goalRecognizer) tasks(d *Doc, b *Builder, k int, text string, how resolve) {
	r := []rune(text)
	if b.deputySuggests(k) {
		return // a deputy's suggestion, read as a proposal
	}
	for _, c := range d.clauses(r) {
		c.Start += d.subjectTrim(r[c.Start:c.End])
		body := trimClause(r[c.Start:c.End])
		body = cutDuty(body)
		if len(body) < 4 || len(body) > 36 || !d.taskPhrase(body) || d.listsExamples(body) {
			continue
		}
		if !(endsInGoalNoun(body) || d.buildsProgramme(body) ||
			how == resolveFuture && d.mannerTask(body) || how == resolveInstruction) {
			continue
		}
		off := c.Start + leadingTrim(r[c.Start:c.End])
		b0 := len(string(r[:off]))
		if h := g.named(d, b, k, text, b0, b0+len(string(body)), string(body), ""); h != nil {
			h.Narrow = true
		}
	}
}

// clauses splits a sentence into the clauses a list of tasks is made of:
// at ，；：, and at 、 only where the next item starts a task of its own
// (全力加速…、全域推进… are two; 发展学研、医养、旅居“四个在汉中”品牌 is
// one). A short quoted term (“五个区”) is never split; a long quotation is
// speech, whose clauses are split like any other.
func (d *Doc) clauses(r []rune) []Span {
	var out []Span
	start, depth, quote := 0, 0, -1
	for i, c := range r {
		switch c {
		case '“', '‘':
			if depth == 0 {
				quote = i
			}
			depth++
			continue
		case '”', '’':
			depth = max(0, depth-1)
			continue
		case '《':
			depth++
			continue
		case '》':
			depth = max(0, depth-1)
			continue
		}
		if depth > 0 && quote >= 0 && i-quote <= 15 {
			continue // inside a quoted term
		}
		switch c {
		case '，', ',', '；', ';', '。', '：', ':', '！', '？':
		case '、':
			if j := i + 1; j < len(r) && !d.opensTask(r[j:]) {
				continue
			}
		default:
			continue
		}
		if i > start {
			out = append(out, Span{start, i})
		}
		start = i + 1
	}
	if start < len(r) {
		out = append(out, Span{start, len(r)})
	}
	return out
}

// opensTask reports whether r starts with an intensifier or a task verb.
func (d *Doc) opensTask(r []rune) bool {
	if _, ok := d.Lex.CueAt(lexicon.RoleIntensifier, r, 0); ok {
		return true
	}
	_, ok := d.Lex.CueAt(lexicon.RoleTaskVerb, r, 0)
	return ok
}

// deputySuggests reports a sentence in which a deputy or member makes a
// suggestion (张华代表建议…, 她呼吁…): a cue outside 《》 after a deputy's
// name, or in an article about one.
func (b *Builder) deputySuggests(k int) bool {
	d := b.doc
	s := d.Sentences[k]
	r := d.Page.Norm[s.Start:s.End]
	depth := 0
	for i := range r {
		switch r[i] {
		case '《':
			depth++
		case '》':
			depth = max(0, depth-1)
		}
		w, ok := d.Lex.CueAt(lexicon.RolePropose, r, i)
		if !ok || depth > 0 || w == "提出" || w == "提交" {
			continue
		}
		p := b.personNamedIn(string(r[:i]))
		if p == nil {
			p = b.featured[s.Article]
		}
		// A deputy who governs too (a mayor at the NPC) sets goals when
		// hoping or stressing, but 建议 and 呼吁 are a deputy's words.
		if p != nil && p.Deputy && (!p.governs || w == "建议" || w == "呼吁") {
			return true
		}
	}
	return false
}

// listsExamples reports a task whose quoted term only begins a list of
// examples (抓好“三微六位”等民生实事) or joins terms (“烟花+文旅”融合).
func (d *Doc) listsExamples(c []rune) bool {
	s := string(c)
	for i, r := range c {
		if (r == '”' || r == '’') && i+1 < len(c) && c[i+1] == '等' {
			return true
		}
	}
	return strings.Contains(s, "+") && strings.ContainsAny(s, "“‘")
}

// cutDuty drops a duty word that closes a task (…基地的政治责任, …新城的使命
// 任务): the task is what comes before it.
func cutDuty(c []rune) []rune {
	s := string(c)
	for _, w := range []string{"的政治责任", "的使命任务", "的重大任务", "的重任", "的目标", "的任务", "使命任务"} {
		if t, ok := strings.CutSuffix(s, w); ok && reGoalNounEnd.MatchString(t) {
			return []rune(t)
		}
	}
	return c
}

// reGoalNounEnd matches a task whose object is what a government builds.
var reGoalNounEnd = regexp.MustCompile(goalNouns + `[”’]?(?:建设)?$`)

// goalNounEndRunes is the most runes a match of reGoalNounEnd spans.
var goalNounEndRunes = maxMatchRunes(reGoalNounEnd)

// endsInGoalNoun reports whether reGoalNounEnd matches r. A match ends the
// text and spans at most goalNounEndRunes, so only that tail is searched:
// the backtracker tries the goal nouns from every start, and over whole
// clauses that cost more than the rest of the task reading.
func endsInGoalNoun(r []rune) bool {
	if n := goalNounEndRunes; n >= 0 && len(r) > n {
		r = r[len(r)-n:]
	}
	return reGoalNounEnd.MatchString(string(r))
}

// maxMatchRunes returns the most runes a match of re can span, or -1 when
// that is unbounded or depends on what precedes the match (a start
// anchor, a word boundary).
func maxMatchRunes(re *regexp.Regexp) int {
	tree, err := syntax.Parse(re.String(), syntax.Perl)
	if err != nil {
		return -1
	}
	var most func(t *syntax.Regexp) int
	most = func(t *syntax.Regexp) int {
		switch t.Op {
		case syntax.OpEmptyMatch, syntax.OpEndText, syntax.OpEndLine:
			return 0
		case syntax.OpLiteral:
			return len(t.Rune)
		case syntax.OpCharClass, syntax.OpAnyChar, syntax.OpAnyCharNotNL:
			return 1
		case syntax.OpCapture, syntax.OpQuest:
			return most(t.Sub[0])
		case syntax.OpRepeat:
			if n := most(t.Sub[0]); n >= 0 && t.Max >= 0 {
				return n * t.Max
			}
		case syntax.OpConcat, syntax.OpAlternate:
			total := 0
			for _, sub := range t.Sub {
				n := most(sub)
				if n < 0 {
					return -1
				}
				if t.Op == syntax.OpConcat {
					total += n
				} else {
					total = max(total, n)
				}
			}
			return total
		}
		return -1 // *, +, ^, \b: no bound that a tail can honour
	}
	return most(tree)
}

// buildsProgramme reports a clause that builds or carries out a named
// programme: a build verb, then a quoted name (打造“三大高地”, 实施“五大战略”).
func (d *Doc) buildsProgramme(c []rune) bool {
	i := skipIntensifiers(d, c)
	v, ok := d.Lex.CueAt(lexicon.RoleGoalVerb, c, i)
	if !ok {
		return false
	}
	j := i + len([]rune(v))
	return j < len(c) && (c[j] == '“' || c[j] == '‘')
}

// mannerTask reports a clause opened by how a government will act (全力,
// 高标准, 大力, 加快): the form of a plan's list of tasks.
func (d *Doc) mannerTask(c []rune) bool {
	_, ok := d.Lex.CueAt(lexicon.RoleIntensifier, c, 0)
	return ok
}

// skipIntensifiers returns the offset after the intensifiers opening c.
func skipIntensifiers(d *Doc, c []rune) int {
	i := 0
	for i < len(c) {
		w, ok := d.Lex.CueAt(lexicon.RoleIntensifier, c, i)
		if !ok {
			break
		}
		i += len([]rune(w))
	}
	return i
}

// trimClause drops what opens a clause without being the task: the
// subject's resolve (要, 将), a year (2024年), a place that resolves
// (湘西州将…).
func trimClause(c []rune) []rune {
	return c[leadingTrim(c):trailingTrim(c)]
}

// subjectTrim returns how many runes of c are a place or a government
// resolving what follows (龙华区将…, 县政府要…): 0 when c opens otherwise.
func (d *Doc) subjectTrim(c []rune) int {
	n := 0
	if _, m := d.places.placeAt(c, 0); m > 0 {
		n = m
	} else if _, m := d.places.townAt(c, 0); m > 0 {
		n = m
	}
	for _, w := range []string{"政府", "人民政府", "我们"} {
		if hasRunePrefix(c[n:], w) {
			n += len([]rune(w))
		}
	}
	if n == 0 {
		return 0
	}
	if w, ok := d.Lex.CueAt(lexicon.RoleResolve, c, n); ok {
		return n + len([]rune(w))
	}
	return 0
}

var reClauseLead = regexp.MustCompile(`^(?:\s|要|将|会议强调|会议指出|必须|并|还|也|同时|今年|明年|[0-9]{4}年|与[\p{Han}]{2,6}(?:共同|一道|携手))+`)

func leadingTrim(c []rune) int {
	if len(c) == 0 || !unicode.IsSpace(c[0]) && !strings.ContainsRune("要将会必并还也同今明与0123456789", c[0]) {
		return 0 // no opening reClauseLead could match
	}
	if m := reClauseLead.FindStringIndex(string(c)); m != nil {
		return len([]rune(string(c)[:m[1]]))
	}
	return 0
}

func trailingTrim(c []rune) int {
	n := len(c)
	for n > 0 && strings.ContainsRune(" 。;；", c[n-1]) {
		n--
	}
	return n
}

// taskPhrase reports whether r reads as a task: after intensifiers (全力,
// 加快, 高标准), a task verb opens it (推进, 打造, 实施) and something
// follows the verb.
func (d *Doc) taskPhrase(r []rune) bool {
	if !d.opensWithTask(r) {
		return false
	}
	return !containsRole(d.Lex, r, lexicon.RoleLeadIn) // 重点抓好以下工作: the tasks follow
}

// opensWithTask is taskPhrase but for lead-ins: the phrase's opening.
func (d *Doc) opensWithTask(r []rune) bool {
	i, last := 0, ""
	for i < len(r) {
		w, ok := d.Lex.CueAt(lexicon.RoleIntensifier, r, i)
		if !ok {
			break
		}
		i += len([]rune(w))
		last = w
	}
	if i < len(r) && (r[i] == '地' || r[i] == '的') && i > 0 {
		i++
	}
	v, ok := d.Lex.CueAt(lexicon.RoleTaskVerb, r, i)
	if !ok {
		v, ok = d.Lex.CueAt(lexicon.RoleGoalVerb, r, i)
	}
	if ok && len([]rune(v)) == 1 && i+2 <= len(r) && d.Seg.IsCommonWord(string(r[i:i+2])) {
		ok = false // 建 in 建筑, 推 in 推介: the one-character verb starts a word
	}
	if !ok {
		// 加快传统产业提质升级: the intensifier was the verb.
		return last != "" && d.Lex.Is(lexicon.RoleTaskVerb, last) && len(r)-i >= 2
	}
	return len(r)-i-len([]rune(v)) >= 2
}

// saysToDo reports whether a phrase says to do something: a task or goal
// verb anywhere (the segmenter tags 健全 and 当好 as adjectives), or a
// word the segmenter tags as a verb.
func (d *Doc) saysToDo(s string) bool {
	r := []rune(s)
	for i := range r {
		if _, ok := d.Lex.CueAt(lexicon.RoleTaskVerb, r, i); ok {
			return true
		}
		if _, ok := d.Lex.CueAt(lexicon.RoleGoalVerb, r, i); ok {
			return true
		}
	}
	return d.hasVerb(s)
}

// isParaStart reports whether offset i begins a paragraph.
func (d *Doc) isParaStart(i int) bool { return d.ParaOf(i).Start == i }

func hasLatin(s string) bool {
	for _, c := range s {
		if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' {
			return true
		}
	}
	return false
}

// cleanGoal drops quotes from a name for its key.
func cleanGoal(s string) string { return goalQuotes.Replace(s) }

var goalQuotes = strings.NewReplacer("“", "", "”", "", "‘", "", "’", "", "《", "", "》", "")

func numeral(s string) int {
	n := map[string]int{"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
	return n[s]
}

// named records a goal found at byte offsets [b0,b1) of the sentence text.
func (goalRecognizer) named(d *Doc, b *Builder, k int, text string, b0, b1 int, name, alias string) *goalHit {
	name = strings.TrimSpace(name)
	if len([]rune(cleanGoal(name))) < 4 {
		return nil
	}
	s := d.Sentences[k]
	start := s.Start + len([]rune(text[:b0]))
	at := Span{start, start + len([]rune(text[b0:b1]))}
	for _, h := range b.goals {
		if h.Start <= at.Start && at.End <= h.End || at.Start <= h.Start && h.End <= at.End {
			return nil // inside a goal already read, or around one
		}
	}
	var aliases []string
	if alias != "" && cleanGoal(alias) != cleanGoal(name) {
		aliases = append(aliases, alias)
	}
	if q := d.quoteVariant(at); q != "" && q != name {
		aliases = append(aliases, q)
	}
	r := b.add(graph.Goal, cleanGoal(name), name, at, s.Article, aliases...)
	h := &goalHit{Span: at, Ref: r, Sentence: k}
	b.goals = append(b.goals, h)
	return h
}

// balanceQuotes closes a quote a match cut off (开展“六大行动 → 开展“六大行动”).
func balanceQuotes(s string) string {
	if strings.Count(s, "“") > strings.Count(s, "”") {
		s += "”"
	}
	return s
}

// findAll runs re only when text contains one of the words every match
// must contain.
func findAll(re *regexp.Regexp, text string, words ...string) [][]int {
	if !anyOf(text, words...) {
		return nil
	}
	return re.FindAllStringSubmatchIndex(text, -1)
}

// sortGoals puts the goals in page order.
func (b *Builder) sortGoals() {
	sort.SliceStable(b.goals, func(i, j int) bool { return b.goals[i].Start < b.goals[j].Start })
}
