package schema

import (
	"context"
	"fmt"
	"html"
	"math"
	"sort"
	"strings"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/language/ast"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/queries"
	"github.com/policygraph/policygraph/queries/cite"
)

// prop is a label-specific property exposed as a field (and, when
// filterable or sortable, in that label's where and sort inputs).
type prop struct {
	name, desc       string
	key              string // the store property when it is not name (output-only fields)
	list             bool
	integer          bool // an Int field; sortable, not filterable (StringFilter compares text)
	filter, sortable bool
}

var labelProps = map[graph.Label][]prop{
	graph.City: {
		{name: graph.PropCode, desc: "Administrative division code (GB/T 2260), e.g. 430200.", filter: true, sortable: true},
		{name: graph.PropLevel, desc: "province, prefecture or county.", filter: true, sortable: true},
	},
	graph.Document: {
		{name: graph.PropSource, desc: "The report's file base name.", filter: true, sortable: true},
		{name: graph.PropTitle, desc: "The first headline.", filter: true, sortable: true},
		{name: graph.PropNewspaper, desc: "The newspaper, when the page names one.", filter: true, sortable: true},
		{name: graph.PropDate, desc: "Publication date, YYYY-MM-DD, when known; compare with gt/gte/lt/lte.", filter: true, sortable: true},
		{name: "dateSource", key: graph.PropDateSource, desc: "Where the date was read: flag (given at ingest), meta (the page's meta tags), dateline (printed in the text) or inferred (a day in the text and a national session's year); null when undated."},
		{name: graph.PropURL, desc: "Where the document was published, when given or the page names it (canonical link)."},
		{name: "siteName", key: graph.PropSiteName, desc: "The site a saved web page came from (og:site_name), when it names one."},
		{name: graph.PropFormat, desc: "What the file was: text, html, docx or pdf."},
		{name: graph.PropEdition, desc: "The newspaper page (版次) a saved e-paper page names, e.g. A03."},
		{name: graph.PropHeadlines, desc: "Every headline on the page.", list: true, filter: true},
		{name: graph.PropReporters, desc: "Bylines.", list: true, filter: true},
		{name: graph.PropParagraphs, desc: "The text's paragraphs, as cleaned by ingest.", list: true},
		{name: graph.PropText, desc: "The full text; offsets in evidence index it in characters (runes)."},
		{name: graph.PropEncoding, desc: "The encoding the file was read in."},
		{name: graph.PropSHA256, desc: "SHA-256 of the file."},
	},
	graph.Statement: {
		{name: graph.PropText, desc: "What was said, as printed: the words inside “…”, or what follows 表示/认为/指出 to the end of the sentence.", filter: true},
		{name: graph.PropKind, desc: "direct (speech printed in “…”) or reported (after 表示, 认为, 指出 …).", filter: true, sortable: true},
		{name: graph.PropStart, desc: "Offset of the text in the document's text, in characters.", integer: true, sortable: true},
		{name: graph.PropEnd, desc: "End offset (exclusive), in characters.", integer: true, sortable: true},
	},
}

var labelDescriptions = map[graph.Label]string{
	graph.Document:     "One source report (a file): its text, headlines and the entities it names.",
	graph.Official:     "A person in a public role: officials, deputies (人大代表), CPPCC members (政协委员), heads of institutions.",
	graph.City:         "An administrative place: province, prefecture city, county-level city, county, district.",
	graph.Organization: "A named body: company, school, hospital, university, congress committee.",
	graph.Industry:     "An economic sector or industrial field.",
	graph.Goal:         "A policy goal, task or strategy a government or official sets.",
	graph.Proposal:     "A concrete suggestion (建议, 提案, 议案) by a deputy or member.",
	graph.Statement:    "What an official said, as printed: direct speech in “…” or speech reported after 表示, 认为, 指出 ….",
}

// rootFields names each label's root connection.
var rootFields = map[graph.Label]string{
	graph.Document: "documents", graph.Official: "officials", graph.City: "cities", graph.Organization: "organizations",
	graph.Industry: "industries", graph.Goal: "goals", graph.Proposal: "proposals", graph.Statement: "statements",
}

// builder assembles the schema. Types refer to one another in cycles
// (Official.proposals → Proposal.proposers → Official), so object fields
// and input fields are thunks resolved when graphql.NewSchema runs.
type builder struct {
	cfg Config
	lim Limits

	json                                *graphql.Scalar
	label, relType, sortDir, searchFld  *graphql.Enum
	citeStyle                           *graphql.Enum
	node                                *graphql.Interface
	objects                             map[graph.Label]*graphql.Object
	conns, edges                        map[graph.Label]*graphql.Object
	where, sorts, relFilters            map[graph.Label]*graphql.InputObject
	nodeConn, nodeEdge                  *graphql.Object
	entityWhere, entitySort, entityRelF *graphql.InputObject
	stringFilter, idFilter              *graphql.InputObject
	edgeWheres                          map[graph.RelType]*graphql.InputObject
	connFilters                         map[string]*graphql.InputObject // by type name without "Filter"
	pageInfo, evidence, relationship    *graphql.Object
	position, graphNode, subgraph, path *graphql.Object
	labelCount                          *graphql.Object
	article                             *graphql.Object
}

