package ingest

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/ingest/decode"
	"github.com/policygraph/policygraph/ingest/gazetteer"
)

// SourceInfo is what the pipeline knows about a document besides its text.
type SourceInfo struct {
	Name        string // base name, the document's identity
	Encoding    string
	Traditional bool
	SHA256      string
	Bytes       int64
	Metadata    map[string]string // caller-supplied keys beyond DocMeta's, kept as meta_KEY
	Format      string            // decode.FormatText, FormatHTML, FormatDOCX, FormatPDF
	Page        decode.Meta       // what the file says about itself (HTML)
	Given       DocMeta           // what the caller says (flags, sidecar, ingestDocument)
}

// Resolver turns one document's extraction into a graph batch: stable ids
// (a city by its division code, everything else by its canonical name, so
// that 醴陵 and 醴陵市 and the same official in two reports become one node),
// the gazetteer's parents of every city as context, MENTIONS from the
// document, and evidence on every fact.
type Resolver struct {
	Gaz *gazetteer.Gazetteer
}

// Resolve builds the batch.
func (rv Resolver) Resolve(p *Page, x *Extraction, src SourceInfo) graph.DocumentBatch {
	docID := graph.DocumentID(src.Name)
	var paras []string
	for _, s := range p.Paras {
		paras = append(paras, p.Quote(s))
	}
	var headlines []string
	for i := range x.Layout.Articles {
		if h := x.Layout.Articles[i].HeadlineQuote(p); h != "" {
			headlines = append(headlines, h)
		}
	}
	props := graph.Props{
		graph.PropSource:      src.Name,
		graph.PropText:        string(p.Orig),
		graph.PropParagraphs:  nonNil(paras),
		graph.PropHeadlines:   nonNil(headlines),
		graph.PropReporters:   nonNil(dedup(x.Reporters)),
		graph.PropEncoding:    src.Encoding,
		graph.PropTraditional: src.Traditional,
		graph.PropSHA256:      src.SHA256,
		graph.PropBytes:       src.Bytes,
		graph.PropCity:        "",
	}
	if x.PageCity != nil {
		props[graph.PropCity] = graph.NodeID(graph.City, x.PageCity.Code)
	}
	// Unknown values are absent, never "".
	set := func(k, v string) {
		if v = strings.TrimSpace(v); v != "" {
			props[k] = v
		}
	}
	set(graph.PropFormat, src.Format)
	set(graph.PropTitle, first(src.Given.Title, src.Page.Title, x.Layout.Title))
	set(graph.PropNewspaper, first(src.Given.Newspaper, src.Page.Source, x.Layout.Newspaper))
	set(graph.PropSiteName, src.Page.SiteName)
	set(graph.PropEdition, src.Page.Edition)
	set(graph.PropURL, first(src.Given.URL, src.Page.URL))
	date, from := documentDate(p, src, x)
	set(graph.PropDate, date)
	set(graph.PropDateSource, from)
	for k, v := range src.Metadata {
		if key := "meta_" + sanitizeKey(k); len(key) <= graph.MaxPropKeyBytes && utf8.ValidString(v) {
			props[key] = v
		}
	}
	q := &evidenceText{p: p, x: x, sentences: map[Span]string{}, headlines: map[int]string{}}
	if starts, heads := q.articles(); len(starts) > 0 {
		props[graph.PropArticleStarts] = starts
		props[graph.PropArticleHeadlines] = heads
	}
	b := graph.DocumentBatch{Document: graph.Node{ID: docID, Label: graph.Document, Name: src.Name, Props: props}}

	ids := map[ref]string{}
	refs := make([]ref, 0, len(x.Entities))
	for r := range x.Entities {
		refs = append(refs, r)
	}
	sort.Slice(refs, func(i, j int) bool {
		if refs[i].Label != refs[j].Label {
			return refs[i].Label < refs[j].Label
		}
		return refs[i].Key < refs[j].Key
	})
	nodes := map[string]*graph.Node{}
	add := func(n graph.Node) {
		if old := nodes[n.ID]; old != nil {
			old.Aliases = graph.MergeAliases(old.Name, old.Aliases, n.Aliases)
			return
		}
		nodes[n.ID] = &n
	}
	for _, r := range refs {
		e := x.Entities[r]
		id := graph.NodeID(e.Label, e.Key)
		props := e.Props.Clone()
		if e.Label == graph.Statement {
			// The extractor keys a statement by the page's text; the
			// writer knows the document, which names it for good.
			start, _ := props[graph.PropStart].(int64)
			end, _ := props[graph.PropEnd].(int64)
			id = graph.StatementID(docID, int(start), int(end))
			props[graph.PropDocument] = docID
		}
		ids[r] = id
		add(graph.Node{ID: id, Label: e.Label, Name: clip(e.Name), Aliases: cleanAliases(e.Name, e.Aliases), Props: props})
		if !e.Implied {
			b.Relationships = append(b.Relationships, rv.evidenced(q, docID, graph.Mentions, docID, id, "", sentenceAt(x, e.First.Start), e.Article))
		}
	}
	// Context: every city's parents, with reference LOCATED_IN edges.
	for _, r := range refs {
		if r.Label != graph.City {
			continue
		}
		child := r.Key
		for _, parent := range rv.Gaz.Parents(r.Key) {
			pid := graph.NodeID(graph.City, parent.Code)
			aliases := []string{}
			if parent.Short != "" {
				aliases = append(aliases, parent.Short)
			}
			add(graph.Node{ID: pid, Label: graph.City, Name: parent.Name, Aliases: aliases,
				Props: graph.Props{graph.PropCode: parent.Code, graph.PropLevel: parent.Level.String()}})
			cid := graph.NodeID(graph.City, child)
			b.Relationships = append(b.Relationships, graph.Relationship{
				ID: graph.RelID(graph.LocatedIn, cid, pid, "", ""), Type: graph.LocatedIn, From: cid, To: pid})
			child = parent.Code
		}
	}
	for _, f := range x.Facts {
		from, to := ids[f.From], ids[f.To]
		if from == "" || to == "" {
			continue
		}
		b.Relationships = append(b.Relationships, rv.evidenced(q, docID, f.Type, from, to, f.Title, f.Sentence, f.Article))
	}
	keys := make([]string, 0, len(nodes))
	for id := range nodes {
		keys = append(keys, id)
	}
	sort.Strings(keys)
	for _, id := range keys {
		b.Nodes = append(b.Nodes, *nodes[id])
	}
	b.Relationships = dedupRels(b.Relationships)
	return b
}

