package ingest

import (
	"cmp"
	"maps"
	"slices"
	"strings"
	"unicode"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/ingest/gazetteer"
	"github.com/policygraph/policygraph/ingest/lexicon"
)

// officialInfo is what the document says about one official.
type officialInfo struct {
	Name   string
	Ref    ref
	Deputy bool                // a deputy or CPPCC member: what they say are proposals
	Seat   *gazetteer.Division // the place whose congress or CPPCC they sit in
	Place  *gazetteer.Division
	First  int // offset of the first mention

	governs bool // Place comes from a government or party post
}

// segment is one link of a title chain such as 醴陵市委副书记 in
// 市人大常委会、醴陵市委副书记、代理市长蒋长富.
type segment struct {
	Title lexicon.Title
	Org   orgPart
	Span  Span
}

// orgPart is the body or place named before a title.
type orgPart struct {
	Text     string
	Place    *gazetteer.Division
	Body     string // party, gov, congress, cppcc, standing, org, or "" for a bare place
	OrgName  string // canonical organisation name when Body is org
	OrgAlias string
}

// hardStop ends a chain segment.
func hardStop(r rune) bool {
	return strings.ContainsRune(",，。:：;；“”‘’\"()（）《》!?！？、 —▲△【】[]", r) || unicode.IsSpace(r)
}

// findOfficials reads title chains followed by names (市人大代表、株洲跃达建筑
// 总经理何翌滔), names followed by a title (宋慧玲代表, 王立平主席) and name
// lists (朱春明、陈玲等市人大代表), then works out which official each
// article features.
func (d *docState) findOfficials() {
	for _, s := range d.sents {
		r := d.p.Norm
		for i := s.Start; i < s.End; {
			t, ok := d.x.Lex.TitleFrom(r[:s.End], i)
			if !ok {
				i++
				continue
			}
			end := i + len([]rune(t.Text))
			if name, nameEnd, ok := d.nameAfter(r[:s.End], end); ok {
				segs := d.chain(r, s.Span, i, t)
				d.official(name, Span{nameEnd - len([]rune(name)), nameEnd}, segs, s)
				// 副主委王小姗、盛俭: the list shares the chain.
				for nameEnd < s.End && r[nameEnd] == '、' {
					n2, e2, ok := d.nameAfter(r[:s.End], nameEnd+1)
					if !ok {
						break
					}
					d.official(n2, Span{e2 - len([]rune(n2)), e2}, segs, s)
					nameEnd = e2
				}
				i = nameEnd
				continue
			}
			if t.Kind == lexicon.TitleCongress || t.Kind == lexicon.TitleCPPCC {
				// 朱春明、陈玲等(南京)市人大代表
				segs := d.chain(r, s.Span, i, t)
				if k := segs[0].Span.Start; k > s.Start && r[k-1] == '等' {
					d.nameList(r, s, k-1, segs)
				}
			}
			i = end
		}
		d.postfixTitles(s)
	}
	d.findFeatured()
	d.unnamedChains()
}

// postfixTitles finds names followed by a title: 宋慧玲代表, 王立平主席.
func (d *docState) postfixTitles(s sentence) {
	r := d.p.Norm
	for _, w := range postfix {
		word := []rune(w.word)
		for j := s.Start + 2; j+len(word) <= s.End; j++ {
			if string(r[j:j+len(word)]) != w.word {
				continue
			}
			if next := j + len(word); next < s.End && (r[next] == '会' || r[next] == '长' || r[next] == '团') {
				continue // 委员会, 代表团: the body, not its member
			}
			// Not the tail of a longer title (人大代表, 政协委员).
			if t, start, ok := d.x.Lex.TitleAt(r[:j+len(word)], j+len(word)); ok && start < j && t.Text != w.word {
				continue
			}
			t := lexicon.Title{Text: w.title, Kind: w.kind, Scope: "any"}
			seg := segment{Title: t, Span: Span{j, j + len(word)}}
			if r[j-1] == '等' && (w.kind == lexicon.TitleCongress || w.kind == lexicon.TitleCPPCC) {
				d.nameList(r, s, j-1, []segment{seg}) // 张建国、李秀英等代表
				continue
			}
			name, start, ok := d.nameBefore(r, s.Start, j)
			if !ok {
				continue
			}
			seg.Span.Start = start
			seg.Org = d.parseOrg(r[max(s.Start, start-12):start], true)
			d.official(name, Span{start, j}, []segment{seg}, s)
			// 王红梅、赵志强委员: the names listed before share the title.
			for start > s.Start+2 && r[start-1] == '、' {
				n2, s2, ok := d.nameBefore(r, s.Start, start-1)
				if !ok {
					break
				}
				d.official(n2, Span{s2, start - 1}, []segment{seg}, s)
				start = s2
			}
		}
	}
}

