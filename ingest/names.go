package ingest

import (
	"strings"
	"unicode"

	"github.com/policygraph/policygraph/ingest/lexicon"
)

// The grammar of a person's name in running text: a surname (one character,
// or a compound such as 欧阳) and a given name of one or two characters, or
// a minority name of dotted parts (艾尔肯·吐尼亚孜); printed two-character
// names are often padded with a space (龚 正).
//
// Where the name ends is the hard part: 张应平向大会建议 is 张应平 + 向, 李明用
// 三年 is 李明 + 用. Each reading is scored by how name-like its given
// characters are against how likely the next character starts a word (the
// lexicon's given-name odds: names use 平 and 华 far more than text does,
// text uses 向, 用 and 等 far more than names), and a reading that ends
// where a cue, a title or punctuation starts scores best.

// isNameDot reports the middle dots that join the parts of a minority name.
func isNameDot(r rune) bool { return r == '·' || r == '•' || r == '・' || r == '‧' }

// nameEnd reports whether a name may end before offset j: at limit, before
// anything that is not a Chinese character, or before a word that follows
// names (a speech or proposal verb, a title, 等, 代表).
func (d *Doc) nameEnd(r []rune, j, limit int) bool {
	if j >= limit || j >= len(r) || !isHan(r[j]) {
		return true
	}
	rest := r[:limit]
	for _, role := range []lexicon.Role{lexicon.RoleFollow, lexicon.RoleSpeech, lexicon.RolePropose, lexicon.RoleLeaderGroup} {
		if _, ok := d.Lex.CueAt(role, rest, j); ok {
			return true
		}
	}
	if _, ok := d.Lex.TitleFrom(rest, j); ok {
		return true
	}
	return false
}

// endScore is how well a name ends before j: best before punctuation, a cue
// or a title; worst before a lone character that punctuation closes (张社 +
// 年,: no word is one such character); otherwise by how unlike a name
// character the next one is.
func (d *Doc) endScore(r []rune, j, limit int) float64 {
	if d.nameEnd(r, j, limit) {
		return 2
	}
	if d.nameEnd(r, j+1, limit) {
		return -3 // 张社 + 年出席: one character alone before the next word
	}
	return -d.charOdds(r[j])
}

// charOdds is the given-name odds of a character, bounded: the name model
// is a sample, and a character it never saw in a name (奇) is rare in
// names, not impossible.
func (d *Doc) charOdds(c rune) float64 {
	if d.Lex.GivenNameScore(c) == 0 {
		return -1.5
	}
	return max(d.Lex.GivenNameOdds(c), -3)
}

// segmented reports whether the segmenter read [i, end) as a name: one word,
// or a one-character surname and one word.
func (d *Doc) segmented(i, g, end int) bool {
	k, ok := d.SentenceAt(i)
	if !ok || end > d.Sentences[k].End {
		return false
	}
	for _, w := range d.Words(k) {
		if w.Start == i && w.End == end || w.Start == g && w.End == end && d.Bound(k, i) && g-i == 1 {
			return true
		}
	}
	return false
}

