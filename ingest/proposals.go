package ingest

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/ingest/lexicon"
)

// proposalHit is a proposal and the text that states it.
type proposalHit struct {
	Ref      ref
	By       *Person
	Sentence Span
	Article  int
	Text     []Span // headline and core clauses: what it targets and where it applies
	Name     string
}

var (
	// 《关于加快推进我市氢能产业发展的建议》; the last title of a cut-off page
	// may lack its closing bracket.
	reTitled = regexp.MustCompile(`《([^《》]{4,80})(》|$)`)
	// What a title must not be to count as a proposal: a speech, a report,
	// a regulation.
	reNotProposal = regexp.MustCompile(`(讲话|报告|办法|条例|规定|通知|决定|纲要|规划|纲要草案|意见工作办法)$`)
	reIsProposal  = regexp.MustCompile(`(建议|提案|议案|呼吁)$`)
	// 关于制定四川省国民经济和社会发展第十五个五年规划的建议: the party
	// committee's recommendations a plan is drafted from, not a deputy's.
	// 中共…委员会关于…: a party committee's document, whatever it is about.
	reCommitteePlan = regexp.MustCompile(`关于制定.*(?:五年规划|规划纲要|十.五.*规划)|^中共.{2,24}委员会关于`)
	// “打造京津冀低空经济生态圈”的代表建议: a quoted suggestion named as such.
	reQuotedSuggestion = regexp.MustCompile(`[“‘]([^”’“‘]{4,40})[”’]的(?:代表|委员)?(?:建议|提案|议案)`)
	// 就邵阳市实行阶梯式电价政策问题提出了中肯建议: the matter a suggestion is about.
	// 带来了一份关于发展低空经济的建议, 提出了推进社区嵌入式养老的建议: the
	// suggestion named as the object of the verb that hands it in.
	reObjectSuggestion = regexp.MustCompile(`(?:提出|提交|带来|递交|撰写)(?:了)?(?:[一二两三四五六七八九十\d]+(?:份|件|项|条|个))?((?:关于)?[^,，。;；、“”《》]{4,40}?)的(?:建议|提案|议案)`)
	reMatterSuggestion = regexp.MustCompile(`(?:^|[,，。;；])(?:[^,，。;；]{0,12}?)就([^,，。;；、]{4,40}?)(?:问题)?(?:提出|提交|发表)(?:了)?(?:[^,，。;；]{0,6}?)(?:建议|提案|议案)`)
	// 在西安文化遗址保护、发展都市农业…等方面提出…议案和建议: the topics listed.
	// 作题为“…”的发言, 以“…”为题发言: a member's speech named in quotes.
	reQuotedSpeech = regexp.MustCompile(`(?:题为|作了?|做了?|以)[“‘]([^”’“‘]{4,60})[”’](?:的(?:大会|书面)?发言|为题|的主题发言)`)
	// 就…作大会发言, 围绕…作了发言: the matter of a member's speech.
	reMatterSpeech = regexp.MustCompile(`(?:就|围绕)([^,，。;；“”《》]{4,40}?)(?:问题)?(?:作|做)了?(?:大会|书面|口头|主题)?发言`)
	// 关于…的建议 without its brackets: a proposal's title as a line or item.
	reBareTitle        = regexp.MustCompile(`(?:^|[:：\s、,，])(关于[^,，。;；:：《》“”]{4,60}?的(?:建议|提案|议案))`)
	reTopicSuggestions = regexp.MustCompile(`在([^。;；]{6,200}?)等方面(?:提出|提交|带来)[^。;；]{0,20}?(?:建议|提案|议案)`)
)

// proposalRecognizer reads the proposals deputies and members make: the
// headline of a deputy's column, titled proposals (《…的建议》), what
// follows 建议/提出/希望/呼吁 after a deputy's name or a pronoun standing for
// one, a deputy's quoted words (“希望…。”县人大代表张应平向大会建议), and
// suggestions named by their matter or listed by topic.
type proposalRecognizer struct{}