// newSchema builds the graphql-go schema for cfg; with a MutationToken it
// has the Mutation type, without none.
func newSchema(cfg Config) (graphql.Schema, error) {
	b := &builder{cfg: cfg, lim: cfg.Limits.withDefaults(),
		objects: map[graph.Label]*graphql.Object{}, conns: map[graph.Label]*graphql.Object{}, edges: map[graph.Label]*graphql.Object{},
		where: map[graph.Label]*graphql.InputObject{}, sorts: map[graph.Label]*graphql.InputObject{}, relFilters: map[graph.Label]*graphql.InputObject{},
		edgeWheres: map[graph.RelType]*graphql.InputObject{}, connFilters: map[string]*graphql.InputObject{}}
	b.scalarsAndEnums()
	b.inputs()
	b.node = graphql.NewInterface(graphql.InterfaceConfig{
		Name:        "Node",
		Description: "An object with a stable id: \"city:430200\", \"official:蒋长富\", \"document:a.txt\". Fetch any with node(id).",
		Fields:      graphql.Fields{"id": &graphql.Field{Type: graphql.NewNonNull(graphql.ID)}},
		ResolveType: func(p graphql.ResolveTypeParams) *graphql.Object {
			if n, ok := p.Value.(graph.Node); ok {
				return b.objects[n.Label]
			}
			return nil
		},
	})
	b.common()
	for _, l := range graph.Labels {
		b.objects[l] = b.labelObject(l)
		b.edges[l], b.conns[l] = b.connection(string(l), b.objects[l])
	}
	b.nodeEdge, b.nodeConn = b.connection("Node", nil)
	b.traversalTypes()
	b.article = b.articleType()

	sc := graphql.SchemaConfig{Query: b.query()}
	if cfg.MutationToken != "" {
		sc.Mutation = b.mutation()
	}
	for _, l := range graph.Labels {
		sc.Types = append(sc.Types, b.objects[l])
	}
	s, err := graphql.NewSchema(sc)
	if err != nil {
		return s, fmt.Errorf("build graphql schema: %w", err)
	}
	return s, nil
}

func nn(t graphql.Output) graphql.Output { return graphql.NewNonNull(t) }

func listOf(t graphql.Output) graphql.Output { return nn(graphql.NewList(nn(t))) }

// resolve wraps a resolver: panics become internal errors, errors become
// public ones, and a returned thunk gets the same treatment when it runs.
func (b *builder) resolve(fn func(p graphql.ResolveParams) (interface{}, error)) graphql.FieldResolveFn {
	return func(p graphql.ResolveParams) (out interface{}, err error) {
		r := reqFrom(p.Context)
		defer func() {
			if v := recover(); v != nil {
				out, err = nil, r.recovered(v)
			}
		}()
		v, err := fn(p)
		if err != nil {
			return nil, r.public(err)
		}
		if th, ok := v.(func() (interface{}, error)); ok {
			return func() (tv interface{}, terr error) {
				defer func() {
					if rv := recover(); rv != nil {
						tv, terr = nil, r.recovered(rv)
					}
				}()
				tv, terr = th()
				if terr != nil {
					return nil, r.public(terr)
				}
				return tv, nil
			}, nil
		}
		return v, nil
	}
}

func loader(p graphql.ResolveParams) *queries.Loader {
	if l := queries.LoaderFrom(p.Context); l != nil {
		return l
	}
	panic("schema: no loader in the request context")
}

func (b *builder) scalarsAndEnums() {
	b.json = graphql.NewScalar(graphql.ScalarConfig{
		Name:        "JSON",
		Description: "Any JSON value; used for the open set of node and relationship properties.",
		Serialize:   func(v interface{}) interface{} { return v },
		ParseValue:  func(v interface{}) interface{} { return v },
		ParseLiteral: func(v ast.Value) interface{} {
			return nil // JSON is output only
		},
	})
	lv := graphql.EnumValueConfigMap{}
	for _, l := range graph.Labels {
		lv[string(l)] = &graphql.EnumValueConfig{Value: l, Description: labelDescriptions[l]}
	}
	b.label = graphql.NewEnum(graphql.EnumConfig{Name: "Label", Description: "A node label of the ontology.", Values: lv})
	rv := graphql.EnumValueConfigMap{}
	relDesc := map[graph.RelType]string{
		graph.Proposes: "Official → Proposal.", graph.Targets: "Proposal or Goal → Industry.",
		graph.LocatedIn:     "City → City (administrative parent), Organization or Proposal → City.",
		graph.HoldsPosition: "Official → Organization or City; property title.", graph.Mentions: "Document → any entity.",
		graph.HasPart: "Goal → sub-goal.", graph.Sets: "Official → Goal.", graph.AppliesTo: "Goal → City.",
		graph.Said: "Official → Statement: the speaker.", graph.About: "Statement → Industry, Goal, Proposal or City it bears on.",
	}
	for _, t := range graph.RelTypes {
		rv[string(t)] = &graphql.EnumValueConfig{Value: t, Description: relDesc[t]}
	}
	b.relType = graphql.NewEnum(graphql.EnumConfig{Name: "RelationshipType", Description: "A relationship type of the ontology.", Values: rv})
	b.sortDir = graphql.NewEnum(graphql.EnumConfig{Name: "SortDirection", Values: graphql.EnumValueConfigMap{
		"ASC": {Value: "ASC", Description: "Ascending; missing values last."}, "DESC": {Value: "DESC", Description: "Descending; missing values first."}}})
	b.citeStyle = graphql.NewEnum(graphql.EnumConfig{Name: "CitationStyle", Description: "How a source is cited.", Values: graphql.EnumValueConfigMap{
		queries.StyleGBT7714: {Value: queries.StyleGBT7714, Description: "A GB/T 7714-2015 reference entry: 作者. 题名[N]. 报纸名, 出版日期(版次). — [N/OL] with the newspaper's URL, [EB/OL] for a web page with no newspaper; unknown elements left out."},
		queries.StyleCSLJSON: {Value: queries.StyleCSLJSON, Description: "CSL-JSON: an array of one item (article-newspaper, or webpage), as text."}}})
	b.searchFld = graphql.NewEnum(graphql.EnumConfig{Name: "SearchField", Description: "Where a search matched.", Values: graphql.EnumValueConfigMap{
		"NAME": {Value: "name"}, "ALIAS": {Value: "alias"}, "EVIDENCE": {Value: "evidence", Description: "An evidence sentence of a relationship touching the node."}}})
}

