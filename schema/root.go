package schema

import (
	"errors"
	"fmt"
	"strings"

	"github.com/graphql-go/graphql"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/queries"
)

func (b *builder) query() *graphql.Object {
	fs := graphql.Fields{
		"node": {Type: b.node, Description: "Any node by id.", Args: graphql.FieldConfigArgument{"id": {Type: graphql.NewNonNull(graphql.ID)}},
			Resolve: b.resolve(func(p graphql.ResolveParams) (interface{}, error) {
				id := p.Args["id"].(string)
				lo := loader(p)
				if levels := nativeTreePlan(p, lo, "", false); len(levels) > 0 {
					// The node and the levels below it in one round trip.
					tq := graph.TreeQuery{Root: graph.NodeQuery{Where: &graph.Filter{Field: "id", Op: graph.OpEq, Value: id}, Limit: 1, SkipTotal: true}, Levels: levels}
					t, err := graph.ReadTree(p.Context, lo.Store(), tq)
					if err != nil {
						return nil, fmt.Errorf("node %s: %w", id, err)
					}
					lo.PrimeTree(tq, t)
					if len(t.Page.Nodes) == 0 {
						return nil, nil
					}
				}
				return nodeThunk(lo.Node(id)), nil
			})},
		"nodes": {Type: nn(graphql.NewList(b.node)), Description: "Nodes by id, in the order asked; null where an id does not exist.",
			Args: graphql.FieldConfigArgument{"ids": {Type: graphql.NewNonNull(graphql.NewList(graphql.NewNonNull(graphql.ID)))}},
			Resolve: b.resolve(func(p graphql.ResolveParams) (interface{}, error) {
				raw, _ := p.Args["ids"].([]interface{})
				if len(raw) > b.lim.MaxFirst {
					return nil, userErr(CodeArgumentLimit, "nodes: %d ids asked for, at most %d", len(raw), b.lim.MaxFirst)
				}
				var ths []func() (interface{}, error)
				for _, x := range raw {
					id, _ := x.(string)
					ths = append(ths, nodeThunk(loader(p).Node(id)))
				}
				return func() (interface{}, error) {
					out := make([]interface{}, len(ths))
					for i, th := range ths {
						n, err := th()
						if err != nil {
							return nil, err
						}
						out[i] = n
					}
					return out, nil
				}, nil
			})},
		"search": {Type: listOf(b.searchHitType()), Description: "Full-text search over names, aliases and evidence sentences (Chinese needs no word breaks; full-width and case folded), ranked: whole name, alias, name prefix, name substring, alias substring, evidence.",
			Args: graphql.FieldConfigArgument{
				"query":  {Type: graphql.NewNonNull(graphql.String)},
				"labels": {Type: graphql.NewList(graphql.NewNonNull(b.label)), Description: "Only these labels (all but Document and Statement when omitted)."},
				"first":  {Type: graphql.Int, DefaultValue: defaultSearchFirst},
			},
			Resolve: b.resolve(func(p graphql.ResolveParams) (interface{}, error) {
				first, err := b.firstArg(p)
				if err != nil {
					return nil, err
				}
				q := trimmed(p.Args["query"])
				if q == "" {
					return nil, userErr(CodeBadUserInput, "search: query is empty")
				}
				hits, err := loader(p).Store().Search(p.Context, graph.SearchQuery{Text: q, Labels: labelsArg(p.Args["labels"]), Limit: max(first, 1)})
				if err != nil {
					return nil, fmt.Errorf("search %q: %w", q, err)
				}
				if len(hits) > first {
					hits = hits[:first]
				}
				return hits, nil
			})},
		"neighborhood": {Type: nn(b.subgraph), Description: "The subgraph around a node, breadth first: nodes by hop distance then id, cut at limit; edges are all relationships among them.",
			Args: graphql.FieldConfigArgument{
				"id":                {Type: graphql.NewNonNull(graphql.ID)},
				"depth":             {Type: graphql.Int, DefaultValue: 1, Description: "Hops from the node."},
				"relationshipTypes": {Type: graphql.NewList(graphql.NewNonNull(b.relType)), Description: "Follow only these (all when omitted), either direction."},
				"labels":            {Type: graphql.NewList(graphql.NewNonNull(b.label)), Description: "Include and pass through only nodes with these labels (all when omitted); the start node is always included."},
				"limit":             {Type: graphql.Int, DefaultValue: 100, Description: "Most nodes returned."},
			},
			Resolve: b.resolve(func(p graphql.ResolveParams) (interface{}, error) {
				q := graph.NeighborhoodQuery{ID: p.Args["id"].(string), Depth: p.Args["depth"].(int), Types: relTypesArg(p.Args["relationshipTypes"]),
					Labels: labelsArg(p.Args["labels"]), Limit: p.Args["limit"].(int)}
				if q.Depth < 0 || q.Depth > b.lim.MaxHops || q.Limit < 1 || q.Limit > b.lim.MaxGraphNodes {
					return nil, userErr(CodeArgumentLimit, "neighborhood: depth must be 0..%d and limit 1..%d", b.lim.MaxHops, b.lim.MaxGraphNodes)
				}
				g, err := loader(p).Store().Neighborhood(p.Context, q)
				if err != nil {
					return nil, fmt.Errorf("neighborhood of %s: %w", q.ID, err)
				}
				return g, nil
			})},
		"shortestPath": {Type: b.path, Description: "The first shortest path (by length, then node ids, then relationship ids), or null when none within maxDepth.",
			Args: b.pathArgs(false),
			Resolve: b.resolve(func(p graphql.ResolveParams) (interface{}, error) {
				q, err := b.pathQuery(p)
				if err != nil {
					return nil, err
				}
				path, err := loader(p).Store().ShortestPath(p.Context, q)
				if err != nil {
					return nil, fmt.Errorf("shortest path %s → %s: %w", q.From, q.To, err)
				}
				if path == nil {
					return nil, nil
				}
				return *path, nil
			})},
		"paths": {Type: listOf(b.path), Description: "Up to k simple paths, shortest first, in either direction.",
			Args: b.pathArgs(true),
			Resolve: b.resolve(func(p graphql.ResolveParams) (interface{}, error) {
				q, err := b.pathQuery(p)
				if err != nil {
					return nil, err
				}
				ps, err := loader(p).Store().Paths(p.Context, q)
				if err != nil {
					return nil, fmt.Errorf("paths %s → %s: %w", q.From, q.To, err)
				}
				if ps == nil {
					ps = []graph.Path{}
				}
				return ps, nil
			})},
		"crossReference": {Type: nn(b.crossRefType()),
			Description: "For speechwriters: every official, goal and proposal bearing on a topic (an industry's name or alias, or a phrase found by the full-text search), grouped by city and date: what officials said on it (their statements, direct speech first) and the sentences stating proposals and goals, each with its source.",
			Args: graphql.FieldConfigArgument{
				"topic":  {Type: graphql.NewNonNull(graphql.String)},
				"cities": {Type: graphql.NewList(graphql.NewNonNull(graphql.String)), Description: "City ids or names (株洲市, 株洲); each includes the places under it."},
				"from":   {Type: graphql.String, Description: "Earliest document date, YYYY-MM-DD, inclusive."},
				"to":     {Type: graphql.String, Description: "Latest document date, YYYY-MM-DD, inclusive."},
			},
			Resolve: b.resolve(func(p graphql.ResolveParams) (interface{}, error) {
				q := queries.CrossRefQuery{Topic: trimmed(p.Args["topic"]), From: trimmed(p.Args["from"]), To: trimmed(p.Args["to"])}
				if list, ok := p.Args["cities"].([]interface{}); ok {
					for _, c := range list {
						q.Cities = append(q.Cities, trimmed(c))
					}
				}
				return queries.CrossReference(p.Context, loader(p).Store(), q)
			})},
		"stats": {Type: nn(b.statsType()), Description: "Counts by label and relationship type.",
			Resolve: b.resolve(func(p graphql.ResolveParams) (interface{}, error) {
				st, err := loader(p).Store().Stats(p.Context)
				if err != nil {
					return nil, fmt.Errorf("stats: %w", err)
				}
				return st, nil
			})},
	}
	for _, l := range graph.Labels {
		fs[rootFields[l]] = b.rootConnection(l)
	}
	b.aggregates(fs)
	return graphql.NewObject(graphql.ObjectConfig{Name: "Query", Fields: fs})
}

