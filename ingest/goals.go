package ingest

import (
	"regexp"
	"sort"
	"strings"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/ingest/gazetteer"
	"github.com/policygraph/policygraph/ingest/lexicon"
)

// goalHit is a goal set at a place in the text.
type goalHit struct {
	Span
	Ref      ref
	Sentence sentence
	Parts    int  // a numbered goal (聚力三大攻坚) has this many parts
	Narrow   bool // what to build: only its own clause says what it targets
	Item     bool // an item of an enumeration (一是…): its text runs to the next item
	Section  bool // the head of a (一) section: its text stops where sub-items (一是…) begin
}

var (
	// 唱响一个品牌, 推进“三大会战”, 着力打造“三个高地”.
	reNumbered = regexp.MustCompile(`^[“‘"]?([一二两三四五六七八九十]{1,2})(个|大|项|条|张)([\p{Han}]{1,6}?)[”’"]?(?:[,，。;；、!！:：]|$)`)
	// 打好安全生产攻坚战.
	reCampaign = regexp.MustCompile(`(打好|打赢)([\p{Han}]{2,10}?)攻坚战`)
	// 在产业转型升级上实现新突破.
	reBreakthrough = regexp.MustCompile(`在([\p{Han}]{2,12}?)上实现新突破`)
	// 围绕“文旅文创融合”, 持续用力“培育制造名城、建设幸福株洲”.
	reSlogan = regexp.MustCompile(`(围绕|持续用力|锚定|落实|奋力推动|全力打造|着力打造)[“‘]([^”’“‘,，。;；]{4,20})[”’]`)
	// 加快建设年轻人友好城市, 全力打造大嵩山世界级旅游景区, 打造成具有鲜明特色的“科创中城”.
	reBuild = regexp.MustCompile(`(?:(要|将|加快|全力|着力|努力|奋力|全面|持续|大力)(建设|打造|建成|创建|创成)|(打造成为|打造成|建设成为|建设成|建成))([^,，。;；:：!！?？]{2,30}?` + goalNouns + `)[”’]?`)
	// 一是聚焦产业升级, 二是围绕“宜居宜业宜游”: the items of an enumeration
	// of tasks (a quoted item is read by reSlogan).
	reEnumerated = regexp.MustCompile(`(?:^|[。；;:：,，])\s*(?:[一二三四五六七八九十]是|首先|其次|再次|最后)(聚焦|围绕|坚持|推进|实施|抓好|突出|强化|深化|加快|做强|做优|推动|打造|建设|培育|提升|优化|深入实施|全面推进)([^,，。;；:：“”]{2,20})`)
	// 一是, 二是: sub-items of a section, which speak for themselves.
	reSubItem = regexp.MustCompile(`[一二三四五六七八九十]是`)
	// (一)坚定不移推进产业强市。: the head of a numbered task section.
	reSection = regexp.MustCompile(`^[(（]([一二三四五六七八九十]{1,2})[)）]([^。;；!！?？]{4,30})[。;；]`)
	// 加快把登封建设成…节点城市.
	reMakeInto = regexp.MustCompile(`把([\p{Han}]{2,6}?)(建设|打造)成为?([^,，。;；:：]{2,36}?` + goalNouns + `)`)
)

// goalNouns end the object of a goal verb: what a government builds.
const goalNouns = `(?:节点城市|先行城市|友好城市|城市|名城|中城|高地|示范区|示范县|示范市|先行区|旅游景区|景区|枢纽|基地|经贸港|强市|强县|强省|增长极|现代化新[\p{Han}]{1,3})`