func (pr proposalRecognizer) recognize(d *Doc, b *Builder) {
	column := map[int]*proposalHit{}
	for ai, a := range d.Layout.Articles {
		p := b.featured[ai]
		if p == nil || !p.Deputy || b.interview[ai] || len(a.Headline) == 0 {
			continue
		}
		// The proposal is the headline after the proposer's name; the
		// evidence is the whole headline, which says who proposes it.
		head := Span{a.Headline[0].Start, a.Headline[len(a.Headline)-1].End}
		span := head
		name := a.HeadlineText(d.Page)
		if i := strings.Index(name, p.Name); i >= 0 {
			// The proposal follows the name after a break (何翌滔 加快打通…,
			// 王建国：加快…); 许泽玮向大会报到 is news about the deputy.
			if rest := strings.TrimLeft(name[i+len(p.Name):], "代表委员"); rest == "" || !strings.ContainsRune(" :：丨|—-", []rune(rest)[0]) {
				continue
			}
			name = name[i+len(p.Name):]
			span.Start += len([]rune(d.Text(span)[:i+len(p.Name)]))
		}
		name = trimPunct(name)
		span = trim(d.Page.Norm, span)
		for span.Start < span.End && strings.ContainsRune(":：,，、 ", d.Page.Norm[span.Start]) {
			span.Start++
		}
		if len([]rune(name)) < 4 {
			continue
		}
		h := pr.add(d, b, name, p, head, ai, span)
		column[ai] = h
	}
	for _, para := range d.Page.Paras {
		pr.listed(d, b, para)
	}
	for k, s := range d.Sentences {
		if s.Kind != Body {
			continue
		}
		text := d.Text(s.Span)
		pr.titled(d, b, k, text)
		pr.speeches(d, b, k, text)
		pr.quotedSuggestions(d, b, k, text)
		pr.matters(d, b, k, text)
		pr.topics(d, b, k, text)
		for _, c := range pr.cued(d, b, k) {
			if col := column[s.Article]; col != nil && (c.by == col.By || c.by == nil) && !c.nominal {
				// In a deputy's column the deputy's suggestions spell out
				// the headline proposal.
				b.add(graph.Proposal, col.Ref.Key, col.Name, s.Span, s.Article, c.name)
				col.Text = append(col.Text, c.at)
				continue
			}
			by := c.by
			if by == nil {
				by = b.featured[s.Article]
			}
			if by == nil {
				by = b.lastPersonBefore(s.Article, s.Start)
			}
			if by == nil || by.leads && !by.Deputy {
				// A mayor or secretary who "proposes" in a work report
				// sets a goal (read by the goal recognizer), not a proposal.
				continue
			}
			h := pr.add(d, b, c.name, by, s.Span, s.Article, c.at)
			if c.full != c.name {
				b.add(graph.Proposal, h.Ref.Key, h.Name, c.at, s.Article, c.full)
			}
		}
		pr.colon(d, b, k, text)
	}
}

// add records a proposal and who made it.
func (proposalRecognizer) add(d *Doc, b *Builder, name string, by *Person, sent Span, article int, at Span) *proposalHit {
	name = strings.TrimSpace(name)
	key := cleanGoal(name)
	for _, h := range b.proposals {
		if h.Ref.Key == key {
			h.Text = append(h.Text, at)
			if by != nil && h.By == nil {
				h.By = by
				b.fact(graph.Proposes, by.Ref, h.Ref, "", sent, article)
			}
			return h
		}
	}
	r := b.add(graph.Proposal, key, name, at, article, d.quoteVariant(at))
	h := &proposalHit{Ref: r, By: by, Sentence: sent, Article: article, Text: []Span{at}, Name: name}
	if by != nil {
		b.fact(graph.Proposes, by.Ref, r, "", sent, article)
	}
	b.proposals = append(b.proposals, h)
	return h
}

// titled reads 《…》 titles that name proposals, with the official who
// presented them when the same sentence names one before the title.
func (pr proposalRecognizer) titled(d *Doc, b *Builder, k int, text string) {
	s := d.Sentences[k]
	chained := -1 // where the last title taken as a proposal ended
	for _, m := range findAll(reTitled, text, "《") {
		title := text[m[2]:m[3]]
		before := text[max(0, m[0]-len("领衔提出的提交了")):m[0]]
		after := text[m[1]:]
		if reNotProposal.MatchString(title) || strings.HasPrefix(after, "的讲话") || strings.HasPrefix(after, "讲话") {
			continue
		}
		// 《…》《…》: a title straight after one taken is presented with
		// it; after a play's or a plan's title it is one more of those.
		presented := strings.Contains(before, "提交") || strings.HasSuffix(before, "作") || strings.HasSuffix(before, "作了") ||
			strings.Contains(before, "提出") || chained == m[0] || strings.Contains(before, "领衔")
		// A member's speech to a plenary session is a proposal: 作题为《…》
		// 的发言, 以《…》为题发言, 《…》的大会发言.
		spoken := strings.HasSuffix(before, "题为") || strings.HasSuffix(before, "以") || strings.HasSuffix(before, "做") ||
			strings.HasSuffix(before, "题目是") || strings.HasSuffix(before, "题目为") || strings.HasSuffix(before, "主题是") ||
			strings.HasSuffix(before, "做了") || strings.HasPrefix(after, "为题") || strings.HasPrefix(after, "的发言") ||
			strings.HasPrefix(after, "发言") || strings.HasPrefix(after, "的大会发言") || strings.HasPrefix(after, "大会发言")
		if !reIsProposal.MatchString(title) && !presented && !spoken {
			continue
		}
		if spoken && !presented && !reIsProposal.MatchString(title) {
			if p := b.personNamedIn(text); p == nil || !p.Deputy {
				continue // a leader's speech, not a member's
			}
		}
		clause := text[:m[0]]
		if i := strings.LastIndexAny(clause, ",，;；。"); i >= 0 {
			clause = clause[i:]
		}
		if reCommitteePlan.MatchString(title) {
			continue // a party committee's recommendations for a five-year plan
		}
		// Who presented it: those named in its clause (张三、李四委员联名提交
		// 的《…》: each of them), else after it in the clause (《…》(提案人:
		// 张三)), else the last named before it in the sentence.
		by := b.peopleNamedIn(clause)
		if len(by) == 0 {
			rest := after
			if i := strings.IndexAny(rest, ",，;；。《"); i >= 0 {
				rest = rest[:i]
			}
			by = b.peopleNamedIn(rest)
		}
		if len(by) == 0 {
			if p := b.personNamedIn(text[:m[0]]); p != nil {
				by = []*Person{p}
			}
		}
		if len(by) == 0 && lastPronoun(clause) >= 0 {
			// 今年，他带来了《…》: the pronoun stands for the official the
			// article named last.
			if p := b.lastPersonBefore(s.Article, s.Start); p != nil && p.Deputy {
				by = []*Person{p}
			}
		}
		start := s.Start + len([]rune(text[:m[2]]))
		at := Span{start, start + len([]rune(title))}
		var first *Person
		if len(by) > 0 {
			first = by[0]
		}
		if first != nil && first.leads && !first.Deputy {
			if !reIsProposal.MatchString(title) {
				continue // a leader's plan or policy, not a deputy's proposal
			}
			// 市委书记对《…的提案》作出批示: the leader answers a member's
			// proposal, which the sentence does not name the presenter of.
			first, by = nil, nil
		}
		chained = m[1]
		h := pr.add(d, b, title, first, s.Span, s.Article, at)
		for _, p := range by[min(1, len(by)):] {
			b.fact(graph.Proposes, p.Ref, h.Ref, "", s.Span, s.Article)
		}
	}
}

