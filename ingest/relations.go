package ingest

import (
	"regexp"
	"strings"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/ingest/gazetteer"
)

// relationRecognizer links goals and proposals to what they are about:
// the industries their text names (TARGETS), where a proposal applies
// (LOCATED_IN), a programme's parts (HAS_PART), who set a goal (SETS) and
// where it applies (APPLIES_TO).
type relationRecognizer struct{}

func (rr relationRecognizer) recognize(d *Doc, b *Builder) {
	rr.goals(d, b)
	for _, h := range b.proposals {
		rr.proposal(d, b, h)
	}
}

// reSubItem finds the sub-items of a section (一是, 二要).
var reSubItem = regexp.MustCompile(`[一二三四五六七八九十](?:是|要)`)

func (rr relationRecognizer) goals(d *Doc, b *Builder) {
	b.sortGoals()
	goals := b.goals
	partOf := map[int]bool{}
	programme := map[int]int{} // part → its programme
	for i, g := range goals {
		// Parts follow their programme in the same article, up to its count.
		if g.Parts <= 1 {
			continue
		}
		// When the parts are items (一是…二是…), only the items are parts;
		// goals inside an item belong to the item.
		var cands []int
		items := false
		for j := i + 1; j < len(goals); j++ {
			c := goals[j]
			if d.Sentences[c.Sentence].Article != d.Sentences[g.Sentence].Article || c.Parts > 0 {
				break
			}
			cands = append(cands, j)
			items = items || c.Item
		}
		taken := 0
		for _, j := range cands {
			c := goals[j]
			if taken == g.Parts || items && !c.Item {
				continue
			}
			s := d.Sentences[c.Sentence]
			b.fact(graph.HasPart, g.Ref, c.Ref, "", s.Span, s.Article)
			partOf[j] = true
			programme[j] = i
			taken++
		}
	}
	for i, g := range goals {
		s := d.Sentences[g.Sentence]
		end := rr.goalEnd(d, b, i, partOf[i])
		for _, ind := range b.industriesIn(Span{g.Start, end}) {
			k, _ := d.SentenceAt(ind.Start)
			at := d.Sentences[k]
			b.fact(graph.Targets, g.Ref, ind.Ref, "", at.Span, at.Article)
		}
		p := rr.setter(d, b, g)
		if pi, ok := programme[i]; ok && p == nil {
			p = rr.setter(d, b, goals[pi]) // a part is set by who set its programme
		}
		if p != nil {
			b.fact(graph.Sets, p.Ref, g.Ref, "", s.Span, s.Article)
			if p.Place != nil {
				b.fact(graph.AppliesTo, g.Ref, b.cityIn(*p.Place, g.Sentence), "", s.Span, s.Article)
				continue
			}
		}
		if c := rr.articlePlace(d, s.Article); c != nil {
			b.fact(graph.AppliesTo, g.Ref, b.cityIn(*c, g.Sentence), "", s.Span, s.Article)
		}
	}
}

// goalEnd is where the text a goal speaks for ends: an item or a part of a
// programme runs to the next goal of its level or its paragraph's end (提升
// 重点产业能级。坚持…); a section head stops where its items begin; a task
// read from running text is its own clause; any other goal its sentence.
func (rr relationRecognizer) goalEnd(d *Doc, b *Builder, i int, part bool) int {
	g := b.goals[i]
	s := d.Sentences[g.Sentence]
	end := s.End
	switch {
	case g.Section:
		end = d.ParaOf(g.Start).End
		if k := reSubItem.FindStringIndex(d.Text(Span{g.End, end})); k != nil {
			end = g.End + len([]rune(d.Text(Span{g.End, end})[:k[0]]))
		}
	case part || g.Item:
		end = d.ParaOf(g.Start).End
		for _, o := range b.goals[i+1:] {
			if o.Item && o.Start < end {
				end = o.Start
				break
			}
		}
		return end
	case g.Parts == 0 && isStructured(d.Text(g.Span)) && headsSentence(d, g):
		end = d.ParaOf(g.Start).End
	case g.Parts == 0 && isStructured(d.Text(g.Span)), g.Narrow:
		end = clauseEnd(d.Page.Norm, g.End, end) // 打好耕地保护攻坚战, 发展油茶…: one item of a list
	}
	if i+1 < len(b.goals) && b.goals[i+1].Start < end && b.goals[i+1].Start >= g.End {
		end = b.goals[i+1].Start
	}
	return end
}

// setter is the official who sets a goal: the one the article features
// (unless a deputy in a non-interview article), else one named earlier in
// the same sentence.
func (relationRecognizer) setter(d *Doc, b *Builder, g *goalHit) *Person {
	s := d.Sentences[g.Sentence]
	if p := b.featured[s.Article]; p != nil && (!p.Deputy || b.interview[s.Article]) {
		return p
	}
	return b.personNamedIn(d.Text(Span{s.Start, g.Start}))
}

// articlePlace is the place an article is about: the county or city it
// names most (a speech about 株洲 on a page that also covers 醴陵), else the
// page's city.
func (relationRecognizer) articlePlace(d *Doc, article int) *gazetteer.Division {
	counts := map[string]int{}
	var best string
	for _, m := range d.Places {
		if d.Sentences[m.Sentence].Article != article || m.Div.Level == gazetteer.Province && !municipalities[m.Div.Code] || m.Div.Level == gazetteer.Township {
			continue
		}
		counts[m.Div.Code]++
		if best == "" || counts[m.Div.Code] > counts[best] {
			best = m.Div.Code
		}
	}
	if best != "" {
		div, _ := d.Gaz.ByCode(best)
		return &div
	}
	return d.Home.City
}

// proposal adds what a proposal targets and where it applies: the
// industries and places its own text names (its title or core clause, not
// the argument around it).
func (relationRecognizer) proposal(d *Doc, b *Builder, h *proposalHit) {
	for _, ind := range b.industriesIn(h.Text...) {
		b.fact(graph.Targets, h.Ref, ind.Ref, "", h.Sentence, h.Article)
	}
	k, _ := d.SentenceAt(h.Sentence.Start)
	for _, c := range b.citiesIn(h.Text...) {
		b.fact(graph.LocatedIn, h.Ref, b.cityIn(c, k), "", h.Sentence, h.Article)
	}
}

// isStructured reports goals that head a passage of their own: campaigns
// and breakthroughs, whose elaboration follows in the next sentences.
func isStructured(name string) bool {
	return reCampaign.MatchString(name) || reBreakthrough.MatchString(name)
}

// headsSentence reports whether a goal is its sentence's whole content
// (打好安全生产攻坚战。), so the sentences after it elaborate it.
func headsSentence(d *Doc, g *goalHit) bool {
	rest := strings.TrimSpace(d.Text(Span{g.End, d.Sentences[g.Sentence].End}))
	return rest == "" || rest == "。" || rest == ";" || rest == "；" || rest == "!" || rest == "！"
}

// clauseEnd returns the end of the clause containing offset i (at the next
// comma or semicolon), at most limit.
func clauseEnd(r []rune, i, limit int) int {
	for ; i < limit; i++ {
		switch r[i] {
		case ',', '，', ';', '；', '。':
			return i
		}
	}
	return limit
}
