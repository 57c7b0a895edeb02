package ingest

import (
	"regexp"
	"strings"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/ingest/gazetteer"
	"github.com/policygraph/policygraph/ingest/lexicon"
)

// orgRecognizer finds named bodies beyond those in title chains: names
// ending like an organisation (中南大学, 辰波控股集团有限公司), members of a
// list of organisations (湖南钢铁、三一集团等龙头企业), names sharing one
// suffix (大青山、鄂尔多斯实验室) and the committees and branches of the
// democratic parties (九三学社南京市委员会, 民革株洲市委会, 民盟科技支部).
type orgRecognizer struct{}

// A democratic party's local body: committee (民革株洲市委会, 民盟省委) or
// branch (民盟市二中支部, 民盟科技支部).
var (
	reParty       = regexp.MustCompile(`(民革|民盟|民建|民进|农工党|致公党|九三学社|台盟)([\p{Han}]{0,6}?[省市县区州]|[省市县区州])(委员会|市委会|委会|委)`)
	rePartyBranch = regexp.MustCompile(`(民革|民盟|民建|民进|农工党|致公党|九三学社|台盟)([\p{Han}\d]{1,8}?)(总支部|总支|支部|支社|小组)`)
)

func (o orgRecognizer) recognize(d *Doc, b *Builder) {
	for k := range d.Sentences {
		o.national(d, b, k)
		o.partyBodies(d, b, k)
		o.suffixed(d, b, k)
		o.listed(d, b, k)
	}
	// 株洲民革 elsewhere in the text is the committee found above.
	for _, r := range sortedRefs(b.entities) {
		if r.Label != graph.Organization {
			continue
		}
		for _, a := range b.entities[r].Aliases {
			b.orgAt = append(b.orgAt, d.find(Span{0, len(d.Page.Norm)}, a)...)
		}
	}
	b.mergeByAlias(graph.Organization)
}

// national reads the national bodies the lexicon lists (中国民主促进会,
// 全国工商联): by full name, or a people's organisation by its short form; a
// party's short form (民盟) mostly opens a local committee's name instead.
func (o orgRecognizer) national(d *Doc, b *Builder, k int) {
	s := d.Sentences[k]
	r := d.Page.Norm
	for i := s.Start; i < s.End; i++ {
		body, form, ok := d.Lex.NationalAt(r[:s.End], i)
		if !ok {
			continue
		}
		n := len([]rune(form))
		at := Span{i, i + n}
		if form != body.Name && body.Kind == "party" || !d.Bound(k, i) || b.inOrg(at) {
			continue
		}
		if rest := r[at.End:s.End]; len(rest) > 0 && (reParty.MatchString(string(r[i:s.End])) || rePartyBranch.MatchString(string(r[i:s.End]))) {
			if m := reParty.FindStringIndex(string(r[i:s.End])); m != nil && m[0] == 0 {
				continue // 九三学社湖北省委员会: the committee, read below
			}
		}
		o.add(d, b, body.Name, at, k, nil, append([]string{form}, body.Aliases...)...)
		i = at.End - 1
	}
}

// partyBodies reads the committees and branches of democratic parties.
// A committee's place may be relative (民盟省委 is the page's province's).
func (o orgRecognizer) partyBodies(d *Doc, b *Builder, k int) {
	s := d.Sentences[k]
	text := d.Text(s.Span)
	if !anyOf(text, "民革", "民盟", "民建", "民进", "农工党", "致公党", "九三学社", "台盟") {
		return
	}
	at := func(m []int) Span {
		start := s.Start + len([]rune(text[:m[0]]))
		return Span{start, start + len([]rune(text[m[0]:m[1]]))}
	}
	for _, m := range reParty.FindAllStringSubmatchIndex(text, -1) {
		name, div := d.partyCommittee(text, m)
		if name == "" {
			continue
		}
		party := text[m[2]:m[3]]
		short := div.Short
		if short == "" {
			short = div.Name
		}
		aliases := []string{text[m[0]:m[1]], short + party, party + div.Name + "委", party + div.Name + "委员会", party + div.Name + "委会"}
		o.add(d, b, name, at(m), k, div, aliases...)
	}
	for _, m := range rePartyBranch.FindAllStringSubmatchIndex(text, -1) {
		name := text[m[0]:m[1]]
		inner := []rune(text[m[4]:m[5]])
		if len(inner) == 0 || !allNameRunes(inner) {
			continue
		}
		o.add(d, b, name, at(m), k, nil, strings.TrimPrefix(name, text[m[2]:m[3]]))
	}
}

