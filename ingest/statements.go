package ingest

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/ingest/lexicon"
)

// statementRecognizer records what the officials found by the earlier
// recognizers say, as printed:
//
//   - direct speech, a quotation attributed to an official: named right
//     before it with a speech verb or a colon (张三说：“…”, 张三表示，“…”), or
//     right after it (“…。”张三说, “…”县人大代表张应平向大会建议), or, for a
//     quotation that is a sentence of its own, the official whose statement
//     the paragraph's previous sentence is (张三表示，…。“…。”);
//   - reported speech, an official's name or a pronoun standing for one
//     before a speech verb (张三表示，…; 他认为，…), a proposal verb that
//     reports words (张三建议，…; 她还呼吁…) or a verb of view (他相信，…):
//     what follows the verb to the end of the sentence, or to where the next
//     speaker's clause starts.
//
// Each statement is SAID by its speaker and ABOUT every industry, goal,
// proposal and place named inside its text, with the sentences it was read
// from as evidence. It runs last, when every mention it looks for is known.
type statementRecognizer struct{}

// utterance is one statement before it is recorded.
type utterance struct {
	by       []*Person // several when listed together (张三、李四等代表表示)
	kind     string
	text     Span // what was said, without quotation marks or the leading comma
	evidence Span // the sentences that print it and name the speaker
	article  int
}

// Speech shorter than this (in letters, punctuation not counted) is a
// remark about a word (“很好”), not a statement worth quoting.
const minStatementLetters = 4

func (sr statementRecognizer) recognize(d *Doc, b *Builder) {
	if len(b.people) == 0 {
		return
	}
	quotes := quotations(d)
	var found []utterance
	var pending []Span // quotations no one is named around, decided last
	for _, q := range quotes {
		if u, ok := sr.direct(d, b, q); ok {
			found = append(found, u)
		} else {
			pending = append(pending, q)
		}
	}
	for k, s := range d.Sentences {
		if s.Kind == Body {
			found = append(found, sr.reported(d, b, k, quotes, found)...)
		}
	}
	found = append(found, sr.answers(d, b, found)...)
	for _, q := range pending {
		if u, ok := sr.embedded(d, found, q); ok {
			found = append(found, u)
		} else if u, ok := sr.continued(d, found, q); ok {
			found = append(found, u)
		}
	}
	found = slices.DeleteFunc(found, func(u utterance) bool { return u.text.Len() == 0 })
	// Page order, so the same page always records the same statements in
	// the same order, whichever pass found them.
	slices.SortFunc(found, func(a, c utterance) int {
		return cmp.Or(cmp.Compare(a.text.Start, c.text.Start), cmp.Compare(a.text.End, c.text.End))
	})
	for _, u := range found {
		sr.record(d, b, u)
	}
}

// answers reads a transcript's answers as direct speech: each paragraph of
// an answering turn is its speaker's words, printed without quotation
// marks. A paragraph read already (a quotation inside it) is left to that
// reading.
func (statementRecognizer) answers(d *Doc, b *Builder, found []utterance) []utterance {
	var out []utterance
	for k, s := range d.Sentences {
		t, ok := d.TurnOf(k)
		para := d.ParaOf(s.Start)
		// One utterance per paragraph, read from its first sentence.
		if !ok || t.Asks || s.Kind != Body || s.Start != para.Start {
			continue
		}
		p := b.turnSpeaker(k)
		if p == nil {
			continue
		}
		text := Span{max(para.Start, t.Text.Start), para.End}
		for text.Start < text.End && unicode.IsSpace(d.Page.Norm[text.Start]) {
			text.Start++
		}
		overlaps := func(u utterance) bool { return u.text.Start < text.End && text.Start < u.text.End }
		if text.Len() == 0 || slices.ContainsFunc(found, overlaps) || letters(d.Page.Norm[text.Start:text.End]) < minStatementLetters {
			continue
		}
		out = append(out, utterance{by: []*Person{p}, kind: graph.KindDirect, text: text, evidence: sentencesOver(d, text.Start, text.End-1), article: s.Article})
	}
	return out
}