func (b *builder) pathArgs(k bool) graphql.FieldConfigArgument {
	a := graphql.FieldConfigArgument{
		"from":              {Type: graphql.NewNonNull(graphql.ID)},
		"to":                {Type: graphql.NewNonNull(graphql.ID)},
		"maxDepth":          {Type: graphql.Int, DefaultValue: 4, Description: "Most hops."},
		"relationshipTypes": {Type: graphql.NewList(graphql.NewNonNull(b.relType)), Description: "Only these (all but MENTIONS when omitted: that two nodes are named in one report is no relation between them; list MENTIONS to go through documents)."},
	}
	if k {
		a["k"] = &graphql.ArgumentConfig{Type: graphql.Int, DefaultValue: 3, Description: "Most paths."}
	}
	return a
}

func (b *builder) pathQuery(p graphql.ResolveParams) (graph.PathQuery, error) {
	q := graph.PathQuery{From: p.Args["from"].(string), To: p.Args["to"].(string), MaxDepth: p.Args["maxDepth"].(int),
		Types: relTypesArg(p.Args["relationshipTypes"]), K: 1}
	if len(q.Types) == 0 {
		q.Types = graph.PathTypes
	}
	if k, ok := p.Args["k"].(int); ok {
		q.K = k
	}
	if q.MaxDepth < 1 || q.MaxDepth > b.lim.MaxHops || q.K < 1 || q.K > b.lim.MaxPaths {
		return q, userErr(CodeArgumentLimit, "maxDepth must be 1..%d and k 1..%d", b.lim.MaxHops, b.lim.MaxPaths)
	}
	return q, nil
}

