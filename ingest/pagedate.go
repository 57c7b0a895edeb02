package ingest

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Reading a document's date from the top of its page. Only a full date
// (year, month and day) next to a cue counts, and the cues are ranked:
//
//  1. an explicit publication cue: 发布时间, 发布日期, 发表于, 发表时间,
//     发稿时间, 出版日期, 刊发时间, 日期, 时间 (at a line's start or after a
//     space), date, published, each before the date (发表于 2020-1-22
//     13:53:08, 发布时间：2025-12-26, date 2026-02-13); 更新时间 and 修改时间
//     are no publication cue;
//  2. a masthead or dateline: a line that is a date, with its weekday or a
//     time (2025-12-06, 2025年12月26日 星期五, 2024-01-19 07:37), a date with
//     its weekday in a longer line, or an e-paper's 版次 line with a date
//     (2025年12月26日 第A03版, 版次：A03 日期：…);
//  3. a source or credit line with a date: 来源：红网 … 2017-11-10 08:58:16,
//     编辑:redcloud 2015-02-09, 2024-02-04 11:32:57 来源:中原网.
//
// The first cue of the best rank among the page's first topLines
// paragraphs wins. A date is plausible when it is a real day, not before
// 1949, and not more than a year after the latest other year the text
// names (a misprinted 2052 in a page about 2025); a text that names no
// other year bounds nothing. Below these, the layout's own date (a meta
// line's, a work report's subhead ——2025年1月10日在…) and the inferred
// date (inferDate) follow in documentDate.

const (
	topLines    = 20  // paragraphs read from the top of a page
	topLineRune = 160 // runes read from the start of each
)

var (
	reCueDate = regexp.MustCompile(`((?:19|20)\d{2})\s*[-/年.]\s*(\d{1,2})\s*[-/月.]\s*(\d{1,2})(?:\s*日)?`)
	// A publication cue and what follows it up to the date.
	rePubCue  = regexp.MustCompile(`(?i)(发布时间|发布日期|发表于|发表时间|发稿时间|出版日期|刊发时间|日期|时间|\bdate\b|\bpublished\b)\s*[:：]?\s*$`)
	reWeekday = regexp.MustCompile(`^\s*[(（]?(?:星期|周|礼拜)[一二三四五六日天][)）]?`)
	reBanci   = regexp.MustCompile(`版次|第\s*[A-Z]?\d{1,3}\s*版|[A-Z]\d{1,2}版`)
	reSource  = regexp.MustCompile(`来源|稿源|作者|编辑|责编|浏览|点击`)
	reAnyYear = regexp.MustCompile(`(?:^|[^\d])((?:19|20)\d{2})(?:\s*年|\s*[-/.]\s*\d{1,2}\s*[-/.月])`)
)

// dateCue is a date a line prints and how strong its cue is (1 best).
type dateCue struct {
	date string
	rank int
}

// textDate is the date the top of the page prints by a cue, or "".
func textDate(p *Page) string {
	var lines []string
	for i, s := range p.Paras {
		if i == topLines {
			break
		}
		lines = append(lines, p.Text(s))
	}
	return pickTextDate(lines, string(p.Norm))
}

// pickTextDate is the best-ranked plausible cued date of lines; text is
// the whole text, for the years it names.
func pickTextDate(lines []string, text string) string {
	best := dateCue{}
	for _, l := range lines {
		if utf8.RuneCountInString(l) > topLineRune {
			l = string([]rune(l)[:topLineRune])
		}
		for _, c := range lineDates(l) {
			if !plausibleDate(c.date, text) {
				continue
			}
			if best.rank == 0 || c.rank < best.rank {
				best = c
			}
		}
	}
	return best.date
}

// lineDates are the cued dates of one line, in order.
func lineDates(l string) []dateCue {
	var out []dateCue
	if !strings.Contains(l, "20") && !strings.Contains(l, "19") {
		return nil // reCueDate's year starts so; most lines hold no date
	}
	trimmed := strings.TrimSpace(l)
	for _, m := range reCueDate.FindAllStringSubmatchIndex(l, -1) {
		// Not a piece of a longer number: 12025-01-01, 2025-01-011.
		if m[0] > 0 && isDigitByte(l[m[0]-1]) || m[1] < len(l) && isDigitByte(l[m[1]]) {
			continue
		}
		date := l[m[2]:m[3]] + "-" + pad2(l[m[4]:m[5]]) + "-" + pad2(l[m[6]:m[7]])
		before, after := l[:m[0]], l[m[1]:]
		rank := 0
		switch {
		case pubCue(before):
			rank = 1
		case reOnlyDate.MatchString(trimmed), reWeekday.MatchString(after), reBanci.MatchString(l):
			rank = 2
		case reSource.MatchString(l):
			rank = 3
		}
		if rank > 0 {
			out = append(out, dateCue{date, rank})
		}
	}
	return out
}

// pubCue reports whether the text before a date ends in a publication
// cue: 发布时间：, 发表于, a line's 时间: (not 更新时间, 修改时间).
func pubCue(before string) bool {
	m := rePubCue.FindStringSubmatchIndex(before)
	if m == nil {
		return false
	}
	cue, pre := before[m[2]:m[3]], before[:m[2]]
	if cue == "时间" || cue == "日期" {
		pre = strings.TrimRight(pre, " \t")
		if pre != "" && len(pre) == len(before[:m[2]]) {
			// 更新时间, 开会时间, 截止日期: another time than the page's.
			return false
		}
	}
	return true
}

func isDigitByte(b byte) bool { return b >= '0' && b <= '9' }

// plausibleDate: a real day, not before 1949, and not more than a year
// after the latest other year text names.
func plausibleDate(date, text string) bool {
	t, err := time.Parse("2006-01-02", date)
	if err != nil || t.Year() < 1949 {
		return false
	}
	latest, self := 0, 0
	for _, m := range reAnyYear.FindAllStringSubmatch(text, -1) {
		y, _ := strconv.Atoi(m[1])
		if y == t.Year() && self == 0 {
			self++ // the date itself
			continue
		}
		if y > latest {
			latest = y
		}
	}
	return latest == 0 || t.Year() <= latest+1
}