// record adds a statement, its speaker and what it is about.
func (statementRecognizer) record(d *Doc, b *Builder, u utterance) {
	text := d.Page.Quote(u.text)
	if u.text.Len() > graph.MaxSentenceRunes {
		return // a quotation that never closed where it should
	}
	// Keyed by its offsets within the page; the resolver, which knows the
	// document, gives it its id (graph.StatementID).
	r := b.add(graph.Statement, fmt.Sprintf("%d-%d", u.text.Start, u.text.End), graph.StatementName(text), u.text, u.article)
	b.entities[r].Props = graph.Props{graph.PropText: text, graph.PropKind: u.kind, graph.PropStart: int64(u.text.Start), graph.PropEnd: int64(u.text.End)}
	for _, p := range u.by {
		b.fact(graph.Said, p.Ref, r, "", u.evidence, u.article)
	}
	inside := func(s Span) bool { return s.Start >= u.text.Start && s.End <= u.text.End }
	for _, h := range b.industriesIn(u.text) {
		b.fact(graph.About, r, h.Ref, "", u.evidence, u.article)
	}
	for _, g := range b.goals {
		if inside(g.Span) {
			b.fact(graph.About, r, g.Ref, "", u.evidence, u.article)
		}
	}
	for _, h := range b.proposals {
		if slices.ContainsFunc(h.Text, inside) {
			b.fact(graph.About, r, h.Ref, "", u.evidence, u.article)
		}
	}
	// The place recognizer recorded every place the page names, so each
	// has its entity; one never meant (华容 in 张华容) goes in finish,
	// with the ABOUT that points at it.
	for _, div := range b.citiesIn(u.text) {
		b.fact(graph.About, r, ref{graph.City, div.Code}, "", u.evidence, u.article)
	}
}

// quotations returns the outermost “…” of every paragraph, in page order,
// as spans that include the marks. A quotation left open at its
// paragraph's end is a layout accident, not speech.
func quotations(d *Doc) []Span {
	r := d.Page.Norm
	var out []Span
	for _, p := range d.Page.Paras {
		depth, open := 0, -1
		for i := p.Start; i < p.End; i++ {
			switch r[i] {
			case '“':
				if depth == 0 {
					open = i
				}
				depth++
			case '”':
				if depth == 0 {
					continue // a stray closing mark
				}
				depth--
				if depth == 0 {
					out = append(out, Span{open, i + 1})
				}
			}
		}
	}
	return out
}

// inQuotation reports whether offset i lies inside one of the quotations.
func inQuotation(quotes []Span, i int) bool {
	for _, q := range quotes {
		if i >= q.Start && i < q.End {
			return true
		}
	}
	return false
}

// direct attributes a quotation to the official named around it. A
// quotation introduced by a speech verb or a colon belongs to whoever the
// clause before it is about, so when that is no official (记者问：“…？”) it
// is no official's statement, whoever is named after it.
func (statementRecognizer) direct(d *Doc, b *Builder, q Span) (utterance, bool) {
	r := d.Page.Norm
	k, ok := d.SentenceAt(q.Start)
	if !ok || d.Sentences[k].Kind != Body {
		return utterance{}, false // a headline's “人工智能+” is a phrase, not speech
	}
	text := trim(r, Span{q.Start + 1, q.End - 1})
	if letters(r[text.Start:text.End]) < minStatementLetters {
		return utterance{}, false
	}
	para := d.ParaOf(q.Start)
	article := d.Sentences[k].Article
	u := utterance{kind: graph.KindDirect, text: text, article: article}

	// Before it: 张三说：“, 张三表示，“, 市政协委员张三：“.
	from := para.Start
	for i := q.Start - 1; i >= para.Start; i-- {
		if strings.ContainsRune("。;；!！?？”“", r[i]) {
			from = i + 1
			break
		}
	}
	if speechShaped(d, q) {
		by, introduced := speakerIntroducing(d, b, article, Span{from, q.Start})
		if len(by) > 0 {
			u.by = by
			u.evidence = sentencesOver(d, q.Start, q.End-1)
			return u, true
		}
		if introduced {
			return utterance{}, false // someone else's words: 记者王娜说：“…”
		}
	}

	// After it: “…。”张三说, “…”县人大代表张应平向大会建议, “…。”他表示.
	to := min(para.End, q.End+40)
	for i := q.End; i < to; i++ {
		if strings.ContainsRune("。;；!！?？“", r[i]) {
			to = i
			break
		}
	}
	whole := strings.ContainsRune("。!！?？…", r[text.End-1]) // the quotation is sentences of speech
	if p := speakerAfter(d, b, article, q, Span{q.End, to}, whole); p != nil {
		u.by = []*Person{p}
		u.evidence = sentencesOver(d, q.Start, max(q.End, to-1))
		return u, true
	}
	return utterance{}, false
}