// peopleNamedIn returns the officials named in text who present together:
// the last one named and those listed with it (张三、李四; 张三和李四).
func (b *Builder) peopleNamedIn(text string) []*Person {
	last := b.personNamedIn(text)
	if last == nil {
		return nil
	}
	out := []*Person{last}
	end := strings.LastIndex(text, last.Name)
	rest := text[:end]
	for {
		rest = strings.TrimRight(rest, " ")
		var sep string
		for _, s := range []string{"、", "和", "与", "及"} {
			if strings.HasSuffix(rest, s) {
				sep = s
			}
		}
		if sep == "" {
			// 张三委员、李四委员: a title between the names.
			for _, w := range []string{"委员、", "代表、"} {
				if strings.HasSuffix(rest, w) {
					sep = w
				}
			}
		}
		if sep == "" {
			return out
		}
		rest = strings.TrimSuffix(rest, sep)
		p := b.personNamedIn(rest)
		if p == nil || !strings.HasSuffix(rest, p.Name) {
			return out
		}
		out = append([]*Person{p}, out...)
		rest = strings.TrimSuffix(rest, p.Name)
	}
}

// listed reads a line that pairs a member with a proposal, as lists of
// plenary speeches and proposals print them: 张三委员：加快推进长三角一体化;
// 加快推进长三角一体化 民革上海市委 张三.
func (pr proposalRecognizer) listed(d *Doc, b *Builder, para Span) {
	line := []rune(strings.TrimSpace(d.Text(para)))
	if len(line) < 6 || len(line) > 80 || strings.ContainsAny(string(line[:len(line)-1]), "。；;！？") {
		return
	}
	k, ok := d.SentenceAt(para.Start)
	if !ok {
		return
	}
	sent := d.Sentences[k]
	if d.InTranscript(sent.Article) {
		return
	}
	deputyAt := func(name string) *Person {
		if p := b.people[name]; p != nil && p.Deputy {
			return p
		}
		return nil
	}
	phrase := func(t []rune) bool {
		t = []rune(trimPunct(string(t)))
		return len(t) >= 4 && len(t) <= 40 && (d.taskPhrase(t) || strings.HasPrefix(string(t), "关于")) && !strings.ContainsAny(string(t), "，,")
	}
	// 张三委员：…
	text := string(line)
	if i := strings.IndexAny(text, ":："); i > 0 {
		head := strings.TrimSuffix(strings.TrimSuffix(text[:i], "委员"), "代表")
		_, n := utf8.DecodeRuneInString(text[i:])
		rest := []rune(text[i+n:])
		if p := deputyAt(head); p != nil && phrase(rest) {
			start := para.End - len(rest)
			pr.add(d, b, trimPunct(string(rest)), p, sent.Span, sent.Article, Span{start, para.End})
			return
		}
	}
	// … 民革上海市委 张三: the name closes the line after a space.
	fields := strings.Fields(string(line))
	if len(fields) >= 2 {
		last := strings.TrimSuffix(strings.TrimSuffix(fields[len(fields)-1], "委员"), "代表")
		if p := deputyAt(last); p != nil && phrase([]rune(fields[0])) {
			start := para.Start + len([]rune(d.Text(para)[:strings.Index(d.Text(para), fields[0])]))
			pr.add(d, b, fields[0], p, sent.Span, sent.Article, Span{start, start + len([]rune(fields[0]))})
		}
	}
}

