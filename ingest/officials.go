package ingest

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/ingest/gazetteer"
	"github.com/policygraph/policygraph/ingest/lexicon"
)

// officialRecognizer finds the officials a page names and the positions
// they hold: names after a title chain (市人大代表、株洲跃达建筑总经理何翌滔),
// names before a title (宋慧玲代表, 王立平主席), lists sharing a title
// (副主任胡悦、魏民洲…; 朱春明、陈玲等市人大代表) or a group word (黄明泽、唐军…
// 县领导), then which official each article features.
type officialRecognizer struct{}

func (o officialRecognizer) recognize(d *Doc, b *Builder) {
	for _, para := range d.Page.Paras {
		o.rosterLine(d, b, para)
	}
	for k := range d.Sentences {
		o.titled(d, b, k)
		o.postfixed(d, b, k)
		o.groups(d, b, k)
		o.speaksFor(d, b, k)
		o.appositive(d, b, k)
	}
	o.consistent(d, b)
	o.featured(d, b)
	o.unnamedChains(d, b)
}

// consistent settles the form of a name across the document: where one
// reading is another with a character more (张应 and 张应平) and the page
// never prints the shorter alone, the longer is the name and the shorter
// was a mis-cut of it.
func (officialRecognizer) consistent(d *Doc, b *Builder) {
	text := string(d.Page.Norm)
	names := b.personNames() // longest first
	for _, long := range names {
		lr := []rune(long)
		if len(lr) < 3 || b.people[long] == nil {
			continue
		}
		short := string(lr[:len(lr)-1])
		ps := b.people[short]
		if ps == nil || strings.Count(text, short) != strings.Count(text, long) {
			continue
		}
		pl := b.people[long]
		b.merge(ps.Ref, pl.Ref)
		e := b.entities[pl.Ref]
		e.Aliases = slices.DeleteFunc(e.Aliases, func(a string) bool { return a == short }) // a mis-cut, not a spelling
		pl.Deputy = pl.Deputy || ps.Deputy
		pl.leads = pl.leads || ps.leads
		if pl.Seat == nil {
			pl.Seat = ps.Seat
		}
		if pl.Place == nil || !pl.governs && ps.governs {
			pl.Place, pl.governs = ps.Place, pl.governs || ps.governs
		}
		pl.First = min(pl.First, ps.First)
		delete(b.people, short)
		b.names = nil
	}
}

// titleHere returns the title starting at i when it is a title there, not
// the inside of a longer word (主席 in 轮值主席国): its end must be a word
// boundary, or fall inside a word the dictionary does not know (the
// segmenter's guess at a name glued to it).
func (d *Doc) titleHere(k, i int) (lexicon.Title, bool) {
	s := d.Sentences[k]
	r := d.Page.Norm
	t, ok := d.Lex.TitleFrom(r[:s.End], i)
	if !ok {
		return t, false
	}
	end := i + len([]rune(t.Text))
	if d.Bound(k, end) {
		return t, true
	}
	// 主席 in 轮值主席国 is the start of a longer word; 市长 in 汉中/市/长方红卫
	// only shares its last character with the segmenter's next word.
	for _, w := range d.Words(k) {
		if w.Start <= i && end < w.End {
			return t, w.Pos == "" || w.Pos == "nr" || w.Pos == "x"
		}
		if w.Start < i && i < w.End && !d.sharesSuffix(w.Span, i, t) {
			return t, false // 州长 in 福州/长乐: no title starts inside a word
		}
	}
	return t, true
}

// sharesSuffix reports a title whose first character ends a division's
// full name (汉中市 + 市长, 麻阳县 + 县长): the post of that place.
func (d *Doc) sharesSuffix(w Span, i int, t lexicon.Title) bool {
	r := d.Page.Norm
	if i+1 > w.End || i < 1 {
		return false
	}
	for start := w.Start; start < i; start++ {
		if name := string(r[start : i+1]); d.places.full[name] {
			return true
		}
	}
	return false
}

