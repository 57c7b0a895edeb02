package queries

import "github.com/policygraph/policygraph/graph"

// Rel is one relationship field of a label, seen from that label: the
// relationship type, which way it runs from the label's nodes, and the labels
// allowed at the other end. The schema derives both the object fields
// (Official.proposals) and the relationship filters of `where` inputs
// (proposals: {some: ...}) from this one table, so the two cannot disagree.
type Rel struct {
	Field       string
	Type        graph.RelType
	Dir         graph.Direction // Out: the label's node is the relationship's start
	Labels      []graph.Label   // allowed at the other end; more than one gives a Node connection
	Single      bool            // at most one related node is expected (City.parent)
	Description string
}

// Relations lists, per label, its relationship fields in schema order.
// Official.positions, entity evidence and Document.city are not plain
// relationship fields and are built elsewhere.
var Relations = map[graph.Label][]Rel{
	graph.Official: {
		{Field: "proposals", Type: graph.Proposes, Dir: graph.Out, Labels: []graph.Label{graph.Proposal}, Description: "Proposals this official made (PROPOSES)."},
		{Field: "goals", Type: graph.Sets, Dir: graph.Out, Labels: []graph.Label{graph.Goal}, Description: "Goals this official set (SETS)."},
		{Field: "organizations", Type: graph.HoldsPosition, Dir: graph.Out, Labels: []graph.Label{graph.Organization}, Description: "Bodies this official serves (HOLDS_POSITION); titles are on the edges' relationships and in positions."},
		{Field: "cities", Type: graph.HoldsPosition, Dir: graph.Out, Labels: []graph.Label{graph.City}, Description: "Places this official serves directly (HOLDS_POSITION)."},
		{Field: "statements", Type: graph.Said, Dir: graph.Out, Labels: []graph.Label{graph.Statement}, Description: "What this official said (SAID), each edge with the sentences that print it."},
		mentionedIn,
	},
	graph.City: {
		{Field: "parent", Type: graph.LocatedIn, Dir: graph.Out, Labels: []graph.Label{graph.City}, Single: true, Description: "The administrative parent (LOCATED_IN): 醴陵市 → 株洲市 → 湖南省."},
		{Field: "children", Type: graph.LocatedIn, Dir: graph.In, Labels: []graph.Label{graph.City}, Description: "Administrative divisions directly under this place."},
		{Field: "officials", Type: graph.HoldsPosition, Dir: graph.In, Labels: []graph.Label{graph.Official}, Description: "Officials holding a position in this place itself (HOLDS_POSITION to the City, not to a body located here)."},
		{Field: "organizations", Type: graph.LocatedIn, Dir: graph.In, Labels: []graph.Label{graph.Organization}, Description: "Bodies located here."},
		{Field: "proposals", Type: graph.LocatedIn, Dir: graph.In, Labels: []graph.Label{graph.Proposal}, Description: "Proposals that apply here (LOCATED_IN)."},
		{Field: "goals", Type: graph.AppliesTo, Dir: graph.In, Labels: []graph.Label{graph.Goal}, Description: "Goals that apply here (APPLIES_TO)."},
		{Field: "statements", Type: graph.About, Dir: graph.In, Labels: []graph.Label{graph.Statement}, Description: "Statements about this place (ABOUT)."},
		mentionedIn,
	},
	graph.Organization: {
		{Field: "locatedIn", Type: graph.LocatedIn, Dir: graph.Out, Labels: []graph.Label{graph.City}, Description: "Where this body sits (LOCATED_IN)."},
		{Field: "officials", Type: graph.HoldsPosition, Dir: graph.In, Labels: []graph.Label{graph.Official}, Description: "Officials holding a position in this body."},
		mentionedIn,
	},
	graph.Industry: {
		{Field: "targetedBy", Type: graph.Targets, Dir: graph.In, Labels: []graph.Label{graph.Proposal, graph.Goal}, Description: "Proposals and goals about this industry (TARGETS)."},
		{Field: "proposals", Type: graph.Targets, Dir: graph.In, Labels: []graph.Label{graph.Proposal}, Description: "Proposals about this industry."},
		{Field: "goals", Type: graph.Targets, Dir: graph.In, Labels: []graph.Label{graph.Goal}, Description: "Goals about this industry."},
		{Field: "statements", Type: graph.About, Dir: graph.In, Labels: []graph.Label{graph.Statement}, Description: "Statements about this industry (ABOUT)."},
		mentionedIn,
	},
	graph.Goal: {
		{Field: "targets", Type: graph.Targets, Dir: graph.Out, Labels: []graph.Label{graph.Industry}, Description: "Industries this goal is about (TARGETS)."},
		{Field: "parts", Type: graph.HasPart, Dir: graph.Out, Labels: []graph.Label{graph.Goal}, Description: "Sub-goals (HAS_PART): 聚力三大攻坚 → 打好安全生产攻坚战."},
		{Field: "partOf", Type: graph.HasPart, Dir: graph.In, Labels: []graph.Label{graph.Goal}, Description: "Goals this one is part of."},
		{Field: "setBy", Type: graph.Sets, Dir: graph.In, Labels: []graph.Label{graph.Official}, Description: "Officials who set this goal (SETS)."},
		{Field: "appliesTo", Type: graph.AppliesTo, Dir: graph.Out, Labels: []graph.Label{graph.City}, Description: "Places this goal applies to (APPLIES_TO)."},
		{Field: "statements", Type: graph.About, Dir: graph.In, Labels: []graph.Label{graph.Statement}, Description: "Statements about this goal (ABOUT)."},
		mentionedIn,
	},
	graph.Proposal: {
		{Field: "proposers", Type: graph.Proposes, Dir: graph.In, Labels: []graph.Label{graph.Official}, Description: "Officials who made this proposal (PROPOSES)."},
		{Field: "targets", Type: graph.Targets, Dir: graph.Out, Labels: []graph.Label{graph.Industry}, Description: "Industries this proposal is about (TARGETS)."},
		{Field: "locatedIn", Type: graph.LocatedIn, Dir: graph.Out, Labels: []graph.Label{graph.City}, Description: "Places this proposal applies to (LOCATED_IN)."},
		{Field: "statements", Type: graph.About, Dir: graph.In, Labels: []graph.Label{graph.Statement}, Description: "Statements about this proposal (ABOUT)."},
		mentionedIn,
	},
	graph.Statement: {
		{Field: "speaker", Type: graph.Said, Dir: graph.In, Labels: []graph.Label{graph.Official}, Single: true, Description: "The official who said it (SAID); the first of speakers by id when several said it together."},
		{Field: "speakers", Type: graph.Said, Dir: graph.In, Labels: []graph.Label{graph.Official}, Description: "Every official who said it (SAID): several when a report lists them together (张三、李四等代表表示)."},
		{Field: "about", Type: graph.About, Dir: graph.Out, Labels: topicLabels, Description: "The industries, goals, proposals and places it bears on (ABOUT): those its words name."},
		mentionedIn,
	},
	graph.Document: {
		{Field: "mentions", Type: graph.Mentions, Dir: graph.Out, Labels: graph.EntityLabels, Description: "Entities this report names (MENTIONS), each edge with the sentences that name it."},
	},
}

// topicLabels are what a statement can be ABOUT (graph.RelEnds).
var topicLabels = graph.RelEnds[graph.About].To

var mentionedIn = Rel{Field: "mentionedIn", Type: graph.Mentions, Dir: graph.In, Labels: []graph.Label{graph.Document}, Description: "Reports that name this entity (MENTIONS), each edge with the sentences that name it."}

// RelationOf returns the relationship field of a label by name.
func RelationOf(l graph.Label, field string) (Rel, bool) {
	for _, r := range Relations[l] {
		if r.Field == field {
			return r, true
		}
	}
	return Rel{}, false
}

// Reverse returns the direction seen from the other end.
func Reverse(d graph.Direction) graph.Direction {
	switch d {
	case graph.Out:
		return graph.In
	case graph.In:
		return graph.Out
	}
	return graph.Both
}