// evidenceText quotes what evidence cites, each sentence and headline
// once: a document's relationships cite a few sentences many times over.
type evidenceText struct {
	p         *Page
	x         *Extraction
	sentences map[Span]string
	headlines map[int]string
}

func (q *evidenceText) sentence(s Span) string {
	t, ok := q.sentences[s]
	if !ok {
		t = q.p.Quote(s)
		q.sentences[s] = t
	}
	return t
}

func (q *evidenceText) headline(article int) string {
	if article < 0 || article >= len(q.x.Layout.Articles) {
		return ""
	}
	h, ok := q.headlines[article]
	if !ok {
		h = clipTo(q.x.Layout.Articles[article].HeadlineQuote(q.p), 2*graph.MaxNameRunes)
		q.headlines[article] = h
	}
	return h
}

// articles returns where each article of the page starts (the first of
// its spans: headings, headline, body, captions) and its headline as its
// evidence quotes it, in page order.
func (q *evidenceText) articles() ([]int64, []string) {
	type extent struct {
		start int64
		head  string
	}
	var out []extent
	for i, a := range q.x.Layout.Articles {
		start := -1
		for _, g := range [][]Span{a.Headings, a.Headline, a.Subheads, a.Labels, a.Captions, a.Body} {
			for _, s := range g {
				if start < 0 || s.Start < start {
					start = s.Start
				}
			}
		}
		if start >= 0 {
			out = append(out, extent{int64(start), q.headline(i)})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].start < out[j].start })
	starts, heads := make([]int64, 0, len(out)), make([]string, 0, len(out))
	for _, e := range out {
		if len(starts) > 0 && starts[len(starts)-1] == e.start {
			continue // an empty article at the next one's start
		}
		starts, heads = append(starts, e.start), append(heads, e.head)
	}
	return starts, heads
}

// evidenced builds a relationship read from a sentence.
func (rv Resolver) evidenced(q *evidenceText, doc string, t graph.RelType, from, to, title string, s Span, article int) graph.Relationship {
	var props graph.Props
	if title != "" {
		props = graph.Props{graph.PropTitle: title}
	}
	if s.Len() > graph.MaxSentenceRunes {
		s.End = s.Start + graph.MaxSentenceRunes
	}
	return graph.Relationship{
		ID: graph.RelID(t, from, to, doc, title), Type: t, From: from, To: to, Props: props,
		Evidence: &graph.Evidence{Document: doc, Sentence: q.sentence(s), Start: s.Start, End: s.End, Headline: q.headline(article)},
	}
}

// sentenceAt returns the sentence of the page around offset i.
func sentenceAt(x *Extraction, i int) Span {
	k := sort.Search(len(x.Sentences), func(k int) bool { return x.Sentences[k].End > i })
	if k < len(x.Sentences) && x.Sentences[k].Start <= i {
		return x.Sentences[k]
	}
	return Span{i, i}
}

func dedupRels(rels []graph.Relationship) []graph.Relationship {
	seen := map[string]bool{}
	out := rels[:0]
	for _, r := range rels {
		if !seen[r.ID] {
			seen[r.ID] = true
			out = append(out, r)
		}
	}
	return out
}

func cleanAliases(name string, aliases []string) []string {
	var out []string
	for _, a := range aliases {
		a = strings.TrimSpace(a)
		if a == "" || a == name || utf8.RuneCountInString(a) > graph.MaxNameRunes {
			continue
		}
		out = append(out, a)
	}
	out = graph.MergeAliases(name, out, nil)
	if len(out) > graph.MaxAliases {
		out = out[:graph.MaxAliases]
	}
	return nonNil(out)
}

func clip(s string) string { return clipTo(s, graph.MaxNameRunes) }

func clipTo(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func dedup(s []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

func sanitizeKey(k string) string {
	var b strings.Builder
	for _, r := range k {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '_':
			b.WriteRune(r)
		default:
			b.WriteRune('_')
		}
	}
	return b.String()
}

// documentDate is the document's date and where it was read: given by
// the caller, the file's metadata, a full date the top of the text prints
// by a cue (textDate: publication cue, masthead, source line), the
// layout's full date (a meta line's, a work report's subhead), a day the
// text gives with the year another cue fixes (inferDate), in that order;
// never a guess.
func documentDate(p *Page, src SourceInfo, x *Extraction) (string, string) {
	if src.Given.Date == "" && src.Page.Date == "" {
		if d := textDate(p); d != "" {
			return d, DateFromDateline
		}
	}
	switch {
	case src.Given.Date != "":
		return src.Given.Date, DateFromFlag
	case src.Page.Date != "":
		return src.Page.Date, src.Page.DateFrom
	case x.Layout.Date != "":
		return x.Layout.Date, DateFromDateline
	}
	if d := inferDate(p, x); d != "" {
		return d, DateFromInferred
	}
	return "", ""
}

func first(vs ...string) string {
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}