// titled reads names after titles, and the names listed after the first.
func (o officialRecognizer) titled(d *Doc, b *Builder, k int) {
	s := d.Sentences[k]
	r := d.Page.Norm
	for i := s.Start; i < s.End; {
		t, ok := d.titleHere(k, i)
		if !ok {
			i++
			continue
		}
		end := i + len([]rune(t.Text))
		j := end
		for j < s.End && r[j] == ' ' {
			j++
		}
		name, nameEnd, ok := d.nameAt(r, j, s.End)
		if !ok && j > end {
			name, nameEnd, ok = d.signature(r, j, s.End)
		}
		if !ok || b.reporter(name) {
			i = end
			if t.Kind == lexicon.TitleCongress || t.Kind == lexicon.TitleCPPCC {
				// 朱春明、陈玲等(南京)市人大代表
				posts := d.chain(r, s.Span, i-len([]rune(t.Text)), t)
				if at := posts[0].Span.Start; at > s.Start && r[at-1] == '等' {
					o.listBefore(d, b, k, at-1, posts)
				}
			}
			continue
		}
		posts := d.chain(r, s.Span, i, t)
		o.official(d, b, name, Span{j, nameEnd}, posts, k)
		// 副主委王小姗、盛俭: the list shares the chain.
		for nameEnd < s.End && r[nameEnd] == '、' {
			itemEnd := listItemEnd(r, nameEnd+1, s.End)
			n2, e2, ok := d.nameAt(r, nameEnd+1, itemEnd)
			if !ok || e2 != itemEnd && !d.nameEnd(r, e2, s.End) || b.reporter(n2) {
				break
			}
			o.official(d, b, n2, Span{nameEnd + 1, e2}, posts, k)
			nameEnd = e2
		}
		i = nameEnd
	}
}

// signature reads the name that closes a line after a title and a space,
// as a report's presenter is printed (自治区主席 嘎玛泽登, 市长 龚 正): any
// two to six characters, spaces dropped, since minority names have no
// Chinese surname.
func (d *Doc) signature(r []rune, i, limit int) (string, int, bool) {
	para := d.ParaOf(i)
	if limit != para.End {
		return "", 0, false
	}
	var name []rune
	for _, c := range r[i:limit] {
		switch {
		case c == ' ' || c == '\u3000':
		case isHan(c) || isNameDot(c):
			name = append(name, c)
		default:
			return "", 0, false
		}
	}
	if len(name) < 2 || len(name) > 6 || isPlaceName(string(name)) || d.Seg.IsCommonWord(string(name)) {
		return "", 0, false
	}
	if _, ok := d.Lex.TitleFrom(name, 0); ok {
		return "", 0, false
	}
	return string(name), limit, true
}

// rosterLine reads a line of a list of deputies or appointees (see
// rosterEntry: 马金凤（女） 兖矿能源集团股份有限公司总工程师; 王　刚　济宁市委
// 书记; 张红霞 女 汉族 邹城市第一中学教师).
func (o officialRecognizer) rosterLine(d *Doc, b *Builder, para Span) {
	r := d.Page.Norm
	k, ok := d.SentenceAt(para.Start)
	if !ok || d.Sentences[k].End != para.End || para.Len() > 60 {
		return
	}
	name, nameEnd, at, ok := rosterEntry(d.Lex, r[para.Start:para.End])
	if !ok || !d.plausibleName(name) || b.reporter(name) {
		return
	}
	t, start, _ := d.Lex.TitleAt(r[:para.End], para.End)
	posts := d.chain(r, Span{para.Start + at - 1, para.End}, start, t)
	o.official(d, b, name, Span{para.Start, para.Start + nameEnd}, posts, k)
}

// listItemEnd returns where the list item starting at i ends: at the next
// 、 or hard stop.
func listItemEnd(r []rune, i, limit int) int {
	for j := i; j < limit; j++ {
		if hardStop(r[j]) {
			return j
		}
	}
	return limit
}