// speechShaped reports whether a quotation stands as speech in its
// sentence rather than as a phrase of it: it closes with the end of a
// sentence, or a clause or the paragraph ends right after it. “老幼共托”融合
// 服务 names a thing; “…。” and “…”， are words someone said.
func speechShaped(d *Doc, q Span) bool {
	r := d.Page.Norm
	if strings.ContainsRune("。!！?？…", r[q.End-2]) {
		return true
	}
	para := d.ParaOf(q.Start)
	return q.End >= para.End || strings.ContainsRune("，,。;；!！?？:：", r[q.End])
}

// embedded reads a quotation that a reported statement runs into (他认为，
// 当前…，“与之相比，…”。): the speaker's own words, a direct statement of
// theirs, and the reported statement ends where the quotation begins.
func (statementRecognizer) embedded(d *Doc, found []utterance, q Span) (utterance, bool) {
	r := d.Page.Norm
	if q.Start == 0 || !strings.ContainsRune("，,:：", r[q.Start-1]) || !speechShaped(d, q) {
		return utterance{}, false
	}
	text := trim(r, Span{q.Start + 1, q.End - 1})
	if letters(r[text.Start:text.End]) < minStatementLetters {
		return utterance{}, false
	}
	for i := range found {
		u := &found[i]
		if u.kind != graph.KindReported || q.Start < u.text.Start || q.End > u.text.End+1 {
			continue
		}
		quoted := utterance{by: u.by, kind: graph.KindDirect, text: text, evidence: u.evidence, article: u.article}
		u.text = trimStatement(r, Span{u.text.Start, q.Start})
		if letters(r[u.text.Start:u.text.End]) < minStatementLetters {
			u.text = Span{} // nothing reported but the quotation
		}
		return quoted, true
	}
	return utterance{}, false
}

// continued attributes a quotation that is a sentence of its own, printed
// right after an official's statement in the same paragraph, to that
// official: 许泽玮说，…。“延庆区具备…。” goes on in his words.
func (statementRecognizer) continued(d *Doc, found []utterance, q Span) (utterance, bool) {
	r := d.Page.Norm
	k, ok := d.SentenceAt(q.Start)
	if !ok || k == 0 || d.Sentences[k].Kind != Body || d.Sentences[k].Start != q.Start {
		return utterance{}, false
	}
	text := trim(r, Span{q.Start + 1, q.End - 1})
	if letters(r[text.Start:text.End]) < minStatementLetters || !strings.ContainsRune("。!！?？…", r[text.End-1]) {
		return utterance{}, false
	}
	// Nothing may follow the quotation in its sentence: “…。”他说 is
	// attributed by direct, and “…。”之后 is about the words.
	end, ok := d.SentenceAt(q.End - 1)
	if !ok || strings.TrimSpace(d.Text(Span{q.End, d.Sentences[end].End})) != "" {
		return utterance{}, false
	}
	prev := d.Sentences[k-1]
	if prev.Para != d.Sentences[k].Para {
		return utterance{}, false
	}
	for _, u := range found {
		if u.text.Len() > 0 && u.text.Start >= prev.Start && u.text.End <= prev.End {
			// Cited from the sentence that names the speaker.
			ev := Span{prev.Start, d.Sentences[end].End}
			return utterance{by: u.by, kind: graph.KindDirect, text: text, evidence: ev, article: u.article}, true
		}
	}
	return utterance{}, false
}

