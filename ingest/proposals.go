package ingest

import (
	"regexp"
	"strings"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/ingest/lexicon"
)

// proposalHit is a proposal and the text that states it.
type proposalHit struct {
	Ref      ref
	By       *officialInfo
	Sentence sentence
	Text     []Span // headline and core clauses: what it targets
	Where    []Span // Text and the whole suggestions: where it applies
	Name     string
}

var (
	// 《关于加快推进我市氢能产业发展的建议》; the last title of a cut-off page
	// may lack its closing bracket.
	reTitled = regexp.MustCompile(`《([^《》]{4,80})(》|$)`)
	// What a title must not be to count as a proposal: a speech, a report,
	// a regulation.
	reNotProposal = regexp.MustCompile(`(讲话|报告|办法|条例|规定|通知|决定|纲要|规划|意见工作办法)$`)
	reIsProposal  = regexp.MustCompile(`(建议|提案|议案|呼吁)$`)
)

// framing clauses say what a proposal is about, not what it proposes.
var framing = []string{"围绕", "针对", "结合", "聚焦", "立足", "就", "对于", "关于"}

// fillers open a proposal without adding to it.
var fillers = []string{"可通过", "可以", "应当", "需要", "要", "应", "可", "需", "并", "还", "也"}

// findProposals reads the proposals deputies and members make: the
// headline of a proposal column, titled proposals (《…的建议》), and what
// follows 建议/提出/希望/呼吁 after an official's name.
func (d *docState) findProposals() {
	var hits []*proposalHit
	column := map[int]*proposalHit{}
	for ai, a := range d.layout.Articles {
		o := d.featured[ai]
		if o == nil || !o.Deputy || d.interview[ai] || len(a.Headline) == 0 {
			continue
		}
		// The proposal is the headline after the proposer's name; the
		// evidence is the whole headline, which says who proposes it.
		head := Span{a.Headline[0].Start, a.Headline[len(a.Headline)-1].End}
		span := head
		name := a.HeadlineText(d.p)
		if i := strings.Index(name, o.Name); i >= 0 {
			name = name[i+len(o.Name):]
			span.Start += len([]rune(d.p.Text(span)[:i+len(o.Name)]))
		}
		name = trimPunct(name)
		span = trim(d.p.Norm, span)
		for span.Start < span.End && strings.ContainsRune(":：,，、 ", d.p.Norm[span.Start]) {
			span.Start++
		}
		if len([]rune(name)) < 4 {
			continue
		}
		s := sentence{Span: head, Article: ai, Heading: true}
		h := d.proposal(name, o, s, span)
		h.Text = []Span{span}
		column[ai] = h
		hits = append(hits, h)
	}
	for _, s := range d.sents {
		if s.Heading || s.Caption {
			continue
		}
		text := d.p.Text(s.Span)
		hits = append(hits, d.titledProposals(s, text)...)
		for _, c := range d.cuedProposals(s) {
			if col := column[s.Article]; col != nil && (c.by == col.By || c.by == nil) && !c.nominal {
				// In a proposal column the featured deputy's suggestions
				// spell out the headline proposal.
				d.add(graph.Proposal, col.Ref.Key, col.Name, s.Span, s.Article, c.name)
				// Only the core clause: the rest of the sentence argues
				// for the proposal and names sectors it only mentions.
				col.Text = append(col.Text, c.core)
				col.Where = append(col.Where, c.at)
				continue
			}
			by := c.by
			if by == nil {
				by = d.featured[s.Article]
			}
			if by == nil {
				by = d.lastNamedBefore(s.Article, s.Start)
			}
			if by == nil || by.governs && !by.Deputy {
				// A mayor or secretary who "proposes" in a work report
				// sets a goal (read by findGoals), not a proposal.
				continue
			}
			h := d.proposal(c.name, by, s, c.at)
			h.Text = []Span{c.at}
			if c.full != c.name {
				d.add(graph.Proposal, h.Ref.Key, h.Name, c.at, s.Article, c.full)
			}
			hits = append(hits, h)
		}
	}
	for _, h := range hits {
		d.linkProposal(h)
	}
}