// postfixed reads names followed by a title: 宋慧玲代表, 王立平主席.
func (o officialRecognizer) postfixed(d *Doc, b *Builder, k int) {
	s := d.Sentences[k]
	r := d.Page.Norm
	for _, pf := range d.Lex.Postfixes() {
		word := []rune(pf.Word)
		for j := s.Start + 2; j+len(word) <= s.End; j++ {
			if r[j] != word[0] || !slices.Equal(r[j:j+len(word)], word) {
				continue
			}
			next := j + len(word)
			if next < s.End && strings.ContainsRune("会长团们处室", r[next]) {
				continue // 委员会, 代表团, 代表们: the body, not its member
			}
			// Not the tail of a longer title (人大代表, 政协委员), nor of a
			// longer postfix (副主席).
			if t, start, ok := d.Lex.TitleAt(r[:next], next); ok && start < j && t.Text != pf.Word {
				continue
			}
			if d.longerPostfixEnds(r, j, next) {
				continue // 书记 in 总书记, 主席 in 副主席
			}
			if pf.Title.Kind == lexicon.TitleCongress && d.actsFor(r, next, s.End) {
				continue // 雷卫华代表龙华区人民政府作报告: 代表 is "on behalf of"
			}
			p := post{Title: pf.Title, Span: Span{j, next}, postfix: true}
			if pf.Title.Kind == lexicon.TitleCongress || pf.Title.Kind == lexicon.TitleCPPCC {
				// 张建国、李秀英等代表; 伍浩、谭建洪等21名委员.
				if etc := countedEtc(r, s.Start, j); etc >= 0 {
					o.listBefore(d, b, k, etc, []post{p})
					continue
				}
			}
			name, start, ok := d.nameBefore(r, s.Start, j)
			if !ok || b.reporter(name) {
				continue
			}
			p.Span.Start = start
			p.Body = d.parseBody(r[max(s.Start, start-12):start], true)
			o.official(d, b, name, Span{start, j}, []post{p}, k)
			// 王红梅、赵志强委员: the names listed before share the title.
			for start > s.Start+2 && r[start-1] == '、' {
				n2, s2, ok := d.nameBefore(r, s.Start, start-1)
				if !ok || s2 > s.Start && !hardStop(r[s2-1]) && r[s2-1] != '、' {
					break
				}
				o.official(d, b, n2, Span{s2, start - 1}, []post{p}, k)
				start = s2
			}
		}
	}
}

// appositive reads posts printed beside a name rather than before or after
// it: in brackets (张海（市人大代表、湘潭电机集团董事长）) or in a short
// biography (陈晓，女，汉族，1972年生，现任湘潭县副县长).
func (o officialRecognizer) appositive(d *Doc, b *Builder, k int) {
	s := d.Sentences[k]
	r := d.Page.Norm
	// chainAt reads posts from i that end with a title at end and cover the
	// whole of [i, end).
	chainAt := func(i, end int) []post {
		t, start, ok := d.Lex.TitleAt(r[:end], end)
		if !ok || start+len([]rune(t.Text)) != end {
			return nil
		}
		posts := d.chain(r, Span{i - 1, end}, start, t)
		if len(posts) == 0 || posts[0].Span.Start != i {
			return nil
		}
		return posts
	}
	for j := s.Start + 2; j < s.End; j++ {
		if r[j] != '(' {
			continue
		}
		end := j + 1
		for end < s.End && r[end] != ')' && r[end] != '(' {
			end++
		}
		if end >= s.End || r[end] != ')' {
			continue
		}
		nameEnd := j
		name, start, ok := d.nameBefore(r, s.Start, j)
		if !ok {
			// 李杰代表（成都市郫都区战旗村党委书记）: the posts of a deputy
			// named with the title after the name.
			if pf, found := d.Lex.PostfixBefore(r[:j], j); found && (pf.Title.Kind == lexicon.TitleCongress || pf.Title.Kind == lexicon.TitleCPPCC) {
				nameEnd = j - len([]rune(pf.Word))
				name, start, ok = d.nameBefore(r, s.Start, nameEnd)
			}
		}
		if !ok || b.reporter(name) || !d.cleanStart(r, s.Start, start) {
			continue
		}
		if posts := chainAt(j+1, end); posts != nil {
			o.official(d, b, name, Span{start, nameEnd}, posts, k)
		}
	}
	// 陈晓，女，汉族，…，现任…: a biography opens with the name and the sex.
	text := d.Text(s.Span)
	i := strings.IndexAny(text, ",，")
	if i < 0 {
		return
	}
	if sex := strings.TrimLeft(text[i:], ",，"); !strings.HasPrefix(sex, "男") && !strings.HasPrefix(sex, "女") {
		return
	}
	nameEnd := s.Start + utf8.RuneCountInString(text[:i])
	name, start, ok := d.nameBefore(r, s.Start, nameEnd)
	if !ok || start != s.Start || b.reporter(name) {
		return
	}
	at := strings.Index(text, "现任")
	if at < 0 {
		return
	}
	from := s.Start + utf8.RuneCountInString(text[:at]) + 2
	end := from
	for end < s.End && !hardStop(r[end]) || end < s.End && r[end] == '、' {
		end++
	}
	if posts := chainAt(from, end); posts != nil {
		o.official(d, b, name, Span{start, nameEnd}, posts, k)
	}
}