// speakerIntroducing returns the officials who, in clause, introduce the
// quotation that follows it, and whether the clause introduces it at all
// (a speech verb or a colon, whoever speaks): the clause ends
// with a speech or proposal verb after the speaker and an optional comma or
// colon (张三说：, 他表示，, 张应平向大会建议：), or with a colon after the
// speaker's name and title (市政协委员张三：) or after a clause the speaker
// opens (市委书记严华在…提案摘报上批示：).
func speakerIntroducing(d *Doc, b *Builder, article int, clause Span) ([]*Person, bool) {
	r := d.Page.Norm
	end := clause.End
	for end > clause.Start && unicode.IsSpace(r[end-1]) {
		end--
	}
	colon := end > clause.Start && (r[end-1] == '：' || r[end-1] == ':')
	if colon {
		end--
	}
	if end > clause.Start && (r[end-1] == '，' || r[end-1] == ',') {
		end--
	}
	for _, role := range []lexicon.Role{lexicon.RoleSpeech, lexicon.RoleView, lexicon.RolePropose} {
		if w, ok := d.Lex.CueBefore(role, r[:end], end); ok && end-len([]rune(w)) >= clause.Start {
			return speakersBefore(d, b, article, Span{clause.Start, end - len([]rune(w))}), true
		}
	}
	if !colon {
		return nil, false
	}
	s := d.Text(Span{clause.Start, end})
	if strings.Contains(s, "问") {
		return nil, true // 记者问张三：, 面对提问： put a question to the official
	}
	bare := strings.TrimSuffix(strings.TrimSuffix(s, "委员"), "代表")
	if p := b.personNamedIn(bare); p != nil && strings.HasSuffix(bare, p.Name) && !addressed(strings.TrimSuffix(bare, p.Name)) {
		return []*Person{p}, true
	}
	// The clause's subject: the first official it names, unless words
	// that make the name an object come first.
	if p := b.firstPersonIn(s); p != nil && !addressed(s[:strings.Index(s, p.Name)]) {
		return []*Person{p}, true
	}
	return nil, true
}

// speakerAfter returns the official named after a quotation as its
// speaker: the one named first in after when a speech or proposal verb
// follows the name closely (张三说, 张应平向大会建议), or, for a quotation of
// whole sentences, wherever the name is (…曾勇的观点言简意赅); a pronoun
// right after the quotation stands for the official named before it
// opened. A quotation that addresses the official (“聂代表，…？”) or a
// question put to them is not theirs.
func speakerAfter(d *Doc, b *Builder, article int, q, after Span, whole bool) *Person {
	r := d.Page.Norm
	s := d.Text(after)
	if s == "" || strings.HasPrefix(s, "的") || strings.HasPrefix(s, "等") {
		return nil // “…”的发言, “…”等: the words named, not spoken
	}
	if i, n := pronounAt([]rune(s)); i == 0 {
		if speechVerbWithin(d, r[after.Start+n:after.End]) {
			return b.lastPersonBefore(article, q.Start)
		}
		return nil
	}
	p := b.firstPersonIn(s)
	if p == nil {
		return nil
	}
	i := strings.Index(s, p.Name)
	if addressed(s[:i]) || strings.Contains(s[:i], "问") || vocative(d.Text(Span{q.Start + 1, q.End - 1}), p) {
		return nil
	}
	nameEnd := after.Start + len([]rune(s[:i+len(p.Name)]))
	if speechVerbWithin(d, r[nameEnd:after.End]) || whole {
		return p
	}
	return nil
}

// vocative reports whether a quotation opens by addressing p (聂代表，…):
// words put to the official, not said by them.
func vocative(quoted string, p *Person) bool {
	surname := string([]rune(p.Name)[:1])
	head, _, found := strings.Cut(quoted, "，")
	if !found {
		head, _, found = strings.Cut(quoted, ",")
	}
	return found && utfLen(head) <= 5 && (strings.HasPrefix(head, p.Name) || strings.HasPrefix(head, surname))
}

// speechVerbWithin reports whether a speech or proposal verb opens r, after
// at most a few characters of title or circumstance (委员, 向大会, 在会上).
func speechVerbWithin(d *Doc, r []rune) bool {
	for i := 0; i < len(r) && i <= maxSpeakerGap; i++ {
		if strings.ContainsRune("，,。;；:：“”", r[i]) {
			return false
		}
		for _, role := range []lexicon.Role{lexicon.RoleSpeech, lexicon.RolePropose} {
			if _, ok := d.Lex.CueAt(role, r, i); ok {
				return true
			}
		}
	}
	return false
}