// partyCommittee names the committee a reParty match m of text reads: the
// name as printed, or with the page's place for a relative one (民盟省委 is
// 民盟湖南省委), and where it sits.
func (d *Doc) partyCommittee(text string, m []int) (string, *gazetteer.Division) {
	party, place, suffix := text[m[2]:m[3]], []rune(text[m[4]:m[5]]), text[m[6]:m[7]]
	var div *gazetteer.Division
	if len(place) == 1 {
		div = d.Relative(place[0])
	} else if v, n := d.placeAtStart(place); v != nil && n >= len(place)-1 {
		div = v
	}
	if div == nil {
		return "", nil
	}
	if len(place) == 1 {
		return party + div.Name + suffix, div
	}
	return text[m[0]:m[1]], div
}

// add records an organisation and where it sits: div when the caller knows
// it, else the place its name starts with (unless that is a district's
// short form, which brands borrow: 天心种业).
func (orgRecognizer) add(d *Doc, b *Builder, name string, at Span, k int, div *gazetteer.Division, aliases ...string) ref {
	s := d.Sentences[k]
	for _, o := range b.orgAt {
		if at.Start < o.End && o.Start < at.End && (at.Start < o.Start || at.End > o.End) && at.Len() <= o.Len() {
			// Overlaps a body already read from a title chain: that
			// reading had the better boundaries.
			return ref{}
		}
	}
	r := b.add(graph.Organization, name, name, at, s.Article, aliases...)
	if q := d.quoteVariant(at); q != "" {
		b.add(graph.Organization, name, name, at, s.Article, q)
	}
	b.orgAt = append(b.orgAt, at)
	if div == nil {
		if v, n := d.placeAtStart([]rune(name)); v != nil && n < len([]rune(name)) &&
			(d.places.full[string([]rune(name)[:n])] || v.Level != gazetteer.County) {
			div = v
		}
	}
	if div != nil {
		b.fact(graph.LocatedIn, r, b.cityIn(*div, k), "", s.Span, s.Article)
	}
	return r
}