// speaksFor reads a member who speaks for a body at a session (张三委员代表
// 民进市委作“…”, 李青峰代表九三学社上海市委作的“…”, 王丽代表市妇联作大会
// 发言): the body is an organisation, and one named without a title is a
// member by the speech, whose words are proposals. A report delivered
// for a government (代表市人民政府作政府工作报告) is no such speech.
func (o officialRecognizer) speaksFor(d *Doc, b *Builder, k int) {
	s := d.Sentences[k]
	r := d.Page.Norm
	for j := s.Start + 2; j+2 < s.End; j++ {
		if r[j] != '代' || r[j+1] != '表' || !d.actsFor(r, j+2, s.End) {
			continue
		}
		verb := speechAfter(r, j+2, s.End)
		if verb < 0 {
			continue
		}
		if body := d.parseBody(r[j+2:verb], false); body.Org != "" {
			// The body is named, whoever speaks for it; speaking for it
			// is no position in it.
			o.orgRef(d, b, body, k)
		}
		end, titled := j, false
		if j-2 > s.Start && string(r[j-2:j]) == "委员" {
			end, titled = j-2, true
		}
		name, start, ok := d.nameBefore(r, s.Start, end)
		if !ok || b.reporter(name) {
			continue
		}
		p := b.people[name]
		if p == nil {
			if !titled && !d.cleanStart(r, s.Start, start) {
				continue
			}
			o.official(d, b, name, Span{start, end}, nil, k)
			p = b.people[name]
			p.Deputy = true
		}
	}
}

// speechAfter returns where the verb of a speech is after the body someone
// speaks for at i (作 within the clause, then a title in quotes or brackets
// that is no report, or 发言), or -1.
func speechAfter(r []rune, i, limit int) int {
	for j := i + 2; j < min(limit, i+20); j++ {
		if hardStop(r[j]) {
			return -1
		}
		if r[j] != '作' && r[j] != '做' {
			continue
		}
		rest := string(r[j+1 : min(limit, j+60)])
		rest = strings.TrimPrefix(strings.TrimPrefix(rest, "了"), "的")
		rest = strings.TrimPrefix(rest, "题为")
		switch {
		case strings.HasPrefix(rest, "“") || strings.HasPrefix(rest, "《"):
			if close := strings.IndexAny(rest, "”》"); close > 0 && !strings.HasSuffix(rest[:close], "报告") {
				return j
			}
		case strings.Contains(rest[:min(len(rest), 18)], "发言"):
			return j
		}
		return -1
	}
	return -1
}

// actsFor reports whether what follows 代表 is the body someone speaks for
// (代表龙华区人民政府, 代表民盟市委, 代表全市人民): then 代表 is a verb.
func (d *Doc) actsFor(r []rune, i, limit int) bool {
	if i >= limit {
		return false
	}
	if _, n := d.places.placeAt(r[:limit], i); n > 0 {
		return true
	}
	if o := d.parseBody(r[i:min(limit, i+14)], false); !o.empty() {
		return true
	}
	if followedBy(r[i:limit], []string{"全市", "全县", "全区", "全省", "广大", "各", "本", "我", "民盟", "民革", "民建", "民进", "农工党", "致公党", "九三学社", "台盟", "政协", "市委", "县委", "区委", "省委", "中共"}) {
		return true
	}
	// 代表X作: a body's name then 作 (a speech, a report).
	for j := i + 2; j < min(limit, i+16); j++ {
		if r[j] == '作' && d.orgSuffix(string(r[i:j])) {
			return true
		}
	}
	return false
}