func (b *builder) searchHitType() *graphql.Object {
	return graphql.NewObject(graphql.ObjectConfig{Name: "SearchHit", Fields: graphql.Fields{
		"node":  {Type: nn(b.node), Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source.(graph.SearchHit).Node, nil }},
		"score": {Type: nn(graphql.Float), Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source.(graph.SearchHit).Score, nil }},
		"field": {Type: nn(b.searchFld), Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source.(graph.SearchHit).Field, nil }},
		"snippet": {Type: nn(graphql.String), Description: "The matching name, alias or (a window of) the evidence sentence.",
			Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source.(graph.SearchHit).Snippet, nil }},
		"start": {Type: nn(graphql.Int), Description: "Match start in snippet, in characters.", Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source.(graph.SearchHit).Start, nil }},
		"end":   {Type: nn(graphql.Int), Description: "Match end (exclusive).", Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source.(graph.SearchHit).End, nil }},
		"highlighted": {Type: nn(graphql.String), Description: "The snippet as HTML-escaped text with the match in <mark>…</mark>, safe to insert as HTML.",
			Resolve: func(p graphql.ResolveParams) (interface{}, error) {
				h := p.Source.(graph.SearchHit)
				return highlight(h.Snippet, h.Start, h.End), nil
			}},
		"sentence": {Type: graphql.String, Description: "For evidence matches, the whole sentence matched (snippet is a window of it); null for names and aliases.",
			Resolve: func(p graphql.ResolveParams) (interface{}, error) {
				if ev := p.Source.(graph.SearchHit).Evidence; ev != nil {
					return ev.Sentence, nil
				}
				return nil, nil
			}},
		"sentenceStart": {Type: graphql.Int, Description: "For evidence matches, the sentence's offset in the document's text, in characters (as Evidence.start): where to open the document.",
			Resolve: func(p graphql.ResolveParams) (interface{}, error) {
				if ev := p.Source.(graph.SearchHit).Evidence; ev != nil {
					return ev.Start, nil
				}
				return nil, nil
			}},
		"sentenceEnd": {Type: graphql.Int, Description: "For evidence matches, the sentence's end offset (exclusive).",
			Resolve: func(p graphql.ResolveParams) (interface{}, error) {
				if ev := p.Source.(graph.SearchHit).Evidence; ev != nil {
					return ev.End, nil
				}
				return nil, nil
			}},
		"document": {Type: b.objects[graph.Document], Description: "For evidence matches, the report the sentence is from.",
			Resolve: b.resolve(func(p graphql.ResolveParams) (interface{}, error) {
				h := p.Source.(graph.SearchHit)
				if h.Document == "" {
					return nil, nil
				}
				return nodeThunk(loader(p).Node(h.Document)), nil
			})},
	}})
}