// suffixed reads names that end with an organisation suffix, walking back
// over the words of the name until one cannot be part of it.
func (o orgRecognizer) suffixed(d *Doc, b *Builder, k int) {
	s := d.Sentences[k]
	r := d.Page.Norm
	var ends []listEnd
	for e := s.Start + 1; e <= s.End; e++ {
		// The longest suffix ending here (有限公司, not 公司).
		suf, ok := d.Lex.CueBefore(lexicon.RoleOrgSuffix, r[:e], e)
		n := len([]rune(suf))
		if !ok || e-n < s.Start || !d.Bound(k, e) && !(e < s.End && isDigitOrLatin(r[e-1])) {
			continue // 大学 inside 大学生, 协会 inside 政协会议
		}
		if n == 1 && !d.Bound(k, e-n) {
			continue // a one-character suffix must be a word of its own: 教育/局, not 格局
		}
		if name, at, ok := d.bracketedName(k, e, n, suf); ok {
			// 富士康电子(昆山)有限公司: a place in brackets before the suffix.
			if !b.inOrg(at) && !b.overlapsPerson(at) && !b.orgEndsAt(at) {
				o.add(d, b, name, at, k, nil)
			}
			continue
		}
		from := e - n
		for from > s.Start && !hardStop(r[from-1]) && e-from < 24 {
			from--
		}
		if e+2 <= s.End && string(r[e:e+2]) == "城市" {
			continue // 研发中心城市: the suffix is a modifier
		}
		if _, more := d.Lex.CueAt(lexicon.RoleOrgSuffix, r[:s.End], e); more {
			continue // 股份 before 有限公司: the name goes on
		}
		name := d.placeNamed(r[from:e], n)
		if name == "" {
			name = d.nameTail(r[from:e], n, d.Lex.Is(lexicon.RoleCompanySuffix, suf))
		}
		if nr := []rune(name); len(nr) > n {
			// 医院定西医院 of 附属医院定西医院: a name does not start with a
			// body's suffix; what follows it is the branch's own name.
			if lead, ok := d.Lex.CueAt(lexicon.RoleOrgSuffix, nr, 0); ok && len([]rune(lead)) > 1 && len(nr)-len([]rune(lead))-n >= 2 {
				name = string(nr[len([]rune(lead)):])
			}
		}
		if name == "" || d.organOfPlace([]rune(name)) || reSession.MatchString(name) || reCounted.MatchString(name) || d.servedCentre(name, suf) {
			continue // 市人大常委会, 湖北省第十一届委员会, 五大中心: a place's organ, a generic body, a count
		}
		at := Span{e - len([]rune(name)), e}
		if start, ok := d.wordStart(k, at.Start, e); !ok {
			continue // 机集团 in 重机集团: the name would start inside a word
		} else if start < at.Start {
			at.Start, name = start, string(r[start:e])
		}
		if at.Start > s.Start {
			// 做强省纺织集团: the name's first character closes a verb (做强)
			// where the segmenter read another word (强省); what the verb
			// acts on starts inside that word, so no name is sure.
			if w, ok := d.Lex.CueAt(lexicon.RoleTaskVerb, r[:at.Start+1], at.Start-1); ok && len([]rune(w)) == 2 {
				continue
			}
		}
		if b.inOrg(at) || b.overlapsPerson(at) || b.orgEndsAt(at) {
			continue
		}
		o.add(d, b, name, at, k, nil)
		ends = append(ends, listEnd{at, suf})
	}
	// Only a name that ends its item lends its suffix to the items before
	// it: in 南院、北京大学口腔医院 北京大学 goes on into a longer name.
	for _, le := range ends {
		longer := false
		for _, other := range b.orgAt {
			if other.Start <= le.at.Start && other.End > le.at.End {
				longer = true
			}
		}
		if !longer {
			o.sharedSuffix(d, b, k, le.at, le.suf)
		}
	}
}

// servedCentre reports a centre a place serves as rather than a body that
// runs one: 国际航运中心, 芜湖省域副中心 (the roles of a city in a plan),
// where 国家技术转移郑州中心 is an institution.
func (d *Doc) servedCentre(name, suf string) bool {
	if !strings.HasSuffix(suf, "中心") {
		return false
	}
	r := []rune(strings.TrimSuffix(name, suf))
	if div, n := d.placeAtStart(r); div != nil {
		r = r[n:]
	}
	if len(r) > 0 && r[len(r)-1] == '副' {
		return true
	}
	_, ok := d.Lex.CueAt(lexicon.RoleCentreScope, r, 0)
	return ok
}

// listEnd is a suffixed name that may end a list sharing its suffix.
type listEnd struct {
	at  Span
	suf string
}

// bracketedName reads a firm's name with a place in brackets before its
// suffix (电子(昆山)有限公司): the words before the brackets must read as a
// name, as they would before the suffix itself.
func (d *Doc) bracketedName(k, e, n int, suf string) (string, Span, bool) {
	r := d.Page.Norm
	s := d.Sentences[k]
	closeAt := e - n - 1
	if closeAt <= s.Start || r[closeAt] != ')' {
		return "", Span{}, false
	}
	open := closeAt - 1
	for open > s.Start && r[open] != '(' && closeAt-open <= 8 {
		open--
	}
	if r[open] != '(' || open == closeAt-1 {
		return "", Span{}, false
	}
	inner := r[open+1 : closeAt]
	if f, m := d.places.placeAt(inner, 0); m != len(inner) || f == "" {
		return "", Span{}, false
	}
	from := open
	for from > s.Start && !hardStop(r[from-1]) && open-from < 20 {
		from--
	}
	text := append(append([]rune(nil), r[from:open]...), []rune(suf)...)
	name := d.nameTail(text, n, d.Lex.Is(lexicon.RoleCompanySuffix, suf))
	if name == "" {
		return "", Span{}, false
	}
	head := len([]rune(name)) - n
	start := open - head
	return string(r[start:e]), Span{start, e}, true
}

