package ingest

import (
	"strings"
	"unicode"

	"github.com/policygraph/policygraph/ingest/gazetteer"
	"github.com/policygraph/policygraph/ingest/lexicon"
)

// The grammar of a position: a chain of posts separated by 、 or 兼, each
// [中共][place or 市/县/区/省][organ or named body] title, before the name
// it belongs to: 市人大代表、株洲跃达建筑总经理何翌滔; 省委常委、常务副省长梁桂;
// A区区长兼B管委会主任.

// post is one link of a title chain, such as 醴陵市委副书记 in
// 市人大常委会、醴陵市委副书记、代理市长蒋长富.
type post struct {
	Title   lexicon.Title
	Body    body
	Span    Span
	postfix bool // printed after the name (宋慧玲代表)
}

// body is what a post's text names before its title.
type body struct {
	Text  string
	Place *gazetteer.Division
	// Organ is the place's organ (party committee, government, congress,
	// CPPCC…), "" when the text names a place alone or a named body.
	Organ lexicon.BodyKind
	// Org is the canonical name of a named body (a company, school,
	// court), "" otherwise; OrgAlias is its short form as printed.
	Org, OrgAlias string
}

func (o body) empty() bool { return o.Place == nil && o.Org == "" && o.Organ == "" }

// hardStop ends a chain segment.
func hardStop(r rune) bool {
	return strings.ContainsRune(",，。:：;；“”‘’\"()（）《》!?！？、 —▲△【】[]", r) || unicode.IsSpace(r)
}

// chain collects the posts ending with title t at i, right to left, and
// returns them left to right.
func (d *Doc) chain(r []rune, sent Span, i int, t lexicon.Title) []post {
	var posts []post
	viaComma := false
	for {
		// The post's text runs back to the previous hard stop (or 兼).
		from := i
		for from > sent.Start && (!hardStop(r[from-1]) || d.placeInBrackets(r, from-1)) && !(r[from-1] == '兼' && from-1 > sent.Start) {
			if d.placeInBrackets(r, from-1) {
				for r[from-1] != '(' {
					from--
				}
			}
			from--
		}
		p := post{Title: t, Span: Span{i, i + len([]rune(t.Text))}}
		if from < i {
			p.Body = d.longestBody(r[from:i])
			p.Span.Start = i - len([]rune(p.Body.Text))
		}
		if viaComma && p.Span.Start != from {
			break // 来自基层的全国人大代表，…: the clause says more than the post
		}
		posts = append(posts, p)
		k := p.Span.Start
		if k-1 <= sent.Start || p.Span.Start != from && p.Body.Text != "" {
			break
		}
		viaComma = r[k-1] == '，' || r[k-1] == ','
		if r[k-1] != '、' && r[k-1] != ' ' && r[k-1] != '兼' && !viaComma {
			break
		}
		// Another post before the separator?
		prev, start, ok := d.Lex.TitleAt(r[:k-1], k-1)
		if !ok {
			break
		}
		if viaComma && prev.Kind != lexicon.TitleCongress && prev.Kind != lexicon.TitleCPPCC {
			// 全国人大代表，宜宾市长张正红: a clause that is only a deputy's or
			// member's seat, then a comma, introduces the holder of the post
			// after it; other titles before a comma belong to other people
			// (市长张三，副市长李四).
			break
		}
		t, i = prev, start
	}
	for a, b := 0, len(posts)-1; a < b; a, b = a+1, b-1 {
		posts[a], posts[b] = posts[b], posts[a]
	}
	return posts
}

// placeInBrackets reports a closing bracket at i whose brackets hold a
// place: 电子(昆山)有限公司 names one firm.
func (d *Doc) placeInBrackets(r []rune, i int) bool {
	if i < 0 || r[i] != ')' {
		return false
	}
	open := i - 1
	for open >= 0 && r[open] != '(' && i-open <= 8 {
		open--
	}
	if open < 0 || r[open] != '(' || open == i-1 {
		return false
	}
	f, m := d.places.placeAt(r[open+1:i], 0)
	return f != "" && m == i-open-1
}

// longestBody returns the longest tail of text that names a place, an organ
// or a body. Names start on a word boundary, so 作为湖南省民革企业家联谊会
// yields 湖南省民革企业家联谊会, never 为湖南省….
func (d *Doc) longestBody(text []rune) body {
	starts := map[int]bool{0: true}
	for _, w := range d.Seg.cutRunes(lowered(text), d.hmm) {
		starts[w.End] = true
	}
	for n := min(len(text), 30); n >= 1; n-- {
		if !starts[len(text)-n] {
			continue
		}
		if o := d.parseBody(text[len(text)-n:], false); !o.empty() {
			return o
		}
	}
	return body{}
}