// countedEtc returns the offset of the 等 that closes a list before a
// title at j, directly (等代表) or with a count (等21名委员, 等五位代表); -1
// if there is none.
func countedEtc(r []rune, from, j int) int {
	i := j - 1
	if i >= from && (r[i] == '名' || r[i] == '位') {
		i--
		for i >= from && (r[i] >= '0' && r[i] <= '9' || strings.ContainsRune("一二两三四五六七八九十百", r[i])) {
			i--
		}
	}
	if i >= from && r[i] == '等' {
		return i
	}
	return -1
}

// longerPostfixEnds reports whether a longer postfix title than r[j:next]
// ends at next.
func (d *Doc) longerPostfixEnds(r []rune, j, next int) bool {
	pf, ok := d.Lex.PostfixBefore(r, next)
	return ok && next-len([]rune(pf.Word)) < j
}

// listBefore reads the names before at (where 等 or a group word follows
// them): 朱春明、陈玲等. Every item must be a name, or none is read.
func (o officialRecognizer) listBefore(d *Doc, b *Builder, k, at int, posts []post) bool {
	s := d.Sentences[k]
	r := d.Page.Norm
	start := at
	for start > s.Start && (isHan(r[start-1]) || r[start-1] == '、' || isNameDot(r[start-1])) {
		start--
	}
	items := splitItems(r, start, at)
	// The first item may carry what introduces the list (县领导黄明泽):
	// read its name from the end.
	if len(items) > 0 {
		first := items[0]
		if _, ns, ok := d.nameBefore(r, first.Start, first.End); ok && ns > first.Start && len(items) > 1 {
			items[0].Start = ns
		}
	}
	var names []string
	for _, it := range items {
		name, end, ok := d.nameAt(r, it.Start, it.End)
		if !ok || end != it.End || b.reporter(name) {
			return false // not a clean list of names
		}
		names = append(names, name)
	}
	if len(names) == 0 {
		return false
	}
	for i, it := range items {
		o.official(d, b, names[i], it, posts, k)
	}
	return true
}

// listAfter reads the names from i on, separated by 、, up to the first
// item that is not a name.
func (o officialRecognizer) listAfter(d *Doc, b *Builder, k, i int, posts []post) {
	s := d.Sentences[k]
	r := d.Page.Norm
	for i < s.End {
		for i < s.End && (r[i] == ' ' || r[i] == ':' || r[i] == '：') {
			i++
		}
		end := listItemEnd(r, i, s.End)
		name, e, ok := d.nameAt(r, i, end)
		if !ok || b.reporter(name) || e != end && !d.nameEnd(r, e, s.End) {
			return
		}
		o.official(d, b, name, Span{i, e}, posts, k)
		if e >= s.End || r[e] != '、' {
			return
		}
		i = e + 1
	}
}

// splitItems cuts [from, to) at 、.
func splitItems(r []rune, from, to int) []Span {
	var out []Span
	start := from
	for i := from; i <= to; i++ {
		if i == to || r[i] == '、' {
			if i > start {
				out = append(out, Span{start, i})
			}
			start = i + 1
		}
	}
	return out
}

// groups reads officials named as a group: 黄明泽、唐军…郑紫庭县领导 and
// 县领导黄明泽、唐军, where the group word says where they serve, and the
// roll calls of those present (主席台就座的有A、B、C).
func (o officialRecognizer) groups(d *Doc, b *Builder, k int) {
	s := d.Sentences[k]
	r := d.Page.Norm
	for i := s.Start; i < s.End; i++ {
		if w, ok := d.Lex.CueAt(lexicon.RoleRollCall, r[:s.End], i); ok {
			o.listAfter(d, b, k, i+len([]rune(w)), nil)
			continue
		}
		w, ok := d.Lex.CueAt(lexicon.RoleLeaderGroup, r[:s.End], i)
		if !ok {
			continue
		}
		end := i + len([]rune(w))
		t := lexicon.Title{Text: w, Kind: lexicon.TitleGov, Scope: lexicon.ScopeAny}
		p := post{Title: t, Span: Span{i, end}}
		if div := d.groupPlace(w); div != nil {
			p.Body = body{Text: w, Place: div}
		}
		if i > s.Start && r[i-1] != '等' && isHan(r[i-1]) {
			if o.listBefore(d, b, k, i, []post{p}) {
				i = end - 1
				continue
			}
		}
		o.listAfter(d, b, k, end, []post{p})
		i = end - 1
	}
}

