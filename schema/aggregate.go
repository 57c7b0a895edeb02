package schema

import (
	"fmt"

	"github.com/graphql-go/graphql"

	"github.com/policygraph/policygraph/graph"
)

// groupField is one value of a label's XGroupField enum: what
// by(field:) groups that label's nodes by, as the store computes it.
type groupField struct {
	name, desc string
	by         graph.GroupBy
}

// related groups by the nodes related through t in dir, by id (shown by
// name).
func related(name, desc string, t graph.RelType, dir graph.Direction, l graph.Label) groupField {
	return groupField{name, desc, graph.GroupBy{Type: t, Direction: dir, Labels: []graph.Label{l}, Field: "id"}}
}

// own groups by a string property of the node itself.
func own(name, desc, key string, prefix int) groupField {
	return groupField{name, desc, graph.GroupBy{Field: key, Prefix: prefix}}
}

// yearOfReports is the year of the documents that name a node: what "per
// year" means for an entity, whose facts have no date of their own.
var yearOfReports = groupField{"YEAR", "The years of the reports that name it (MENTIONS; named in reports of two years, it counts in both; undated reports count nowhere).",
	graph.GroupBy{Type: graph.Mentions, Direction: graph.In, Labels: []graph.Label{graph.Document}, Field: graph.PropDate, Prefix: 4}}

// groupFields lists, per label, what its aggregate can be grouped by.
var groupFields = map[graph.Label][]groupField{
	graph.Proposal: {
		related("CITY", "The places it applies to (LOCATED_IN).", graph.LocatedIn, graph.Out, graph.City),
		related("INDUSTRY", "The industries it is about (TARGETS).", graph.Targets, graph.Out, graph.Industry),
		related("PROPOSER", "The officials who made it (PROPOSES).", graph.Proposes, graph.In, graph.Official),
		yearOfReports,
	},
	graph.Goal: {
		related("CITY", "The places it applies to (APPLIES_TO).", graph.AppliesTo, graph.Out, graph.City),
		related("INDUSTRY", "The industries it is about (TARGETS).", graph.Targets, graph.Out, graph.Industry),
		related("SETTER", "The officials who set it (SETS).", graph.Sets, graph.In, graph.Official),
		yearOfReports,
	},
	graph.Statement: {
		own("KIND", "direct or reported.", graph.PropKind, 0),
		related("SPEAKER", "The officials who said it (SAID).", graph.Said, graph.In, graph.Official),
		related("INDUSTRY", "The industries it is about (ABOUT).", graph.About, graph.Out, graph.Industry),
		related("CITY", "The places it is about (ABOUT).", graph.About, graph.Out, graph.City),
		yearOfReports,
	},
	graph.Official: {
		related("CITY", "The places they hold a position in directly (HOLDS_POSITION to a City).", graph.HoldsPosition, graph.Out, graph.City),
		related("ORGANIZATION", "The bodies they hold a position in (HOLDS_POSITION).", graph.HoldsPosition, graph.Out, graph.Organization),
		yearOfReports,
	},
	graph.Organization: {
		related("CITY", "Where it sits (LOCATED_IN).", graph.LocatedIn, graph.Out, graph.City),
		yearOfReports,
	},
	graph.City: {
		own("LEVEL", "province, prefecture or county.", graph.PropLevel, 0),
		related("PARENT", "The administrative parent (LOCATED_IN).", graph.LocatedIn, graph.Out, graph.City),
		yearOfReports,
	},
	graph.Industry: {
		yearOfReports,
	},
	graph.Document: {
		own("YEAR", "The year of its date (undated reports count nowhere).", graph.PropDate, 4),
		own("NEWSPAPER", "The newspaper, when the page names one.", graph.PropNewspaper, 0),
		own("FORMAT", "What the file was: text, html, docx or pdf.", graph.PropFormat, 0),
	},
}

// aggSource is what an XAggregate object resolves from.
type aggSource struct {
	label graph.Label
	where *graph.Filter
}