// common builds the types every label uses.
func (b *builder) common() {
	b.pageInfo = graphql.NewObject(graphql.ObjectConfig{Name: "PageInfo", Description: "Relay page information.", Fields: graphql.Fields{
		"hasNextPage":     {Type: nn(graphql.Boolean), Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source.(*conn).hasNext, nil }},
		"hasPreviousPage": {Type: nn(graphql.Boolean), Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source.(*conn).offset > 0, nil }},
		"startCursor": {Type: graphql.String, Resolve: func(p graphql.ResolveParams) (interface{}, error) {
			c := p.Source.(*conn)
			if len(c.edges) == 0 {
				return nil, nil
			}
			return encodeCursor(c.offset), nil
		}},
		"endCursor": {Type: graphql.String, Resolve: func(p graphql.ResolveParams) (interface{}, error) {
			c := p.Source.(*conn)
			if len(c.edges) == 0 {
				return nil, nil
			}
			return encodeCursor(c.offset + len(c.edges) - 1), nil
		}},
	}})

	b.evidence = graphql.NewObject(graphql.ObjectConfig{Name: "Evidence", Description: "A sentence a fact was read from, and where: quote it with its document.", Fields: graphql.FieldsThunk(func() graphql.Fields {
		return graphql.Fields{
			"sentence": {Type: nn(graphql.String), Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source.(queries.Cite).Sentence, nil }},
			"start":    {Type: nn(graphql.Int), Description: "Offset of the sentence in the document's text, in characters.", Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source.(queries.Cite).Start, nil }},
			"end":      {Type: nn(graphql.Int), Description: "End offset (exclusive), in characters.", Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source.(queries.Cite).End, nil }},
			"headline": {Type: graphql.String, Description: "Headline of the article the sentence belongs to.", Resolve: func(p graphql.ResolveParams) (interface{}, error) {
				return nonEmpty(p.Source.(queries.Cite).Headline), nil
			}},
			"relationshipType": {Type: nn(b.relType), Description: "The fact the sentence supports.", Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source.(queries.Cite).Type, nil }},
			"relationshipId":   {Type: nn(graphql.ID), Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source.(queries.Cite).RelID, nil }},
			"documentId":       {Type: nn(graphql.ID), Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source.(queries.Cite).Document, nil }},
			"document": {Type: b.objects[graph.Document], Description: "The source report (newspaper, date, title).", Resolve: b.resolve(func(p graphql.ResolveParams) (interface{}, error) {
				return nodeThunk(loader(p).Node(p.Source.(queries.Cite).Document)), nil
			})},
			"article": {Type: b.article, Description: "The article of its document the sentence is in: the text to read it in (null when the document is gone).", Resolve: b.resolve(func(p graphql.ResolveParams) (interface{}, error) {
				c := p.Source.(queries.Cite)
				th := loader(p).Node(c.Document)
				return func() (interface{}, error) {
					n, err := th()
					if err != nil || n == nil {
						return nil, err
					}
					if a := articleAt(*n, c.Start); a != nil {
						return *a, nil
					}
					return nil, nil
				}, nil
			})},
			"citation": b.citationField("The sentence's source as cited: its article (headline) in its document.", graphql.String, queries.StyleGBT7714,
				func(p graphql.ResolveParams) func() (*graph.Node, string, error) {
					c := p.Source.(queries.Cite)
					th := loader(p).Node(c.Document)
					return func() (*graph.Node, string, error) {
						n, err := th()
						return n, c.Headline, err
					}
				}),
		}
	})})

	b.relationship = graphql.NewObject(graphql.ObjectConfig{Name: "Relationship", Description: "A directed fact between two nodes; shaped for graph views (source and target are node ids).", Fields: graphql.Fields{
		"id":     {Type: nn(graphql.ID), Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source.(graph.Relationship).ID, nil }},
		"type":   {Type: nn(b.relType), Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source.(graph.Relationship).Type, nil }},
		"source": {Type: nn(graphql.ID), Description: "The start node's id.", Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source.(graph.Relationship).From, nil }},
		"target": {Type: nn(graphql.ID), Description: "The end node's id.", Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source.(graph.Relationship).To, nil }},
		"title": {Type: graphql.String, Description: "HOLDS_POSITION's title (代理市长, 总经理).", Resolve: func(p graphql.ResolveParams) (interface{}, error) {
			return nonEmpty(p.Source.(graph.Relationship).Props.String(graph.PropTitle)), nil
		}},
		"properties": {Type: nn(b.json), Resolve: func(p graphql.ResolveParams) (interface{}, error) {
			return propsJSON(p.Source.(graph.Relationship).Props), nil
		}},
		"evidence": {Type: b.evidence, Description: "Where the fact was read; null for reference facts (a gazetteer's 醴陵市 → 株洲市).", Resolve: func(p graphql.ResolveParams) (interface{}, error) {
			r := p.Source.(graph.Relationship)
			if r.Evidence == nil {
				return nil, nil
			}
			return queries.Cite{Evidence: *r.Evidence, Type: r.Type, RelID: r.ID}, nil
		}},
	}})

	b.position = graphql.NewObject(graphql.ObjectConfig{Name: "Position", Description: "A title an official holds in a body or place.", Fields: graphql.FieldsThunk(func() graphql.Fields {
		return graphql.Fields{
			"title": {Type: graphql.String, Resolve: func(p graphql.ResolveParams) (interface{}, error) {
				return nonEmpty(p.Source.(queries.Position).Title), nil
			}},
			"organization": {Type: b.objects[graph.Organization], Resolve: func(p graphql.ResolveParams) (interface{}, error) {
				if t := p.Source.(queries.Position).Target; t.Label == graph.Organization {
					return t, nil
				}
				return nil, nil
			}},
			"city": {Type: b.objects[graph.City], Description: "The place itself, or where the organization is located.", Resolve: b.resolve(func(p graphql.ResolveParams) (interface{}, error) {
				t := p.Source.(queries.Position).Target
				if t.Label == graph.City {
					return t, nil
				}
				rel, _ := queries.RelationOf(graph.Organization, "locatedIn")
				th := loader(p).Related(t.ID, rel, nil)
				return func() (interface{}, error) {
					ns, err := th()
					if err != nil || len(ns) == 0 {
						return nil, err
					}
					return ns[0].Node, nil
				}, nil
			})},
			"evidence": {Type: listOf(b.evidence), Resolve: func(p graphql.ResolveParams) (interface{}, error) {
				return queries.Cites(p.Source.(queries.Position).Rels, nil), nil
			}},
		}
	})})
}