// postfix titles follow the name they belong to.
var postfix = []struct {
	word, title string
	kind        lexicon.TitleKind
}{
	{"代表", "人大代表", lexicon.TitleCongress},
	{"委员", "政协委员", lexicon.TitleCPPCC},
	{"副主席", "副主席", lexicon.TitleCPPCCOfficer},
	{"主席", "主席", lexicon.TitleCPPCCOfficer},
	{"市长", "市长", lexicon.TitleGov},
	{"县长", "县长", lexicon.TitleGov},
	{"区长", "区长", lexicon.TitleGov},
	{"书记", "书记", lexicon.TitleParty},
	{"总书记", "总书记", lexicon.TitleOrg},
}

// nameList reads 朱春明、陈玲 before 等 and a title.
func (d *docState) nameList(r []rune, s sentence, etc int, segs []segment) {
	start := etc
	for start > s.Start && (isHan(r[start-1]) || r[start-1] == '、') {
		start--
	}
	for _, part := range strings.Split(string(r[start:etc]), "、") {
		n := []rune(part)
		if len(n) < 2 || len(n) > 3 || d.x.Lex.SurnameLen(n) == 0 || d.x.Seg.IsCommonWord(part) {
			return // not a clean list of names
		}
	}
	off := start
	for _, part := range strings.Split(string(r[start:etc]), "、") {
		n := len([]rune(part))
		d.official(part, Span{off, off + n}, segs, s)
		off += n + 1
	}
}

// chain collects the title segments ending with title t at i, right to
// left, and returns them left to right.
func (d *docState) chain(r []rune, sent Span, i int, t lexicon.Title) []segment {
	var segs []segment
	for {
		// The segment's text runs back to the previous hard stop.
		from := i
		for from > sent.Start && !hardStop(r[from-1]) {
			from--
		}
		seg := segment{Title: t, Span: Span{i, i + len([]rune(t.Text))}}
		if from < i {
			seg.Org = d.longestOrg(r[from:i])
			seg.Span.Start = i - len([]rune(seg.Org.Text))
		}
		segs = append(segs, seg)
		k := seg.Span.Start
		if k-1 <= sent.Start || (r[k-1] != '、' && r[k-1] != ' ') || seg.Span.Start != from && seg.Org.Text != "" {
			break
		}
		// Another link before the separator?
		prev, start, ok := d.x.Lex.TitleAt(r[:k-1], k-1)
		if !ok {
			break
		}
		t, i = prev, start
	}
	for a, b := 0, len(segs)-1; a < b; a, b = a+1, b-1 {
		segs[a], segs[b] = segs[b], segs[a]
	}
	return segs
}

// longestOrg returns the longest tail of text that names a body or place.
// Names start on a word boundary, so 作为湖南省民革企业家联谊会 yields
// 湖南省民革企业家联谊会, never 为湖南省….
func (d *docState) longestOrg(text []rune) orgPart {
	starts := map[int]bool{0: true}
	off := 0
	for _, w := range d.x.Seg.Cut(string(text)) {
		off += len([]rune(w))
		starts[off] = true
	}
	for n := min(len(text), 30); n >= 1; n-- {
		if !starts[len(text)-n] {
			continue
		}
		if o := d.parseOrg(text[len(text)-n:], false); o.Body != "" || o.Place != nil {
			return o
		}
	}
	return orgPart{}
}