// groupPlace is the place a group word such as 县领导 or 市级领导 serves.
func (d *Doc) groupPlace(w string) *gazetteer.Division {
	for _, c := range w {
		if div := d.Relative(c); div != nil {
			return div
		}
		if relativePlace(c) != 0 {
			return nil
		}
	}
	return nil
}

// official records an official, their positions and HOLDS_POSITION facts.
// A post in a place's own organs (party committee, government, congress,
// CPPCC, discipline commission, military district) is a position in the
// place: 省委常委 and 省政协副主席 serve 陕西省. A post in a named body (a
// company, a school, a court) is a position in that body.
func (o officialRecognizer) official(d *Doc, b *Builder, name string, at Span, posts []post, k int) {
	s := d.Sentences[k]
	p := b.people[name]
	if p == nil {
		p = &Person{Name: name, First: at.Start}
		b.people[name] = p
		b.names = nil
	}
	p.Ref = b.add(graph.Official, name, name, at, s.Article, d.quoteVariant(at))
	b.personAt = append(b.personAt, at)
	holds := func(to ref, title string) { b.fact(graph.HoldsPosition, p.Ref, to, title, s.Span, s.Article) }
	holdsCity := func(div *gazetteer.Division, title string) {
		if div != nil {
			holds(b.cityIn(*div, k), title)
		}
	}
	var inherited *gazetteer.Division
	var inheritedOrg *ref
	for _, ps := range posts {
		b.affAt = append(b.affAt, ps.Span)
		t := ps.Title
		if t.Kind == lexicon.TitleCPPCCOfficer && ps.Body.Organ == "" && ps.Body.Org == "" && ps.Body.Place != nil &&
			strings.HasSuffix(ps.Body.Place.Name, "自治区") {
			t.Kind = lexicon.TitleGov // 广西壮族自治区主席 heads the government
		}
		place := ps.Body.Place
		if place == nil && ps.Body.empty() {
			place = inherited
		}
		if place == nil && ps.Body.empty() && !ps.postfix {
			// 县长 alone is the page's county's; 宋慧玲代表 says no more
			// than that she is a deputy.
			place = d.scopeNear(t, d.byScope(t), chainPlace(posts))
		}
		switch t.Kind {
		case lexicon.TitleCongress, lexicon.TitleCPPCC:
			p.Deputy = true
			if place != nil && t.Scope != lexicon.ScopeCountry {
				if p.Seat == nil {
					p.Seat = place
				}
				holdsCity(place, t.Text)
			}
		case lexicon.TitleGov, lexicon.TitleParty, lexicon.TitlePartyMember, lexicon.TitleCPPCCOfficer, lexicon.TitleCongressOfficer:
			if t.Kind == lexicon.TitleGov || t.Kind == lexicon.TitleParty {
				p.leads = true
			}
			switch {
			case ps.Body.Org != "":
				holds(o.orgRef(d, b, ps.Body, k), t.Text)
			case t.Text == "总书记":
			case place != nil:
				holdsCity(place, t.Text)
			}
		case lexicon.TitleOrg:
			switch {
			case ps.Body.Org != "":
				r := o.orgRef(d, b, ps.Body, k)
				inheritedOrg = &r
				holds(r, t.Text)
			case ps.Body.Organ != "" && place != nil:
				holdsCity(place, t.Text) // 省人大常委会副主任, 省委组织部部长
			case ps.Body.empty() && inheritedOrg != nil:
				holds(*inheritedOrg, t.Text)
			case ps.Body.Place != nil && ps.Body.Org == "" && ps.Body.Organ == "":
				holdsCity(ps.Body.Place, t.Text) // 省纪委书记: 省 + 纪委书记; 尼山镇党委书记
			}
		}
		if ps.Body.Place != nil {
			inherited = ps.Body.Place
		}
		// Where the official governs: a government or party post beats a
		// congress seat (耒阳市委书记 and 衡阳市人大代表 governs 耒阳).
		switch {
		case place == nil || t.Kind == lexicon.TitleOrg && ps.Body.Organ == "":
		case t.Kind == lexicon.TitleGov || t.Kind == lexicon.TitleParty || t.Kind == lexicon.TitlePartyMember:
			if !p.governs {
				p.Place, p.governs = place, true
			}
		case p.Place == nil:
			p.Place = place
		}
	}
	if len(posts) > 0 {
		last := posts[len(posts)-1]
		if last.Body.empty() && last.Title.Kind == lexicon.TitleOrg && inheritedOrg == nil {
			// 副主委王小姗 after 九三学社南京市委员会主委李奇: the body is the
			// one named for the previous official of the sentence.
			if org := b.lastOrgIn(s.Span); org != nil {
				holds(*org, last.Title.Text)
			}
		}
	}
}