// maxSpeakerGap is how far a speech verb may follow its speaker's name:
// room for 在接受记者采访时 or 代表在会上, not for another clause.
const maxSpeakerGap = 12

// reported reads reported speech in sentence k: an official's name or a
// pronoun before a speech verb, and what follows the verb. Verbs inside
// quotations are skipped, and a statement stops where a quotation found
// already begins (what is in quotation marks is direct speech).
func (statementRecognizer) reported(d *Doc, b *Builder, k int, quotes []Span, found []utterance) []utterance {
	s := d.Sentences[k]
	r := d.Page.Norm
	type cue struct {
		by           []*Person
		clause, from int // where the speaker's clause starts; where the words start
	}
	var cues []cue
	for i := s.Start; i < s.End; i++ {
		if inQuotation(quotes, i) {
			continue
		}
		w, ok := reportingCueAt(d, r[:s.End], i)
		if !ok {
			continue
		}
		n := len([]rune(w))
		// A verb on its own (说, not 说明 or 据说), not the noun or a
		// completed act (表示的, 介绍了). The segmenter glues 说 to what
		// precedes it too often (采访时说, 坚定地说) for a word boundary to
		// tell 据说 apart, so the words that end in 说 without saying are
		// listed.
		if !d.Bound(k, i+n) || i+n < s.End && strings.ContainsRune("了的过着得明服", r[i+n]) ||
			w == "说" && i > s.Start && strings.ContainsRune("据小听来虽传演学解劝游再难或不", r[i-1]) {
			continue
		}
		clause := s.Start
		for j := i - 1; j >= s.Start; j-- {
			if strings.ContainsRune("，,。;；:：“”!！?？", r[j]) {
				clause = j + 1
				break
			}
		}
		by := speakersBefore(d, b, s.Article, Span{clause, i})
		if len(by) == 0 && clause > s.Start && carriesSubject(r[clause:i]) {
			by = b.sentenceSubject(k) // 张三代表关注…，建议…: the verb's subject is the sentence's
		}
		if len(by) == 0 {
			continue
		}
		cues = append(cues, cue{by: by, clause: clause, from: i + n})
		i += n - 1
	}
	var out []utterance
	for j, c := range cues {
		end := s.End
		if j+1 < len(cues) {
			end = cues[j+1].clause
		}
		for _, u := range found {
			if u.text.Start > c.from && u.text.Start-1 < end {
				end = u.text.Start - 1 // the opening mark of a quotation read already
			}
		}
		if end <= c.from {
			continue // 张三在谈到X时表示: the next verb in the clause is the one that speaks
		}
		text := trimStatement(r, Span{c.from, end})
		if letters(r[text.Start:text.End]) < minStatementLetters {
			continue
		}
		if r[text.Start] == '“' && !slices.ContainsFunc(quotes, func(q Span) bool { return q.Start == text.Start }) {
			continue // a quotation that never closes: its words are lost with the layout
		}
		overlaps := slices.ContainsFunc(found, func(u utterance) bool {
			return text.Start < u.text.End && u.text.Start < text.End
		})
		if !overlaps {
			out = append(out, utterance{by: c.by, kind: graph.KindReported, text: text, evidence: s.Span, article: s.Article})
		}
	}
	return out
}

// carriesSubject reports a clause opening with its verb, perhaps after an
// adverb (，建议…, ，还建议…, ，同时指出…): it has no subject of its own.
func carriesSubject(before []rune) bool {
	switch strings.TrimSpace(string(before)) {
	case "", "还", "也", "并", "并且", "同时", "则", "更", "进而", "此外", "另外", "他还", "她还":
		return true
	}
	return false
}