// bodies are what follows a place to name its party committee, government,
// congress or CPPCC.
var bodies = map[string]string{
	"委": "party", "市委": "party", "县委": "party", "区委": "party", "省委": "party", "州委": "party", "党委": "party",
	"人民政府": "gov", "政府": "gov",
	"人大": "congress", "人民代表大会": "congress",
	"人大常委会": "standing", "常委会": "standing",
	"政协": "cppcc",
}

// parseOrg reads text as [中共][place or 市/县/区][body or organisation].
// tail allows junk before the body (used for text before a name, where only
// the end matters).
func (d *docState) parseOrg(text []rune, tail bool) orgPart {
	if tail {
		// Take the longest suffix that parses.
		for n := len(text); n >= 2; n-- {
			if o := d.parseOrg(text[len(text)-n:], false); o.Body != "" {
				return o
			}
		}
		return orgPart{}
	}
	o := orgPart{Text: string(text)}
	rest := text
	if strings.HasPrefix(string(rest), "中共") {
		rest = rest[2:]
	}
	if len(rest) == 0 {
		return orgPart{}
	}
	placeForm := ""
	if div, n := d.placeAtStart(rest); div != nil {
		o.Place, placeForm, rest = div, string(rest[:n]), rest[n:]
	} else if rel := relativePlace(rest[0]); rel != "" && len(rest) > 1 {
		if _, isBody := bodies[string(rest[1:])]; isBody || d.orgLike(rest[1:]) {
			o.Place, placeForm, rest = d.relative(rel), rel, rest[1:]
			if o.Place == nil {
				return orgPart{}
			}
		}
	}
	if b, ok := bodies[string(rest)]; ok && o.Place != nil {
		o.Body = b
		return o
	}
	if len(rest) == 0 {
		if o.Place != nil && len(text) == len([]rune(placeForm)) {
			return o // a bare place
		}
		return orgPart{}
	}
	if !d.orgLike(rest) && o.Place == nil {
		return orgPart{}
	}
	if o.Place != nil && !d.orgTailAfterPlace(rest) {
		return orgPart{}
	}
	o.Body = "org"
	o.OrgName = string(text)
	if strings.HasPrefix(o.OrgName, "中共") {
		o.OrgName = o.OrgName[len("中共"):]
	}
	if o.Place != nil && (placeForm == "市" || placeForm == "县" || placeForm == "区") {
		// 市中心医院 is 株洲市中心医院: name it fully, keep the short form.
		o.OrgAlias, o.OrgName = o.OrgName, o.Place.Name+string(rest)
	}
	return o
}

// orgTail accepts what follows a place in an organisation's name (跃达建筑,
// 人大教科文卫委, 民革企业家联谊会): no verbs or particles.
func (d *docState) orgTail(r []rune) bool {
	if len(r) < 2 || len(r) > 24 {
		return false
	}
	for _, c := range r {
		if !isHan(c) && !unicode.IsLetter(c) && !unicode.IsDigit(c) && c != '·' {
			return false
		}
	}
	// A firm may be named with a number (三一集团); a school or a
	// committee starting with one is a count, not a name.
	numbered := d.x.companySuffix(string(r))
	for i, p := range d.x.Seg.Pos(string(r)) {
		if badInName(p.Pos, i == 0) && !(numbered && i == 0 && p.Pos == "m") {
			return false
		}
	}
	return true
}

// orgTailAfterPlace is orgTail where the place already starts the name, so
// the first word may be anything but a particle (泛锐熠辉复合材料有限公司).
func (d *docState) orgTailAfterPlace(r []rune) bool {
	if len(r) < 2 || len(r) > 24 || !allNameRunes(r) {
		return false
	}
	for _, p := range d.x.Seg.Pos(string(r)) {
		if badInName(p.Pos, false) {
			return false
		}
	}
	return true
}

