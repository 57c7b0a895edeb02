package ingest

import (
	"cmp"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/go-ego/gse"
	"github.com/policygraph/policygraph/ingest/gazetteer"
	"github.com/policygraph/policygraph/ingest/lexicon"
)

// SentenceKind says what part of an article a sentence is.
type SentenceKind uint8

const (
	// Body is running text.
	Body SentenceKind = iota
	// Heading is a headline, kicker or subhead line.
	Heading
	// Label is a speaker label (周斌周斌:).
	Label
	// Caption is a photo caption.
	Caption
)

// Sentence is one sentence of a page, in reading order.
type Sentence struct {
	Span
	Article int
	Para    int // index into Page.Paras
	Kind    SentenceKind
}

// Part is what a section of a report does, by its heading.
type Part uint8

const (
	// OtherPart is text under no heading that says what it does.
	OtherPart Part = iota
	// PlanPart sets out tasks: under 三、2026年工作安排 or 重点任务.
	PlanPart
	// ReviewPart reviews what was done: under 一、2025年工作回顾.
	ReviewPart
)

// Word is one word of a sentence as the segmenter cut it, with the
// dictionary's part of speech ("" for a word the dictionary does not know,
// which is how names and brands usually come out).
type Word struct {
	Span
	Pos string
}

// PlaceMention is an administrative place named in the text, resolved in
// the page's context.
type PlaceMention struct {
	Span
	Form     string // as written (folded): 醴陵, 醴陵市
	Full     bool   // the full name, not a short form
	Div      gazetteer.Division
	Sentence int
}

// Home is where the page is: the places that 省…, 市…, 县… and 我市 refer
// to. Each is nil when the page does not say.
type Home struct {
	Province, City, County *gazetteer.Division
}

// Doc is a segmented page: everything recognizers read, built once per
// document and never changed after. Recognizers add what they find to a
// Builder; they never write to the Doc.
type Doc struct {
	Page      *Page
	Layout    Layout
	Sentences []Sentence
	Places    []PlaceMention // in page order
	Home      Home
	Part      []Part // by sentence: the kind of section it is in
	Turns     []Turn // a transcript's turns, in page order

	turnOf      []int        // by sentence: index into Turns, or -1
	transcripts map[int]bool // articles printed as transcripts

	named map[string]int // division code → how often the page names it itself

	words  [][]Word            // by sentence
	bounds [][]bool            // by sentence: bounds[k][i] is true when a word starts or ends at Start+i
	hmm    map[string][]string // the segmenter's HMM cuts of this page's unknown runs (see hmmCut)

	Lex *lexicon.Lexicon
	Gaz *gazetteer.Gazetteer
	Seg *Segmenter

	places *placeIndex
}

// Text is the folded text of a span.
func (d *Doc) Text(s Span) string { return d.Page.Text(s) }

// Runes is the folded text of the whole page.
func (d *Doc) Runes() []rune { return d.Page.Norm }

// Words returns the words of sentence k.
func (d *Doc) Words(k int) []Word {
	d.segment(k)
	return d.words[k]
}

// Bound reports whether a word boundary falls at offset i of sentence k.
func (d *Doc) Bound(k, i int) bool {
	s := d.Sentences[k]
	if i < s.Start || i > s.End {
		return false
	}
	d.segment(k)
	return d.bounds[k][i-s.Start]
}

// segment cuts sentence k into words once. The Doc is read-only to its
// readers; this cache is filled on first use, by the one goroutine that
// reads the Doc.
func (d *Doc) segment(k int) {
	if d.bounds[k] == nil {
		d.words[k], d.bounds[k] = d.Seg.words(d.Page.Norm, d.Sentences[k].Span, d.hmm)
	}
}

// SentenceAt returns the index of the sentence containing offset i.
func (d *Doc) SentenceAt(i int) (int, bool) {
	k := sort.Search(len(d.Sentences), func(k int) bool { return d.Sentences[k].End > i })
	if k < len(d.Sentences) && d.Sentences[k].Start <= i {
		return k, true
	}
	return 0, false
}

