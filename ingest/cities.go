package ingest

import (
	"maps"
	"slices"
	"strings"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/ingest/gazetteer"
	"github.com/policygraph/policygraph/ingest/lexicon"
)

// municipalities are provinces that are also cities.
var municipalities = map[string]bool{"110000": true, "120000": true, "310000": true, "500000": true}

// isCityLevel reports whether d can be "the page's city": a prefecture-level
// city or a municipality.
func isCityLevel(d gazetteer.Division) bool {
	return d.Level == gazetteer.Prefecture || municipalities[d.Code]
}

// findCities finds administrative places, decides which city the page is
// about, and resolves ambiguous short forms in that context.
func (d *docState) findCities() {
	pi := d.x.places
	type raw struct {
		placeHit
		sent int
	}
	var raws []raw
	for si, s := range d.sents {
		r := d.p.Norm
		var bounds map[int]bool
		for i := s.Start; i < s.End; {
			if _, n := pi.placeAt(r[:s.End], i); n == 0 {
				i++
				continue
			}
			if bounds == nil {
				bounds = d.wordBounds(s.Span)
			}
			// On word boundaries only: 范县 is not in 示范县, 市中区 not in
			// 市中心. The longest name that fits the words wins (南京 in
			// 南京/市人大代表).
			form, n := "", 0
			for _, f := range pi.placesAt(r[:s.End], i) {
				end := i + len([]rune(f))
				if bounds[i] && (bounds[end] || placeSuffixFollows(r, end)) {
					form, n = f, len([]rune(f))
					break
				}
			}
			if n == 0 {
				i++
				continue
			}
			h := raw{placeHit{Span{i, i + n}, form, pi.full[form]}, si}
			i += n
			if !h.Full && landmarkFollows(r[h.End:s.End]) {
				continue // 天河公园, 中原网: a landmark or outlet named after the place
			}
			if !h.Full && followedBy(r[h.End:s.End], d.x.Lex.Words(lexicon.RoleOrgSuffix)) {
				if div, _ := d.x.Gaz.Resolve(form, nil); div.Level == gazetteer.County {
					continue // 天心种业: a brand named after a district
				}
			}
			if !h.Full && d.x.Seg.IsCommonWord(form) {
				continue // 和平, 通道: ordinary words that happen to be short forms
			}
			if h.Full && n == 2 && d.x.Seg.IsCommonWord(form) {
				continue // 城区, 郊区
			}
			raws = append(raws, h)
		}
	}
	// The page's city: its outlet's city (株洲日报), else the city level
	// division most named, counting a county for its city.
	counts := map[string]int{}
	first := map[string]int{}
	note := func(code string, at int) {
		counts[code]++
		if _, ok := first[code]; !ok {
			first[code] = at
		}
	}
	for _, h := range raws {
		div, _ := d.x.Gaz.Resolve(h.Form, nil)
		switch {
		case isCityLevel(div):
			note(div.Code, h.Start)
		case div.Level == gazetteer.County:
			for _, p := range d.x.Gaz.Parents(div.Code) {
				if isCityLevel(p) {
					note(p.Code, h.Start)
					break
				}
			}
		}
	}
	if city := d.outletCity(); city != nil {
		counts[city.Code] += 1000
	}
	best := ""
	for _, code := range slices.Sorted(maps.Keys(counts)) {
		if n := counts[code]; best == "" || n > counts[best] || n == counts[best] && first[code] < first[best] {
			best = code
		}
	}
	if best != "" {
		div, _ := d.x.Gaz.ByCode(best)
		d.pageCity = &div
	}
	var ctx []string
	if d.pageCity != nil {
		ctx = append(ctx, d.pageCity.Code)
	}
	// Resolve in context; a county named by its short form must sit under
	// a place the page also names, or it is more likely a word (江南, 城关).
	named := map[string]bool{}
	if d.pageCity != nil {
		named[d.pageCity.Code] = true
	}
	resolved := make([]gazetteer.Division, len(raws))
	for i, h := range raws {
		resolved[i], _ = d.x.Gaz.Resolve(h.Form, ctx)
		named[resolved[i].Code] = true
	}
	counties := map[string]int{}
	for i, h := range raws {
		div := resolved[i]
		if div.Level == gazetteer.County && !h.Full {
			supported := false
			for _, p := range d.x.Gaz.Parents(div.Code) {
				if named[p.Code] {
					supported = true
				}
			}
			if !supported {
				continue
			}
		}
		d.cityHits = append(d.cityHits, cityHit{placeHit: h.placeHit, Div: div, Sentence: h.sent})
		if div.Level == gazetteer.County && d.pageCity != nil && d.x.Gaz.Parents(div.Code)[0].Code == d.pageCity.Code {
			counties[div.Code]++
		}
	}
	for _, code := range slices.Sorted(maps.Keys(counties)) {
		if n := counties[code]; n >= 2 && (d.pageCnty == nil || n > counties[d.pageCnty.Code]) {
			div, _ := d.x.Gaz.ByCode(code)
			d.pageCnty = &div
		}
	}
	for _, h := range d.cityHits {
		d.addCity(h.Div, h.Span, d.sents[h.Sentence].Article, h.Form)
		if q := d.quoteVariant(h.Span); q != "" {
			d.add(graph.City, h.Div.Code, h.Div.Name, h.Span, d.sents[h.Sentence].Article, q)
		}
	}
}

