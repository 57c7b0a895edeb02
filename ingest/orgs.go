package ingest

import (
	"regexp"
	"strings"

	"github.com/go-ego/gse"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/ingest/gazetteer"
	"github.com/policygraph/policygraph/ingest/lexicon"
)

// democratic parties, whose local committees (民革株洲市委会) propose as bodies.
var reParty = regexp.MustCompile(`(民革|民盟|民建|民进|农工党|致公党|九三学社|台盟)([\p{Han}]{2,6}?[省市县区])(委员会|市委会|委会|委)`)

// findOrganizations finds named bodies beyond those in title chains: names
// ending like an organisation (中南大学, 辰波控股集团有限公司), members of a
// list of organisations (湖南钢铁、三一集团等龙头企业) and the committees of
// democratic parties (九三学社南京市委员会, 民革株洲市委会).
func (d *docState) findOrganizations() {
	for _, s := range d.sents {
		text := d.p.Text(s.Span)
		for _, m := range findAll(reParty, text, "民革", "民盟", "民建", "民进", "农工党", "致公党", "九三学社", "台盟") {
			name := text[m[0]:m[1]]
			placeForm := strings.TrimRight(text[m[4]:m[5]], "省市县区")
			party := text[m[2]:m[3]]
			start := s.Start + len([]rune(text[:m[0]]))
			at := Span{start, start + len([]rune(name))}
			d.addOrg(name, at, s, placeForm+party, party+placeForm+"市委")
		}
		d.suffixOrgs(s)
		d.listedOrgs(s)
	}
	// 株洲民革 elsewhere in the text is the committee found above.
	for _, e := range d.out.Entities {
		if e.Label != graph.Organization {
			continue
		}
		for _, a := range e.Aliases {
			for _, sp := range d.find(Span{0, len(d.p.Norm)}, a) {
				d.orgSpans = append(d.orgSpans, sp)
			}
		}
	}
}

// addOrg records an organisation and where it sits.
func (d *docState) addOrg(name string, at Span, s sentence, aliases ...string) ref {
	for _, o := range d.orgSpans {
		if at.Start < o.End && o.Start < at.End && (at.Start < o.Start || at.End > o.End) {
			// Overlaps a body already read from a title chain: that
			// reading had the better boundaries.
			if at.Len() <= o.Len() {
				return ref{}
			}
		}
	}
	r := d.add(graph.Organization, name, name, at, s.Article, aliases...)
	if q := d.quoteVariant(at); q != "" {
		d.add(graph.Organization, name, name, at, s.Article, q)
	}
	d.orgSpans = append(d.orgSpans, at)
	// Where it sits: the place its name starts with, unless that is a
	// district's short form, which brands borrow (天心种业).
	if div, n := d.placeAtStart([]rune(name)); div != nil && n < len([]rune(name)) &&
		(d.x.places.full[string([]rune(name)[:n])] || div.Level != gazetteer.County) {
		d.fact(graph.LocatedIn, r, d.cityRef(*div, s), "", s.Span, s.Article)
	}
	return r
}

// suffixOrgs reads names that end with an organisation suffix, walking back
// over the words of the name until one cannot be part of it.
func (d *docState) suffixOrgs(s sentence) {
	r := d.p.Norm
	for e := s.Start + 1; e <= s.End; e++ {
		// The longest suffix ending here (有限公司, not 公司).
		suf, ok := d.x.Lex.CueBefore(lexicon.RoleOrgSuffix, r[:e], e)
		n := len([]rune(suf))
		if !ok || e-n < s.Start || !d.wordBounds(s.Span)[e] {
			continue // 大学 inside 大学生, 协会 inside 政协会议
		}
		if n == 1 && !d.wordBounds(s.Span)[e-n] {
			continue // a one-character suffix must be a word of its own: 教育/局, not 格局
		}
		from := e - n
		for from > s.Start && !hardStop(r[from-1]) && e-from < 24 {
			from--
		}
		name := d.nameTail(r[from:e], n, companySuffix[suf])
		if name == "" {
			continue
		}
		at := Span{e - len([]rune(name)), e}
		if d.inOrg(at) || d.namesPerson(at) {
			continue
		}
		d.addOrg(name, at, s)
	}
}