func (b *builder) statsType() *graphql.Object {
	labelCount := b.labelCountType()
	typeCount := b.countType("RelationshipTypeCount", "type", b.relType)
	return graphql.NewObject(graphql.ObjectConfig{Name: "Stats", Fields: graphql.Fields{
		"nodes": {Type: nn(graphql.Int), Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source.(graph.Stats).TotalNodes(), nil }},
		"relationships": {Type: nn(graphql.Int), Resolve: func(p graphql.ResolveParams) (interface{}, error) {
			return p.Source.(graph.Stats).TotalRelationships(), nil
		}},
		"labels": {Type: listOf(labelCount), Description: "Every label, zeros included.", Resolve: func(p graphql.ResolveParams) (interface{}, error) {
			st := p.Source.(graph.Stats)
			var out []countEntry
			for _, l := range graph.Labels {
				out = append(out, countEntry{l, st.Nodes[l]})
			}
			return out, nil
		}},
		"relationshipTypes": {Type: listOf(typeCount), Description: "Every type, zeros included.", Resolve: func(p graphql.ResolveParams) (interface{}, error) {
			st := p.Source.(graph.Stats)
			var out []countEntry
			for _, t := range graph.RelTypes {
				out = append(out, countEntry{t, st.Relationships[t]})
			}
			return out, nil
		}},
	}})
}