// proposal records a proposal and who made it.
func (d *docState) proposal(name string, by *officialInfo, s sentence, at Span) *proposalHit {
	name = strings.TrimSpace(name)
	r := d.add(graph.Proposal, cleanGoal(name), name, at, s.Article, d.quoteVariant(at))
	h := &proposalHit{Ref: r, By: by, Sentence: s, Text: []Span{s.Span}, Name: name}
	if by != nil {
		d.fact(graph.Proposes, by.Ref, r, "", s.Span, s.Article)
	}
	return h
}

// titledProposals reads 《…》 titles that name proposals, with the official
// who presented them when the same clause names one.
func (d *docState) titledProposals(s sentence, text string) []*proposalHit {
	var out []*proposalHit
	for _, m := range findAll(reTitled, text, "《") {
		title := text[m[2]:m[3]]
		before := text[max(0, m[0]-len("领衔提出的提交了")):m[0]]
		after := text[m[1]:]
		if reNotProposal.MatchString(title) || strings.HasPrefix(after, "的讲话") || strings.HasPrefix(after, "讲话") {
			continue
		}
		presented := strings.Contains(before, "提交") || strings.HasSuffix(before, "作") || strings.Contains(before, "提出") ||
			strings.HasSuffix(before, "》") || strings.Contains(before, "领衔")
		if !reIsProposal.MatchString(title) && !presented {
			continue
		}
		clause := text[:m[0]]
		if i := strings.LastIndexAny(clause, ",，;；。"); i >= 0 {
			clause = clause[i:]
		}
		by := d.officialNamedIn(clause)
		start := s.Start + len([]rune(text[:m[2]]))
		at := Span{start, start + len([]rune(title))}
		h := d.proposal(title, by, s, at)
		h.Text = []Span{at}
		out = append(out, h)
	}
	return out
}

// officialNamedIn returns the official named last in text.
func (d *docState) officialNamedIn(text string) *officialInfo {
	var best *officialInfo
	at := -1
	for _, name := range d.officialNames() {
		if i := strings.LastIndex(text, name); i > at {
			best, at = d.officials[name], i
		}
	}
	return best
}

// cue is a suggestion introduced by a proposal verb.
type cue struct {
	by      *officialInfo // nil: a pronoun (她建议)
	name    string        // the core clause
	full    string        // everything suggested, to the end of the sentence
	at      Span          // the whole suggestion
	core    Span          // the core clause
	nominal bool          // 提交相关建议: an earlier proposal told about, not made here
}

// cuedProposals finds 建议/提出/希望/呼吁/应 after an official's name (or a
// pronoun standing for one) in a sentence.
func (d *docState) cuedProposals(s sentence) []cue {
	r := d.p.Norm[s.Start:s.End]
	text := string(r)
	// Who is speaking: the last official named before each cue.
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
		w, ok := d.x.Lex.CueAt(lexicon.RolePropose, r, i)
		isShould := !ok && r[i] == '应' && i > 0 && (r[i-1] == ',' || r[i-1] == '，')
		if !ok && !isShould {
			continue
		}
		if isShould {
			w = "应"
		}
		before := string(r[:i])
		after := i + len([]rune(w))
		if w == "提出" && after < len(r) && r[after] == '了' {
			continue // 提出了更高的要求: a remark, not a proposal
		}
		if w == "提交" || w == "领衔提出" {
			continue // titles follow these; titledProposals reads them
		}
		if after < len(r) && r[after] == '的' || strings.HasSuffix(before, "的") && w == "建议" {
			continue // 提出的…, …的建议: the noun, not the act of proposing
		}
		by := d.officialNamedIn(before)
		if p := lastPronoun(before); p >= 0 && (by == nil || strings.LastIndex(before, by.Name) < p) {
			// 她…提交相关建议: the pronoun is the subject; it stands for the
			// official named before it in the sentence, if any, else the
			// one the article is about.
			by = d.officialNamedIn(before[:p])
		} else if by == nil {
			continue
		}
		nominal := strings.HasSuffix(before, "相关") || strings.HasSuffix(before, "提交") || strings.HasSuffix(before, "的")
		full := strings.TrimLeft(string(r[after:]), ",，:：")
		// A second proposal verb in the same sentence starts another one.
		if j := nextCue(d, []rune(full)); j > 0 {
			full = string([]rune(full)[:j])
		}
		full = strings.TrimRight(full, ",，。;；!！、 ")
		full = strings.TrimSuffix(strings.TrimSuffix(full, "的建议"), "的意见")
		name := coreClause(full)
		if len([]rune(name)) < 4 || !d.hasVerb(name) || strings.Contains(string([]rune(name)[:min(4, len([]rune(name)))]), "被") {
			continue // 建议迅速被采纳: the suggestion is the subject here
		}
		startRune := after + (len([]rune(string(r[after:]))) - len([]rune(strings.TrimLeft(string(r[after:]), ",，:："))))
		at := Span{s.Start + startRune, s.Start + startRune + len([]rune(full))}
		core := at
		if k := strings.Index(full, name); k >= 0 {
			core.Start = at.Start + len([]rune(full[:k]))
			core.End = core.Start + len([]rune(name))
		}
		out = append(out, cue{by: by, name: name, full: full, at: at, core: core, nominal: nominal})
		i = after - 1
	}
	_ = text
	return out
}