// nodeThunk adapts a loader node thunk to graphql-go's thunk shape.
func nodeThunk(th func() (*graph.Node, error)) func() (interface{}, error) {
	return func() (interface{}, error) {
		n, err := th()
		if err != nil || n == nil {
			return nil, err
		}
		return *n, nil
	}
}

func nonEmpty(s string) interface{} {
	if s == "" {
		return nil
	}
	return s
}

// propsJSON returns properties for the JSON scalar, never nil.
func propsJSON(p graph.Props) map[string]interface{} {
	out := make(map[string]interface{}, len(p))
	for k, v := range p {
		if k == graph.FingerprintProp {
			continue
		}
		out[k] = v
	}
	return out
}

// labelObject builds the object type of a label.
func (b *builder) labelObject(l graph.Label) *graphql.Object {
	return graphql.NewObject(graphql.ObjectConfig{
		Name:        string(l),
		Description: labelDescriptions[l],
		Interfaces:  []*graphql.Interface{b.node},
		IsTypeOf: func(p graphql.IsTypeOfParams) bool {
			n, ok := p.Value.(graph.Node)
			return ok && n.Label == l
		},
		Fields: graphql.FieldsThunk(func() graphql.Fields {
			fs := graphql.Fields{
				"id":   {Type: nn(graphql.ID), Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source.(graph.Node).ID, nil }},
				"name": {Type: nn(graphql.String), Description: "Canonical name (醴陵市).", Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source.(graph.Node).Name, nil }},
				"aliases": {Type: listOf(graphql.String), Description: "Other spellings found in text (醴陵).", Resolve: func(p graphql.ResolveParams) (interface{}, error) {
					return nonNilStrings(p.Source.(graph.Node).Aliases), nil
				}},
				"label": {Type: nn(b.label), Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source.(graph.Node).Label, nil }},
				"properties": {Type: nn(b.json), Description: "Every stored property, including those without a field of their own.",
					Resolve: func(p graphql.ResolveParams) (interface{}, error) { return propsJSON(p.Source.(graph.Node).Props), nil }},
				"evidence": {Type: listOf(b.evidence), Description: "Sentences about this node: the evidence of every relationship touching it, in document and text order.",
					Args: graphql.FieldConfigArgument{
						"first":             {Type: graphql.Int, DefaultValue: defaultFirst},
						"relationshipTypes": {Type: graphql.NewList(graphql.NewNonNull(b.relType)), Description: "Only these types (all when omitted)."},
					},
					Resolve: b.resolve(func(p graphql.ResolveParams) (interface{}, error) {
						first, err := b.firstArg(p)
						if err != nil {
							return nil, err
						}
						types := relTypesArg(p.Args["relationshipTypes"])
						th := loader(p).Related(p.Source.(graph.Node).ID, queries.EvidenceRel, nil)
						return func() (interface{}, error) {
							ns, err := th()
							if err != nil {
								return nil, err
							}
							cs := queries.Cites(queries.AllRels(ns), types)
							if len(cs) > first {
								cs = cs[:first]
							}
							return cs, nil
						}, nil
					})},
			}
			for _, pr := range labelProps[l] {
				pr := pr
				t := graphql.Output(graphql.String)
				switch {
				case pr.list:
					t = listOf(graphql.String)
				case pr.integer:
					t = graphql.Int
				}
				key := pr.name
				if pr.key != "" {
					key = pr.key
				}
				fs[pr.name] = &graphql.Field{Type: t, Description: pr.desc, Resolve: func(p graphql.ResolveParams) (interface{}, error) {
					n := p.Source.(graph.Node)
					switch {
					case pr.list:
						return nonNilStrings(n.Props.Strings(key)), nil
					case pr.integer:
						if v, ok := n.Props[key].(int64); ok {
							return int(v), nil
						}
						return nil, nil
					}
					return nonEmpty(n.Props.String(key)), nil
				}}
			}
			for _, rel := range queries.Relations[l] {
				fs[rel.Field] = b.relField(rel)
			}
			switch l {
			case graph.Official:
				fs["positions"] = &graphql.Field{Type: listOf(b.position),
					Description: "Titles held, per body or place (HOLDS_POSITION), each with its evidence.",
					Resolve: b.resolve(func(p graphql.ResolveParams) (interface{}, error) {
						th := loader(p).Related(p.Source.(graph.Node).ID, queries.PositionsRel, nil)
						return func() (interface{}, error) {
							ns, err := th()
							if err != nil {
								return nil, err
							}
							return queries.Positions(ns), nil
						}, nil
					})}
			case graph.Statement:
				b.statementFields(fs)
			case graph.Document:
				b.documentReaderFields(fs, b.article)
				fs["citation"] = b.citationField("The document as cited.", graphql.String, queries.StyleGBT7714,
					func(p graphql.ResolveParams) func() (*graph.Node, string, error) {
						n := p.Source.(graph.Node)
						return func() (*graph.Node, string, error) { return &n, "", nil }
					})
				fs["city"] = &graphql.Field{Type: b.objects[graph.City], Description: "The city the page is about (its newspaper's city).",
					Resolve: b.resolve(func(p graphql.ResolveParams) (interface{}, error) {
						id := p.Source.(graph.Node).Props.String(graph.PropCity)
						if id == "" {
							return nil, nil
						}
						return nodeThunk(loader(p).Node(id)), nil
					})}
			}
			return fs
		}),
	})
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// otherLabel is the single label at a relationship's far end, or "" when
// several are allowed (the field is then a NodeConnection).
func otherLabel(rel queries.Rel) graph.Label {
	if len(rel.Labels) == 1 {
		return rel.Labels[0]
	}
	return ""
}