// reColonSpeaker matches a member named before a colon, with the body
// they speak for in brackets: 李四委员(代表民建上海市委):
var reColonSpeaker = regexp.MustCompile(`(?:代表|委员)?(?:[(（][^()（）]{0,30}[)）])?[:：]$`)

// colon reads a member's suggestion printed after their name and a colon
// (李四委员(代表民建上海市委):加快推进城市数字化转型), as plenary speeches
// and panel discussions are written up.
func (pr proposalRecognizer) colon(d *Doc, b *Builder, k int, text string) {
	s := d.Sentences[k]
	if d.InTranscript(s.Article) {
		return // an interview's answers: what is proposed there has its verb
	}
	i := strings.IndexAny(text, ":：")
	if i < 0 {
		return
	}
	colon := i + len(string([]rune(text[i:])[0]))
	m := reColonSpeaker.FindStringIndex(text[:colon])
	if m == nil {
		return
	}
	p := b.personNamedIn(text[:m[0]])
	if p == nil || !strings.HasSuffix(text[:m[0]], p.Name) || !p.Deputy || p.leads {
		return
	}
	full := trimClosing(strings.TrimSpace(text[colon:]))
	// 我们要…, 建议…: the speaker's own framing is not what is proposed.
	for _, lead := range []string{"我们", "我"} {
		full = strings.TrimPrefix(full, lead)
	}
	if w, ok := d.Lex.CueAt(lexicon.RolePropose, []rune(full), 0); ok {
		full = strings.TrimLeft(strings.TrimPrefix(full, w), ",，:：")
	}
	if r := []rune(full); len(r) > 1 && containsRole(d.Lex, r[1:], lexicon.RolePropose) {
		return // 我带来了3份建议，其中…: the proposal verb's reading is the one
	}
	name := coreClause(d, full)
	if len([]rune(name)) < 4 || !d.hasVerb(name) || remark(name) {
		return
	}
	if b.proposalOverlapping(name) {
		return // read by a proposal verb already
	}
	start := s.Start + len([]rune(text[:colon])) + len([]rune(text[colon:])) - len([]rune(strings.TrimLeft(text[colon:], " ")))
	if k := strings.Index(text[colon:], name); k >= 0 {
		start = s.Start + len([]rune(text[:colon+k]))
	}
	pr.add(d, b, name, p, s.Span, s.Article, Span{start, start + len([]rune(name))})
}

// speeches reads what a member speaks on to a plenary session (作题为“…”
// 的发言, 就…作大会发言) and proposal titles printed without brackets
// (关于…的建议): a member's speech or suggestion is a proposal.
func (pr proposalRecognizer) speeches(d *Doc, b *Builder, k int, text string) {
	s := d.Sentences[k]
	add := func(m []int) {
		name := text[m[2]:m[3]]
		if b.proposalOverlapping(name) {
			return // a title read already
		}
		by := b.lastDeputyIn(text[:m[2]])
		if by == nil {
			by = b.featured[s.Article]
			if by != nil && !by.Deputy {
				by = nil
			}
		}
		if by == nil && m[0] > 0 {
			return // no member speaks here
		}
		start := s.Start + len([]rune(text[:m[2]]))
		pr.add(d, b, name, by, s.Span, s.Article, Span{start, start + len([]rune(name))})
	}
	for _, m := range findAll(reQuotedSpeech, text, "发言", "为题") {
		add(m)
	}
	for _, m := range findAll(reMatterSpeech, text, "发言") {
		add(m)
	}
	pr.speechList(d, b, k, text)
	for _, m := range findAll(reBareTitle, text, "关于") {
		if strings.Contains(text[max(0, m[2]-3):m[2]], "《") {
			continue
		}
		add(m)
	}
}

// reListedSpeech matches a speech named in quotes after 作 (张三委员代表民进
// 市委作“…”, 李四代表市妇联作的“…”), inner quotes kept; reOwnSpeech the
// items of such a list that name the member alone (王五的“…”).
var (
	reListedSpeech = regexp.MustCompile(`(?:作|做)(?:了)?(?:的)?(?:题为)?“((?:[^“”‘’]|‘[^“”‘’]*’){4,80})”`)
	reOwnSpeech    = regexp.MustCompile(`(?:^|、)([\p{Han}]{2,4}?)(?:委员)?的“((?:[^“”‘’]|‘[^“”‘’]*’){4,80})”`)
)

