package graph

import (
	"sort"
)

// Label is a node label of the ontology.
type Label string

// The node labels. Document is the provenance root; Official to Proposal
// are the scored entity labels; Statement is speech, part of the contract
// but not scored.
const (
	Document     Label = "Document"
	Official     Label = "Official"
	City         Label = "City"
	Organization Label = "Organization"
	Industry     Label = "Industry"
	Goal         Label = "Goal"
	Proposal     Label = "Proposal"
	// Statement is what an official said, as printed; see StatementID and
	// ValidateNode for its properties.
	Statement Label = "Statement"
)

// Labels lists every label in a fixed order (used for stats and schemas).
var Labels = []Label{Document, Official, City, Organization, Industry, Goal, Proposal, Statement}

// EntityLabels are the labels of things a document can mention. A
// Statement is one: the report prints it, so the report MENTIONS it like
// anything else it names.
var EntityLabels = []Label{Official, City, Organization, Industry, Goal, Proposal, Statement}

// Valid reports whether l is one of Labels.
func (l Label) Valid() bool {
	for _, x := range Labels {
		if x == l {
			return true
		}
	}
	return false
}

// RelType is a relationship type of the ontology.
type RelType string

// The relationship types. The first five are the ontology's; HasPart, Sets
// and AppliesTo carry the goal structure that the API and explorer show but
// the scorer does not read; Said and About carry speech (the ontology's
// unscored part). The labels each may join are RelEnds.
const (
	Proposes      RelType = "PROPOSES"       // Official → Proposal
	Targets       RelType = "TARGETS"        // Proposal|Goal → Industry
	LocatedIn     RelType = "LOCATED_IN"     // City → City, Organization → City, Proposal → City
	HoldsPosition RelType = "HOLDS_POSITION" // Official → Organization|City, property "title"
	Mentions      RelType = "MENTIONS"       // Document → any entity
	HasPart       RelType = "HAS_PART"       // Goal → Goal (聚力三大攻坚 → 打好安全生产攻坚战)
	Sets          RelType = "SETS"           // Official → Goal
	AppliesTo     RelType = "APPLIES_TO"     // Goal → City
	Said          RelType = "SAID"           // Official → Statement (the speaker)
	About         RelType = "ABOUT"          // Statement → Industry|Goal|Proposal|City
)

// RelTypes lists every relationship type in a fixed order.
var RelTypes = []RelType{Proposes, Targets, LocatedIn, HoldsPosition, Mentions, HasPart, Sets, AppliesTo, Said, About}

// PathTypes are the types a path follows when its query names none: all
// but MENTIONS, since two things named in one report are not related by
// it (a path 黎婷 → a report → 广州市 says nothing about 黎婷).
var PathTypes = []RelType{Proposes, Targets, LocatedIn, HoldsPosition, HasPart, Sets, AppliesTo, Said, About}

// Ends are the labels a relationship type may join.
type Ends struct {
	From, To []Label
}

// RelEnds lists, for every type, the labels it may join, as the graph
// contract (docs/ontology.md) states them; ValidateRelationship and so
// every store refuse a relationship that joins others. The API relies on
// it: a SAID's start is read as the speaker, an ABOUT's end as a topic, a
// MENTIONS' start as the report.
var RelEnds = map[RelType]Ends{
	Proposes:      {From: []Label{Official}, To: []Label{Proposal}},
	Targets:       {From: []Label{Proposal, Goal}, To: []Label{Industry}},
	LocatedIn:     {From: []Label{City, Organization, Proposal}, To: []Label{City}},
	HoldsPosition: {From: []Label{Official}, To: []Label{Organization, City}},
	Mentions:      {From: []Label{Document}, To: EntityLabels},
	HasPart:       {From: []Label{Goal}, To: []Label{Goal}},
	Sets:          {From: []Label{Official}, To: []Label{Goal}},
	AppliesTo:     {From: []Label{Goal}, To: []Label{City}},
	Said:          {From: []Label{Official}, To: []Label{Statement}},
	About:         {From: []Label{Statement}, To: []Label{Industry, Goal, Proposal, City}},
}

// RelProps lists, per type, the properties its relationships carry
// besides evidence, as docs/ontology.md's relationship properties table
// states them (a test checks the two agree). An edge filter
// (RelFilter.Edge) may only name these: they are the keys both stores hold
// under the same name, where the evidence keys of the Neo4j store have no
// counterpart among an embedded relationship's Props.
var RelProps = map[RelType][]string{
	HoldsPosition: {PropTitle},
}

// Joins reports whether a relationship of type t may run from a node
// labelled from to one labelled to.
func (t RelType) Joins(from, to Label) bool {
	ends, ok := RelEnds[t]
	return ok && HasLabel(ends.From, from) && HasLabel(ends.To, to)
}