// ParaOf returns the paragraph containing offset i.
func (d *Doc) ParaOf(i int) Span {
	k := sort.Search(len(d.Page.Paras), func(k int) bool { return d.Page.Paras[k].End > i })
	if k < len(d.Page.Paras) && d.Page.Paras[k].Start <= i {
		return d.Page.Paras[k]
	}
	return Span{i, i}
}

// Relative resolves a place written as a marker for the page's own place:
// 市 (市人大代表, 我市, 全市) is the page's city, 县 and 区 its county, 省 its
// province. It returns nil when the page does not say.
func (d *Doc) Relative(marker rune) *gazetteer.Division {
	switch marker {
	case '市':
		// 市 on a page about a county-level city (平湖市委员) is that city,
		// when the page names it more often than its prefecture.
		if c := d.Home.County; c != nil && strings.HasSuffix(c.Name, "市") && d.Home.City != nil &&
			d.named[c.Code] > d.named[d.Home.City.Code] {
			return c
		}
		return d.Home.City
	case '县', '区', '旗':
		return d.Home.County
	case '州':
		if d.Home.City != nil && strings.HasSuffix(d.Home.City.Name, "州") {
			return d.Home.City
		}
	case '省':
		return d.Home.Province
	}
	return nil
}

// quoteVariant returns the printed form of a span when it differs from the
// folded one (traditional characters), to keep as an alias.
func (d *Doc) quoteVariant(s Span) string {
	if slices.Equal(d.Page.Orig[s.Start:s.End], d.Page.Norm[s.Start:s.End]) {
		return "" // most text is printed as folded: no strings to build
	}
	if q := d.Page.Quote(s); q != d.Page.Text(s) {
		return q
	}
	return ""
}

// newDoc segments a split page: sentences in reading order, their words,
// the places they name and where the page is.
func (x *Extractor) newDoc(p *Page, l Layout) *Doc {
	d := &Doc{Page: p, Layout: l, Lex: x.Lex, Gaz: x.Gaz, Seg: x.Seg, places: x.places}
	paraOf := func(s Span) int {
		k := sort.Search(len(p.Paras), func(k int) bool { return p.Paras[k].End > s.Start })
		return min(k, len(p.Paras)-1)
	}
	add := func(s Span, ai int, kind SentenceKind) {
		d.Sentences = append(d.Sentences, Sentence{Span: s, Article: ai, Para: paraOf(s), Kind: kind})
	}
	for ai, a := range l.Articles {
		for _, s := range a.Headings {
			add(s, ai, Heading)
		}
		for _, s := range a.Labels {
			add(s, ai, Label)
		}
		for _, c := range a.Captions {
			for _, s := range sentences(p, c) {
				add(s, ai, Caption)
			}
		}
		for _, b := range a.Body {
			for _, s := range sentences(p, b) {
				add(s, ai, Body)
			}
		}
	}
	// Reading order, so "first mention" means first on the page.
	sort.SliceStable(d.Sentences, func(i, j int) bool { return d.Sentences[i].Start < d.Sentences[j].Start })
	// Words are cut on first use: segmenting is the costliest step, and
	// most sentences hold nothing a recognizer looks at twice.
	d.words = make([][]Word, len(d.Sentences))
	d.bounds = make([][]bool, len(d.Sentences))
	d.hmm = map[string][]string{}
	d.findPlaces()
	d.findParts()
	d.findTurns()
	return d
}

// onlyYearWork reports a heading whose only plan word is 年工作, which
// reviews as often as it plans (2025年主要工作和“十四五”发展成就).
func onlyYearWork(text []rune) bool {
	s := string(text)
	for _, w := range []string{"十五五", "目标", "任务", "重点工作", "工作安排", "今后"} {
		if strings.Contains(s, w) {
			return false
		}
	}
	return true
}

// reYearHeading is a section heading that opens with its year: 2025年工作回顾.
var reYearHeading = regexp.MustCompile(`^(?:\d{4}|[一二〇零]{4})年`)

// opensPart reports a sentence that may open a part: a top-level heading
// (一、…) or a headline that opens with its year.
func opensPart(text []rune, kind SentenceKind) bool {
	s := string(text)
	return reTopHeading.MatchString(s) || kind == Heading && reYearHeading.MatchString(s)
}