func (b *builder) crossRefType() *graphql.Object {
	quote := graphql.NewObject(graphql.ObjectConfig{Name: "Quote", Description: "A quotable sentence and its source: what an official said (a statement, with its kind and words) or a sentence stating a proposal or goal; always a sentence of an article's body when the body has one on the topic, never the bare headline.", Fields: graphql.Fields{
		"sentence": {Type: nn(graphql.String), Description: "The sentence as printed (for a statement, the sentence that prints it and names its speaker).",
			Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source.(queries.Quote).Sentence, nil }},
		"start": {Type: nn(graphql.Int), Description: "Offset of the sentence in the document's text, in characters.", Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source.(queries.Quote).Start, nil }},
		"end":   {Type: nn(graphql.Int), Description: "End offset (exclusive) of the sentence.", Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source.(queries.Quote).End, nil }},
		"headline": {Type: graphql.String, Description: "Headline of the article the sentence belongs to.", Resolve: func(p graphql.ResolveParams) (interface{}, error) {
			return nonEmpty(p.Source.(queries.Quote).Headline), nil
		}},
		"kind": {Type: graphql.String, Description: "direct (speech printed in “…”) or reported (after 表示, 认为 …) for a statement; null for any other sentence.",
			Resolve: func(p graphql.ResolveParams) (interface{}, error) {
				return nonEmpty(p.Source.(queries.Quote).Kind), nil
			}},
		"text": {Type: nn(graphql.String), Description: "The words to quote: the statement as printed, or the sentence.",
			Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source.(queries.Quote).Text, nil }},
		"statement": {Type: b.objects[graph.Statement], Description: "The statement quoted; null for other sentences.", Resolve: func(p graphql.ResolveParams) (interface{}, error) {
			if st := p.Source.(queries.Quote).Statement; st != nil {
				return *st, nil
			}
			return nil, nil
		}},
		"citation":         b.quoteCitation(),
		"relationshipType": {Type: nn(b.relType), Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source.(queries.Quote).Type, nil }},
		"document": {Type: b.objects[graph.Document], Resolve: func(p graphql.ResolveParams) (interface{}, error) {
			if d := p.Source.(queries.Quote).Doc; d != nil {
				return *d, nil
			}
			return nil, nil
		}},
		"source":    {Type: graphql.String, Description: "The document's file name.", Resolve: quoteProp(graph.PropSource)},
		"title":     {Type: graphql.String, Description: "The document's first headline.", Resolve: quoteProp(graph.PropTitle)},
		"newspaper": {Type: graphql.String, Resolve: quoteProp(graph.PropNewspaper)},
		"date":      {Type: graphql.String, Description: "YYYY-MM-DD.", Resolve: quoteProp(graph.PropDate)},
	}})
	item := graphql.NewObject(graphql.ObjectConfig{Name: "CrossReferenceItem", Fields: graphql.Fields{
		"node": {Type: nn(b.node), Description: "An Official, Goal or Proposal.", Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source.(queries.CrossRefItem).Node, nil }},
		"label": {Type: nn(b.label), Resolve: func(p graphql.ResolveParams) (interface{}, error) {
			return p.Source.(queries.CrossRefItem).Node.Label, nil
		}},
		"name": {Type: nn(graphql.String), Resolve: func(p graphql.ResolveParams) (interface{}, error) {
			return p.Source.(queries.CrossRefItem).Node.Name, nil
		}},
		"related": {Type: listOf(b.node), Description: "An official's topical proposals and goals; a proposal's proposers; a goal's setters.",
			Resolve: func(p graphql.ResolveParams) (interface{}, error) {
				return nonNilNodes(p.Source.(queries.CrossRefItem).Related), nil
			}},
		"titles": {Type: listOf(graphql.String), Description: "An official's title chain (HOLDS_POSITION titles with their bodies: 株洲市政协委员, 株洲市中心医院副院长); empty for others.",
			Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source.(queries.CrossRefItem).Titles, nil }},
		"quotes": {Type: listOf(quote), Description: "Deduplicated and ranked: direct speech, reported speech, other sentences; newest first within each.",
			Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source.(queries.CrossRefItem).Quotes, nil }},
	}})
	group := graphql.NewObject(graphql.ObjectConfig{Name: "CrossReferenceGroup", Description: "What bears on the topic in one place on one date.", Fields: graphql.Fields{
		"city": {Type: b.objects[graph.City], Description: "Null when no place is known.", Resolve: func(p graphql.ResolveParams) (interface{}, error) {
			if c := p.Source.(queries.CrossRefGroup).City; c != nil {
				return *c, nil
			}
			return nil, nil
		}},
		"date": {Type: graphql.String, Description: "The documents' date; null when undated.", Resolve: func(p graphql.ResolveParams) (interface{}, error) {
			return nonEmpty(p.Source.(queries.CrossRefGroup).Date), nil
		}},
		"items": {Type: listOf(item), Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source.(queries.CrossRefGroup).Items, nil }},
	}})
	return graphql.NewObject(graphql.ObjectConfig{Name: "CrossReference", Fields: graphql.Fields{
		"topic": {Type: nn(graphql.String), Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source.(*queries.CrossRef).Topic, nil }},
		"industries": {Type: listOf(b.objects[graph.Industry]), Description: "Industries whose name or alias is the topic.", Resolve: func(p graphql.ResolveParams) (interface{}, error) {
			return nonNilNodes(p.Source.(*queries.CrossRef).Industries), nil
		}},
		"cities": {Type: listOf(b.objects[graph.City]), Description: "The cities asked for, as resolved.", Resolve: func(p graphql.ResolveParams) (interface{}, error) {
			return nonNilNodes(p.Source.(*queries.CrossRef).Cities), nil
		}},
		"groups":     {Type: listOf(group), Description: "By city (unknown last), then date, newest first (undated last); in a group, items quoted directly first.", Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source.(*queries.CrossRef).Groups, nil }},
		"totalCount": {Type: nn(graphql.Int), Description: "Items over all groups.", Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source.(*queries.CrossRef).Entries, nil }},
		"truncated":  {Type: nn(graphql.Boolean), Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source.(*queries.CrossRef).Truncated, nil }},
	}})
}

// labelCountType is shared by stats and ingest summaries (one type per
// name in a schema).
func (b *builder) labelCountType() *graphql.Object {
	if b.labelCount == nil {
		b.labelCount = b.countType("LabelCount", "label", b.label)
	}
	return b.labelCount
}

func quoteProp(k string) graphql.FieldResolveFn {
	return func(p graphql.ResolveParams) (interface{}, error) {
		return nonEmpty(p.Source.(queries.Quote).Property(k)), nil
	}
}