// parseBody reads text as [中共][place or 市/县/区/省][organ or body]. With
// tail, junk may precede it (text before a name, where only the end
// matters).
func (d *Doc) parseBody(text []rune, tail bool) body {
	if tail {
		// Before a name with a title after it (市政协王立平主席) only an organ
		// or a body with an organisation's ending counts: 贵州正沿着 is no body.
		for n := len(text); n >= 2; n-- {
			if o := d.parseBody(text[len(text)-n:], false); o.Organ != "" || o.Org != "" && d.orgSuffix(o.Org) {
				return o
			}
		}
		return body{}
	}
	o := body{Text: string(text)}
	rest := text
	if strings.HasPrefix(string(rest), "中共") {
		rest = rest[2:]
	}
	if len(rest) == 0 {
		return body{}
	}
	if len(rest) == 1 && relativePlace(rest[0]) != 0 && len(text) == 1 {
		// 省 in 省纪委书记 or 县 in 县党委书记: the page's place.
		if div := d.Relative(rest[0]); div != nil {
			return body{Text: string(text), Place: div}
		}
		return body{}
	}
	if region := []rune("自治区"); len(rest) >= 3 && string(rest[:3]) == string(region) && d.Home.Province != nil &&
		strings.HasSuffix(d.Home.Province.Name, "自治区") {
		// 自治区主席, 自治区人民政府: the page's autonomous region.
		if len(rest) == 3 {
			return body{Text: string(text), Place: d.Home.Province}
		}
		if k, ok := d.Lex.Body(string(rest[3:])); ok {
			return body{Text: string(text), Place: d.Home.Province, Organ: k}
		}
	}
	if nb, form, ok := d.Lex.NationalAt(rest, 0); ok && len([]rune(form)) == len(rest) {
		return body{Text: string(text), Org: nb.Name, OrgAlias: form} // 民建联主席
	} else if ok && string(rest[len([]rune(form)):]) == "中央" {
		// 民建中央常委, 九三学社中央副主席: the body's central committee, a
		// body of its own, named as printed.
		return body{Text: string(text), Org: string(rest)}
	}
	if m := reParty.FindStringSubmatchIndex(string(rest)); m != nil && m[0] == 0 && m[1] == len(string(rest)) {
		// 民盟邵阳市委, 民盟省委: a democratic party's local committee.
		if name, div := d.partyCommittee(string(rest), m); name != "" {
			return body{Text: string(text), Place: div, Org: name}
		}
	}
	placeForm := ""
	if div, n := d.placeAtStart(rest); div != nil {
		o.Place, placeForm, rest = div, string(rest[:n]), rest[n:]
		// 长沙市芙蓉区区长: a division of the place; 曲阜市尼山镇党委书记:
		// a township of it.
		// 湖南省岳阳市平江县: each level names a division of the one before.
		for {
			form, m := d.places.placeAt(rest, 0)
			if m == 0 || !d.places.full[form] {
				break
			}
			child, ok := d.Gaz.Resolve(form, []string{o.Place.Code})
			if !ok || !d.within(child, *o.Place) {
				break
			}
			o.Place, placeForm, rest = &child, placeForm+form, rest[m:]
		}
		if form, m := d.places.townAt(rest, 0); m > 0 && d.places.townFull[form] {
			if town, ok := d.Gaz.ResolveTownship(form, []string{o.Place.Code}); ok {
				o.Place, placeForm, rest = &town, placeForm+form, rest[m:]
			}
		}
	} else if rel := relativePlace(rest[0]); rel != 0 && len(rest) > 1 {
		if _, isOrgan := d.Lex.Body(string(rest[1:])); isOrgan || d.orgLike(rest[1:]) {
			o.Place, placeForm, rest = d.Relative(rel), string(rel), rest[1:]
			if o.Place == nil {
				return body{}
			}
		}
	}
	if k, ok := d.Lex.Body(string(rest)); ok && o.Place != nil {
		o.Organ = k
		return o
	}
	if len(rest) == 0 {
		if o.Place != nil && len(text) == len([]rune(placeForm)) {
			return o // a bare place
		}
		return body{}
	}
	if !d.orgLike(rest) && o.Place == nil {
		return body{}
	}
	if o.Place != nil && !d.orgTailAfterPlace(rest) {
		return body{}
	}
	o.Org = strings.TrimPrefix(string(text), "中共")
	if o.Place != nil && len([]rune(placeForm)) == 1 {
		// 市中心医院 is 株洲市中心医院: name it fully, keep the short form.
		o.OrgAlias, o.Org = o.Org, o.Place.Name+string(rest)
	}
	return o
}