// findParts marks the section each sentence is in: a top-level heading
// (一、…) or a headline that says the section sets out tasks (工作安排,
// 重点任务) or reviews (工作回顾, 过去一年) starts a part that lasts until
// the next such heading.
func (d *Doc) findParts() {
	d.Part = make([]Part, len(d.Sentences))
	cur := OtherPart
	for k, s := range d.Sentences {
		text := d.Page.Norm[s.Start:s.End]
		if d.ParaOf(s.Start).Start == s.Start && opensPart(text, s.Kind) {
			// 二、“十四五”时期发展成就和“十五五”时期主要目标任务 sets out
			// tasks: a heading that plans is a plan, whatever it reviews on
			// the way; only the year's own work (年工作) gives way to review.
			review := containsRole(d.Lex, text, lexicon.RoleReviewHeading)
			plan := containsRole(d.Lex, text, lexicon.RolePlanHeading)
			switch {
			case plan && (!review || !onlyYearWork(text)):
				cur = PlanPart
			case review:
				cur = ReviewPart
			}
		}
		d.Part[k] = cur
	}
}

// words segments a sentence once: its words with their dictionary part of
// speech, and the boundary table every matcher shares (segmenting is the
// costliest step of extraction).
func (s *Segmenter) words(r []rune, sp Span, memo map[string][]string) ([]Word, []bool) {
	bounds := make([]bool, sp.Len()+1)
	bounds[0], bounds[sp.Len()] = true, true
	out := s.cutRunes(lowered(r[sp.Start:sp.End]), memo)
	for i := range out {
		out[i].Start += sp.Start
		out[i].End += sp.Start
		bounds[out[i].End-sp.Start] = true
	}
	return out, bounds
}

// lowered returns r lower-cased as gse lower-cases what it segments
// (strings.ToLower maps rune by rune), sharing r when nothing changes.
func lowered(r []rune) []rune {
	if !gse.ToLower {
		return r
	}
	for i, c := range r {
		if l := unicode.ToLower(c); l != c {
			out := slices.Clone(r)
			for j := i; j < len(out); j++ {
				out[j] = unicode.ToLower(out[j])
			}
			return out
		}
	}
	return r
}