// addCity records a mention of a division, with the spelling seen. at is
// the mention, or the sentence that implies it (市人大代表 names no city).
func (d *docState) addCity(div gazetteer.Division, at Span, article int, form string) ref {
	aliases := []string{form}
	if div.Short != "" {
		aliases = append(aliases, div.Short)
	}
	r := d.add(graph.City, div.Code, div.Name, at, article, aliases...)
	e := d.out.Entities[r]
	if e.Props == nil {
		e.Props = graph.Props{"code": div.Code, "level": div.Level.String()}
	}
	return r
}

// outletCity is the city in the name of the outlet (株洲日报 → 株洲市).
func (d *docState) outletCity() *gazetteer.Division {
	name := d.layout.Newspaper
	for n := min(len([]rune(name)), 4); n >= 2; n-- {
		form := string([]rune(name)[:n])
		if !isPlaceName(form) {
			continue
		}
		div, ok := d.x.Gaz.Resolve(form, nil)
		if ok && isCityLevel(div) {
			return &div
		}
	}
	return nil
}

// relative resolves a leading 市/县/区/省 to the page's division of that
// tier, or nil.
func (d *docState) relative(marker string) *gazetteer.Division {
	switch marker {
	case "市":
		return d.pageCity
	case "县", "区":
		if d.pageCnty != nil {
			return d.pageCnty
		}
	case "省":
		if d.pageCity != nil {
			for _, p := range d.x.Gaz.Parents(d.pageCity.Code) {
				if p.Level == gazetteer.Province {
					return &p
				}
			}
			if municipalities[d.pageCity.Code] {
				return d.pageCity
			}
		}
	}
	return nil
}

// citiesIn returns the cities named inside span, skipping places only
// listed as examples.
func (d *docState) citiesIn(spans ...Span) []gazetteer.Division {
	var out []gazetteer.Division
	seen := map[string]bool{}
	for _, h := range d.cityHits {
		inside := false
		for _, s := range spans {
			inside = inside || h.Start >= s.Start && h.End <= s.End
		}
		if !inside || seen[h.Div.Code] || cityEnumeration(d.p.Norm, h.Span) || d.inAffiliation(h.Span) {
			continue
		}
		if h.Div.Level == gazetteer.Province && !municipalities[h.Div.Code] {
			continue // a province is context, not where a proposal applies
		}
		seen[h.Div.Code] = true
		out = append(out, h.Div)
	}
	return out
}

// placeAtStart parses a division at the start of text (full or short form),
// returning it and its length in runes.
func (d *docState) placeAtStart(r []rune) (*gazetteer.Division, int) {
	form, n := d.x.places.placeAt(r, 0)
	if n == 0 {
		return nil, 0
	}
	var ctx []string
	if d.pageCity != nil {
		ctx = []string{d.pageCity.Code}
	}
	div, ok := d.x.Gaz.Resolve(form, ctx)
	if !ok {
		return nil, 0
	}
	return &div, n
}

// placeSuffixFollows accepts a short form glued to a body (株洲市委 splits as
// 株洲/市委), where the word boundary falls inside the suffix.
func placeSuffixFollows(r []rune, i int) bool {
	return i < len(r) && strings.ContainsRune("市县区省委", r[i])
}

// landmarks are what a place lends its name to without being meant itself.
var landmarks = []string{"公园", "路", "街", "大道", "广场", "酒店", "宾馆", "大厦", "机场", "站", "湖", "山", "江", "河", "村", "镇", "乡",
	"网", "报", "日报", "晚报", "晨报", "电视台", "广播", "大学", "学院"}

func landmarkFollows(r []rune) bool {
	return followedBy(r, landmarks)
}

// inAffiliation reports whether s lies in a title chain (广州市人大代表):
// the place says where the official serves, not what a proposal is about.
func (d *docState) inAffiliation(s Span) bool { return s.within(d.affSpans) }