// Statement kinds (the property "kind").
const (
	KindDirect   = "direct"   // the speaker's own words: in quotation marks (“…”) or a transcript's answer
	KindReported = "reported" // speech reported after 表示, 认为, 指出 …
)

// Valid reports whether t is one of RelTypes.
func (t RelType) Valid() bool {
	for _, x := range RelTypes {
		if x == t {
			return true
		}
	}
	return false
}

// Props holds extra properties. Values are limited to what both stores can
// hold and compare the same way: string, int64, float64, bool, []string and
// []int64 (ints of other widths are accepted and normalised to int64).
type Props map[string]any

// Node is a vertex of the graph. Name is canonical (醴陵市); Aliases are other
// spellings found in text (醴陵).
type Node struct {
	ID      string
	Label   Label
	Name    string
	Aliases []string
	Props   Props
}

// Field returns the value a filter or sort key reads from a node: "id",
// "name", "aliases" or a property (nil when missing).
func (n *Node) Field(field string) any {
	switch field {
	case "id":
		return n.ID
	case "name":
		return n.Name
	case "aliases":
		return n.Aliases
	}
	return n.Props[field]
}

// Evidence says where a fact was read: the document, the sentence as printed,
// and the sentence's rune offsets [Start, End) in the document's text.
type Evidence struct {
	Document string // document node id
	Sentence string
	Start    int
	End      int
	Headline string // headline of the article the sentence belongs to, if any
}

// Relationship is a directed edge. Evidence is nil for reference facts.
type Relationship struct {
	ID       string
	Type     RelType
	From     string
	To       string
	Props    Props
	Evidence *Evidence
}

// DocumentBatch is everything one document contributes: its Document node,
// the nodes it names (and the reference nodes they need, such as gazetteer
// parents) and the relationships it states. A store writes it all or nothing.
type DocumentBatch struct {
	Document      Node
	Nodes         []Node
	Relationships []Relationship
}

// Clone returns a deep copy, so stores never share mutable state with callers.
func (n Node) Clone() Node {
	n.Aliases = append([]string(nil), n.Aliases...)
	n.Props = n.Props.Clone()
	return n
}

// Clone returns a deep copy.
func (r Relationship) Clone() Relationship {
	r.Props = r.Props.Clone()
	if r.Evidence != nil {
		e := *r.Evidence
		r.Evidence = &e
	}
	return r
}

// Clone returns a deep copy of the property map (nil stays nil).
func (p Props) Clone() Props {
	if p == nil {
		return nil
	}
	out := make(Props, len(p))
	for k, v := range p {
		switch x := v.(type) {
		case []string:
			out[k] = append([]string(nil), x...)
		case []int64:
			out[k] = append([]int64(nil), x...)
		default:
			out[k] = v
		}
	}
	return out
}

// Keys returns the property names in sorted order.
func (p Props) Keys() []string {
	ks := make([]string, 0, len(p))
	for k := range p {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// String returns the string property k, or "".
func (p Props) String(k string) string {
	s, _ := p[k].(string)
	return s
}

// Strings returns the string-list property k, or nil.
func (p Props) Strings(k string) []string {
	s, _ := p[k].([]string)
	return s
}

// MergeNode is the one rule by which every store folds a batch's node n
// into the node it holds under n's id (old, nil when it holds none): a new
// node is n with its aliases tidied (MergeAliases: sorted, without
// duplicates or the name); an existing one keeps its name and label, takes
// the union of both alias lists, and takes n's value for every property n
// sets, keeping those n does not set. The result shares no slice or map
// with old or n.
func MergeNode(old *Node, n Node) Node {
	if old == nil {
		c := n.Clone()
		c.Aliases = MergeAliases(c.Name, c.Aliases, nil)
		return c
	}
	m := old.Clone()
	m.Aliases = MergeAliases(m.Name, m.Aliases, n.Aliases)
	for k, v := range n.Props.Clone() {
		if m.Props == nil {
			m.Props = Props{}
		}
		m.Props[k] = v
	}
	return m
}

// MergeAliases returns the sorted union of a and b without name itself and
// without duplicates. Sorting keeps merged nodes identical whatever order the
// documents were written in.
func MergeAliases(name string, a, b []string) []string {
	seen := map[string]bool{name: true}
	var out []string
	for _, list := range [][]string{a, b} {
		for _, s := range list {
			if s == "" || seen[s] {
				continue
			}
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

// HasType reports whether t is in types; an empty list allows every type.
func HasType(types []RelType, t RelType) bool {
	if len(types) == 0 {
		return true
	}
	for _, x := range types {
		if x == t {
			return true
		}
	}
	return false
}

// HasLabel reports whether l is in labels; an empty list allows every label.
func HasLabel(labels []Label, l Label) bool {
	if len(labels) == 0 {
		return true
	}
	for _, x := range labels {
		if x == l {
			return true
		}
	}
	return false
}
