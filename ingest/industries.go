package ingest

import (
	"strings"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/ingest/lexicon"
)

// industryHit is an industry named at a place in the text.
type industryHit struct {
	Span
	Ref ref
}

// industryRecognizer matches the industry lexicon, longest spelling first,
// on word boundaries (so 航空 inside 航空港 is not aviation) and outside the
// names of organisations (泛锐熠辉复合材料有限公司 is a company, not a
// sector).
type industryRecognizer struct{}

func (industryRecognizer) recognize(d *Doc, b *Builder) {
	r := d.Page.Norm
	for k, s := range d.Sentences {
		for i := s.Start; i < s.End; {
			ind, n := d.Lex.IndustryAt(r[:s.End], i)
			at := Span{i, i + n}
			if ind == nil || b.inOrg(at) || b.overlapsPerson(at) {
				i++
				continue
			}
			// On word boundaries, except that the word may run on into
			// 行业/产业 (gse cuts 工程/机械行业).
			if !d.Bound(k, at.Start) || !d.Bound(k, at.End) && !d.followedByCue(lexicon.RoleSectorWord, r, at.End, s.End) {
				i++
				continue
			}
			if !ind.Strict && !d.followedByCue(lexicon.RoleSectorWord, r, at.End, s.End) || ind.Broad {
				i += n // a bare 教育; an umbrella such as 制造业
				continue
			}
			name, sector := ind.Name, ind.Sector
			aliases := append([]string{string(r[at.Start:at.End]), d.quoteVariant(at)}, ind.Aliases...)
			if c, ok := d.compound(k, at, ind); ok {
				// 算力装备制造业, 金属新材料: a field of the sector, named
				// as printed.
				at, name, aliases = c, d.Text(c), []string{d.quoteVariant(c)}
			}
			ref := b.add(graph.Industry, name, name, at, s.Article, aliases...)
			if e := b.entities[ref]; e.Props == nil && sector != "" {
				e.Props = graph.Props{graph.PropSector: sector}
			}
			b.industries = append(b.industries, industryHit{at, ref})
			i = at.End
		}
	}
}

// compound reads an industry named with a modifier the lexicon does not
// list: another industry (算力 + 装备制造业, 人工智能 + 医疗) or a noun before
// a head that takes one (金属 + 新材料, 新型合金 + 材料). The modifier is the
// sentence's word before the match, and the compound must open on a word
// boundary after a list separator or a verb (发展, 培育, 布局).
func (d *Doc) compound(k int, at Span, ind *lexicon.Industry) (Span, bool) {
	r := d.Page.Norm
	var mod *Word
	for _, w := range d.Words(k) {
		if w.End == at.Start {
			w := w
			mod = &w
		}
	}
	if mod == nil || mod.Len() < 2 || mod.Len() > 4 || !allHan(r[mod.Start:mod.End]) {
		return at, false
	}
	word := d.Text(mod.Span)
	other, n := d.Lex.IndustryAt(r[:at.Start], mod.Start)
	isIndustry := other != nil && mod.Start+n == at.Start && !other.Broad
	isHead := d.Lex.Is(lexicon.RoleSectorHead, ind.Name) || d.Lex.Is(lexicon.RoleSectorHead, d.Text(at))
	// Two fields side by side (硬质合金复合材料) are two fields unless the
	// second is a head that takes a modifier (算力 + 装备制造业).
	if !isHead || !isIndustry && !(strings.HasPrefix(mod.Pos, "n") && mod.Pos != "nr" && mod.Pos != "ns") {
		return at, false
	}
	if d.Lex.Is(lexicon.RoleGeneric, word) || d.Lex.Is(lexicon.RoleScopeWord, word) || mod.Pos == "nt" ||
		d.Seg.IsCommonWord(d.Text(Span{mod.Start, at.End})) {
		return at, false
	}
	if mod.Start > d.Sentences[k].Start && isHan(r[mod.Start-1]) {
		_, task := d.Lex.CueBefore(lexicon.RoleTaskVerb, r, mod.Start)
		verb := false
		for _, w := range d.Words(k) {
			if w.End == mod.Start {
				verb = strings.HasPrefix(w.Pos, "v")
			}
		}
		if !task && !verb {
			return at, false // 布局金属新材料, 培育算力装备制造业; not 传统金属新材料
		}
	}
	// The compound must end as a field does, not go on as a modifier of
	// what follows (国家农业科技创新港, 机械新能源化, 农业转移人口): a
	// separator, a sector word (产业, 领域), a particle or a verb follows.
	if e := at.End; e < d.Sentences[k].End && isHan(r[e]) && !strings.ContainsRune("、和与及等的", r[e]) {
		if _, sector := d.Lex.CueAt(lexicon.RoleSectorWord, r, e); !sector {
			verb := false
			for _, w := range d.Words(k) {
				if w.Start == e {
					verb = strings.HasPrefix(w.Pos, "v")
				}
			}
			if !verb {
				return at, false
			}
		}
	}
	if d.actionWord(word) {
		return at, false // 力争储能, 重构农业: the word before is a verb the dictionary calls a noun
	}
	return Span{mod.Start, at.End}, true
}

// industriesIn returns the industries named inside any of the spans, in
// page order.
func (b *Builder) industriesIn(spans ...Span) []industryHit {
	var out []industryHit
	seen := map[ref]bool{}
	for _, h := range b.industries {
		for _, s := range spans {
			if h.Start >= s.Start && h.End <= s.End && !seen[h.Ref] {
				seen[h.Ref] = true
				out = append(out, h)
			}
		}
	}
	return out
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