// nameAt reads a person's name starting at i and ending by limit. It
// returns the name and the offset just after it (past a padding space).
func (d *Doc) nameAt(r []rune, i, limit int) (string, int, bool) {
	limit = min(limit, len(r))
	if i >= limit || !isHan(r[i]) {
		return "", 0, false
	}
	if name, end, ok := d.dottedName(r, i, limit); ok {
		return name, end, true
	}
	sl := d.Lex.SurnameLen(r[i:limit])
	if sl == 0 {
		return "", 0, false
	}
	g := i + sl // the given name starts here
	// 龚 正: a two-character name padded to three.
	if g+2 <= limit && r[g] == ' ' && isHan(r[g+1]) && (g+2 == limit || !isHan(r[g+2])) {
		name := string(r[i:g]) + string(r[g+1])
		if d.plausibleName(name) {
			return name, g + 2, true
		}
	}
	var best string
	bestScore := 0.0
	for n := 1; n <= 2; n++ {
		end := g + n
		if end > limit || !allHan(r[g:end]) {
			break
		}
		name := string(r[i:end])
		if !d.plausibleName(name) || !d.nameEnd(r, end, limit) && d.endsInsideWord(r, end, limit) || d.placeAcross(r, i, end, limit) || d.unitBeforeTitle(r[:limit], end) {
			continue
		}
		score := d.endScore(r, end, limit)
		for _, c := range r[g:end] {
			score += d.charOdds(c)
		}
		if d.segmented(i, g, end) {
			score += 1.5
		}
		if best == "" || score > bestScore {
			best, bestScore = name, score
		}
	}
	if best == "" || bestScore < -2.5 {
		return "", 0, false
	}
	return best, i + len([]rune(best)), true
}

// placeAcross reports a preposition before a place read as a surname and a
// given name: 向北 + 京市 is 向 + 北京市, not a person.
func (d *Doc) placeAcross(r []rune, i, end, limit int) bool {
	if !strings.ContainsRune(prepositions, r[i]) {
		return false
	}
	_, n := d.places.placeAt(r[:limit], i+1)
	return n > 0 && i+1+n > end
}

// particles never start a given name: 党的, 张了.
const particles = "的了着之地得们把被及或也都就两"

// prepositions are the surnames that are also prepositions or conjunctions
// (向, 于, 和), which a place may follow.
const prepositions = "向在于从到赴来去至往和与同"

// dottedName reads a minority name of dotted parts, 艾尔肯·吐尼亚孜.
func (d *Doc) dottedName(r []rune, i, limit int) (string, int, bool) {
	j, parts := i, 0
	for {
		k := j
		for k < limit && isHan(r[k]) && k-j < 8 {
			k++
		}
		if k == j {
			return "", 0, false
		}
		parts++
		if k < limit && isNameDot(r[k]) && k+1 < limit && isHan(r[k+1]) {
			j = k + 1
			continue
		}
		if parts < 2 {
			return "", 0, false
		}
		// The last part runs to the name's end: cut it where a cue or
		// title starts (…吐尼亚孜表示).
		end := j
		for end < k && !d.nameEnd(r, end, limit) || end == j {
			end++
		}
		if end-i > 20 {
			return "", 0, false
		}
		var name []rune
		for _, c := range r[i:end] {
			if isNameDot(c) {
				c = '·'
			}
			name = append(name, c)
		}
		return string(name), end, true
	}
}

// nameBefore reads a name that ends at j (before a title: 宋慧玲代表) and
// starts no earlier than from. The longest reading that starts cleanly (at
// punctuation, after a particle) wins; else the one whose characters look
// most like a name.
func (d *Doc) nameBefore(r []rune, from, j int) (string, int, bool) {
	var best string
	bestStart, bestScore := 0, 0.0
	for n := 4; n >= 2; n-- {
		start := j - n
		if start < from || !allHan(r[start:j]) {
			continue
		}
		sl := d.Lex.SurnameLen(r[start:j])
		if sl == 0 || n-sl < 1 || n-sl > 2 {
			continue
		}
		name := string(r[start:j])
		if !d.plausibleName(name) || d.unitBeforeTitle(r, j) {
			continue
		}
		clean := d.cleanStart(r, from, start)
		if !clean && start > from && isHan(r[start-1]) && d.Seg.IsCommonWord(string(r[start-1:start+1])) {
			continue // 终爱戴 in 始终爱戴: the name would start inside a word
		}
		score := 0.0
		for _, c := range r[start+sl : j] {
			score += d.charOdds(c)
		}
		switch {
		case clean:
			score += 4
		case d.segmented(start, start+sl, j):
			score += 1.5
		default:
			score -= 2 // glued to what comes before: wants name-like characters
		}
		if best == "" || score > bestScore {
			best, bestStart, bestScore = name, start, score
		}
	}
	if best == "" || bestScore < 0 {
		return "", 0, false
	}
	return best, bestStart, true
}