// findGoals reads the goals a government or official sets: numbered
// programmes and their parts, campaigns (打好…攻坚战), breakthroughs
// (在…上实现新突破), slogans after a goal verb, what is to be built (加快建设…
// 城市), and the theme of an interview with an official.
func (d *docState) findGoals() {
	for _, s := range d.sents {
		if s.Caption {
			continue
		}
		text := d.p.Text(s.Span)
		if !s.Heading {
			d.numberedGoals(s, text)
			// Each pattern runs only where its fixed words occur: the
			// regexps are a tenth of extraction time otherwise.
			for _, re := range []*regexp.Regexp{reCampaign, reBreakthrough} {
				if !anyOf(text, "攻坚战", "实现新突破") {
					break
				}
				for _, m := range re.FindAllStringIndex(text, -1) {
					d.goal(s, text, m[0], m[1], "")
				}
			}
			for _, m := range findAll(reSlogan, text, "“", "‘") {
				inner := text[m[4]:m[5]]
				if strings.ContainsAny(inner, "+＋") || hasLatin(inner) || strings.HasPrefix(text[m[1]:], "等") || reNumbered.MatchString(inner) {
					continue
				}
				d.goalNamed(s, text, m[4], m[5], inner, text[m[0]:m[1]])
			}
			if m := reSection.FindStringSubmatchIndex(text); m != nil && d.isParagraphStart(s.Start) && d.hasVerb(text[m[4]:m[5]]) {
				if g := d.goalNamed(s, text, m[4], m[5], text[m[4]:m[5]], ""); g != nil {
					g.Item, g.Section = true, true
				}
			}
			for _, m := range findAll(reEnumerated, text, "是", "首先", "其次", "再次", "最后") {
				if g := d.goalNamed(s, text, m[2], m[5], text[m[2]:m[5]], ""); g != nil {
					g.Item = true
				}
			}
			for _, m := range findAll(reBuild, text, "建设", "打造", "建成", "创建", "创成") {
				from := m[4] // the verb
				if m[4] < 0 {
					from = m[6]
				}
				obj := trimNewPlace(strings.Trim(text[m[8]:m[9]], "“”‘’"))
				verb := text[from:m[8]]
				name := strings.TrimSuffix(strings.TrimSuffix(verb, "为"), "成") + obj
				if strings.HasSuffix(verb, "成") || strings.HasSuffix(verb, "成为") {
					name = verb + obj
				}
				if g := d.goalNamed(s, text, from, m[1], cleanGoal(name), text[m[0]:m[1]]); g != nil {
					g.Narrow = true
				}
			}
			for _, m := range findAll(reMakeInto, text, "把") {
				name := text[m[4]:m[5]] + "成" + text[m[6]:m[7]]
				if g := d.goalNamed(s, text, m[0], m[1], name, text[max(0, m[0]-len("加快")):m[1]]); g != nil {
					g.Narrow = true
				}
			}
		}
	}
	// The theme of an interview is the interviewee's goal.
	for ai, a := range d.layout.Articles {
		if d.interview[ai] && len(a.Headline) > 0 {
			hs := sentence{Span: Span{a.Headline[0].Start, a.Headline[len(a.Headline)-1].End}, Article: ai, Heading: true}
			d.goalNamed(hs, d.p.Text(hs.Span), 0, len(d.p.Text(hs.Span)), a.HeadlineText(d.p), "")
		}
	}
	d.linkGoals()
}

func hasLatin(s string) bool {
	for _, c := range s {
		if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' {
			return true
		}
	}
	return false
}

// cleanGoal drops quotes a goal's name picked up from its slogan.
func cleanGoal(s string) string {
	return strings.NewReplacer("“", "", "”", "", "‘", "", "’", "").Replace(s)
}

// numberedGoals finds a goal verb followed by a count and a noun.
func (d *docState) numberedGoals(s sentence, text string) {
	r := []rune(text)
	for i := 0; i < len(r); i++ {
		verb, ok := d.x.Lex.CueAt(lexicon.RoleGoalVerb, r, i)
		if !ok {
			continue
		}
		// The verb must open a clause (唱响一个品牌, 、推进“三大会战”) or
		// follow an intensifier (着力打造“三个高地”): in 和美乡村建设三项行动
		// 建设 is a noun.
		if i > 0 && !hardStop(r[i-1]) {
			if _, ok := d.x.Lex.CueBefore(lexicon.RoleIntensifier, r, i); !ok {
				continue
			}
		}
		after := i + len([]rune(verb))
		m := reNumbered.FindStringSubmatchIndex(string(r[after:]))
		if m == nil {
			continue
		}
		rest := string(r[after:])
		end := strings.TrimRight(rest[:m[1]], ",，。;；、!！:：")
		name := verb + end
		b0 := len(string(r[:i]))
		g := d.goalNamed(s, text, b0, b0+len(name), balanceQuotes(name), "")
		if g != nil {
			g.Parts = numeral(rest[m[2]:m[3]])
		}
		i = after
	}
}