// relField builds a relationship field: a connection, or one node for
// Single relations.
func (b *builder) relField(rel queries.Rel) *graphql.Field {
	other := otherLabel(rel)
	if rel.Single {
		return &graphql.Field{Type: b.objects[other], Description: rel.Description,
			Resolve: b.resolve(func(p graphql.ResolveParams) (interface{}, error) {
				th := loader(p).RelatedNeed(p.Source.(graph.Node).ID, rel, nil, singleNeed(p, other))
				return func() (interface{}, error) {
					ns, err := th()
					if err != nil || len(ns) == 0 {
						return nil, err
					}
					return ns[0].Node, nil
				}, nil
			})}
	}
	args := b.connArgs(other)
	t := b.conns[other]
	if other == "" {
		t = b.nodeConn
		args["labels"] = &graphql.ArgumentConfig{Type: graphql.NewList(graphql.NewNonNull(b.label)), Description: "Only nodes with these labels."}
	}
	return &graphql.Field{Type: nn(t), Description: rel.Description, Args: args,
		Resolve: b.resolve(func(p graphql.ResolveParams) (interface{}, error) {
			pa, err := b.pageArgs(p, other)
			if err != nil {
				return nil, err
			}
			spec := rel
			if ls, ok := p.Args["labels"].([]interface{}); ok {
				spec.Labels = intersectLabels(rel.Labels, ls)
				if len(spec.Labels) == 0 {
					return &conn{}, nil // no allowed label asked for; an empty list must not mean "all"
				}
			}
			need := connectionNeed(p, other)
			for _, k := range pa.sort {
				if k.Field != "id" && k.Field != "name" {
					need.NodeProps = true // sorted by a property
				}
			}
			th := loader(p).RelatedNeed(p.Source.(graph.Node).ID, spec, pa.where, need)
			return func() (interface{}, error) {
				ns, err := th()
				if err != nil {
					return nil, err
				}
				queries.SortNeighbors(ns, pa.sort)
				lo, hi := pa.win.bounds(len(ns))
				c := &conn{offset: lo, total: len(ns), hasNext: hi < len(ns)}
				for _, n := range ns[lo:hi] {
					c.edges = append(c.edges, edge{node: n.Node, rels: n.Rels})
				}
				return c, nil
			}, nil
		})}
}

func intersectLabels(allowed []graph.Label, asked []interface{}) []graph.Label {
	var out []graph.Label
	for _, a := range asked {
		if l, ok := a.(graph.Label); ok && graph.HasLabel(allowed, l) {
			out = append(out, l)
		}
	}
	return out
}

func relTypesArg(v interface{}) []graph.RelType {
	list, _ := v.([]interface{})
	var out []graph.RelType
	for _, x := range list {
		if t, ok := x.(graph.RelType); ok {
			out = append(out, t)
		}
	}
	return out
}

func labelsArg(v interface{}) []graph.Label {
	list, _ := v.([]interface{})
	var out []graph.Label
	for _, x := range list {
		if l, ok := x.(graph.Label); ok {
			out = append(out, l)
		}
	}
	return out
}

// conn is a resolved connection page.
type conn struct {
	edges   []edge
	offset  int
	total   int
	hasNext bool
}

type edge struct {
	node graph.Node
	rels []graph.Relationship
}

type edgeAt struct {
	edge
	cursor int
}

// connection builds the Edge and Connection types for a node type (nil: the
// Node interface).
func (b *builder) connection(name string, obj *graphql.Object) (*graphql.Object, *graphql.Object) {
	var nodeType graphql.Output = obj
	if obj == nil {
		nodeType = b.node
	}
	e := graphql.NewObject(graphql.ObjectConfig{Name: name + "Edge", Fields: graphql.Fields{
		"cursor": {Type: nn(graphql.String), Resolve: func(p graphql.ResolveParams) (interface{}, error) { return encodeCursor(p.Source.(edgeAt).cursor), nil }},
		"node":   {Type: nn(nodeType), Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source.(edgeAt).node, nil }},
		"relationships": {Type: listOf(b.relationship), Description: "The relationships joining the parent to this node (one per report stating the fact); empty on root lists.",
			Resolve: func(p graphql.ResolveParams) (interface{}, error) { return nonNilRels(p.Source.(edgeAt).rels), nil }},
		"evidence": {Type: listOf(b.evidence), Description: "The sentences stating those relationships.",
			Resolve: func(p graphql.ResolveParams) (interface{}, error) {
				return queries.Cites(p.Source.(edgeAt).rels, nil), nil
			}},
	}})
	c := graphql.NewObject(graphql.ObjectConfig{Name: name + "Connection", Fields: graphql.Fields{
		"edges": {Type: listOf(e), Resolve: func(p graphql.ResolveParams) (interface{}, error) {
			c := p.Source.(*conn)
			out := make([]edgeAt, len(c.edges))
			for i, x := range c.edges {
				out[i] = edgeAt{x, c.offset + i}
			}
			return out, nil
		}},
		"nodes": {Type: listOf(nodeType), Description: "The edges' nodes, for when cursors are not needed.", Resolve: func(p graphql.ResolveParams) (interface{}, error) {
			c := p.Source.(*conn)
			out := make([]graph.Node, len(c.edges))
			for i, x := range c.edges {
				out[i] = x.node
			}
			return out, nil
		}},
		"pageInfo":   {Type: nn(b.pageInfo), Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source, nil }},
		"totalCount": {Type: nn(graphql.Int), Description: "Matches over all pages.", Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source.(*conn).total, nil }},
	}})
	return e, c
}

