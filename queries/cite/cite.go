// Package cite formats a source as a reader cites it: a GB/T 7714-2015
// reference entry and a CSL-JSON item. It knows nothing of the graph; the
// queries package fills a Work from a Document's properties.
//
// GB/T 7714-2015 entries, by what is known of the work:
//
//	newspaper, no URL:  作者. 题名[N]. 报纸名, 出版日期(版次).
//	newspaper and URL:  作者. 题名[N/OL]. 报纸名, 出版日期(版次)[引用日期]. URL.
//	URL, no newspaper:  作者. 题名[EB/OL]. (发布日期)[引用日期]. URL.
//	neither:            作者. 题名[N]. 出版日期(版次).
//
// An unknown element is left out with its punctuation (no 日期不详, no
// empty brackets). Authors are listed as printed, apart by ", "; more
// than three are cut to the first three and ", 等" (the standard's rule
// for 主要责任者). Nothing is converted: traditional characters stay as
// printed. The access date (引用日期) is never read from the clock: it is
// given, or the element is left out.
package cite

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Work is what a citation is made from; empty fields are unknown.
type Work struct {
	ID        string   // an identifier for the CSL-JSON item (the document's id)
	Title     string   // the article's headline, as printed
	Authors   []string // bylines, as printed
	Newspaper string   // the newspaper (报纸名)
	Date      string   // publication date, YYYY-MM-DD
	Edition   string   // the newspaper page (版次), e.g. A03
	URL       string   // where the work was published
	SiteName  string   // the site a web page is on (CSL container-title of a webpage)
}

// Type identifiers of GB/T 7714-2015 (文献类型标识/载体标识).
const (
	TypeNewspaper       = "N"
	TypeNewspaperOnline = "N/OL"
	TypeWebOnline       = "EB/OL"
)

// maxAuthors is how many responsible persons an entry names before 等.
const maxAuthors = 3

// ValidDate reports whether s is a real YYYY-MM-DD day.
func ValidDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// TypeOf is the entry's type identifier: a newspaper article (N), online
// when it has a URL (N/OL); a web page with no newspaper, EB/OL.
func TypeOf(w Work) string {
	switch {
	case clean(w.Newspaper) != "" && clean(w.URL) != "":
		return TypeNewspaperOnline
	case clean(w.Newspaper) == "" && clean(w.URL) != "":
		return TypeWebOnline
	}
	return TypeNewspaper
}

// GBT7714 is w's GB/T 7714-2015 entry; accessed (YYYY-MM-DD) is the
// 引用日期, given only for an online work, left out when "".
func GBT7714(w Work, accessed string) string {
	typ := TypeOf(w)
	var parts []string
	if a := authorList(w.Authors); a != "" {
		parts = append(parts, a)
	}
	parts = append(parts, clean(w.Title)+"["+typ+"]")
	acc := ""
	if accessed = clean(accessed); accessed != "" && typ != TypeNewspaper {
		acc = "[" + accessed + "]"
	}
	var pub string
	switch typ {
	case TypeWebOnline:
		if d := clean(w.Date); d != "" {
			pub = "(" + d + ")"
		}
		pub += acc
	default:
		var src []string
		if p := clean(w.Newspaper); p != "" {
			src = append(src, p)
		}
		if d := clean(w.Date); d != "" {
			src = append(src, d)
		}
		pub = strings.Join(src, ", ")
		if e := clean(w.Edition); e != "" {
			pub += "(" + e + ")"
		}
		pub += acc
	}
	if pub != "" {
		parts = append(parts, pub)
	}
	if u := clean(w.URL); u != "" {
		parts = append(parts, u)
	}
	return strings.Join(parts, ". ") + "."
}

func authorList(names []string) string {
	out := distinct(names)
	if len(out) > maxAuthors {
		out = append(out[:maxAuthors:maxAuthors], "等")
	}
	return strings.Join(out, ", ")
}

// cslItem is one CSL-JSON item (https://citationstyles.org, csl-data.json).
type cslItem struct {
	ID             string    `json:"id"`
	Type           string    `json:"type"`
	Title          string    `json:"title,omitempty"`
	ContainerTitle string    `json:"container-title,omitempty"`
	Author         []cslName `json:"author,omitempty"`
	Issued         *cslDate  `json:"issued,omitempty"`
	Page           string    `json:"page,omitempty"`
	URL            string    `json:"URL,omitempty"`
	Accessed       *cslDate  `json:"accessed,omitempty"`
	Language       string    `json:"language"`
}

// cslName is a name as printed: Chinese bylines are not split into family
// and given names (复姓 make that a guess).
type cslName struct {
	Literal string `json:"literal"`
}

type cslDate struct {
	DateParts [][]int `json:"date-parts"`
}

func cslDateOf(s string) *cslDate {
	t, err := time.Parse(time.DateOnly, clean(s))
	if err != nil {
		return nil
	}
	return &cslDate{DateParts: [][]int{{t.Year(), int(t.Month()), t.Day()}}}
}

// CSLJSON is w as CSL-JSON: an array of one item (the format's own shape,
// what Zotero and pandoc import), type article-newspaper, or webpage for
// a page with a URL and no newspaper. The 版次 is its page, as the CSL
// GB/T 7714-2015 style prints a newspaper's.
func CSLJSON(w Work, accessed string) (string, error) {
	it := cslItem{ID: w.ID, Type: "article-newspaper", Title: clean(w.Title), ContainerTitle: clean(w.Newspaper),
		Issued: cslDateOf(w.Date), Page: clean(w.Edition), URL: clean(w.URL), Language: "zh"}
	if TypeOf(w) == TypeWebOnline {
		it.Type, it.ContainerTitle = "webpage", clean(w.SiteName)
	}
	if it.URL != "" {
		it.Accessed = cslDateOf(accessed)
	}
	for _, a := range distinct(w.Authors) {
		it.Author = append(it.Author, cslName{Literal: a})
	}
	b, err := json.Marshal([]cslItem{it})
	if err != nil {
		return "", fmt.Errorf("csl-json: %w", err)
	}
	return string(b), nil
}

// distinct is the names cleaned, empty and repeated ones dropped, in order.
func distinct(names []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, n := range names {
		if n = clean(n); n != "" && !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

func clean(s string) string { return strings.Join(strings.Fields(s), " ") }