// speechList reads the speeches a report of a plenary session lists, each
// item a member (speaking for a body or not) and the title of their speech:
// the title is the member's proposal. Items are cut at the 、 after a
// closing quote; a title that names a report is none.
func (pr proposalRecognizer) speechList(d *Doc, b *Builder, k int, text string) {
	s := d.Sentences[k]
	listed := 0
	add := func(m []int, by *Person) {
		name := strings.TrimSpace(text[m[2]:m[3]])
		if by == nil || !by.Deputy || by.leads || strings.HasSuffix(name, "报告") || len([]rune(name)) < 4 {
			return
		}
		listed++
		for _, h := range b.proposals {
			if h.Name == name {
				return
			}
		}
		start := s.Start + len([]rune(text[:m[2]]))
		pr.add(d, b, name, by, s.Span, s.Article, Span{start, start + len([]rune(name))})
	}
	itemStart := func(i int) int {
		j := max(strings.LastIndex(text[:i], "”、"), strings.LastIndex(text[:i], "》、"))
		if j < 0 {
			return 0
		}
		return j
	}
	if !strings.Contains(text, "“") || !strings.ContainsAny(text, "作做") {
		return // what reListedSpeech needs, rare in a sentence
	}
	for _, m := range reListedSpeech.FindAllStringSubmatchIndex(text, -1) {
		add(m, b.lastDeputyIn(text[itemStart(m[0]):m[0]]))
	}
	if listed == 0 {
		return
	}
	for _, m := range reOwnSpeech.FindAllStringSubmatchIndex(text, -1) {
		name := text[m[2]:m[3]]
		if b.people[name] == nil {
			// A list of speeches names its speakers: one named alone is
			// a member too, when the item reads as a name.
			at := s.Start + len([]rune(text[:m[2]]))
			end := at + len([]rune(name))
			if n, start, ok := d.nameBefore(d.Page.Norm, at, end); !ok || n != name || start != at {
				continue
			}
			officialRecognizer{}.official(d, b, name, Span{at, end}, nil, k)
			b.people[name].Deputy = true
		}
		add([]int{m[0], m[1], m[4], m[5]}, b.people[name])
	}
}

// proposalOverlapping reports a proposal read already whose name contains
// name or lies inside it: the same suggestion read by another pattern.
func (b *Builder) proposalOverlapping(name string) bool {
	for _, h := range b.proposals {
		if strings.Contains(h.Name, name) || strings.Contains(name, h.Name) {
			return true
		}
	}
	return false
}

// quotedSuggestions reads “…”的建议: a suggestion named in quotes.
func (pr proposalRecognizer) quotedSuggestions(d *Doc, b *Builder, k int, text string) {
	s := d.Sentences[k]
	for _, m := range findAll(reQuotedSuggestion, text, "”的", "’的") {
		name := text[m[2]:m[3]]
		by := b.personNamedIn(text[:m[0]])
		if by == nil {
			by = b.featured[s.Article]
		}
		if by == nil || !by.Deputy {
			continue
		}
		start := s.Start + len([]rune(text[:m[2]]))
		pr.add(d, b, name, by, s.Span, s.Article, Span{start, start + len([]rune(name))})
	}
}

// matters reads 就X问题提出了中肯建议: X is the proposal.
func (pr proposalRecognizer) matters(d *Doc, b *Builder, k int, text string) {
	s := d.Sentences[k]
	for _, m := range findAll(reObjectSuggestion, text, "的建议", "的提案", "的议案") {
		name := text[m[2]:m[3]]
		core := strings.TrimPrefix(name, "关于")
		if !d.hasVerb(core) || remark(core) {
			continue // 提出了很多中肯的建议: an opinion of suggestions, not one
		}
		if strings.HasPrefix(name, "关于") {
			name = text[m[2]:m[1]] // the title as printed: 关于…的建议
		}
		by := b.lastDeputyIn(text[:m[0]])
		if by == nil || by.leads {
			continue
		}
		if b.proposalOverlapping(core) {
			continue
		}
		start := s.Start + len([]rune(text[:m[2]]))
		pr.add(d, b, name, by, s.Span, s.Article, Span{start, start + len([]rune(name))})
	}
	for _, m := range findAll(reMatterSuggestion, text, "就") {
		name := text[m[2]:m[3]]
		if strings.Contains(text[m[3]:m[1]], "问题") {
			name += "问题"
		}
		by := b.lastDeputyIn(text[:m[2]])
		if by == nil {
			continue
		}
		start := s.Start + len([]rune(text[:m[2]]))
		pr.add(d, b, name, by, s.Span, s.Article, Span{start, start + len([]rune(name))})
	}
}

// lastDeputyIn returns the deputy or member named last in text: the one
// whose sentence it is when officials they speak of are named in between
// (王放银委员…点评了…市政协副主席肖益林所作的报告,并就…提出了建议).
func (b *Builder) lastDeputyIn(text string) *Person {
	var best *Person
	at := -1
	for _, name := range b.personNames() {
		if p := b.people[name]; p.Deputy && !p.governs {
			if i := strings.LastIndex(text, name); i > at {
				best, at = p, i
			}
		}
	}
	return best
}