func nonNilRels(r []graph.Relationship) []graph.Relationship {
	if r == nil {
		return []graph.Relationship{}
	}
	return r
}

// connArgs are a connection's arguments; other "" is the Node connection.
// first has no default value in the schema: a default would be
// indistinguishable from a first the client passed beside last.
func (b *builder) connArgs(other graph.Label) graphql.FieldConfigArgument {
	where, sortT := b.entityWhere, b.entitySort
	if other != "" {
		where, sortT = b.where[other], b.sorts[other]
	}
	return graphql.FieldConfigArgument{
		"first":  {Type: graphql.Int, Description: fmt.Sprintf("Page size from the start (or from after), at most the server's limit (100 by default); %d when neither first nor last is given.", defaultFirst)},
		"after":  {Type: graphql.String, Description: "A cursor: return the items after it."},
		"last":   {Type: graphql.Int, Description: "Page size from the end (or from before), in the same order as first; at most the server's limit. Not together with first."},
		"before": {Type: graphql.String, Description: "A cursor: return the items before it."},
		"where":  {Type: where, Description: "Filter; keys combine with AND."},
		"sort":   {Type: graphql.NewList(graphql.NewNonNull(sortT)), Description: "Sort keys in order, each with exactly one field; ties by id."},
	}
}

type pageArgs struct {
	win   window
	where *graph.Filter
	sort  []graph.SortKey
}

// window is a page asked for in Relay's terms (after, before, first,
// last), over the offsets a cursor holds; -1 marks an argument not given.
// Exactly one of first and last is set.
type window struct {
	after, before int
	first, last   int
}

// bounds returns the page [lo, hi) of a list of n items, as the Relay
// specification's pagination algorithm cuts it: after and before narrow
// the list, then first keeps its start or last its end.
func (w window) bounds(n int) (lo, hi int) {
	// A cursor is any offset a client sends, up to the largest int, so
	// nothing here adds to one: after+1 and lo+first could overflow.
	lo, hi = 0, n
	if w.after >= 0 {
		lo = n
		if w.after < n {
			lo = w.after + 1
		}
	}
	if w.before >= 0 {
		hi = min(w.before, n)
	}
	hi = max(hi, lo)
	if w.first >= 0 && w.first < hi-lo {
		hi = lo + w.first
	}
	if w.last >= 0 && w.last < hi-lo {
		lo = hi - w.last
	}
	return lo, hi
}

func (b *builder) firstArg(p graphql.ResolveParams) (int, error) {
	first := defaultFirst
	if v, ok := p.Args["first"].(int); ok {
		first = v
	}
	if first < 0 || first > b.lim.MaxFirst {
		return 0, userErr(CodeArgumentLimit, "first must be between 0 and %d, got %d", b.lim.MaxFirst, first)
	}
	return first, nil
}

// windowArgs reads first, after, last and before. Passing both first and
// last is refused, as GitHub's API does: the specification allows it but
// discourages it, and a page cut at both ends is never what a client
// paging one way wants.
func (b *builder) windowArgs(p graphql.ResolveParams) (window, error) {
	w := window{after: -1, before: -1, first: -1, last: -1}
	first, hasFirst := p.Args["first"].(int)
	last, hasLast := p.Args["last"].(int)
	switch {
	case hasFirst && hasLast:
		return w, userErr(CodeBadUserInput, "pass first or last, not both (first: %d, last: %d)", first, last)
	case hasLast:
		if last < 0 || last > b.lim.MaxFirst {
			return w, userErr(CodeArgumentLimit, "last must be between 0 and %d, got %d", b.lim.MaxFirst, last)
		}
		w.last = last
	default:
		f, err := b.firstArg(p)
		if err != nil {
			return w, err
		}
		w.first = f
	}
	for _, a := range []struct {
		name string
		to   *int
	}{{"after", &w.after}, {"before", &w.before}} {
		if s, ok := p.Args[a.name].(string); ok && s != "" {
			n, err := decodeCursor(a.name, s)
			if err != nil {
				return w, err
			}
			*a.to = n
		}
	}
	return w, nil
}

func (b *builder) pageArgs(p graphql.ResolveParams, label graph.Label) (pageArgs, error) {
	var pa pageArgs
	var err error
	if pa.win, err = b.windowArgs(p); err != nil {
		return pa, err
	}
	if m, ok := p.Args["where"].(map[string]interface{}); ok {
		if pa.where, err = compileWhere(label, m); err != nil {
			return pa, err
		}
	}
	if pa.sort, err = compileSort(p.Args["sort"]); err != nil {
		return pa, err
	}
	return pa, nil
}