func numeral(s string) int {
	n := map[string]int{"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
	return n[s]
}

// goal records a goal whose name is the matched text.
func (d *docState) goal(s sentence, text string, b0, b1 int, alias string) *goalHit {
	return d.goalNamed(s, text, b0, b1, text[b0:b1], alias)
}

// goalNamed records a goal found at byte offsets [b0,b1) of the sentence.
func (d *docState) goalNamed(s sentence, text string, b0, b1 int, name, alias string) *goalHit {
	name = strings.TrimSpace(name)
	if len([]rune(name)) < 4 {
		return nil
	}
	start := s.Start + len([]rune(text[:b0]))
	at := Span{start, start + len([]rune(text[b0:b1]))}
	for i := range d.goals {
		if d.goals[i].Start <= at.Start && at.End <= d.goals[i].End {
			return nil // inside a goal already read (打好…攻坚战 inside a slogan)
		}
	}
	var aliases []string
	if alias != "" && cleanGoal(alias) != cleanGoal(name) {
		aliases = append(aliases, alias)
	}
	if q := d.quoteVariant(at); q != "" && q != name {
		aliases = append(aliases, q)
	}
	r := d.add(graph.Goal, cleanGoal(name), name, at, s.Article, aliases...)
	d.goals = append(d.goals, goalHit{Span: at, Ref: r, Sentence: s})
	return &d.goals[len(d.goals)-1]
}

// linkGoals adds a numbered goal's parts, who set each goal, where it
// applies and the industries it targets.
func (d *docState) linkGoals() {
	sort.SliceStable(d.goals, func(i, j int) bool { return d.goals[i].Start < d.goals[j].Start })
	partOf := map[int]bool{}
	for i, g := range d.goals {
		// Parts follow their programme in the same article, up to its count.
		if g.Parts > 1 {
			// When the parts are enumerated (一是…二是…), only the items
			// are parts; goals inside an item belong to the item.
			var cands []int
			items := false
			for j := i + 1; j < len(d.goals); j++ {
				c := d.goals[j]
				if c.Sentence.Article != g.Sentence.Article || c.Parts > 0 {
					break
				}
				cands = append(cands, j)
				items = items || c.Item
			}
			taken := 0
			for _, j := range cands {
				c := d.goals[j]
				if taken == g.Parts || items && !c.Item {
					continue
				}
				d.fact(graph.HasPart, g.Ref, c.Ref, "", c.Sentence.Span, c.Sentence.Article)
				partOf[j] = true
				taken++
			}
		}
	}
	for i, g := range d.goals {
		// A part of a programme runs to the next goal or the end of its
		// paragraph (在产业转型升级上实现新突破。以数智赋能…); any other goal
		// is its own sentence.
		end := g.Sentence.End
		if partOf[i] || g.Item || g.Parts == 0 && isStructured(d.p.Text(g.Span)) && d.headsSentence(g) {
			end = d.paragraphEnd(g.Start)
		} else if g.Parts == 0 && isStructured(d.p.Text(g.Span)) {
			end = d.clauseEnd(g.End, end) // 打好耕地保护攻坚战, 发展油茶…: one item of a list
		}
		if g.Narrow {
			end = d.clauseEnd(g.End, end)
		}
		if g.Section {
			if k := reSubItem.FindStringIndex(string(d.p.Norm[g.End:end])); k != nil {
				end = g.End + len([]rune(string(d.p.Norm[g.End:end])[:k[0]]))
			}
		}
		if i+1 < len(d.goals) && d.goals[i+1].Start < end {
			end = d.goals[i+1].Start
		}
		for _, ind := range d.industriesIn(Span{g.Start, end}) {
			s, _ := d.sentenceOf(d.firstIn(ind, Span{g.Start, end}))
			d.fact(graph.Targets, g.Ref, ind, "", s.Span, s.Article)
		}
		if o := d.setter(g); o != nil {
			d.fact(graph.Sets, o.Ref, g.Ref, "", g.Sentence.Span, g.Sentence.Article)
			if o.Place != nil {
				d.fact(graph.AppliesTo, g.Ref, d.cityRef(*o.Place, g.Sentence), "", g.Sentence.Span, g.Sentence.Article)
				continue
			}
		}
		if c := d.articleCity(g.Sentence.Article); c != nil {
			d.fact(graph.AppliesTo, g.Ref, d.cityRef(*c, g.Sentence), "", g.Sentence.Span, g.Sentence.Article)
		}
	}
}

// setter is the official who sets a goal: the one the article features,
// else one named earlier in the same sentence.
func (d *docState) setter(g goalHit) *officialInfo {
	if o := d.featured[g.Sentence.Article]; o != nil && !o.Deputy || d.interview[g.Sentence.Article] {
		return d.featured[g.Sentence.Article]
	}
	return d.officialNamedIn(d.p.Text(Span{g.Sentence.Start, g.Start}))
}

// paragraphEnd returns the end of the paragraph containing offset i.
func (d *docState) paragraphEnd(i int) int {
	for _, p := range d.p.Paras {
		if p.Start <= i && i < p.End {
			return p.End
		}
	}
	return i
}

// firstIn returns the offset of the first mention of ref inside s.
func (d *docState) firstIn(r ref, s Span) int {
	for _, h := range d.industries {
		if h.Ref == r && h.Start >= s.Start && h.End <= s.End {
			return h.Start
		}
	}
	return s.Start
}

// isStructured reports goals that head a passage of their own: campaigns
// and breakthroughs, whose elaboration follows in the next sentences.
func isStructured(name string) bool {
	return reCampaign.MatchString(name) || reBreakthrough.MatchString(name)
}

// balanceQuotes closes a quote a match cut off (开展“六大行动 → 开展“六大行动”).
func balanceQuotes(s string) string {
	if strings.Count(s, "“") > strings.Count(s, "”") {
		s += "”"
	}
	return s
}

// trimNewPlace cuts 现代化新攸县迈 after the place: the regex cannot know
// where a place name ends.
func trimNewPlace(s string) string {
	i := strings.Index(s, "现代化新")
	if i < 0 {
		return s
	}
	rest := []rune(s[i+len("现代化新"):])
	if _, n := defaultPlaces().placeAt(rest, 0); n > 0 {
		return s[:i+len("现代化新")] + string(rest[:n])
	}
	return s
}

// clauseEnd returns the end of the clause containing offset i (at the next
// comma or semicolon), at most limit.
func (d *docState) clauseEnd(i, limit int) int {
	for ; i < limit; i++ {
		switch d.p.Norm[i] {
		case ',', '，', ';', '；', '。':
			return i
		}
	}
	return limit
}

// articleCity is the place an article is about: the county or city it
// names most (a speech about 株洲 on a page that also covers 醴陵), else the
// page's city.
func (d *docState) articleCity(article int) *gazetteer.Division {
	counts := map[string]int{}
	var best string
	for _, h := range d.cityHits {
		if d.sents[h.Sentence].Article != article || h.Div.Level == gazetteer.Province && !municipalities[h.Div.Code] {
			continue
		}
		counts[h.Div.Code]++
		if best == "" || counts[h.Div.Code] > counts[best] {
			best = h.Div.Code
		}
	}
	if best != "" {
		div, _ := d.x.Gaz.ByCode(best)
		return &div
	}
	return d.pageCity
}

// headsSentence reports whether a goal is its sentence's whole content
// (打好安全生产攻坚战。), so the sentences after it elaborate it.
func (d *docState) headsSentence(g goalHit) bool {
	rest := strings.TrimSpace(string(d.p.Norm[g.End:g.Sentence.End]))
	return rest == "" || rest == "。" || rest == ";" || rest == "；" || rest == "!" || rest == "！"
}

// isParagraphStart reports whether offset i begins a paragraph.
func (d *docState) isParagraphStart(i int) bool {
	for _, p := range d.p.Paras {
		if p.Start == i {
			return true
		}
	}
	return false
}

// anyOf reports whether text contains any of the words.
func anyOf(text string, words ...string) bool {
	for _, w := range words {
		if strings.Contains(text, w) {
			return true
		}
	}
	return false
}

// findAll runs re only when text contains one of the words every match
// must contain.
func findAll(re *regexp.Regexp, text string, words ...string) [][]int {
	if !anyOf(text, words...) {
		return nil
	}
	return re.FindAllStringSubmatchIndex(text, -1)
}