// within reports whether child lies under div.
func (d *Doc) within(child, div gazetteer.Division) bool {
	for _, p := range d.Gaz.Parents(child.Code) {
		if p.Code == div.Code {
			return true
		}
	}
	return false
}

// relativePlace reports whether a leading 市/县/区/省 stands for the page's
// own place, as in 市人大代表 or 市中心医院; 0 otherwise.
func relativePlace(r rune) rune {
	switch r {
	case '市', '县', '区', '省', '州', '旗':
		return r
	}
	return 0
}

// orgTail accepts what follows a place in an organisation's name (跃达建筑,
// 人大教科文卫委, 民革企业家联谊会): no verbs or particles.
func (d *Doc) orgTail(r []rune) bool {
	if len(r) < 2 || len(r) > 24 || !allNameRunes(r) {
		return false
	}
	// A firm may be named with a number (三一集团, 91科技集团); a school
	// or a committee starting with one is a count, not a name.
	numbered := d.companySuffix(string(r))
	toks := d.Seg.Pos(string(r))
	for i, p := range toks {
		w := []rune(p.Text)
		latin := len(w) > 0 && isDigitOrLatin(w[0]) // 91科技集团, ABC科技
		// 通/v 威/ns 集团: a brand the dictionary does not know, cut into
		// single characters, is no verb.
		brand := numbered && i == 0 && len(w) == 1 && len(toks) > 2 && len([]rune(toks[1].Text)) == 1
		if badInName(p.Pos, i == 0) && !(numbered && i == 0 && (p.Pos == "m" || latin)) && !brand {
			return false
		}
	}
	return true
}

// orgTailAfterPlace is orgTail where the place already starts the name, so
// the first word may be anything but a particle (泛锐熠辉复合材料有限公司).
func (d *Doc) orgTailAfterPlace(r []rune) bool {
	if len(r) < 2 || len(r) > 24 || !allNameRunes(r) {
		return false
	}
	for _, p := range d.Seg.Pos(string(r)) {
		if badInName(p.Pos, false) {
			return false
		}
	}
	return true
}

// orgLike accepts a name with no leading place: it must end like an
// organisation (大学, 有限公司, 委员会…) and read as a name.
func (d *Doc) orgLike(r []rune) bool {
	return d.orgSuffix(string(r)) && d.orgTail(r)
}

// badInName rejects parts of speech that cannot be inside a name: verbs at
// the start, particles, pronouns, adverbs, prepositions.
func badInName(pos string, first bool) bool {
	switch {
	case pos == "":
		return false
	case strings.HasPrefix(pos, "u"), pos == "y", pos == "e", pos == "o":
		return true
	case first && (pos == "r" || pos == "p" || pos == "d" || pos == "c" || pos == "x"):
		return true
	case first && (pos == "v" || pos == "vd" || pos == "ad" || pos == "m" || pos == "q" || pos == "f"):
		return true
	}
	return false
}

// companySuffix reports whether s ends like a firm's name.
func (d *Doc) companySuffix(s string) bool {
	for _, suf := range d.Lex.Words(lexicon.RoleCompanySuffix) {
		if strings.HasSuffix(s, suf) && s != suf {
			return true
		}
	}
	return false
}

// orgSuffix reports whether s ends like an organisation's name: its
// longest organisation ending and something before it (有限公司 alone is a
// suffix, not a name).
func (d *Doc) orgSuffix(s string) bool {
	r := []rune(s)
	suf, ok := d.Lex.CueBefore(lexicon.RoleOrgSuffix, r, len(r))
	return ok && len(r) > len([]rune(suf)) || d.committeeShort(r)
}

// committeeShort reports the short name of a congress's or a CPPCC's
// special committee: the organ, then the committee's two to six characters
// ending in 委 (政协社法委, 市政协人资环建委, 人大教科文卫委), as the full
// name ends in 委员会.
func (d *Doc) committeeShort(r []rune) bool {
	if len(r) < 5 || r[len(r)-1] != '委' {
		return false
	}
	for i := len(r) - 3; i >= max(2, len(r)-7); i-- {
		for n := 2; n <= min(5, i); n++ {
			switch k, _ := d.Lex.Body(string(r[i-n : i])); k {
			case lexicon.BodyCongress, lexicon.BodyStanding, lexicon.BodyCPPCC:
				return allHan(r[i:])
			}
		}
	}
	return false
}

// allNameRunes accepts the characters of a body's name: Chinese, Latin
// letters and digits (ABC科技有限公司, 91科技集团, folded to half width).
func allNameRunes(w []rune) bool {
	for _, c := range w {
		if !isHan(c) && !(c >= 'A' && c <= 'Z') && !(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && c != '(' && c != ')' {
			return false
		}
	}
	return true
}