// rootConnection lists a label's nodes through FindNodes.
func (b *builder) rootConnection(l graph.Label) *graphql.Field {
	return &graphql.Field{Type: nn(b.conns[l]), Args: b.connArgs(l), Description: fmt.Sprintf("All %s nodes matching where, sorted and paged.", l),
		Resolve: b.resolve(func(p graphql.ResolveParams) (interface{}, error) {
			pa, err := b.pageArgs(p, l)
			if err != nil {
				return nil, err
			}
			lo := loader(p)
			q := graph.NodeQuery{Labels: []graph.Label{l}, Where: pa.where, Sort: pa.sort}
			var c *conn
			var nodes []graph.Node
			if w := pa.win; w.last < 0 && w.before < 0 {
				// A page counted from the start: one read, which need not
				// count when totalCount is not asked for (one node more than
				// the page tells whether there is a next), and which reads
				// the nested fields too where the store reads trees.
				offset := 0
				if w.after >= 0 {
					offset = w.after + 1 // cursors past 2^31-1 are refused, so this cannot overflow
				}
				q.Offset, q.Limit = offset, max(w.first, 1) // Limit 0 means "no limit"; first: 0 wants only totalCount
				skipTotal := !selectsField(p, "totalCount")
				if skipTotal {
					q.Limit, q.SkipTotal = w.first+1, true
				}
				var page graph.NodePage
				var err error
				if levels := nativeTreePlan(p, lo, l, true); len(levels) > 0 {
					tq := graph.TreeQuery{Root: q, Levels: levels}
					var t graph.Tree
					if t, err = graph.ReadTree(p.Context, lo.Store(), tq); err == nil {
						lo.PrimeTree(tq, t)
						page = t.Page
					}
				} else {
					page, err = lo.Store().FindNodes(p.Context, q)
				}
				if err != nil {
					return nil, fmt.Errorf("list %s: %w", l, err)
				}
				hasNext := offset+min(len(page.Nodes), w.first) < page.Total
				if skipTotal {
					hasNext = len(page.Nodes) > w.first
				}
				nodes = page.Nodes[:min(len(page.Nodes), w.first)]
				c = &conn{offset: offset, total: page.Total, hasNext: hasNext}
			} else {
				start, found, total, err := findWindow(p.Context, lo.Store(), q, w)
				if err != nil {
					return nil, fmt.Errorf("list %s: %w", l, err)
				}
				nodes = found
				c = &conn{offset: start, total: total, hasNext: start+len(found) < total}
			}
			lo.Prime(nodes...)
			for _, n := range nodes {
				c.edges = append(c.edges, edge{node: n})
			}
			return c, nil
		})}
}

// findWindow reads the page w of q's matches from the store: its offset,
// its nodes and the total. A store pages by offset and limit, so a page
// counted from the end (last without before) needs the total first, one
// extra round trip; a before cursor past the end (the list has shrunk
// since the cursor was given) is corrected with the total the first read
// returns.
func findWindow(ctx context.Context, s graph.Store, q graph.NodeQuery, w window) (int, []graph.Node, int, error) {
	n := math.MaxInt // the list's length, until a read tells it
	if w.last >= 0 && w.before < 0 {
		q.Offset, q.Limit = 0, 1
		page, err := s.FindNodes(ctx, q)
		if err != nil {
			return 0, nil, 0, err
		}
		n = page.Total
	}
	for attempt := 0; ; attempt++ {
		lo, hi := w.bounds(n)
		// Limit 0 means "no limit" to a store; first: 0 wants only totalCount.
		q.Offset, q.Limit = lo, max(hi-lo, 1)
		page, err := s.FindNodes(ctx, q)
		if err != nil {
			return 0, nil, 0, err
		}
		glo, ghi := w.bounds(page.Total)
		switch {
		case glo == lo && ghi <= hi:
			return lo, page.Nodes[:min(len(page.Nodes), ghi-glo)], page.Total, nil
		case attempt == 2:
			// The graph keeps changing between reads: an empty page
			// where the last read puts it, rather than a wrong one.
			return glo, nil, page.Total, nil
		}
		n = page.Total
	}
}

// traversalTypes builds the graph-view, search and speechwriter types.
func (b *builder) traversalTypes() {
	b.graphNode = graphql.NewObject(graphql.ObjectConfig{Name: "GraphNode", Description: "A node as a graph view draws it; node gives the typed object.", Fields: graphql.Fields{
		"id":    {Type: nn(graphql.ID), Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source.(graph.Node).ID, nil }},
		"label": {Type: nn(b.label), Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source.(graph.Node).Label, nil }},
		"name":  {Type: nn(graphql.String), Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source.(graph.Node).Name, nil }},
		"aliases": {Type: listOf(graphql.String), Resolve: func(p graphql.ResolveParams) (interface{}, error) {
			return nonNilStrings(p.Source.(graph.Node).Aliases), nil
		}},
		"node": {Type: nn(b.node), Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source, nil }},
	}})
	b.subgraph = graphql.NewObject(graphql.ObjectConfig{Name: "Subgraph", Description: "Nodes and the relationships among them.", Fields: graphql.Fields{
		"nodes": {Type: listOf(b.graphNode), Resolve: func(p graphql.ResolveParams) (interface{}, error) {
			return nonNilNodes(p.Source.(graph.Subgraph).Nodes), nil
		}},
		"edges": {Type: listOf(b.relationship), Resolve: func(p graphql.ResolveParams) (interface{}, error) {
			return nonNilRels(p.Source.(graph.Subgraph).Relationships), nil
		}},
		"truncated": {Type: nn(graphql.Boolean), Description: "limit cut the result.", Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source.(graph.Subgraph).Truncated, nil }},
	}})
	b.path = graphql.NewObject(graphql.ObjectConfig{Name: "Path", Description: "An alternating walk: edges[i] joins nodes[i] and nodes[i+1], in either direction.", Fields: graphql.Fields{
		"length": {Type: nn(graphql.Int), Resolve: func(p graphql.ResolveParams) (interface{}, error) {
			return len(p.Source.(graph.Path).Relationships), nil
		}},
		"nodes": {Type: listOf(b.graphNode), Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source.(graph.Path).Nodes, nil }},
		"edges": {Type: listOf(b.relationship), Resolve: func(p graphql.ResolveParams) (interface{}, error) {
			return nonNilRels(p.Source.(graph.Path).Relationships), nil
		}},
	}})
}