// topics reads 将在X、Y等方面提出…建议: each topic is a proposal of the
// deputies the sentence names.
func (pr proposalRecognizer) topics(d *Doc, b *Builder, k int, text string) {
	s := d.Sentences[k]
	for _, m := range findAll(reTopicSuggestions, text, "等方面") {
		by := b.personNamedIn(text[:m[2]])
		if by == nil || !by.Deputy {
			continue
		}
		list := text[m[2]:m[3]]
		off := s.Start + len([]rune(text[:m[2]]))
		for _, part := range splitTopics(list) {
			item := strings.TrimSpace(part)
			start := off + len([]rune(list[:strings.Index(list, part)])) + len([]rune(part)) - len([]rune(strings.TrimLeft(part, " ")))
			if len([]rune(item)) >= 4 {
				pr.add(d, b, item, by, s.Span, s.Article, Span{start, start + len([]rune(item))})
			}
		}
	}
}

// splitTopics cuts a list of topics at 、 and 以及, keeping an item that
// itself holds a 、 inside one verb's scope (健全X、构建Y) together.
func splitTopics(list string) []string {
	var out []string
	for _, p := range strings.Split(list, "以及") {
		out = append(out, strings.Split(p, "、")...)
	}
	return out
}

// trimPunct trims punctuation and spaces off both ends.
func trimPunct(s string) string {
	return strings.Trim(s, " ,，、:：;；。“”\"'‘’")
}

// cue is a suggestion introduced by a proposal verb.
type cue struct {
	by      *Person // nil: a pronoun with no referent in the sentence
	name    string  // the core clause
	full    string  // everything suggested, to the end of the sentence
	at      Span    // the whole suggestion
	core    Span    // the core clause
	nominal bool    // 提交相关建议: an earlier proposal told about, not made here
}

// cued finds 建议/提出/希望/呼吁/应 after an official's name (or a pronoun
// standing for one) in a sentence; in a quotation, the speaker is the one
// the quotation is attributed to.
func (proposalRecognizer) cued(d *Doc, b *Builder, k int) []cue {
	s := d.Sentences[k]
	r := d.Page.Norm[s.Start:s.End]
	if t, ok := d.TurnOf(k); ok && t.Asks {
		return nil // 记者：您带来了哪些建议？ asks for proposals, makes none
	}
	speaker := b.quoteSpeaker(k)
	if speaker == nil {
		speaker = b.turnSpeaker(k) // 黄丽娟：……我建议…
	}
	var out []cue
	depth := 0 // inside 《…》 a cue word is part of a title
	for i := 0; i < len(r); i++ {
		switch r[i] {
		case '《':
			depth++
		case '》':
			depth = max(0, depth-1)
		}
		if depth > 0 {
			continue
		}
		w, ok := d.Lex.CueAt(lexicon.RolePropose, r, i)
		isShould := !ok && r[i] == '应' && i > 0 && (r[i-1] == ',' || r[i-1] == '，')
		if !ok && !isShould {
			// 周浩鼎指出，政府应设立…: what a member says should be done.
			if sw, said := d.Lex.CueAt(lexicon.RoleSpeech, r, i); said {
				if j := shouldAfter(r, i+len([]rune(sw))); j > 0 {
					p := b.personNamedIn(string(r[:i]))
					if p == nil && lastPronoun(string(r[:i])) >= 0 {
						p = b.lastPersonBefore(s.Article, s.Start) // 她认为，应…
					}
					if p != nil && p.Deputy && !p.governs {
						w, isShould = string(r[i:j]), true
					}
				}
			}
		}
		if !ok && !isShould {
			continue
		}
		if isShould && w == "" {
			w = "应"
			if i+1 < len(r) && (r[i+1] == '当' || r[i+1] == '该') {
				w = string(r[i : i+2])
			}
		}
		if len(out) > 0 && s.Start+i < out[len(out)-1].at.End {
			continue // 提出，应当…: the modal is inside the suggestion already read
		}
		before := string(r[:i])
		after := i + len([]rune(w))
		if w == "提出" && after < len(r) && r[after] == '了' {
			continue // 提出了更高的要求: a remark, not a proposal
		}
		if w == "提交" || w == "领衔提出" {
			continue // titles follow these; titled reads them
		}
		if next := string(r[after:min(len(r), after+2)]); w == "建议" && (strings.HasPrefix(next, "才") || strings.HasPrefix(next, "就") ||
			strings.HasPrefix(next, "也") || strings.HasPrefix(next, "都") || strings.HasPrefix(next, "被") || strings.HasPrefix(next, "得到")) {
			continue // 建议才有深度: the suggestion is the subject
		}
		if after < len(r) && r[after] == '的' || strings.HasSuffix(before, "的") && w == "建议" && !(after < len(r) && r[after] == '是') {
			continue // 提出的…, …的建议: the noun, not the act of proposing (but 我的建议是…)
		}
		by := b.personNamedIn(before)
		if p := lastPronoun(before); p >= 0 && (by == nil || strings.LastIndex(before, by.Name) < p) {
			// 她…提交相关建议: the pronoun is the subject; it stands for the
			// official named before it in the sentence, if any, else the
			// one the article is about.
			by = b.personNamedIn(before[:p])
		} else if by == nil && speaker != nil && (strings.HasPrefix(before, "“") || i == 0 || strings.Contains(before, "我")) {
			by = speaker
		} else if by == nil {
			continue
		}
		nominal := strings.HasSuffix(before, "相关") || strings.HasSuffix(before, "提交") || strings.HasSuffix(before, "的")
		rest := strings.TrimLeft(string(r[after:]), ",，:：是")
		full := rest
		// A second proposal verb in the same sentence starts another one.
		if j := nextCue(d, []rune(full)); j > 0 {
			full = string([]rune(full)[:j])
		}
		full = trimClosing(full)
		startRune := after + (len([]rune(string(r[after:]))) - len([]rune(rest)))
		if items := listedSuggestions(full); len(items) > 1 {
			// 带来了3份建议，主要是关于A的建议，以及B的建议: one proposal each.
			for _, it := range items {
				name := full[it.Start:it.End]
				from := s.Start + startRune + len([]rune(full[:it.Start]))
				at := Span{from, from + len([]rune(name))}
				if len([]rune(name)) >= 4 && d.hasVerb(name) {
					out = append(out, cue{by: by, name: name, full: name, at: at, core: at, nominal: nominal})
				}
			}
			i = after - 1
			continue
		}
		full = strings.TrimSuffix(strings.TrimSuffix(full, "的建议"), "的意见")
		name := coreClause(d, full)
		if len([]rune(name)) < 4 || !d.hasVerb(name) || strings.Contains(string([]rune(name)[:min(4, len([]rune(name)))]), "被") {
			continue // 建议迅速被采纳: the suggestion is the subject here
		}
		if remark(name) {
			continue // 提出很好的看法: a remark, not a suggestion
		}
		at := Span{s.Start + startRune, s.Start + startRune + len([]rune(full))}
		core := at
		if k := strings.Index(full, name); k >= 0 {
			core.Start = at.Start + len([]rune(full[:k]))
			core.End = core.Start + len([]rune(name))
		}
		out = append(out, cue{by: by, name: name, full: full, at: at, core: core, nominal: nominal})
		i = after - 1
	}
	return out
}

