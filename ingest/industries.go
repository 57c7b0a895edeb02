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
	sectorWords := d.Lex.Words(lexicon.RoleSectorWord)
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
			if !d.Bound(k, at.Start) || !d.Bound(k, at.End) && !followedBy(r[at.End:s.End], sectorWords) {
				i++
				continue
			}
			if !ind.Strict && !followedBy(r[at.End:s.End], sectorWords) {
				i += n
				continue
			}
			form := string(r[at.Start:at.End])
			ref := b.add(graph.Industry, ind.Name, ind.Name, at, s.Article, form, d.quoteVariant(at))
			if e := b.entities[ref]; e.Props == nil && ind.Sector != "" {
				e.Props = graph.Props{"sector": ind.Sector}
			}
			b.industries = append(b.industries, industryHit{at, ref})
			i += n
		}
	}
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