// orgRef records an organisation named in a title chain.
func (officialRecognizer) orgRef(d *Doc, b *Builder, o body, k int) ref {
	s := d.Sentences[k]
	r := b.add(graph.Organization, o.Org, o.Org, s.Span, s.Article, o.OrgAlias)
	if o.Place != nil {
		// Where the body sits: the place its name starts with.
		b.fact(graph.LocatedIn, r, b.cityIn(*o.Place, k), "", s.Span, s.Article)
	}
	b.orgAt = append(b.orgAt, d.find(s.Span, o.Text)...)
	return r
}

// lastOrgIn returns the organisation of the last HOLDS_POSITION read from
// a sentence.
func (b *Builder) lastOrgIn(s Span) *ref {
	for i := len(b.facts) - 1; i >= 0; i-- {
		f := b.facts[i]
		if f.Sentence != s {
			break
		}
		if f.Type == graph.HoldsPosition && f.To.Label == graph.Organization {
			to := f.To
			return &to
		}
	}
	return nil
}

// reporter reports whether name is a writer the page credits.
func (b *Builder) reporter(name string) bool {
	for _, a := range b.doc.Layout.Articles {
		for _, r := range a.Reporters {
			if r == name {
				return true
			}
		}
	}
	return false
}

// chainPlace is the first place a chain of posts names outright
// (咸宁市通山县人民医院副院长), nil when none does.
func chainPlace(posts []post) *gazetteer.Division {
	for _, ps := range posts {
		if ps.Body.Place != nil {
			return ps.Body.Place
		}
	}
	return nil
}

// scopeNear places a title written without a place (省人大代表) by the place
// the same chain names, when that place lies outside the page's division
// of the title's level: 省人大代表、咸宁市通山县人民医院副院长 on a page about
// Sichuan is a Hubei deputy. It keeps def when the named place is inside
// def, or when the chain names none.
func (d *Doc) scopeNear(t lexicon.Title, def, named *gazetteer.Division) *gazetteer.Division {
	if def == nil || named == nil || named.Code == def.Code || d.within(*named, *def) {
		return def
	}
	if def.Level >= named.Level {
		return def // 市长、X县县长: the county does not say which city
	}
	for _, p := range d.Gaz.Parents(named.Code) {
		if p.Level == def.Level {
			return &p
		}
	}
	return def
}

// byScope is the page's division for a title written without a place
// (市人大代表 → the page's city, 县长 → the page's county).
func (d *Doc) byScope(t lexicon.Title) *gazetteer.Division {
	prefix := []rune(t.Text)[0]
	switch {
	case prefix == '市' || t.Scope == lexicon.ScopeCity:
		return d.Relative('市')
	case prefix == '县' || prefix == '区' || t.Scope == lexicon.ScopeCounty:
		return d.Relative('县')
	case prefix == '省' || t.Scope == lexicon.ScopeProvince:
		return d.Relative('省')
	case t.Scope == lexicon.ScopeAny && (t.Kind == lexicon.TitleCongress || t.Kind == lexicon.TitleCPPCC || t.Kind == lexicon.TitleCPPCCOfficer):
		return d.Relative('市')
	}
	return nil
}

