package ingest

import (
	"strings"

	"github.com/policygraph/policygraph/graph"
)

// industryHit is an industry named at a place in the text.
type industryHit struct {
	Span
	Ref ref
}

// contextWords make a context-mode industry (教育, 医疗) a sector: 教育产业.
var contextWords = []string{"产业", "行业", "业", "经济", "企业", "服务", "领域", "集群"}

// findIndustries matches the industry lexicon, longest spelling first, on
// word boundaries (so 航空 inside 航空港 is not aviation) and outside names of
// organisations (泛锐熠辉复合材料有限公司 is a company, not a sector).
func (d *docState) findIndustries() {
	for _, s := range d.sents {
		r := d.p.Norm
		var bounds map[int]bool
		for i := s.Start; i < s.End; {
			ind, n := d.x.Lex.IndustryAt(r[:s.End], i)
			if ind == nil || d.inOrg(Span{i, i + n}) {
				i++
				continue
			}
			if bounds == nil {
				bounds = d.wordBounds(s.Span)
			}
			at := Span{i, i + n}
			// On word boundaries, except that the word may run on into
			// 行业/产业 (gse cuts 工程/机械行业).
			if !bounds[at.Start] || !bounds[at.End] && !followedBy(r[at.End:s.End], contextWords) {
				i++
				continue
			}
			if !ind.Strict && !followedBy(r[at.End:s.End], contextWords) {
				i += n
				continue
			}
			form := string(r[at.Start:at.End])
			ref := d.add(graph.Industry, ind.Name, ind.Name, at, s.Article, form, d.quoteVariant(at))
			e := d.out.Entities[ref]
			if e.Props == nil && ind.Sector != "" {
				e.Props = graph.Props{"sector": ind.Sector}
			}
			d.industries = append(d.industries, industryHit{at, ref})
			i += n
		}
	}
}

// wordBounds returns the offsets where gse puts a word boundary in s.
// Segmenting is the costliest step of extraction, so each sentence is cut
// once and the boundaries shared by every matcher.
func (d *docState) wordBounds(s Span) map[int]bool {
	if b, ok := d.bounds[s]; ok {
		return b
	}
	b := map[int]bool{s.Start: true, s.End: true}
	defer func() { d.bounds[s] = b }()
	off := s.Start
	for _, w := range d.x.Seg.Cut(d.p.Text(s)) {
		off += len([]rune(w))
		b[off] = true
	}
	return b
}

func followedBy(r []rune, words []string) bool {
	s := string(r)
	for _, w := range words {
		if strings.HasPrefix(s, w) {
			return true
		}
	}
	return false
}

// industriesIn returns the industries named inside any of the spans.
func (d *docState) industriesIn(spans ...Span) []ref {
	var out []ref
	seen := map[ref]bool{}
	for _, h := range d.industries {
		for _, s := range spans {
			if h.Start >= s.Start && h.End <= s.End && !seen[h.Ref] {
				seen[h.Ref] = true
				out = append(out, h.Ref)
			}
		}
	}
	return out
}