// unitBeforeTitle reports a reading that ends at j in the suffix of an
// administrative unit the gazetteer may not list (龙泉镇镇长, 白关镇党委书记),
// followed by a title: a place and its post, not a person (given names
// almost never end in 镇, 乡, 县, 区, 市 or 旗).
func (d *Doc) unitBeforeTitle(r []rune, j int) bool {
	if j < 1 || j >= len(r) || !strings.ContainsRune("镇乡县区市旗", r[j-1]) {
		return false
	}
	_, ok := d.Lex.TitleFrom(r, j)
	return ok
}

// cleanStart reports whether a name may start at i: at the start, after
// punctuation or a particle (的, 和, 与), or after a title or cue.
func (d *Doc) cleanStart(r []rune, from, i int) bool {
	if i > from && r[i-1] >= '0' && r[i-1] <= '9' {
		return false // 13位盟员委员: a count, then a measure word
	}
	if i <= from || !isHan(r[i-1]) {
		return true
	}
	switch r[i-1] {
	case '的', '和', '与', '及', '由', '请', '让', '对', '向', '是', '为', '被', '将', '在':
		return true
	}
	if _, _, ok := d.Lex.TitleAt(r, i); ok {
		return true
	}
	if d.Lex.NationalBefore(r, i) != "" {
		return true // 九三张华容: a party's short name, then a member's
	}
	return false
}

// endsInsideWord reports a reading whose last character and the next one
// form a common word (高度重 + 视, 充分肯 + 定): the text goes on.
func (d *Doc) endsInsideWord(r []rune, end, limit int) bool {
	if end >= limit || end < 1 || !isHan(r[end]) {
		return false
	}
	return d.Seg.IsCommonWord(string(r[end-1 : end+1]))
}

// plausibleName rejects what a title can be followed by but a person is not
// called: places (南京市), organisations, reduplications (殷殷), common
// words, characters no given name uses, and 李市长 (a surname and a title).
func (d *Doc) plausibleName(name string) bool {
	r := []rune(name)
	if len(r) < 2 || len(r) > 4 {
		return len(r) > 4 && len(r) <= 20 && containsDot(r)
	}
	if !allHan(r) || isPlaceName(name) || len(r) == 2 && r[0] == r[1] {
		return false
	}
	if _, pos, ok := d.Seg.Word(name); ok && (pos == "nt" || pos == "nz") {
		return false // the gazetteer, not the dictionary's ns, says what is a place
	}
	if d.Seg.IsCommonWord(name) {
		return false
	}
	if _, ok := d.Lex.TitleFrom(r, 1); ok && len(r) == 3 {
		return false
	}
	if sl := d.Lex.SurnameLen(r); sl > 0 && strings.ContainsRune(particles, r[sl]) {
		return false // 党的, 关于: a word, not a surname and a given name
	}
	if _, pos, ok := d.Seg.Word(string(r[:2])); ok && len(pos) > 0 && strings.ContainsRune("pcdurq", rune(pos[0])) {
		return false // 关于东北: a preposition first
	}
	if strings.ContainsRune(prepositions, r[0]) && isPlaceName(string(r[1:])) {
		return false // 向北京: a preposition and a place (光明, 秀英, 卫东 are names too)
	}
	if len(r) == 3 && d.Seg.IsCommonWord(string(r[:2])) && d.Seg.IsCommonWord(string(r[1:])) {
		return false
	}
	return true
}

func containsDot(r []rune) bool {
	for _, c := range r {
		if c == '·' {
			return true
		}
	}
	return false
}

func allHan(r []rune) bool {
	for _, c := range r {
		if !isHan(c) {
			return false
		}
	}
	return len(r) > 0
}

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }
