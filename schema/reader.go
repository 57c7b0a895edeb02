package schema

import (
	"context"
	"fmt"
	"sort"
	"unicode/utf8"

	"github.com/graphql-go/graphql"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/queries"
)

// What a reader of one report needs: its articles (a newspaper page holds
// several), the article an evidence sentence is in, and the facts whose
// evidence the report (or one article of it) prints.

// article is one article of a document: runes [start, end) of its text.
type article struct {
	doc        graph.Node
	index      int
	start, end int
	headline   string
}

// articlesOf splits a document's text at the article starts ingest
// recorded; a document without them (written before they were) is one
// article, the whole text, under its title.
func articlesOf(doc graph.Node) []article {
	n := utf8.RuneCountInString(doc.Props.String(graph.PropText))
	starts, _ := doc.Props[graph.PropArticleStarts].([]int64)
	heads := doc.Props.Strings(graph.PropArticleHeadlines)
	var out []article
	for i, s := range starts {
		if s < 0 || int(s) >= n || len(out) > 0 && int(s) <= out[len(out)-1].start {
			continue // not an offset in the text, in order: ignore it
		}
		a := article{doc: doc, start: int(s)}
		if i < len(heads) {
			a.headline = heads[i]
		}
		out = append(out, a)
	}
	if len(out) == 0 {
		return []article{{doc: doc, start: 0, end: n, headline: doc.Props.String(graph.PropTitle)}}
	}
	// Text before the first article (a page's masthead) is read with it.
	out[0].start = 0
	for i := range out {
		out[i].index = i
		if i+1 < len(out) {
			out[i].end = out[i+1].start
		} else {
			out[i].end = n
		}
	}
	return out
}

// articleAt returns the article holding the rune at offset, or nil when
// offset is not in the text.
func articleAt(doc graph.Node, offset int) *article {
	as := articlesOf(doc)
	i := sort.Search(len(as), func(i int) bool { return as[i].end > offset })
	if offset < 0 || i == len(as) || as[i].start > offset {
		return nil
	}
	return &as[i]
}

// runeSlice returns runes [lo, hi) of s.
func runeSlice(s string, lo, hi int) string {
	from, to, k := len(s), len(s), 0
	for j := range s {
		if k == lo {
			from = j
		}
		if k == hi {
			to = j
			break
		}
		k++
	}
	if from > to {
		return ""
	}
	return s[from:to]
}

// articleType is the Article object.
func (b *builder) articleType() *graphql.Object {
	return graphql.NewObject(graphql.ObjectConfig{Name: "Article", Description: "One article of a document: a newspaper page holds several, each under its headline. Offsets index the document's text in characters (runes), as evidence offsets do.",
		Fields: graphql.FieldsThunk(func() graphql.Fields {
			return graphql.Fields{
				"index": {Type: nn(graphql.Int), Description: "Its place on the page, from 0.", Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source.(article).index, nil }},
				"headline": {Type: graphql.String, Description: "Its headline (what its evidence gives as headline); null when it has none.", Resolve: func(p graphql.ResolveParams) (interface{}, error) {
					return nonEmpty(p.Source.(article).headline), nil
				}},
				"start": {Type: nn(graphql.Int), Description: "Where it starts in the document's text, in characters.", Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source.(article).start, nil }},
				"end":   {Type: nn(graphql.Int), Description: "Where it ends (exclusive): the next article's start, or the end of the text.", Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source.(article).end, nil }},
				"text": {Type: nn(graphql.String), Description: "Its text: the document's text from start to end, headings included.", Resolve: func(p graphql.ResolveParams) (interface{}, error) {
					a := p.Source.(article)
					return runeSlice(a.doc.Props.String(graph.PropText), a.start, a.end), nil
				}},
				"document": {Type: nn(b.objects[graph.Document]), Description: "The document it is in.", Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source.(article).doc, nil }},
				"facts": b.factsField("What the article states: the relationships whose evidence sentence starts in it, and their ends.",
					func(p graphql.ResolveParams) (graph.Node, int, int) {
						a := p.Source.(article)
						return a.doc, a.start, a.end
					}),
			}
		})})
}

// documentReaderFields adds Document.articles, article(offset) and facts.
func (b *builder) documentReaderFields(fs graphql.Fields, articleT *graphql.Object) {
	fs["articles"] = &graphql.Field{Type: listOf(articleT),
		Description: "The page's articles in page order (a newspaper page holds several); a document ingested before articles were recorded is one article, its whole text.",
		Resolve:     func(p graphql.ResolveParams) (interface{}, error) { return articlesOf(p.Source.(graph.Node)), nil }}
	fs["article"] = &graphql.Field{Type: articleT,
		Description: "The article holding the character at offset (an evidence sentence's start): where to read that sentence. Null when offset is not in the text.",
		Args:        graphql.FieldConfigArgument{"offset": {Type: graphql.NewNonNull(graphql.Int), Description: "An offset in the text, in characters."}},
		Resolve: func(p graphql.ResolveParams) (interface{}, error) {
			off, _ := p.Args["offset"].(int)
			if a := articleAt(p.Source.(graph.Node), off); a != nil {
				return *a, nil
			}
			return nil, nil
		}}
	fs["facts"] = b.factsField("What the report states: the relationships whose evidence it prints, and their ends.",
		func(p graphql.ResolveParams) (graph.Node, int, int) {
			n := p.Source.(graph.Node)
			return n, 0, utf8.RuneCountInString(n.Props.String(graph.PropText))
		})
}

// factsField is facts(first, relationshipTypes): a Subgraph of the
// relationships whose evidence sentence starts in runes [lo, hi) of a
// document, in text order, with their ends.
func (b *builder) factsField(desc string, span func(p graphql.ResolveParams) (graph.Node, int, int)) *graphql.Field {
	mentions, _ := queries.RelationOf(graph.Document, "mentions")
	return &graphql.Field{Type: nn(b.subgraph),
		Description: desc + " Edges are in text order (by sentence; in one sentence a title held, then what is proposed, set or said, then what that bears on), cut at first (truncated tells); nodes are their ends in the order the edges meet them.",
		Args: graphql.FieldConfigArgument{
			"first":             {Type: graphql.Int, DefaultValue: defaultFirst, Description: "At most this many relationships, at most the server's limit (100 by default)."},
			"relationshipTypes": {Type: graphql.NewList(graphql.NewNonNull(b.relType)), Description: "Only these types; when omitted every type but MENTIONS (what the report names is its MENTIONS: ask for it to list the entities)."},
		},
		Resolve: b.resolve(func(p graphql.ResolveParams) (interface{}, error) {
			first, err := b.firstArg(p)
			if err != nil {
				return nil, err
			}
			types := relTypesArg(p.Args["relationshipTypes"])
			if len(types) == 0 {
				for _, t := range graph.RelTypes {
					if t != graph.Mentions {
						types = append(types, t)
					}
				}
			}
			doc, lo, hi := span(p)
			lr := loader(p)
			th := lr.Related(doc.ID, mentions, nil)
			return func() (interface{}, error) {
				ns, err := th()
				if err != nil {
					return nil, err
				}
				return documentFacts(p.Context, lr.Store(), doc, ns, lo, hi, types, first)
			}, nil
		})}
}

// factOrder orders the facts of one sentence as a reader meets them: who
// holds which title, then what they propose, set or say, then what that
// is about.
var factOrder = map[graph.RelType]int{graph.HoldsPosition: 0, graph.Proposes: 1, graph.Sets: 2, graph.Said: 3, graph.Targets: 4,
	graph.HasPart: 5, graph.AppliesTo: 6, graph.About: 7, graph.LocatedIn: 8, graph.Mentions: 9}

// documentFacts gathers the facts of runes [lo, hi) of doc: its MENTIONS
// (when asked for) from the entities it names, the other types by one
// Expand of those entities limited to relationships citing doc.
func documentFacts(ctx context.Context, s graph.Store, doc graph.Node, named []queries.Neighbor, lo, hi int, types []graph.RelType, first int) (graph.Subgraph, error) {
	nodes := map[string]graph.Node{doc.ID: doc}
	var rels []graph.Relationship
	var ids []string
	for _, n := range named {
		nodes[n.Node.ID] = n.Node
		ids = append(ids, n.Node.ID)
		if graph.HasType(types, graph.Mentions) {
			rels = append(rels, n.Rels...)
		}
	}
	var others []graph.RelType
	for _, t := range types {
		if t != graph.Mentions {
			others = append(others, t)
		}
	}
	if len(ids) > 0 && len(others) > 0 {
		sub, err := s.Expand(ctx, graph.ExpandQuery{IDs: ids, Types: others, Document: doc.ID})
		if err != nil {
			return graph.Subgraph{}, fmt.Errorf("facts of %s: %w", doc.ID, err)
		}
		for _, n := range sub.Nodes {
			if _, ok := nodes[n.ID]; !ok {
				nodes[n.ID] = n
			}
		}
		rels = append(rels, sub.Relationships...)
	}
	seen := map[string]bool{}
	kept := rels[:0]
	for _, r := range rels {
		ev := r.Evidence
		if ev == nil || ev.Document != doc.ID || ev.Start < lo || ev.Start >= hi || seen[r.ID] || !graph.HasType(types, r.Type) {
			continue
		}
		seen[r.ID] = true
		kept = append(kept, r)
	}
	sort.Slice(kept, func(i, j int) bool {
		a, b := kept[i].Evidence, kept[j].Evidence
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		if a.End != b.End {
			return a.End < b.End
		}
		if oa, ob := factOrder[kept[i].Type], factOrder[kept[j].Type]; oa != ob {
			return oa < ob
		}
		return kept[i].ID < kept[j].ID
	})
	out := graph.Subgraph{Nodes: []graph.Node{}, Relationships: []graph.Relationship{}}
	if len(kept) > first {
		kept, out.Truncated = kept[:first], true
	}
	out.Relationships = append(out.Relationships, kept...)
	var missing []string
	placed := map[string]bool{}
	for _, r := range kept {
		for _, id := range []string{r.From, r.To} {
			if placed[id] {
				continue
			}
			placed[id] = true
			if _, ok := nodes[id]; !ok {
				missing = append(missing, id)
			}
		}
	}
	if len(missing) > 0 {
		found, err := s.Nodes(ctx, missing)
		if err != nil {
			return graph.Subgraph{}, fmt.Errorf("facts of %s: %w", doc.ID, err)
		}
		for _, n := range found {
			nodes[n.ID] = n
		}
	}
	done := map[string]bool{}
	for _, r := range kept {
		for _, id := range []string{r.From, r.To} {
			if n, ok := nodes[id]; ok && !done[id] {
				done[id] = true
				out.Nodes = append(out.Nodes, n)
			}
		}
	}
	return out, nil
}