// nextCue finds ",建议" or ",提出" inside a suggestion: where another begins.
func nextCue(d *docState, r []rune) int {
	for i := 1; i < len(r); i++ {
		if r[i-1] != ',' && r[i-1] != '，' {
			continue
		}
		if w, ok := d.x.Lex.CueAt(lexicon.RolePropose, r, i); ok && w != "希望" {
			return i - 1
		}
	}
	return -1
}

// coreClause picks the clause that carries a suggestion: the first one that
// is not framing (围绕…), without openers such as 要 or 可通过.
func coreClause(full string) string {
	clauses := strings.FieldsFunc(full, func(r rune) bool { return r == ',' || r == '，' || r == ';' || r == '；' })
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
		}
		return c
	}
	return ""
}

// hasVerb reports whether a suggestion says to do something.
func (d *docState) hasVerb(s string) bool {
	for _, p := range d.x.Seg.Pos(s) {
		if strings.HasPrefix(p.Pos, "v") {
			return true
		}
	}
	return false
}

// linkProposal adds where a proposal applies and the industries it targets.
func (d *docState) linkProposal(h *proposalHit) {
	spans := append([]Span(nil), h.Text...)
	for _, ind := range d.industriesIn(spans...) {
		d.fact(graph.Targets, h.Ref, ind, "", h.Sentence.Span, h.Sentence.Article)
	}
	spans = append(spans, h.Where...)
	// Where: the places its own text names and those of sentences in its
	// article that share its subject (a 4-character run of its name), else
	// the place whose congress or CPPCC the proposer sits in: a proposal to
	// the 株洲 two sessions is about 株洲.
	cities := d.citiesIn(spans...)
	for _, s := range d.sents {
		if s.Article == h.Sentence.Article && !s.Heading && sharesRun(d.p.Text(s.Span), cleanGoal(h.Name), 4) {
			cities = append(cities, d.citiesIn(s.Span)...)
		}
	}
	if len(cities) == 0 && h.By != nil && h.By.Seat != nil {
		cities = append(cities, *h.By.Seat)
	}
	seen := map[string]bool{}
	for _, c := range cities {
		if !seen[c.Code] {
			seen[c.Code] = true
			d.fact(graph.LocatedIn, h.Ref, d.cityRef(c, h.Sentence), "", h.Sentence.Span, h.Sentence.Article)
		}
	}
}

// sharesRun reports whether a and b share a run of n characters.
func sharesRun(a, b string, n int) bool {
	rb := []rune(b)
	for i := 0; i+n <= len(rb); i++ {
		if strings.Contains(a, string(rb[i:i+n])) {
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