// sentenceSubject returns the official who opens sentence k, after nothing
// but the posts of a title chain (市人大代表、某公司总经理张三…), and is not
// the object of a preposition: the subject its later clauses carry.
func (b *Builder) sentenceSubject(k int) []*Person {
	d := b.doc
	s := d.Sentences[k]
	r := d.Page.Norm
	var first *Span
	for i := range b.personAt {
		at := b.personAt[i]
		if at.Start < s.Start || at.End > s.End || first != nil && first.Start <= at.Start {
			continue
		}
		first = &b.personAt[i]
	}
	if first == nil {
		return nil
	}
	if first.Start > s.Start {
		prefix := r[s.Start:first.Start]
		t, start, ok := d.Lex.TitleAt(r[:first.Start], first.Start)
		if !ok || start < s.Start || slices.ContainsFunc(prefix, func(c rune) bool { return hardStop(c) && c != '、' }) {
			return nil
		}
		if posts := d.chain(r, Span{s.Start - 1, first.Start}, start, t); len(posts) == 0 || posts[0].Span.Start != s.Start {
			return nil // 记者采访了市人大代表王芳: the chain does not open the sentence
		}
	}
	// The clause the name opens must not end before a verb of its own at
	// once: 张三，李四建议 names two.
	for j := first.End; j < s.End && j < first.End+2; j++ {
		if r[j] == '、' {
			return nil
		}
	}
	if p := b.people[string(r[first.Start:first.End])]; p != nil {
		return []*Person{p}
	}
	return nil
}

// reportingCueAt returns the verb at i that reports what its subject says
// or thinks: a speech verb (表示), a verb of view (相信, 坚信), or a verb of
// proposing that reports words (建议, 呼吁, and 提出, 提议, 倡议 when a
// clause follows them, not their object: 提出，要… but not 提出三点建议).
// 希望 and 提交 introduce proposals, not speech.
func reportingCueAt(d *Doc, r []rune, i int) (string, bool) {
	for _, role := range []lexicon.Role{lexicon.RoleSpeech, lexicon.RoleView} {
		if w, ok := d.Lex.CueAt(role, r, i); ok {
			return w, true
		}
	}
	w, ok := d.Lex.CueAt(lexicon.RolePropose, r, i)
	if !ok {
		return "", false
	}
	switch w {
	case "建议", "呼吁":
		return w, true
	case "提出", "提议", "倡议":
		j := i + len([]rune(w))
		return w, j < len(r) && strings.ContainsRune("，,：:", r[j])
	}
	return "", false
}

// trimStatement trims what opens or closes reported words without being
// part of them: the comma or colon after the verb, the sentence's end.
func trimStatement(r []rune, s Span) Span {
	for {
		s = trim(r, s)
		switch {
		case s.Start < s.End && strings.ContainsRune("，,：:", r[s.Start]):
			s.Start++
		case s.Start < s.End && strings.ContainsRune("，,。;；、:：", r[s.End-1]):
			s.End--
		default:
			return s
		}
	}
}

// speakersBefore returns the officials who are the subject of a verb that
// follows clause: the official named last in it with those listed with
// them (张三、李四等代表), or the official a pronoun after that name stands
// for (他, 她), with at most a few characters between the subject and the
// verb. A name governed by a preposition (向张三表示感谢) is no speaker.
func speakersBefore(d *Doc, b *Builder, article int, clause Span) []*Person {
	text := d.Text(clause)
	p := b.personNamedIn(text)
	nameEnd := -1
	if p != nil {
		nameEnd = strings.LastIndex(text, p.Name) + len(p.Name)
	}
	rs := []rune(text)
	if i, n := lastPronounIn(rs); i >= 0 && (p == nil || len(string(rs[:i])) >= nameEnd) {
		gap := rs[i+n:]
		if len(gap) > maxSpeakerGap || possessed(string(gap)) {
			return nil
		}
		if p := b.lastPersonBefore(article, clause.Start+i); p != nil {
			return []*Person{p}
		}
		return nil
	}
	if p == nil {
		if p := b.titleStandsFor(article, rs); p != nil {
			return []*Person{p} // 市长说: the article's 市长
		}
		return nil
	}
	gap := text[nameEnd:]
	if utfLen(gap) > maxSpeakerGap || possessed(gap) {
		return nil
	}
	by := b.peopleNamedIn(text[:nameEnd])
	if addressed(text[:strings.LastIndex(text, by[0].Name)]) {
		return nil
	}
	return by
}