// reListedSuggestion matches one item of a list of suggestions named by
// what they are about: 关于A的建议, B的建议 after a separator or 以及.
var reListedSuggestion = regexp.MustCompile(`(?:^|[,，、;；]|以及|和|及)\s*(?:以及|和|及)?\s*(?:主要是|分别是|包括|一是|二是|三是)?((?:关于)?[^,，、;；。“”《》]{4,40}?的(?:建议|提案|议案))`)

// listedSuggestions returns the byte spans in full of the suggestions it
// lists, each as printed (关于…的建议) or without the closing noun when the
// item does not open with 关于: a list only when two or more items make up
// the whole of full.
func listedSuggestions(full string) []Span {
	ms := reListedSuggestion.FindAllStringSubmatchIndex(full, -1)
	if len(ms) < 2 || ms[len(ms)-1][1] != len(full) {
		return nil
	}
	var out []Span
	for _, m := range ms {
		sp := Span{m[2], m[3]}
		if !strings.HasPrefix(full[m[2]:m[3]], "关于") {
			for _, noun := range []string{"的建议", "的提案", "的议案"} {
				if strings.HasSuffix(full[m[2]:m[3]], noun) {
					sp.End -= len(noun)
				}
			}
		}
		out = append(out, sp)
	}
	return out
}

// shouldAfter returns where a clause of obligation starts after a speech
// verb at i (，政府应…, ：应当…, ，要…), the offset just past the modal; -1
// if the words that follow are no such clause.
func shouldAfter(r []rune, i int) int {
	for i < len(r) && strings.ContainsRune(",，:：", r[i]) {
		i++
	}
	if _, n := defaultPlaces().placeAt(r, i); n > 0 {
		i += n // 四川应发挥…: a place as the subject
	}
	rest := string(r[i:])
	for _, a := range addressees {
		if strings.HasPrefix(rest, a) {
			i += len([]rune(a))
			rest = string(r[i:])
			break
		}
	}
	for _, m := range []string{"应当", "应该", "亟需", "亟待", "需要", "必须", "应", "要"} {
		if strings.HasPrefix(rest, m) {
			return i + len([]rune(m))
		}
	}
	return -1
}