// sharedSuffix reads the names listed before one that carries a suffix for
// all of them: 支持大青山、鄂尔多斯实验室 names 大青山实验室 too.
func (o orgRecognizer) sharedSuffix(d *Doc, b *Builder, k int, last Span, suf string) {
	r := d.Page.Norm
	s := d.Sentences[k]
	n := len([]rune(suf))
	i := last.Start
	for i-1 > s.Start && r[i-1] == '、' {
		j := i - 1
		// 嵩山实验室、神农实验室: an item that repeats the suffix is read
		// the same way, as a name before it; one with another suffix is
		// a whole name the suffixed pass reads.
		own := 0
		if j-n > s.Start && string(r[j-n:j]) == suf {
			own = n
		} else if _, ok := d.Lex.CueBefore(lexicon.RoleOrgSuffix, r[:j], j); ok {
			return
		}
		start := j - own
		for start > s.Start && isHan(r[start-1]) && j-own-start < 6 {
			start--
		}
		item := r[start : j-own]
		for x := range item {
			if _, ok := d.Lex.CueAt(lexicon.RoleOrgSuffix, item, x); ok {
				return // 环湖医院天塔院区: a branch of a named body, whole as it is
			}
		}
		// The item's words: the last ones that read as a proper name.
		toks := d.Seg.Pos(string(item))
		first := len(toks)
		for first > 0 {
			p := toks[first-1].Pos
			if strings.HasPrefix(p, "v") || p == "p" || p == "c" || p == "d" || d.actionWord(toks[first-1].Text) {
				break
			}
			first--
		}
		// A lone character in front is a fragment of what precedes (湾 of
		// 王家湾, cut by the window), not the start of a name.
		for first < len(toks)-1 && len([]rune(toks[first].Text)) == 1 {
			first++
		}
		keep := 0
		for _, t := range toks[first:] {
			keep += len([]rune(t.Text))
		}
		name := item[len(item)-keep:]
		if len(name) < 2 || d.Seg.IsCommonWord(string(name)) || d.Lex.Is(lexicon.RoleGeneric, string(name)) {
			return
		}
		// 杭衢高铁、西湖大学: an item ending in a common noun is another
		// kind of thing, not a body's name.
		if lt := toks[len(toks)-1]; len([]rune(lt.Text)) > 1 && d.Seg.IsCommonWord(lt.Text) {
			return
		}
		at := Span{j - own - len(name), j}
		if b.inOrg(at) || b.overlapsPerson(at) {
			return
		}
		if own > 0 {
			o.add(d, b, string(r[at.Start:at.End]), at, k, nil)
		} else {
			o.add(d, b, string(name)+suf, at, k, nil, string(name))
		}
		i = at.Start
	}
}

// wordStart moves a name's start back to the start of the sentence's word
// it falls in (中豫航空集团, not 豫航空集团), when that word can be part of a
// name; false when it cannot (落实 in 落实绿色石化科创中心).
func (d *Doc) wordStart(k, start, end int) (int, bool) {
	if d.Bound(k, start) || start > 0 && !isHan(d.Page.Norm[start-1]) {
		return start, true
	}
	for _, w := range d.Words(k) {
		if w.Start < start && start < w.End {
			word := d.Text(w.Span)
			if strings.HasPrefix(w.Pos, "v") || d.Lex.Is(lexicon.RoleGeneric, word) || d.Lex.Is(lexicon.RoleTaskVerb, word) ||
				badInName(w.Pos, true) || !allNameRunes([]rune(word)) {
				return 0, false
			}
			return w.Start, true
		}
	}
	return start, true
}