// titleStandsFor returns the official a bare title ending clause stands
// for (市长说, 县委书记表示): the one person of the article (else of the
// page) whose post has that title. None when no holder is named or more
// than one is.
func (b *Builder) titleStandsFor(article int, clause []rune) *Person {
	d := b.doc
	t, start, ok := d.Lex.TitleAt(clause, len(clause))
	if !ok || start+len([]rune(t.Text)) != len(clause) {
		return nil
	}
	if start > 0 && !hardStop(clause[start-1]) && clause[start-1] != '位' {
		return nil // 副市长 inside 常务副市长张三, a place's title (株洲市长)
	}
	holder := func(inArticle bool) (*Person, bool) {
		var h *Person
		for _, f := range b.facts {
			if f.Type != graph.HoldsPosition || inArticle && f.Article != article || !strings.HasSuffix(f.Title, t.Text) {
				continue
			}
			// An official is keyed by name (officialRecognizer.official).
			if p := b.people[f.From.Key]; p != nil && p.Ref == f.From {
				if h != nil && h != p {
					return nil, false // two holders: the title says not which
				}
				h = p
			}
		}
		return h, true
	}
	// The article's holder, else the page's: an interview's questions may
	// stand as articles of their own (一问：…).
	if h, ok := holder(true); h != nil || !ok {
		return h
	}
	h, _ := holder(false)
	return h
}

// possessed reports whether the words between a speaker's name (or
// pronoun) and the verb make the name a possessor, not the subject: 张三的
// 秘书表示, 他的发言指出. A 的 inside a circumstance of the speaker's own
// that ends in 时 (杨勇代表分享自己的建议时说) does not.
func possessed(gap string) bool {
	if !strings.Contains(gap, "的") {
		return false
	}
	g := strings.TrimPrefix(strings.TrimPrefix(gap, "代表"), "委员")
	return strings.HasPrefix(g, "的") || !strings.HasSuffix(gap, "时")
}

// addressed reports whether the words before a name make it the object of
// a preposition or a question (向市长张三, 记者问张三), not a subject. 对,
// 为 and 同 only count at the edges: inside, they are parts of titles
// (对外联络部部长).
func addressed(before string) bool {
	before = strings.TrimSpace(before)
	for _, w := range []string{"向", "给", "请", "陪同", "问"} {
		if strings.Contains(before, w) {
			return true
		}
	}
	for _, w := range []string{"对", "为", "同", "跟"} {
		if strings.HasPrefix(before, w) || strings.HasSuffix(before, w) {
			return true
		}
	}
	return false
}

// pronounAt returns the offset of a 他 or 她 that opens r and its length, or
// -1; 他们 (a group) and 其他 (other) are no person.
func pronounAt(r []rune) (int, int) {
	if len(r) > 0 && (r[0] == '他' || r[0] == '她') && !(len(r) > 1 && r[1] == '们') {
		return 0, 1
	}
	return -1, 0
}

// lastPronounIn returns the offset of the last 他 or 她 in r that stands for
// a person, and its length, or -1.
func lastPronounIn(r []rune) (int, int) {
	for i := len(r) - 1; i >= 0; i-- {
		if r[i] != '他' && r[i] != '她' {
			continue
		}
		if i+1 < len(r) && r[i+1] == '们' || i > 0 && (r[i-1] == '其' || r[i-1] == '吉') {
			continue
		}
		return i, 1
	}
	return -1, 0
}

// sentencesOver returns the span of the sentences from the one holding
// offset from to the one holding offset to: a quotation of several
// sentences is cited whole, with its attribution.
func sentencesOver(d *Doc, from, to int) Span {
	a, okA := d.SentenceAt(from)
	z, okZ := d.SentenceAt(to)
	switch {
	case okA && okZ:
		return Span{d.Sentences[a].Start, d.Sentences[z].End}
	case okA:
		return d.Sentences[a].Span
	}
	return Span{from, to + 1}
}

// letters counts the letters and digits of r: what a statement says, not
// its punctuation.
func letters(r []rune) int {
	n := 0
	for _, c := range r {
		if unicode.IsLetter(c) || unicode.IsDigit(c) {
			n++
		}
	}
	return n
}

func utfLen(s string) int { return len([]rune(s)) }