// findPlaces finds the administrative places the page names, decides where
// the page is, and resolves ambiguous short forms in that context.
func (d *Doc) findPlaces() {
	type raw struct {
		placeHit
		sent  int
		weak  bool // an ordinary word that happens to name a place (包头, 富裕, 老城区)
		route bool // an end of a route (富裕至加格达奇铁路): a place whatever else it reads as
	}
	var raws []raw
	r := d.Page.Norm
	for k, s := range d.Sentences {
		for i := s.Start; i < s.End; {
			if _, n := d.places.placeAt(r[:s.End], i); n == 0 {
				i++
				continue
			}
			// On word boundaries only: 范县 is not in 示范县, 市中区 not in
			// 市中心. The longest name that fits the words wins (南京 in
			// 南京/市人大代表).
			form, n := "", 0
			for _, f := range d.places.placesAt(r[:s.End], i) {
				end := i + len([]rune(f))
				if d.Bound(k, i) && (d.Bound(k, end) || placeSuffixFollows(r, end)) || d.routeEnd(r, i, end, s.End) {
					form, n = f, len([]rune(f))
					break
				}
			}
			if n == 0 {
				i++
				continue
			}
			h := raw{placeHit: placeHit{Span{i, i + n}, form, d.places.full[form]}, sent: k}
			h.route = d.routeEnd(r, h.Start, h.End, s.End)
			i += n
			switch {
			case h.route:
			case !h.Full && d.followedByCue(lexicon.RoleLandmark, r, h.End, s.End):
				continue // 天河公园, 中原网: a landmark or outlet named after the place
			case !h.Full && d.followedByCue(lexicon.RoleOrgSuffix, r, h.End, s.End) && d.countyForm(form):
				continue // 天心种业: a brand named after a district
			case !h.Full && d.inName(r, h.Span, s.End):
				continue // 华容 in 张华容委员: a person's given name
			case h.Full && n == 2 && h.End < s.End && d.Seg.IsCommonWord(string(r[h.End-1:h.End+1])):
				continue // 和县 in 和县域: the suffix starts another word
			case h.Full && n == 2 && d.Seg.IsCommonWord(form):
				continue // 城区, 郊区: words first
			case d.Seg.IsCommonWord(form) || h.Full && d.Seg.IsCommonWord(string([]rune(form)[:n-1])):
				// 和平, 通道, 包头, 老城区: ordinary words that happen to
				// name places, kept only where the page's place holds them.
				h.weak = true
			}
			raws = append(raws, h)
		}
	}
	d.decideHome(func(yield func(string, int, bool)) {
		for _, h := range raws {
			if !h.weak {
				div, _ := d.Gaz.Resolve(h.Form, nil)
				yield(div.Code, h.Start, h.Full)
			}
		}
	})
	var ctx []string
	for _, h := range []*gazetteer.Division{d.Home.County, d.Home.City, d.Home.Province} {
		if h != nil {
			ctx = append(ctx, h.Code)
		}
	}
	// Resolve in context; a county named by its short form must sit under
	// a place the page also names, or it is more likely a word (江南, 城关).
	named := map[string]bool{}
	for _, c := range ctx {
		named[c] = true
	}
	resolved := make([]gazetteer.Division, len(raws))
	for i, h := range raws {
		resolved[i], _ = d.Gaz.Resolve(h.Form, ctx)
		if !h.weak {
			named[resolved[i].Code] = true
		}
	}
	for i, h := range raws {
		div := resolved[i]
		// Supported: a division above it that the page names; a county
		// that is an ordinary word (通道) needs its prefecture, not just
		// its province.
		supported := false
		for i, p := range d.Gaz.Parents(div.Code) {
			if h.weak && div.Level == gazetteer.County && i > 0 {
				break
			}
			supported = supported || named[p.Code]
		}
		switch {
		case h.route:
		case h.weak && !supported:
			continue
		case div.Level == gazetteer.County && !h.Full && !supported:
			continue
		}
		d.Places = append(d.Places, PlaceMention{Span: h.Span, Form: h.Form, Full: h.Full, Div: div, Sentence: h.sent})
	}
	d.findTownships(named)
	sort.SliceStable(d.Places, func(i, j int) bool { return d.Places[i].Start < d.Places[j].Start })
}

// countyForm reports whether form names a county-level division first.
func (d *Doc) countyForm(form string) bool {
	div, _ := d.Gaz.Resolve(form, nil)
	return div.Level == gazetteer.County
}

// inName reports a short form that reads as a person's given name: a
// surname before it and a title or a name's follower after it (张华容委员).
func (d *Doc) inName(r []rune, s Span, limit int) bool {
	if s.Start == 0 || !d.Lex.IsSurname(r[s.Start-1]) {
		return false
	}
	if s.Start >= 2 && isHan(r[s.Start-2]) && d.Lex.IsSurname(r[s.Start-2]) {
		return false // 长沙: two characters of a longer name, not a name
	}
	if _, ok := d.Lex.PostfixAt(r[:limit], s.End); ok {
		return true
	}
	if !d.nameEnd(r, s.End, limit) {
		return false
	}
	if s.End < limit && isHan(r[s.End]) {
		return true // 张华容委员, 沈卫东表示
	}
	// 沈卫东： — only where a name can start: after punctuation or a title.
	at := s.Start - 1
	if at == 0 || !isHan(r[at-1]) {
		return true
	}
	_, _, titled := d.Lex.TitleAt(r, at)
	return titled
}

// routeEnd reports whether [i, end) is an end of a route (银川至巴彦浩特支线,
// 富裕至加格达奇铁路): places joined by 至 before a word for a line.
func (d *Doc) routeEnd(r []rune, i, end, limit int) bool {
	line := func(j int) bool {
		for _, w := range []string{"铁路", "高铁", "高速", "公路", "支线", "航线", "班车", "城际", "动车", "干线", "运河"} {
			if followedBy(r[j:limit], []string{w}) {
				return true
			}
		}
		return false
	}
	// The first end: 至 follows, then a place and a line word.
	if end < limit && r[end] == '至' {
		if _, n := d.places.placeAt(r[:limit], end+1); n > 0 {
			if line(end + 1 + n) {
				return true
			}
		}
		if _, n := d.places.townAt(r[:limit], end+1); n > 0 {
			if line(end + 1 + n) {
				return true
			}
		}
	}
	// The second end: 至 before it, a line word after it.
	return i > 0 && r[i-1] == '至' && line(end)
}

// decideHome votes for where the page is. Every mention votes for its
// division and the divisions above it (a county counts for its city and
// province); the outlet (株洲日报) outvotes everything. Ties go to the
// earlier first mention, then the lower code, never to map order.
func (d *Doc) decideHome(mentions func(yield func(code string, at int, full bool))) {
	votes := map[string]int{}
	first := map[string]int{}
	fullNamed := map[string]bool{}
	note := func(code string, at, n int) {
		votes[code] += n
		if f, ok := first[code]; !ok || at < f {
			first[code] = at
		}
	}
	d.named = map[string]int{}
	mentions(func(code string, at int, full bool) {
		fullNamed[code] = fullNamed[code] || full
		d.named[code]++
		note(code, at, 1)
		for _, p := range d.Gaz.Parents(code) {
			note(p.Code, at, 1)
		}
	})
	if city := d.outletPlace(); city != nil {
		note(city.Code, -1, 1000)
		for _, p := range d.Gaz.Parents(city.Code) {
			note(p.Code, -1, 1000)
		}
	}
	best := func(ok func(gazetteer.Division) bool) *gazetteer.Division {
		var out *gazetteer.Division
		for _, code := range slices.Sorted(maps.Keys(votes)) {
			div, found := d.Gaz.ByCode(code)
			if !found || !ok(div) {
				continue
			}
			if out == nil || cmp.Or(cmp.Compare(votes[code], votes[out.Code]), cmp.Compare(first[out.Code], first[code])) > 0 {
				out = &div
			}
		}
		return out
	}
	d.Home.Province = best(func(v gazetteer.Division) bool { return v.Level == gazetteer.Province })
	within := func(v gazetteer.Division, anc *gazetteer.Division) bool {
		if anc == nil || v.Code == anc.Code {
			return true
		}
		for _, p := range d.Gaz.Parents(v.Code) {
			if p.Code == anc.Code {
				return true
			}
		}
		return false
	}
	d.Home.City = best(func(v gazetteer.Division) bool { return isCityLevel(v) && within(v, d.Home.Province) })
	if d.Home.City == nil && d.Home.Province != nil && municipalities[d.Home.Province.Code] {
		d.Home.City = d.Home.Province
	}
	// A county is the page's only when it is named twice, or it is the one
	// county the page names and names in full (天全县第十七届人民政府): one
	// short mention is too little to read 县… by.
	counties := 0
	for code := range votes {
		if v, ok := d.Gaz.ByCode(code); ok && v.Level == gazetteer.County {
			counties++
		}
	}
	county := best(func(v gazetteer.Division) bool {
		return v.Level == gazetteer.County && within(v, d.Home.City) && within(v, d.Home.Province)
	})
	cityNamed := d.Home.City != nil && d.named[d.Home.City.Code] > 0
	if county != nil && (votes[county.Code] >= 2 || counties == 1 && (fullNamed[county.Code] || !cityNamed)) {
		d.Home.County = county
	}
}

// outletPlace is the place in the name of the outlet (株洲日报 → 株洲市).
func (d *Doc) outletPlace() *gazetteer.Division {
	name := []rune(d.Layout.Newspaper)
	for n := min(len(name), 4); n >= 2; n-- {
		form := string(name[:n])
		if !isPlaceName(form) {
			continue
		}
		div, ok := d.Gaz.Resolve(form, nil)
		if ok && (isCityLevel(div) || div.Level == gazetteer.Province) {
			return &div
		}
	}
	return nil
}

// findTownships adds the townships the page names. A township's name is
// far too ambiguous alone (城关镇 exists in hundreds of counties), so it
// counts only under a county or city the page names: by full name
// (锦和镇, 上梅街道), or by short form when the page also prints the full name
// or lists it with other townships of the county (桑梓、曹家代表团).
func (d *Doc) findTownships(named map[string]bool) {
	ctx := slices.Sorted(maps.Keys(named))
	// Most specific first: the page's county, its city, then the rest.
	slices.SortStableFunc(ctx, func(a, b string) int {
		rank := func(c string) int {
			switch {
			case d.Home.County != nil && c == d.Home.County.Code:
				return 0
			case d.Home.City != nil && c == d.Home.City.Code:
				return 1
			}
			return 2
		}
		return cmp.Compare(rank(a), rank(b))
	})
	if len(ctx) == 0 {
		return
	}
	r := d.Page.Norm
	var full, short, shortForms []PlaceMention
	fullCodes := map[string]bool{}
	// Only a few places can hold a township: a full name ends with its
	// type (镇, 乡, 街道, 苏木), and a short form counts next to a 、 or
	// where the full name is printed too. Looking there alone keeps the
	// 38,000 names from being tried at every character.
	try := func(k, i int, wantFull bool) bool {
		s := d.Sentences[k]
		for _, f := range d.places.townsAt(r[:s.End], i) {
			end := i + len([]rune(f))
			isFull := d.places.townFull[f]
			if isFull != wantFull {
				continue
			}
			div, ok := d.Gaz.ResolveTownship(f, ctx)
			if !ok || !d.Bound(k, i) || !isFull && !d.Bound(k, end) {
				continue
			}
			m := PlaceMention{Span: Span{i, end}, Form: f, Full: isFull, Div: div, Sentence: k}
			if isFull {
				full = append(full, m)
				fullCodes[div.Code] = true
			} else if !d.Seg.IsCommonWord(f) {
				short = append(short, m)
			}
			return true
		}
		return false
	}
	for k, s := range d.Sentences {
		for e := s.Start + 2; e <= s.End; e++ {
			if c := r[e-1]; c != '镇' && c != '乡' && c != '道' && c != '木' {
				continue
			}
			for i := max(s.Start, e-12); i <= e-2; i++ {
				if d.places.townFull[string(r[i:e])] && try(k, i, true) {
					break
				}
			}
		}
		for i := s.Start; i < s.End; i++ {
			if i > s.Start && r[i-1] == '、' {
				try(k, i, false)
				continue
			}
			// The first item of a list: a short form ending at a 、.
			for n := 2; n <= 4 && i+n < s.End; n++ {
				if r[i+n] == '、' && d.places.townShort[string(r[i:i+n])] {
					try(k, i, false)
					break
				}
			}
		}
	}
	for _, m := range full {
		// The short form elsewhere on a page that prints the full name.
		short := m.Div.Short
		if short == "" {
			continue
		}
		for _, sp := range d.find(Span{0, len(r)}, short) {
			if k, ok := d.SentenceAt(sp.Start); ok && d.Bound(k, sp.Start) && d.Bound(k, sp.End) {
				sm := PlaceMention{Span: sp, Form: short, Div: m.Div, Sentence: k}
				if !slices.ContainsFunc(full, func(f PlaceMention) bool { return f.Start <= sp.Start && sp.End <= f.End }) {
					shortForms = append(shortForms, sm)
				}
			}
		}
	}
	short = append(short, shortForms...)
	d.Places = append(d.Places, full...)
	for _, m := range short {
		if d.placeOverlaps(m.Span) {
			continue
		}
		if fullCodes[m.Div.Code] || d.townList(m, short) {
			d.Places = append(d.Places, m)
		}
	}
}

// placeOverlaps reports whether s overlaps a place found already.
func (d *Doc) placeOverlaps(s Span) bool {
	for _, p := range d.Places {
		if s.Start < p.End && p.Start < s.End {
			return true
		}
	}
	return false
}

// townList reports whether a township's short form is an item of a
// 、-list whose neighbours are townships of the same county.
func (d *Doc) townList(m PlaceMention, all []PlaceMention) bool {
	r := d.Page.Norm
	county := m.Div.Parent
	for _, o := range all {
		if o.Span == m.Span || o.Div.Parent != county {
			continue
		}
		if o.End+1 == m.Start && r[o.End] == '、' || m.End+1 == o.Start && r[m.End] == '、' {
			return true
		}
	}
	return false
}