func nonNilNodes(n []graph.Node) []graph.Node {
	if n == nil {
		return []graph.Node{}
	}
	return n
}

// highlight HTML-escapes a snippet and wraps runes [start, end) in <mark>.
func highlight(s string, start, end int) string {
	r := []rune(s)
	if start < 0 || end > len(r) || start >= end {
		return html.EscapeString(s)
	}
	return html.EscapeString(string(r[:start])) + "<mark>" + html.EscapeString(string(r[start:end])) + "</mark>" + html.EscapeString(string(r[end:]))
}

func sortedLabels(m map[graph.Label]int) []graph.Label {
	var out []graph.Label
	for l := range m {
		out = append(out, l)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// countType is {<key>, count} for stats and ingest summaries.
func (b *builder) countType(name, key string, keyType graphql.Output) *graphql.Object {
	return graphql.NewObject(graphql.ObjectConfig{Name: name, Fields: graphql.Fields{
		key:     {Type: nn(keyType), Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source.(countEntry).key, nil }},
		"count": {Type: nn(graphql.Int), Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source.(countEntry).n, nil }},
	}})
}

type countEntry struct {
	key interface{}
	n   int
}

func trimmed(s interface{}) string {
	str, _ := s.(string)
	return strings.TrimSpace(str)
}

// statementFields adds what a Statement is quoted with: the sentence that
// prints it, cited, and the report it is in. Both come from relationships
// (its SAID's evidence, its MENTIONS), which every store keeps, rather
// than from properties an older writer may not have set.
func (b *builder) statementFields(fs graphql.Fields) {
	said, _ := queries.RelationOf(graph.Statement, "speakers")
	mentioned, _ := queries.RelationOf(graph.Statement, "mentionedIn")
	citation := func(p graphql.ResolveParams) func() (*queries.Cite, error) {
		th := loader(p).Related(p.Source.(graph.Node).ID, said, nil)
		return func() (*queries.Cite, error) {
			ns, err := th()
			if err != nil {
				return nil, err
			}
			cs := queries.Cites(queries.AllRels(ns), []graph.RelType{graph.Said})
			if len(cs) == 0 {
				return nil, nil
			}
			return &cs[0], nil
		}
	}
	fs["citation"] = &graphql.Field{Type: b.evidence,
		Description: "The sentences that print it and name its speaker, with their offsets, headline and document: what to cite.",
		Resolve: b.resolve(func(p graphql.ResolveParams) (interface{}, error) {
			th := citation(p)
			return func() (interface{}, error) {
				c, err := th()
				if err != nil || c == nil {
					return nil, err
				}
				return *c, nil
			}, nil
		})}
	fs["sentence"] = &graphql.Field{Type: graphql.String, Description: "The sentences that print it, as printed (citation.sentence).",
		Resolve: b.resolve(func(p graphql.ResolveParams) (interface{}, error) {
			th := citation(p)
			return func() (interface{}, error) {
				c, err := th()
				if err != nil || c == nil {
					return nil, err
				}
				return c.Sentence, nil
			}, nil
		})}
	fs["document"] = &graphql.Field{Type: b.objects[graph.Document], Description: "The report it is printed in (newspaper, date, title, source).",
		Resolve: b.resolve(func(p graphql.ResolveParams) (interface{}, error) {
			n := p.Source.(graph.Node)
			th := loader(p).Related(n.ID, mentioned, nil)
			return func() (interface{}, error) {
				ns, err := th()
				if err != nil || len(ns) == 0 {
					return nil, err
				}
				// A statement is in one report; should two identical
				// reports print it, the one its property names wins.
				for _, d := range ns {
					if d.Node.ID == n.Props.String(graph.PropDocument) {
						return d.Node, nil
					}
				}
				return ns[0].Node, nil
			}, nil
		})}
}

// citationField is a citation(style, accessed) field. doc returns, when
// called, the document to cite (nil: none) and the headline of the article
// the cited sentence is in. With no default style (the Quote's short form),
// an omitted style resolves to short.
func (b *builder) citationField(desc string, t graphql.Output, def string, doc func(p graphql.ResolveParams) func() (*graph.Node, string, error)) *graphql.Field {
	style := &graphql.ArgumentConfig{Type: b.citeStyle, Description: "GBT7714 or CSL_JSON."}
	if def != "" {
		style.DefaultValue = def
		style.Description = "GBT7714 (the default) or CSL_JSON."
	}
	return &graphql.Field{Type: t, Description: desc + " The same graph gives the same text: the access date is never the clock's.",
		Args: graphql.FieldConfigArgument{
			"style":    style,
			"accessed": {Type: graphql.String, Description: "The access date (引用日期), YYYY-MM-DD, for an online source's [引用日期] and CSL accessed; left out when omitted."},
		},
		Resolve: b.resolve(func(p graphql.ResolveParams) (interface{}, error) {
			st, _ := p.Args["style"].(string)
			accessed := trimmed(p.Args["accessed"])
			if accessed != "" && !cite.ValidDate(accessed) {
				return nil, userErr(CodeBadUserInput, "accessed must be a date, YYYY-MM-DD, got %q", accessed)
			}
			th := doc(p)
			return func() (interface{}, error) {
				n, headline, err := th()
				if err != nil || n == nil {
					return nil, err
				}
				return queries.Citation(*n, headline, st, accessed)
			}, nil
		})}
}