// nameTail returns the longest tail of text (which ends with a suffix of
// suffixLen runes) that reads as a proper name: it must contain a proper
// noun (a place, a known name, or a word the dictionary does not know) and
// no verbs, particles or generic words.
func (d *docState) nameTail(text []rune, suffixLen int, company bool) string {
	toks := d.x.Seg.Pos(string(text))
	keep := 0
	proper := false
	n := 0
	for i := len(toks) - 1; i >= 0; i-- {
		t := toks[i]
		w := []rune(t.Text)
		n += len(w)
		if n <= suffixLen {
			keep = n
			continue
		}
		if generic[t.Text] || badInName(t.Pos, true) || strings.HasPrefix(t.Pos, "v") || !allNameRunes(w) {
			break
		}
		// A word that carries the suffix (中心小学) names a kind of body,
		// unless the dictionary knows it as one body's name (中南大学).
		if overlaps := n-len(w) < suffixLen; overlaps && t.Pos == "nt" || !overlaps && isProper(d, t, company) {
			proper = true
		}
		keep = n
	}
	if !proper || keep <= suffixLen {
		return ""
	}
	name := string(text[len(text)-keep:])
	if d.x.Seg.IsCommonWord(name) && !strings.HasSuffix(name, "大学") {
		return ""
	}
	return name
}

// generic words end a name when walking left: 龙头企业联合中南大学.
var generic = map[string]bool{
	"企业": true, "龙头企业": true, "高校": true, "本地": true, "基层": true, "市级": true, "省级": true, "国家级": true,
	"相关": true, "有关": true, "各类": true, "各级": true, "全国": true, "全省": true, "全市": true, "当地": true,
	"重点": true, "知名": true, "一批": true, "多家": true, "三甲": true, "公立": true, "民营": true, "中小": true,
	"我市": true, "该": true, "本": true, "其": true, "等": true, "和": true, "与": true, "及": true,
}

// companySuffix marks suffixes of firms, whose names are often ordinary
// but rare words (天心种业); schools and hospitals need a real proper noun,
// or every 村级小学 would be an organisation.
var companySuffix = map[string]bool{"种业": true, "药业": true, "股份": true, "控股": true, "集团": true, "公司": true, "有限公司": true,
	"股份有限公司": true, "有限责任公司": true}

func isProper(d *docState, t gse.SegPos, company bool) bool {
	switch t.Pos {
	case "ns", "nt", "nz", "nr", "nrt", "nrfg", "j":
		return true
	}
	if isPlaceName(t.Text) {
		return true
	}
	f, _, ok := d.x.Seg.Word(t.Text)
	if !ok {
		return true // a word the dictionary does not know is a name
	}
	return company && f < 300 // a rare word before 种业 is a brand
}

func allNameRunes(w []rune) bool {
	for _, c := range w {
		if !isHan(c) && !(c >= 'A' && c <= 'Z') && !(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// listedOrgs reads 湖南钢铁、三一集团等龙头企业: items of a list that ends in
// a kind of organisation are organisations.
func (d *docState) listedOrgs(s sentence) {
	r := d.p.Norm
	for _, kind := range []string{"等龙头企业", "等企业", "等高校", "等院校", "等单位", "等医院", "等学校", "等科研院所", "等金融机构"} {
		for _, at := range d.find(s.Span, kind) {
			from := at.Start
			for from > s.Start && !hardStop(r[from-1]) || from > s.Start && r[from-1] == '、' {
				from--
			}
			items := strings.Split(string(r[from:at.Start]), "、")
			if len(items) < 2 {
				continue // one item could be anything; a list of peers is a pattern
			}
			off := from
			for _, it := range items {
				itr := []rune(it)
				name := d.itemName(itr)
				if name != "" {
					start := off + len(itr) - len([]rune(name))
					sp := Span{start, start + len([]rune(name))}
					if !d.inOrg(sp) && !d.namesPerson(sp) {
						d.addOrg(name, sp, s)
					}
				}
				off += len(itr) + 1
			}
		}
	}
}

// itemName is the tail of a list item after its last verb (联合湖南钢铁 →
// 湖南钢铁), if it reads as a name.
func (d *docState) itemName(item []rune) string {
	toks := d.x.Seg.Pos(string(item))
	start := 0
	off := 0
	for _, t := range toks {
		off += len([]rune(t.Text))
		if strings.HasPrefix(t.Pos, "v") || t.Pos == "p" || t.Pos == "c" || generic[t.Text] {
			start = off
		}
	}
	name := item[start:]
	if len(name) < 2 || len(name) > 16 || !allNameRunes(name) || isPlaceName(string(name)) {
		return ""
	}
	if d.x.Lex.Industry(string(name)) != nil || d.x.Seg.IsCommonWord(string(name)) {
		return ""
	}
	return string(name)
}

func (d *docState) inOrg(s Span) bool { return s.within(d.orgSpans) }

// namesPerson reports whether span overlaps an official's name.
func (d *docState) namesPerson(s Span) bool {
	text := d.p.Text(s)
	for name := range d.officials {
		if strings.Contains(text, name) {
			return true
		}
	}
	return false
}
