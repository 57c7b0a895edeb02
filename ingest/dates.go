package ingest

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Date inference: a document that prints no full date may still say when
// it was written, from two cues together and never one alone:
//
//   - the lead's dateline, a day without a year (3月3日, 1月16日至21日)
//     within the first 200 characters of the first article's text;
//   - a year the text fixes: the numbering of a national session
//     (第十四届全国人民代表大会第四次会议, 十四届全国人大四次会议, 全国政协十四届四次会议),
//     whose year is known: the 6th NPC and CPPCC met in 1983, a term lasts
//     five years and its sessions are yearly, so session s of term t is in
//     1983 + 5(t-6) + s - 1.
//
// National sessions open in March; a dateline in the first half of the
// year is that year's coverage. A later dateline (a December report on
// preparations, a review) is left undated rather than guessed. Local
// congresses' numbering is no cue: their terms began in different years.

var (
	reLeadDay = regexp.MustCompile(`(?:^|[^0-9年])([0-9]{1,2})月([0-9]{1,2})日`)
	// 第十四届全国人民代表大会第四次会议, 十四届全国人大四次会议, 全国政协十四届四次会议,
	// 十四届全国政协四次会议, 全国政协第十四届委员会第四次会议.
	reNationalSession = regexp.MustCompile(`第?([一二三四五六七八九十]{1,3})届全国(?:人民代表大会|人大|政协|委员会)(?:常委会)?第?([一二三四五])次会议|` +
		`全国政协第?([一二三四五六七八九十]{1,3})届(?:委员会)?第?([一二三四五])次会议|` +
		`中国人民政治协商会议第([一二三四五六七八九十]{1,3})届全国委员会第([一二三四五])次会议`)
)

// inferDate is the date the two cues give, or "".
func inferDate(p *Page, x *Extraction) string {
	lead := ""
	for _, a := range x.Layout.Articles {
		var b strings.Builder
		for _, s := range a.Body {
			b.WriteString(p.Text(s))
			if b.Len() > 1200 {
				break
			}
		}
		if b.Len() > 0 {
			lead = b.String()
			break
		}
	}
	if lead == "" {
		return ""
	}
	if r := []rune(lead); len(r) > 200 {
		lead = string(r[:200])
	}
	day := reLeadDay.FindStringSubmatch(lead)
	if day == nil {
		return ""
	}
	month, _ := strconv.Atoi(day[1])
	dd, _ := strconv.Atoi(day[2])
	if month < 1 || month > 6 || dd < 1 || dd > 31 {
		return ""
	}
	year := sessionYear(string(p.Norm))
	if year == 0 {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", year, month, dd)
}

// sessionYear is the year of the national session the text names, or 0
// when it names none or sessions of different years.
func sessionYear(text string) int {
	year := 0
	for _, m := range reNationalSession.FindAllStringSubmatch(text, -1) {
		var term, session int
		for i := 1; i+1 < len(m); i += 2 {
			if m[i] != "" {
				term, session = chineseNumber(m[i]), chineseNumber(m[i+1])
			}
		}
		if term < 6 || session < 1 || session > 5 {
			continue
		}
		y := 1983 + 5*(term-6) + session - 1
		if year != 0 && y != year {
			return 0
		}
		year = y
	}
	return year
}

// chineseNumber reads 一 … 九十九.
func chineseNumber(s string) int {
	digits := map[rune]int{'一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	n, cur := 0, 0
	for _, r := range s {
		if r == '十' {
			if cur == 0 {
				cur = 1
			}
			n += cur * 10
			cur = 0
			continue
		}
		d, ok := digits[r]
		if !ok {
			return 0
		}
		cur = d
	}
	return n + cur
}