// orgEndsAt reports an organisation already read that ends where s ends
// and starts inside it: 组中国民主促进会 is 中国民主促进会 after 第5组.
func (b *Builder) orgEndsAt(s Span) bool {
	for _, o := range b.orgAt {
		if o.End == s.End && o.Start > s.Start {
			return true
		}
	}
	return false
}

func isDigitOrLatin(c rune) bool {
	return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
}

// reSession matches the term of a congress or committee (第十一届, 十二届).
var reSession = regexp.MustCompile(`第?[一二三四五六七八九十\d]{1,3}[届次]`)

// reCounted matches a name that starts with a count (五大中心, 三所大学):
// bodies counted are a kind, not one body.
var reCounted = regexp.MustCompile(`^[一二三四五六七八九十两百千]+[大个家所类批]`)

// placeNamed returns the longest tail of text that starts with a place's
// full name on a word boundary and reads as a body's name after it
// (江西省知识产权保护中心: the place makes it proper, whatever words follow).
func (d *Doc) placeNamed(text []rune, suffixLen int) string {
	starts := map[int]bool{0: true}
	for _, w := range d.Seg.cutRunes(lowered(text), d.hmm) {
		starts[w.End] = true
	}
	for i := 0; i < len(text)-suffixLen-1; i++ {
		if !starts[i] {
			continue
		}
		form, n := d.places.placeAt(text, i)
		if n == 0 || !d.places.full[form] {
			continue
		}
		rest := text[i+n:]
		if len(rest) > suffixLen && d.orgTailAfterPlace(rest) && !d.Lex.Is(lexicon.RoleGeneric, string(rest[:len(rest)-suffixLen])) {
			return string(text[i:])
		}
	}
	return ""
}

// organOfPlace reports a name that is a place and one of its organs
// (株洲市人大常委会, 市政协): a generic body, left to title chains.
func (d *Doc) organOfPlace(name []rune) bool {
	rest := name
	if div, n := d.placeAtStart(rest); div != nil {
		rest = rest[n:]
	} else if strings.HasPrefix(string(rest), "自治区") {
		rest = rest[3:]
	} else if len(rest) > 1 && relativePlace(rest[0]) != 0 {
		rest = rest[1:]
	}
	_, ok := d.Lex.Body(string(rest))
	return ok && len(rest) < len(name)
}

// nameTail returns the longest tail of text (which ends with a suffix of
// suffixLen runes) that reads as a proper name: it must contain a proper
// noun (a place, a known name, or a word the dictionary does not know) and
// no verbs, particles or generic words.
func (d *Doc) nameTail(text []rune, suffixLen int, company bool) string {
	toks := d.Seg.Pos(string(text))
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
		latin := allNameRunes(w) && isDigitOrLatin(w[0]) // ABC, 91: a brand's letters and digits
		if d.Lex.Is(lexicon.RoleGeneric, t.Text) || badInName(t.Pos, true) && !(company && (t.Pos == "m" || latin)) ||
			strings.HasPrefix(t.Pos, "v") || t.Pos == "zg" || d.actionWord(t.Text) || !allNameRunes(w) {
			break
		}
		// A word that carries the suffix (中心小学) names a kind of body,
		// unless the dictionary knows it as one body's name (中南大学) and
		// what precedes the suffix is no generic modifier (公立医院).
		overlaps := n-len(w) < suffixLen
		if overlaps && t.Pos == "nt" {
			head := w[:len(w)-(suffixLen-(n-len(w)))]
			if len(head) > 0 && !d.Lex.Is(lexicon.RoleGeneric, string(head)) && !d.Seg.IsCommonWord(string(head)) {
				proper = true
			}
		} else if !overlaps && d.isProper(t.Text, t.Pos, company) {
			proper = true
		}
		keep = n
	}
	if !proper || keep <= suffixLen || !company && keep-suffixLen < 2 {
		return "" // 中医院: one character before the suffix names a kind
	}
	nr := text[len(text)-keep:]
	// A generic word the segmenter cut into pieces opens the name
	// (新央企中国长安汽车集团: 新/央/企, then 中国): the name starts after
	// it. One that ends inside a word (国际 in 国际贸易) is the name's own.
	bound := map[int]bool{} // where a token starts, in runes from nr's start
	at := len(text)
	for i := len(toks) - 1; i >= 0 && at > len(text)-keep; i-- {
		at -= len([]rune(toks[i].Text))
		bound[at-(len(text)-keep)] = true
	}
	from := 0
	for {
		w, ok := d.Lex.CueAt(lexicon.RoleGeneric, nr, from)
		end := from + len([]rune(w))
		if !ok || !bound[end] || len(nr)-end-suffixLen < 2 {
			break
		}
		from = end
	}
	nr = nr[from:]
	name := string(nr)
	if d.Seg.IsCommonWord(name) && !strings.HasSuffix(name, "大学") {
		return ""
	}
	return name
}