// quoteSpeaker returns the official a quotation in sentence k is
// attributed to: the one named right after the quotation closes (“…。”县人大
// 代表张应平向大会建议) or right before it opens (张应平说:“…”).
func (b *Builder) quoteSpeaker(k int) *Person {
	d := b.doc
	s := d.Sentences[k]
	r := d.Page.Norm
	para := d.ParaOf(s.Start)
	// Find the quotation around the sentence: its opening before, its
	// closing after.
	open := -1
	for i := s.Start; i >= para.Start && i < len(r); i-- {
		if r[i] == '“' {
			open = i
			break
		}
		if r[i] == '”' && i < s.Start {
			return nil
		}
	}
	if open < 0 {
		return nil
	}
	closeAt := -1
	for i := max(s.Start, open+1); i < para.End; i++ {
		if r[i] == '”' {
			closeAt = i
			break
		}
	}
	if closeAt < 0 {
		return nil
	}
	after := d.Text(Span{closeAt + 1, min(para.End, closeAt+40)})
	if i := strings.IndexAny(after, "。;；“"); i >= 0 {
		after = after[:i]
	}
	if p := b.firstPersonIn(after); p != nil {
		return p
	}
	before := d.Text(Span{max(para.Start, open-30), open})
	if i := strings.LastIndexAny(before, "。;；”"); i >= 0 {
		_, n := utf8.DecodeRuneInString(before[i:])
		before = before[i+n:]
	}
	if p := b.personNamedIn(before); p != nil {
		return p
	}
	return nil
}

// trimClosing trims the punctuation that closes a suggestion, keeping a
// closing quote that one inside it opened (打造…的‘天府粮仓’).
func trimClosing(s string) string {
	for {
		t := strings.TrimRight(s, ",，。;；!！、 ")
		switch {
		case strings.HasSuffix(t, "”") && strings.Count(t, "“") < strings.Count(t, "”"):
			t = strings.TrimSuffix(t, "”")
		case strings.HasSuffix(t, "’") && strings.Count(t, "‘") < strings.Count(t, "’"):
			t = strings.TrimSuffix(t, "’")
		}
		if t == s {
			return s
		}
		s = t
	}
}

// remark reports text that names an opinion rather than making a
// suggestion: …的看法, 意见, 观点, 思考.
func remark(s string) bool {
	for _, w := range []string{"看法", "意见", "观点", "思考", "想法", "见解", "感受", "体会"} {
		if strings.HasSuffix(s, w) {
			return true
		}
	}
	return false
}

// nextCue finds ",建议" or ",提出" inside a suggestion: where another begins.
func nextCue(d *Doc, r []rune) int {
	for i := 1; i < len(r); i++ {
		if r[i-1] != ',' && r[i-1] != '，' {
			continue
		}
		if w, ok := d.Lex.CueAt(lexicon.RolePropose, r, i); ok && w != "希望" {
			return i - 1
		}
	}
	return -1
}

// coreClause picks the clause that carries a suggestion: the first one that
// is not framing (围绕…), without openers such as 要 or 可通过.
func coreClause(d *Doc, full string) string {
	clauses := strings.FieldsFunc(full, func(r rune) bool { return r == ',' || r == '，' || r == ';' || r == '；' })
	framing := d.Lex.Words(lexicon.RoleFraming)
	fillers := d.Lex.Words(lexicon.RoleFiller)
	for _, c := range clauses {
		c = strings.TrimSpace(c)
		isFraming := false
		for _, f := range framing {
			if strings.HasPrefix(c, f) || strings.HasPrefix(c, "持续"+f) {
				isFraming = true
			}
		}
		if isFraming && len(clauses) > 1 {
			continue
		}
		for changed := true; changed; {
			changed = false
			for _, f := range fillers {
				if strings.HasPrefix(c, f) && len([]rune(c)) > len([]rune(f))+3 {
					c, changed = strings.TrimPrefix(c, f), true
				}
			}
			// 建议政府加快…: who is to do it is not what is proposed.
			for _, subj := range addressees {
				if strings.HasPrefix(c, subj) && len([]rune(c)) > len([]rune(subj))+3 && d.taskPhrase([]rune(strings.TrimPrefix(c, subj))) {
					c, changed = strings.TrimPrefix(c, subj), true
				}
			}
		}
		return c
	}
	return ""
}

// addressees are whom a suggestion asks to act, which open it without
// being part of it (建议政府加快…, 呼吁当局加强…).
var addressees = []string{"特区政府", "政府", "当局", "有关部门", "相关部门", "国家", "省里", "市里", "各地", "各级政府", "省政府", "市政府", "县政府"}

// hasVerb reports whether a phrase says to do something.
func (d *Doc) hasVerb(s string) bool {
	for _, p := range d.Seg.Pos(s) {
		if strings.HasPrefix(p.Pos, "v") {
			return true
		}
	}
	return false
}

// lastPronoun returns the byte offset of the last 他 or 她 that stands for a
// person (not 其他, 他们), or -1.
func lastPronoun(s string) int {
	r := []rune(s)
	for i := len(r) - 1; i >= 0; i-- {
		if r[i] != '他' && r[i] != '她' {
			continue
		}
		if i+1 < len(r) && r[i+1] == '们' || i > 0 && (r[i-1] == '其' || r[i-1] == '吉') {
			continue
		}
		return len(string(r[:i]))
	}
	return -1
}