// orgLike accepts a name with no leading place: it must end like an
// organisation (大学, 有限公司, 委员会…) and read as a name.
func (d *docState) orgLike(r []rune) bool {
	s := string(r)
	if !d.x.orgSuffix(s) || !d.orgTail(r) {
		return false
	}
	return true
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
func (x *Extractor) companySuffix(s string) bool {
	for suf := range companySuffix {
		if strings.HasSuffix(s, suf) && s != suf {
			return true
		}
	}
	return false
}

// orgSuffix reports whether s ends like an organisation's name.
func (x *Extractor) orgSuffix(s string) bool {
	for _, w := range x.Lex.Words(lexicon.RoleOrgSuffix) {
		if strings.HasSuffix(s, w) && s != w {
			return true
		}
	}
	for _, w := range []string{"委员会", "委会", "联合会", "工作委员会", "人大教科文卫委", "联工委"} {
		if strings.HasSuffix(s, w) && s != w {
			return true
		}
	}
	return false
}

// nameAfter reads a person's name starting at i (after a title), skipping
// spaces. gse's HMM joins unknown names into one word, which decides
// between a two- and a three-character name.
func (d *docState) nameAfter(r []rune, i int) (string, int, bool) {
	for i < len(r) && r[i] == ' ' {
		i++
	}
	end := i
	for end < len(r) && end-i < 8 && isHan(r[end]) {
		end++
	}
	if end-i < 2 {
		return "", 0, false
	}
	w := r[i:end]
	sl := d.x.Lex.SurnameLen(w)
	if sl == 0 {
		return "", 0, false
	}
	toks := d.x.Seg.Cut(string(w))
	name := ""
	switch t0 := []rune(toks[0]); {
	case len(t0) == sl+1 && !d.x.Seg.IsCommonWord(toks[0]):
		name = toks[0]
		// 姚栋 嘉, 石纪 虎: the HMM sometimes leaves the last character
		// of a three-character name on its own.
		if len(toks) > 1 && len([]rune(toks[1])) == 1 && isHan([]rune(toks[1])[0]) && !d.isFollowerPrefix(string(w[len(t0):])) {
			name += toks[1]
		}
	case len(t0) == sl+2 && !d.x.Seg.IsCommonWord(toks[0]):
		name = toks[0]
	case len(t0) > sl+2 && d.x.Seg.IsCommonWord(toks[0]):
		// 充分发挥: an ordinary word, not a name.
	case len(t0) == sl && len(toks) > 1:
		t1 := []rune(toks[1])
		// A given name is often an ordinary word (立新, 建国): trust it
		// when a boundary or a speech word follows; else it must not
		// read as a verb or function word.
		bounded := end-i == len(t0)+len(t1) || d.isFollowerPrefix(string(w[len(t0)+len(t1):]))
		if len(t1) >= 1 && len(t1) <= 2 && (d.givenName(toks[1]) || bounded && !d.isFollower(toks[1]) && !d.isTitle(toks[1])) {
			name = toks[0] + toks[1]
		} else if len(t1) > 2 && !d.isFollower(string(t1[:2])) {
			// 何 翌滔加: cut by the follower test.
			name = d.cutName(w, sl)
		}
	case len(t0) > sl+2:
		name = d.cutName(w, sl)
	}
	if !d.plausibleName(name) {
		return "", 0, false
	}
	n := len([]rune(name))
	// A name is followed by a boundary, a speech or proposal word, or
	// another title; 3 characters ending in a follower char is 2 + word.
	if n == sl+2 && i+n < len(r)+1 {
		rest := string(r[i+sl+1:])
		if d.isFollowerPrefix(rest) {
			name, n = string(r[i:i+sl+1]), sl+1
		}
	}
	return name, i + n, true
}

// cutName picks 2 or 3 characters by what follows.
func (d *docState) cutName(w []rune, sl int) string {
	if len(w) > sl+1 && d.isFollowerPrefix(string(w[sl+1:])) {
		return string(w[:sl+1])
	}
	if len(w) >= sl+2 {
		return string(w[:sl+2])
	}
	return string(w[:sl+1])
}

// nameBefore reads a name that ends at j and starts after from.
func (d *docState) nameBefore(r []rune, from, j int) (string, int, bool) {
	lo := max(from, j-6)
	toks := d.x.Seg.Cut(string(r[lo:j]))
	if len(toks) == 0 {
		return "", 0, false
	}
	last := []rune(toks[len(toks)-1])
	name := ""
	// A lone surname before the last word joins it first (王 红梅, not
	// 红梅, though 红 is a surname too). Before a title the name is bounded
	// on the right; when a particle or punctuation bounds it on the left
	// (…的周 立新 代表), even a given name that reads as a word is a name.
	if len(last) <= 2 && len(toks) >= 2 {
		prev := []rune(toks[len(toks)-2])
		bounded := len(toks) == 2 || isBoundaryWord(d, toks[len(toks)-3])
		if len(prev) == 1 && d.x.Lex.SurnameLen(prev) == 1 && (d.givenName(string(last)) || bounded && !d.isFollower(string(last)) && !d.isTitle(string(last))) {
			name = string(prev) + string(last)
		}
	}
	if name == "" && len(last) >= 2 && len(last) <= 3 && d.x.Lex.SurnameLen(last) > 0 && !d.x.Seg.IsCommonWord(string(last)) {
		name = string(last)
	}
	if !d.plausibleName(name) {
		return "", 0, false
	}
	start := j - len([]rune(name))
	return name, start, true
}

// plausibleName rejects what a title can be followed by but a person is not
// called: reporters, places (南京市), organisations, reduplications (殷殷),
// common words, and names whose first two characters are a common word.
func (d *docState) plausibleName(name string) bool {
	r := []rune(name)
	if name == "" || d.reporters[name] || len(r) < 2 || len(r) > 4 {
		return false
	}
	for _, c := range r {
		if !isHan(c) {
			return false
		}
	}
	if isPlaceName(name) || len(r) == 2 && r[0] == r[1] {
		return false
	}
	if _, pos, ok := d.x.Seg.Word(name); ok && (pos == "ns" || pos == "nt" || pos == "nz") {
		return false
	}
	if _, ok := d.x.Lex.TitleFrom(r, 1); ok && len(r) == 3 {
		// 李市长: a surname and a title, not a name.
		return false
	}
	if len(r) == 3 && d.x.Seg.IsCommonWord(string(r[:2])) && d.x.Seg.IsCommonWord(string(r[1:])) {
		return false
	}
	return true
}

// isBoundaryWord reports whether w ends a phrase before a name: punctuation
// or a function word (的, 和, 在).
func isBoundaryWord(d *docState, w string) bool {
	r := []rune(w)
	if len(r) == 1 && hardStop(r[0]) {
		return true
	}
	_, pos, ok := d.x.Seg.Word(w)
	return ok && pos != "" && (pos[0] == 'u' || pos == "p" || pos == "c")
}

// givenName accepts the word after a lone surname as a given name: given
// names are often ordinary words (谭 光明), so only words that cannot name
// anyone are refused: verbs, function words, titles and cue words.
func (d *docState) givenName(w string) bool {
	r := []rune(w)
	for _, c := range r {
		if !isHan(c) {
			return false
		}
	}
	if d.isFollower(w) {
		return false
	}
	if _, ok := d.x.Lex.TitleFrom(r, 0); ok {
		return false
	}
	if _, pos, ok := d.x.Seg.Word(w); ok && pos != "" {
		switch pos[0] {
		case 'v', 'p', 'c', 'u', 'd', 'r', 'm', 'q', 'f', 'y', 'e', 'o':
			return false
		}
	}
	return true
}

func (d *docState) isTitle(w string) bool {
	_, ok := d.x.Lex.TitleFrom([]rune(w), 0)
	return ok
}

func (d *docState) isFollower(w string) bool {
	return d.x.Lex.Is(lexicon.RoleFollow, w) || d.x.Lex.Is(lexicon.RoleSpeech, w) || d.x.Lex.Is(lexicon.RolePropose, w)
}

func (d *docState) isFollowerPrefix(s string) bool {
	r := []rune(s)
	if len(r) == 0 || !isHan(r[0]) {
		return true
	}
	for _, role := range []lexicon.Role{lexicon.RoleFollow, lexicon.RoleSpeech, lexicon.RolePropose} {
		if _, ok := d.x.Lex.CueAt(role, r, 0); ok {
			return true
		}
	}
	if _, ok := d.x.Lex.TitleFrom(r, 0); ok {
		return true
	}
	return false
}

// official records an official, their positions and HOLDS_POSITION facts.
func (d *docState) official(name string, at Span, segs []segment, s sentence) {
	info := d.officials[name]
	if info == nil {
		info = &officialInfo{Name: name, First: at.Start}
		d.officials[name] = info
	}
	info.Ref = d.add(graph.Official, name, name, at, s.Article, d.quoteVariant(at))
	var inherited *gazetteer.Division
	var inheritedOrg *ref
	for _, seg := range segs {
		d.affSpans = append(d.affSpans, seg.Span)
		t := seg.Title
		place := seg.Org.Place
		if place == nil && seg.Org.Body == "" {
			place = inherited
		}
		if place == nil {
			place = d.byScope(t)
		}
		switch t.Kind {
		case lexicon.TitleCongress, lexicon.TitleCPPCC:
			info.Deputy = true
			if place != nil && info.Seat == nil && t.Scope != "country" {
				info.Seat = place
			}
			if place != nil && t.Scope != "country" {
				d.holds(info, d.cityRef(*place, s), t.Text, s)
			}
		case lexicon.TitleGov, lexicon.TitleParty:
			if seg.Org.Body == "org" {
				d.holds(info, d.orgRef(seg.Org, s), t.Text, s)
			} else if place != nil && t.Text != "总书记" {
				d.holds(info, d.cityRef(*place, s), t.Text, s)
			}
		case lexicon.TitlePartyMember:
			if place != nil && (seg.Org.Body == "party" || seg.Org.Body == "") && seg.Org.Place != nil {
				o := orgPart{Body: "org", OrgName: place.Name + "委", OrgAlias: "中共" + place.Name + "委", Place: place}
				d.holds(info, d.orgRef(o, s), t.Text, s)
			}
		case lexicon.TitleCPPCCOfficer:
			switch {
			case seg.Org.Body == "org":
				d.holds(info, d.orgRef(seg.Org, s), t.Text, s)
			case place != nil && (seg.Org.Body == "cppcc" || seg.Org.Body == ""):
				o := orgPart{Body: "org", OrgName: place.Name + "政协", OrgAlias: "政协" + place.Name + "委员会", Place: place}
				d.holds(info, d.orgRef(o, s), t.Text, s)
			}
		case lexicon.TitleOrg:
			switch {
			case seg.Org.Body == "org":
				r := d.orgRef(seg.Org, s)
				inheritedOrg = &r
				d.holds(info, r, t.Text, s)
			case seg.Org.Body == "" && seg.Org.Place == nil && inheritedOrg != nil:
				d.holds(info, *inheritedOrg, t.Text, s)
			}
		}
		if seg.Org.Place != nil {
			inherited = seg.Org.Place
		}
		// Where the official governs: a government or party post beats a
		// congress seat (耒阳市委书记 and 衡阳 市人大代表 governs 耒阳).
		switch {
		case place == nil || t.Kind == lexicon.TitleOrg:
		case t.Kind == lexicon.TitleGov || t.Kind == lexicon.TitleParty:
			if !info.governs {
				info.Place, info.governs = place, true
			}
		case info.Place == nil:
			info.Place = place
		}
	}
	if len(segs) == 0 || segs[len(segs)-1].Org.Body == "" && segs[len(segs)-1].Title.Kind == lexicon.TitleOrg && inheritedOrg == nil {
		// 副主委王小姗 after 九三学社南京市委员会主委李奇: the body is the one
		// named for the previous official of the sentence.
		if last := d.lastOrgIn(s); last != nil && len(segs) > 0 {
			d.holds(info, *last, segs[len(segs)-1].Title.Text, s)
		}
	}
}

// lastOrgIn returns the organisation of the last HOLDS_POSITION read from
// sentence s.
func (d *docState) lastOrgIn(s sentence) *ref {
	for i := len(d.out.Facts) - 1; i >= 0; i-- {
		f := d.out.Facts[i]
		if f.Sentence != s.Span {
			break
		}
		if f.Type == graph.HoldsPosition && f.To.Label == graph.Organization {
			to := f.To
			return &to
		}
	}
	return nil
}

func (d *docState) holds(info *officialInfo, to ref, title string, s sentence) {
	d.fact(graph.HoldsPosition, info.Ref, to, title, s.Span, s.Article)
}

// byScope is the page's division for a title written without a place
// (市人大代表 → the page's city, 县长 → the page's county).
func (d *docState) byScope(t lexicon.Title) *gazetteer.Division {
	prefix := []rune(t.Text)[0]
	switch {
	case prefix == '市' || t.Scope == "city":
		return d.relative("市")
	case prefix == '县' || prefix == '区' || t.Scope == "county":
		return d.relative("县")
	case prefix == '省' || t.Scope == "province":
		return d.relative("省")
	case t.Scope == "any" && (t.Kind == lexicon.TitleCongress || t.Kind == lexicon.TitleCPPCC || t.Kind == lexicon.TitleCPPCCOfficer):
		return d.relative("市")
	}
	return nil
}

// cityRef records a city named (or implied) in a sentence.
func (d *docState) cityRef(div gazetteer.Division, s sentence) ref {
	return d.addCity(div, s.Span, s.Article, div.Name)
}

// orgRef records an organisation named in a title chain.
func (d *docState) orgRef(o orgPart, s sentence) ref {
	name := o.OrgName
	r := d.add(graph.Organization, name, name, s.Span, s.Article, o.OrgAlias)
	e := d.out.Entities[r]
	if o.Place != nil {
		if e.Props == nil {
			e.Props = graph.Props{}
		}
		// Where the body sits: the place its name starts with.
		d.fact(graph.LocatedIn, r, d.cityRef(*o.Place, s), "", s.Span, s.Article)
	}
	d.orgSpans = append(d.orgSpans, d.find(s.Span, o.Text)...)
	return r
}

// find returns the spans of every occurrence of text inside s.
func (d *docState) find(s Span, text string) []Span {
	if text == "" {
		return nil
	}
	var out []Span
	hay := string(d.p.Norm[s.Start:s.End])
	off := 0
	for {
		i := strings.Index(hay[off:], text)
		if i < 0 {
			return out
		}
		start := s.Start + len([]rune(hay[:off+i]))
		out = append(out, Span{start, start + len([]rune(text))})
		off += i + len(text)
	}
}

// findFeatured decides which official each article is about: the one its
// headline names (市人大代表…何翌滔 加快打通…), its ——访 subhead names, its
// speaker label names (周斌周斌:), or, in a headed article, the deputy its
// first paragraph introduces.
func (d *docState) findFeatured() {
	for ai, a := range d.layout.Articles {
		for _, s := range a.Subheads {
			if o := d.officialIn(s); o != nil {
				d.featured[ai] = o
				d.interview[ai] = strings.Contains(d.p.Text(s), "访")
			}
		}
		if d.featured[ai] != nil {
			continue
		}
		for _, s := range a.Headline {
			if o := d.officialIn(s); o != nil {
				d.featured[ai] = o
			}
		}
		if d.featured[ai] != nil {
			continue
		}
		for _, s := range a.Labels {
			body := []rune(strings.TrimRight(d.p.Text(s), ":： "))
			name := string(body)
			if len(body)%2 == 0 && string(body[:len(body)/2]) == string(body[len(body)/2:]) {
				name = string(body[:len(body)/2])
			}
			if o := d.officials[name]; o != nil {
				d.featured[ai] = o
			}
		}
		// A sub-article (not the page's lead) whose first paragraph
		// introduces a deputy is that deputy's column (聚焦“城市窗口” /
		// 让出行体验更舒心 …长沙市人大代表…聂志强). The lead article's
		// headline is the page's, whoever it names first.
		if d.featured[ai] != nil || ai == 0 || len(a.Headline) == 0 || len(a.Body) == 0 {
			continue
		}
		var best *officialInfo
		for _, name := range d.officialNames() {
			if o := d.officials[name]; o.Deputy && o.First >= a.Body[0].Start && o.First < a.Body[0].End && (best == nil || o.First < best.First) {
				best = o
			}
		}
		if best != nil {
			d.featured[ai] = best
		}
	}
}

// officialIn returns the first known official named in a span.
func (d *docState) officialIn(s Span) *officialInfo {
	text := d.p.Text(s)
	var best *officialInfo
	bestAt := -1
	for _, name := range d.officialNames() {
		if i := strings.Index(text, name); i >= 0 && (bestAt < 0 || i < bestAt) {
			best, bestAt = d.officials[name], i
		}
	}
	return best
}

// officialNames returns the names of the officials found so far, longest
// first, then in code-point order: where two names match at one place
// (张应 and 张应平) the longer wins, and no choice depends on map order.
func (d *docState) officialNames() []string {
	names := slices.Collect(maps.Keys(d.officials))
	slices.SortFunc(names, func(a, b string) int {
		return cmp.Or(cmp.Compare(len(b), len(a)), cmp.Compare(a, b))
	})
	return names
}

// unnamedChains attaches title chains that no name follows to the official
// they describe: "作为湖南省民革企业家联谊会副会长、湘潭大学兼职教授,他…"
// (the pronoun's referent) or a chain cut off by the end of the text (the
// article's featured official).
func (d *docState) unnamedChains() {
	for _, s := range d.sents {
		r := d.p.Norm
		for i := s.Start; i < s.End; {
			t, ok := d.x.Lex.TitleFrom(r[:s.End], i)
			if !ok {
				i++
				continue
			}
			end := i + len([]rune(t.Text))
			i = end
			if _, _, named := d.nameAfter(r[:s.End], end); named {
				continue
			}
			rest := string(r[end:s.End])
			pronoun := strings.HasPrefix(rest, ",他") || strings.HasPrefix(rest, ",她") || strings.HasPrefix(rest, "，他") || strings.HasPrefix(rest, "，她")
			cut := end == len(r) || end == s.End && s.End == d.p.Paras[len(d.p.Paras)-1].End
			if !pronoun && !cut {
				continue
			}
			segs := d.chain(r, s.Span, end-len([]rune(t.Text)), t)
			if len(segs) == 0 || segs[0].Org.Body == "" && len(segs) == 1 {
				continue
			}
			var who *officialInfo
			if o := d.featured[s.Article]; o != nil {
				who = o
			} else if pronoun {
				who = d.lastNamedBefore(s.Article, s.Start)
			}
			if who != nil {
				d.official(who.Name, Span{s.Start, s.Start}, segs, s)
			}
		}
	}
}

// lastNamedBefore returns the official last named in an article before
// offset at.
func (d *docState) lastNamedBefore(article, at int) *officialInfo {
	for k := len(d.sents) - 1; k >= 0; k-- { // sentences are in page order
		if s := d.sents[k]; s.Article == article && s.Start < at {
			if o := d.officialNamedIn(d.p.Text(s.Span)); o != nil {
				return o
			}
		}
	}
	return nil
}