// find returns the spans of every occurrence of text inside s.
func (d *Doc) find(s Span, text string) []Span {
	if text == "" {
		return nil
	}
	// On runes: converting the span (often the whole page) to a string,
	// and counting runes up to each match, cost more than the search.
	var out []Span
	r := d.Page.Norm
	w := []rune(text)
	for i := s.Start; i+len(w) <= s.End; i++ {
		if r[i] == w[0] && slices.Equal(r[i:i+len(w)], w) {
			out = append(out, Span{i, i + len(w)})
			i += len(w) - 1 // matches do not overlap
		}
	}
	return out
}

// featured decides which official each article is about: the one its
// ——访 subhead names, its headline names, its speaker label names
// (周斌周斌:), or, in a headed article, the deputy its first paragraph
// introduces.
func (officialRecognizer) featured(d *Doc, b *Builder) {
	for ai, a := range d.Layout.Articles {
		for _, s := range a.Subheads {
			if p := b.firstPersonIn(d.Text(s)); p != nil {
				b.featured[ai] = p
				b.interview[ai] = strings.Contains(d.Text(s), "访")
			}
		}
		if b.featured[ai] != nil {
			continue
		}
		for _, s := range a.Headline {
			if p := b.firstPersonIn(d.Text(s)); p != nil {
				b.featured[ai] = p
			}
		}
		if b.featured[ai] != nil {
			continue
		}
		for _, s := range a.Labels {
			label := []rune(strings.TrimRight(d.Text(s), ":： "))
			name := string(label)
			if len(label)%2 == 0 && string(label[:len(label)/2]) == string(label[len(label)/2:]) {
				name = string(label[:len(label)/2])
			}
			if p := b.people[name]; p != nil {
				b.featured[ai] = p
			}
		}
		// A sub-article (not the page's lead) whose first paragraph
		// introduces a deputy is that deputy's column (聚焦“城市窗口” /
		// 让出行体验更舒心 …长沙市人大代表…聂志强). The lead article's
		// headline is the page's, whoever it names first.
		if b.featured[ai] != nil || ai == 0 || len(a.Headline) == 0 || len(a.Body) == 0 {
			continue
		}
		var best *Person
		for _, name := range b.personNames() {
			if p := b.people[name]; p.Deputy && p.First >= a.Body[0].Start && p.First < a.Body[0].End && (best == nil || p.First < best.First) {
				best = p
			}
		}
		if best != nil {
			b.featured[ai] = best
		}
	}
}

// unnamedChains attaches title chains that no name follows to the official
// they describe: "作为湖南省民革企业家联谊会副会长、湘潭大学兼职教授,他…"
// (the pronoun's referent) or a chain cut off by the end of the text (the
// article's featured official).
func (o officialRecognizer) unnamedChains(d *Doc, b *Builder) {
	r := d.Page.Norm
	for k, s := range d.Sentences {
		for i := s.Start; i < s.End; {
			t, ok := d.titleHere(k, i)
			if !ok {
				i++
				continue
			}
			end := i + len([]rune(t.Text))
			i = end
			if _, _, named := d.nameAt(r, end, s.End); named {
				continue
			}
			rest := r[end:s.End]
			pronoun := followedBy(rest, []string{",他", ",她", "，他", "，她"})
			cut := end == len(r) || end == s.End && s.End == d.Page.Paras[len(d.Page.Paras)-1].End
			if !pronoun && !cut {
				continue
			}
			posts := d.chain(r, s.Span, end-len([]rune(t.Text)), t)
			if len(posts) == 0 || posts[0].Body.empty() && len(posts) == 1 {
				continue
			}
			var who *Person
			if p := b.featured[s.Article]; p != nil {
				who = p
			} else if pronoun {
				who = b.lastPersonBefore(s.Article, s.Start)
			}
			if who != nil {
				o.official(d, b, who.Name, Span{s.Start, s.Start}, posts, k)
			}
		}
	}
}
