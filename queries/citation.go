package queries

import (
	"strings"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/queries/cite"
)

// Citation styles the API offers (the CitationStyle enum's values).
const (
	StyleGBT7714 = "GBT7714"
	StyleCSLJSON = "CSL_JSON"
)

// Work is a document as cited: the headline given (the article a sentence
// is in) or the document's title, else its file name; its reporters as
// authors; newspaper, date, 版次, URL and site as stored, "" when unknown.
func Work(doc graph.Node, headline string) cite.Work {
	p := doc.Props
	title := strings.TrimSpace(headline)
	if title == "" {
		title = strings.TrimSpace(p.String(graph.PropTitle))
	}
	if title == "" {
		title = p.String(graph.PropSource)
	}
	return cite.Work{ID: doc.ID, Title: title, Authors: p.Strings(graph.PropReporters),
		Newspaper: p.String(graph.PropNewspaper), Date: p.String(graph.PropDate), Edition: p.String(graph.PropEdition),
		URL: p.String(graph.PropURL), SiteName: p.String(graph.PropSiteName)}
}

// Citation formats doc (under headline, when a sentence's) in style,
// StyleGBT7714 or StyleCSLJSON; accessed is the access date, "" for none.
func Citation(doc graph.Node, headline, style, accessed string) (string, error) {
	w := Work(doc, headline)
	if style == StyleCSLJSON {
		return cite.CSLJSON(w, accessed)
	}
	return cite.GBT7714(w, accessed), nil
}
