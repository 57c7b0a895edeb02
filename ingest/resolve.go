package ingest

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/ingest/gazetteer"
)

// SourceInfo is what the pipeline knows about a document besides its text.
type SourceInfo struct {
	Name        string // base name, the document's identity
	Encoding    string
	Traditional bool
	SHA256      string
	Bytes       int64
	Metadata    map[string]string // caller-supplied (the API's ingestDocument)
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
		graph.PropTitle:       x.Layout.Title,
		graph.PropNewspaper:   x.Layout.Newspaper,
		graph.PropDate:        x.Layout.Date,
		graph.PropEncoding:    src.Encoding,
		graph.PropTraditional: src.Traditional,
		graph.PropSHA256:      src.SHA256,
		graph.PropBytes:       src.Bytes,
		graph.PropCity:        "",
	}
	if x.PageCity != nil {
		props[graph.PropCity] = graph.NodeID(graph.City, x.PageCity.Code)
	}
	for k, v := range src.Metadata {
		if key := "meta_" + sanitizeKey(k); len(key) <= graph.MaxPropKeyBytes && utf8.ValidString(v) {
			props[key] = v
		}
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
			b.Relationships = append(b.Relationships, rv.evidenced(p, x, docID, graph.Mentions, docID, id, "", sentenceAt(x, e.First.Start), e.Article))
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
		b.Relationships = append(b.Relationships, rv.evidenced(p, x, docID, f.Type, from, to, f.Title, f.Sentence, f.Article))
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

// evidenced builds a relationship read from a sentence.
func (rv Resolver) evidenced(p *Page, x *Extraction, doc string, t graph.RelType, from, to, title string, s Span, article int) graph.Relationship {
	var props graph.Props
	if title != "" {
		props = graph.Props{graph.PropTitle: title}
	}
	headline := ""
	if article >= 0 && article < len(x.Layout.Articles) {
		headline = clipTo(x.Layout.Articles[article].HeadlineQuote(p), 2*graph.MaxNameRunes)
	}
	if s.Len() > graph.MaxSentenceRunes {
		s.End = s.Start + graph.MaxSentenceRunes
	}
	return graph.Relationship{
		ID: graph.RelID(t, from, to, doc, title), Type: t, From: from, To: to, Props: props,
		Evidence: &graph.Evidence{Document: doc, Sentence: p.Quote(s), Start: s.Start, End: s.End, Headline: headline},
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