func (b *builder) mutation() *graphql.Object {
	entry := graphql.NewInputObject(graphql.InputObjectConfig{Name: "MetadataEntry", Description: "One metadata pair (newspaper, date, url...).", Fields: graphql.InputObjectConfigFieldMap{
		"key": {Type: graphql.NewNonNull(graphql.String)}, "value": {Type: graphql.NewNonNull(graphql.String)}}})
	labelCount := b.labelCountType()
	summary := graphql.NewObject(graphql.ObjectConfig{Name: "IngestSummary", Fields: graphql.Fields{
		"documentId": {Type: nn(graphql.ID), Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source.(IngestSummary).Document, nil }},
		"document": {Type: b.objects[graph.Document], Resolve: b.resolve(func(p graphql.ResolveParams) (interface{}, error) {
			return nodeThunk(loader(p).Node(p.Source.(IngestSummary).Document)), nil
		})},
		"nodes":         {Type: nn(graphql.Int), Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source.(IngestSummary).Nodes, nil }},
		"relationships": {Type: nn(graphql.Int), Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source.(IngestSummary).Relationships, nil }},
		"replaced":      {Type: nn(graphql.Int), Description: "Relationships of the previous version removed.", Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source.(IngestSummary).Replaced, nil }},
		"unchanged":     {Type: nn(graphql.Boolean), Description: "The same content was already in the graph.", Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source.(IngestSummary).Unchanged, nil }},
		"labels": {Type: listOf(labelCount), Description: "Entities by label.", Resolve: func(p graphql.ResolveParams) (interface{}, error) {
			s := p.Source.(IngestSummary)
			var out []countEntry
			for _, l := range sortedLabels(s.Labels) {
				out = append(out, countEntry{l, s.Labels[l]})
			}
			return out, nil
		}},
		"warnings": {Type: listOf(graphql.String), Resolve: func(p graphql.ResolveParams) (interface{}, error) {
			return nonNilStrings(p.Source.(IngestSummary).Warnings), nil
		}},
	}})
	return graphql.NewObject(graphql.ObjectConfig{Name: "Mutation", Fields: graphql.Fields{
		"ingestDocument": {Type: nn(summary), Description: "Ingest one report (replacing its previous version). Needs Authorization: Bearer <token>.",
			Args: graphql.FieldConfigArgument{
				"text":     {Type: graphql.NewNonNull(graphql.String), Description: "The report's plain text."},
				"source":   {Type: graphql.NewNonNull(graphql.String), Description: "Its file base name; the same source replaces the earlier version."},
				"metadata": {Type: graphql.NewList(graphql.NewNonNull(entry))},
			},
			Resolve: b.resolve(func(p graphql.ResolveParams) (interface{}, error) {
				text, _ := p.Args["text"].(string)
				source := trimmed(p.Args["source"])
				if strings.TrimSpace(text) == "" || source == "" {
					return nil, userErr(CodeBadUserInput, "ingestDocument needs a non-empty text and source")
				}
				meta := map[string]string{}
				if list, ok := p.Args["metadata"].([]interface{}); ok {
					for _, x := range list {
						m, _ := x.(map[string]interface{})
						k, _ := m["key"].(string)
						v, _ := m["value"].(string)
						meta[k] = v
					}
				}
				s, err := b.cfg.Ingest(p.Context, text, source, meta)
				if err != nil {
					if errors.Is(err, graph.ErrInvalid) {
						return nil, userErr(CodeBadUserInput, "ingestDocument: the report was rejected: %v", err)
					}
					return nil, fmt.Errorf("ingest %s: %w", source, err)
				}
				return s, nil
			})},
	}})
}

// quoteCitation is Quote.citation: without a style the short form a
// speechwriter quotes inline (as before styles existed), with one the
// document's GB/T 7714 or CSL-JSON citation under the quote's headline.
func (b *builder) quoteCitation() *graphql.Field {
	f := b.citationField("The source as cited.", nn(graphql.String), "", func(p graphql.ResolveParams) func() (*graph.Node, string, error) {
		q := p.Source.(queries.Quote)
		return func() (*graph.Node, string, error) { return q.Doc, q.Headline, nil }
	})
	full := f.Resolve
	f.Description = "The source as cited. Without style, the short form: 《headline》，newspaper，date (日期不详 when the report has none; the file name when it names no newspaper); with style GBT7714 or CSL_JSON, the document's citation (the empty string if the document is gone). The access date is never the clock's."
	f.Args["style"].Description = "Omitted: the short form; GBT7714 or CSL_JSON."
	f.Resolve = func(p graphql.ResolveParams) (interface{}, error) {
		if _, ok := p.Args["style"].(string); !ok {
			return p.Source.(queries.Quote).Citation(), nil
		}
		v, err := full(p)
		if th, ok := v.(func() (interface{}, error)); ok && err == nil {
			return func() (interface{}, error) {
				s, err := th()
				if s == nil && err == nil {
					return "", nil
				}
				return s, err
			}, nil
		}
		return v, err
	}
	return f
}