// aggregates builds AggregateGroup and, per label, the XGroupField enum,
// the XAggregate type and the root field xAggregate.
func (b *builder) aggregates(fs graphql.Fields) {
	group := graphql.NewObject(graphql.ObjectConfig{Name: "AggregateGroup", Description: "One group of an aggregate: its key and how many nodes fall in it.",
		Fields: graphql.Fields{
			"key": {Type: nn(graphql.String), Description: "The group: a related node's name (CITY, INDUSTRY …), a year, a property's value.",
				Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source.(aggGroup).Name, nil }},
			"count": {Type: nn(graphql.Int), Description: "Nodes in the group, each counted once however many relationships lead it there.",
				Resolve: func(p graphql.ResolveParams) (interface{}, error) { return p.Source.(aggGroup).Count, nil }},
			"id": {Type: graphql.ID, Description: "The related node's id, when the group is a node (two places of one name are two groups); null otherwise.",
				Resolve: func(p graphql.ResolveParams) (interface{}, error) { return groupID(p), nil }},
			"node": {Type: b.node, Description: "The related node, when the group is a node.",
				Resolve: b.resolve(func(p graphql.ResolveParams) (interface{}, error) {
					id := groupID(p)
					if id == nil {
						return nil, nil
					}
					return nodeThunk(loader(p).Node(id.(string))), nil
				})},
		}})
	for _, l := range graph.Labels {
		l := l
		gf := groupFields[l]
		if len(gf) == 0 {
			continue
		}
		vals := graphql.EnumValueConfigMap{}
		for _, f := range gf {
			f := f
			vals[f.name] = &graphql.EnumValueConfig{Value: f.name, Description: f.desc}
		}
		enum := graphql.NewEnum(graphql.EnumConfig{Name: string(l) + "GroupField", Description: fmt.Sprintf("What %s nodes can be grouped by.", l), Values: vals})
		agg := graphql.NewObject(graphql.ObjectConfig{Name: string(l) + "Aggregate", Description: fmt.Sprintf("Counts of the %s nodes matching where, computed by the store.", l),
			Fields: graphql.Fields{
				"count": {Type: nn(graphql.Int), Description: "The nodes matching.",
					Resolve: b.resolve(func(p graphql.ResolveParams) (interface{}, error) {
						src := p.Source.(aggSource)
						a, err := loader(p).Store().Aggregate(p.Context, graph.AggregateQuery{Labels: []graph.Label{src.label}, Where: src.where})
						if err != nil {
							return nil, fmt.Errorf("count %s: %w", src.label, err)
						}
						return a.Count, nil
					})},
				"by": {Type: listOf(group), Description: "The groups, largest first, ties by key (then id); a node counts once in every group it reaches and in none when it reaches none.",
					Args: graphql.FieldConfigArgument{
						"field": {Type: graphql.NewNonNull(enum)},
						"first": {Type: graphql.Int, DefaultValue: defaultFirst, Description: "How many groups, at most the server's limit (100 by default)."},
					},
					Resolve: b.resolve(func(p graphql.ResolveParams) (interface{}, error) {
						src := p.Source.(aggSource)
						first, err := b.firstArg(p)
						if err != nil {
							return nil, err
						}
						name, _ := p.Args["field"].(string)
						var by *graph.GroupBy
						for _, f := range groupFields[src.label] {
							if f.name == name {
								g := f.by
								by = &g
							}
						}
						if by == nil {
							return nil, userErr(CodeBadUserInput, "by: %s cannot be grouped by %q", src.label, name)
						}
						out := []aggGroup{}
						if first == 0 {
							return out, nil // a store's Limit 0 means all
						}
						a, err := loader(p).Store().Aggregate(p.Context, graph.AggregateQuery{Labels: []graph.Label{src.label}, Where: src.where, By: by, Limit: first})
						if err != nil {
							return nil, fmt.Errorf("group %s by %s: %w", src.label, name, err)
						}
						for _, g := range a.Groups {
							out = append(out, aggGroup{g, by.Field == "id"})
						}
						return out, nil
					})},
			}})
		fs[rootFields[l]+"Aggregate"] = &graphql.Field{Type: nn(agg),
			Description: fmt.Sprintf("Counts of the %s nodes matching where, in all (count) and per group (by(field:)), computed in the store.", l),
			Args:        graphql.FieldConfigArgument{"where": {Type: b.where[l], Description: "Filter; keys combine with AND."}},
			Resolve: b.resolve(func(p graphql.ResolveParams) (interface{}, error) {
				src := aggSource{label: l}
				if m, ok := p.Args["where"].(map[string]interface{}); ok {
					w, err := compileWhere(l, m)
					if err != nil {
						return nil, err
					}
					src.where = w
				}
				return src, nil
			})}
	}
}

// aggGroup is a group as AggregateGroup resolves it; node says whether
// its key is a node id (groups by related nodes).
type aggGroup struct {
	graph.Group
	node bool
}

// groupID is the group's node id, nil when the group is no node.
func groupID(p graphql.ResolveParams) interface{} {
	g := p.Source.(aggGroup)
	if !g.node {
		return nil
	}
	return g.Key
}