// actionWord reports a verb of the lexicon's task, goal or resolve roles,
// which the dictionary may tag a noun (深化/j, 力争/nz, 充分发挥/n): no
// name contains one.
func (d *Doc) actionWord(w string) bool {
	return len([]rune(w)) > 1 && (d.Lex.Is(lexicon.RoleTaskVerb, w) || d.Lex.Is(lexicon.RoleGoalVerb, w) || d.Lex.Is(lexicon.RoleResolve, w))
}

// isProper reports a word that names one thing: a place, a name the
// dictionary knows, a word it does not know, digits and Latin letters
// (91科技集团, ABC科技), or, before a firm's suffix, a rare word (天心种业).
func (d *Doc) isProper(w, pos string, company bool) bool {
	if d.Lex.Is(lexicon.RoleGeneric, w) {
		return false
	}
	if isPlaceName(w) {
		return true
	}
	switch pos {
	case "nt", "nz", "nrt", "j":
		return true
	case "ns", "nr", "nrfg":
		// The dictionary's place and person tags are guesses (上市/ns,
		// 高水平/nr); the gazetteer said no, so only a rare word counts.
		f, _, _ := d.Seg.Word(w)
		return f < 50
	}
	if r := []rune(w); allNameRunes(r) && isDigitOrLatin(r[0]) {
		return company
	}
	f, _, ok := d.Seg.Word(w)
	if !ok {
		return true // a word the dictionary does not know is a name
	}
	return company && f < 300
}

// listed reads 湖南钢铁、三一集团等龙头企业: the items of a list that ends in
// a kind of organisation are organisations.
func (o orgRecognizer) listed(d *Doc, b *Builder, k int) {
	s := d.Sentences[k]
	r := d.Page.Norm
	for _, kind := range d.Lex.Words(lexicon.RoleOrgListKind) {
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
				if name := d.itemName(itr); name != "" {
					start := off + len(itr) - len([]rune(name))
					sp := Span{start, start + len([]rune(name))}
					if !b.inOrg(sp) && !b.overlapsPerson(sp) {
						o.add(d, b, name, sp, k, nil)
					}
				}
				off += len(itr) + 1
			}
		}
	}
}

// itemName is the tail of a list item after its last verb (联合湖南钢铁 →
// 湖南钢铁), if it reads as a name.
func (d *Doc) itemName(item []rune) string {
	toks := d.Seg.Pos(string(item))
	start := 0
	off := 0
	for _, t := range toks {
		off += len([]rune(t.Text))
		if strings.HasPrefix(t.Pos, "v") || t.Pos == "p" || t.Pos == "c" || d.Lex.Is(lexicon.RoleGeneric, t.Text) {
			start = off
		}
	}
	name := item[start:]
	if len(name) < 2 || len(name) > 16 || !allNameRunes(name) || isPlaceName(string(name)) {
		return ""
	}
	if d.Lex.Industry(string(name)) != nil || d.Seg.IsCommonWord(string(name)) {
		return ""
	}
	// A list's peers are named; an item that opens with a describing word
	// (重大危险源, 优质…) names a kind of thing.
	if toks := d.Seg.Pos(string(name)); len(toks) > 1 && strings.HasPrefix(toks[0].Pos, "a") {
		return ""
	}
	return string(name)
}
