package graph

import (
	"fmt"
	"slices"
)

// Op is a comparison in a Filter.
type Op string

// Comparison operators. Text operators are case-sensitive, as in Cypher. On a
// list field (aliases, or a list property) an operator holds when it holds
// for any element. A missing property never matches, and NOT of a predicate
// on a missing property does match (two-valued logic on both stores).
const (
	OpEq         Op = "eq"
	OpContains   Op = "contains"
	OpStartsWith Op = "startsWith"
	OpEndsWith   Op = "endsWith"
	OpIn         Op = "in" // Value is []string
	OpGt         Op = "gt"
	OpGte        Op = "gte"
	OpLt         Op = "lt"
	OpLte        Op = "lte"
)

// Quantifier says how many related nodes must match a RelFilter.
type Quantifier string

// Quantifiers, as in the Neo4j GraphQL Library's relationship filters.
const (
	Some Quantifier = "some"
	None Quantifier = "none"
	All  Quantifier = "all" // true when there are no related nodes
	// Single holds when exactly one related node matches: nodes, not
	// relationships, so a node related twice (two titles in one body, a
	// fact read from two reports) counts once.
	Single Quantifier = "single"
)

// Filter is a predicate on nodes, built by the API from `where` arguments
// and evaluated by each store (the Neo4j store compiles it to a
// parameterised WHERE clause). Exactly one of its parts is set.
type Filter struct {
	And []Filter
	Or  []Filter
	Not *Filter

	Field string // "id", "name", "aliases" or a property name
	Op    Op
	Value any // string, int64, float64, bool; []string for In

	Rel *RelFilter
}

// RelFilter holds when Quantifier of the nodes related through Type in
// Direction (with a label in Labels, if given) match Where (nil: any).
// With Edge, a relationship counts only when it also matches Edge, a
// filter on its own properties (RelProps of Type; no relationship parts):
// some, none and all then quantify over the relationships, each with its
// far node, as the Neo4j GraphQL Library's connection filters do, and
// single still counts distinct nodes (one body held under two matching
// titles is one).
type RelFilter struct {
	Type       RelType
	Direction  Direction
	Quantifier Quantifier
	Labels     []Label
	Where      *Filter
	Edge       *Filter
}

// MaxFilterDepth and MaxFilterTerms bound nesting and breadth so a filter
// cannot make a store do unbounded work: Neo4j plans a WHERE clause of
// thousands of predicates for seconds before it runs it, and no deadline
// interrupts planning.
const (
	MaxFilterDepth = 8
	MaxFilterTerms = 256 // filters: AND, OR, NOT, predicates and relationship filters (an in list is one)
)

// Validate checks the filter's shape, operators, values and size.
func (f *Filter) Validate() error {
	terms := 0
	return f.validate(0, &terms, "")
}

// validate checks f at depth; edge is the relationship type whose
// properties f filters, "" for a node filter.
func (f *Filter) validate(depth int, terms *int, edge RelType) error {
	if f == nil {
		return nil
	}
	if depth > MaxFilterDepth {
		return invalid("filter nested deeper than %d", MaxFilterDepth)
	}
	*terms++
	if *terms > MaxFilterTerms {
		return invalid("filter has more than %d terms", MaxFilterTerms)
	}
	parts := 0
	if f.And != nil {
		parts++
	}
	if f.Or != nil {
		parts++
	}
	if f.Not != nil {
		parts++
	}
	if f.Field != "" {
		parts++
	}
	if f.Rel != nil {
		parts++
	}
	if parts != 1 {
		return invalid("a filter needs exactly one of and, or, not, a field predicate or a relationship filter (has %d)", parts)
	}
	for _, list := range [][]Filter{f.And, f.Or} {
		for i := range list {
			if err := list[i].validate(depth+1, terms, edge); err != nil {
				return err
			}
		}
	}
	if f.And != nil || f.Or != nil {
		return nil
	}
	if f.Not != nil {
		return f.Not.validate(depth+1, terms, edge)
	}
	if f.Rel != nil && edge != "" {
		return invalid("a filter on %s's properties cannot filter on relationships", edge)
	}
	if f.Rel != nil {
		r := f.Rel
		if !r.Type.Valid() {
			return invalid("unknown relationship type %q", r.Type)
		}
		switch r.Direction {
		case Out, In, Both:
		default:
			return invalid("unknown direction %q", r.Direction)
		}
		switch r.Quantifier {
		case Some, None, All, Single:
		default:
			return invalid("unknown quantifier %q", r.Quantifier)
		}
		for _, l := range r.Labels {
			if !l.Valid() {
				return invalid("unknown label %q", l)
			}
		}
		if err := r.Where.validate(depth+1, terms, ""); err != nil {
			return err
		}
		return r.Edge.validate(depth+1, terms, r.Type)
	}
	switch {
	case edge != "":
		if !slices.Contains(RelProps[edge], f.Field) {
			return invalid("%s has no property %q to filter on (it has %q)", edge, f.Field, RelProps[edge])
		}
	case f.Field != "id" && f.Field != "name" && f.Field != "aliases" && !isIdent(f.Field):
		return invalid("bad field name %q", f.Field)
	}
	switch f.Op {
	case OpEq, OpGt, OpGte, OpLt, OpLte:
		switch f.Value.(type) {
		case string, int64, float64, bool:
		case int:
			f.Value = int64(f.Value.(int))
		default:
			return invalid("operator %s needs a scalar value, got %T", f.Op, f.Value)
		}
	case OpContains, OpStartsWith, OpEndsWith:
		if _, ok := f.Value.(string); !ok {
			return invalid("operator %s needs a string, got %T", f.Op, f.Value)
		}
	case OpIn:
		if _, ok := f.Value.([]string); !ok {
			return invalid("operator in needs a list of strings, got %T", f.Value)
		}
	default:
		return invalid("unknown operator %q", f.Op)
	}
	return nil
}

// String renders the filter for logs and error messages.
func (f *Filter) String() string {
	if f == nil {
		return "true"
	}
	switch {
	case f.And != nil:
		return fmt.Sprintf("and%v", f.And)
	case f.Or != nil:
		return fmt.Sprintf("or%v", f.Or)
	case f.Not != nil:
		return "not(" + f.Not.String() + ")"
	case f.Rel != nil:
		if f.Rel.Edge != nil {
			return fmt.Sprintf("%s %s-[%s %s]-(%v %s)", f.Rel.Quantifier, f.Rel.Direction, f.Rel.Type, f.Rel.Edge.String(), f.Rel.Labels, f.Rel.Where.String())
		}
		return fmt.Sprintf("%s %s-[%s]-(%v %s)", f.Rel.Quantifier, f.Rel.Direction, f.Rel.Type, f.Rel.Labels, f.Rel.Where.String())
	}
	return fmt.Sprintf("%s %s %v", f.Field, f.Op, f.Value)
}

// Match evaluates f on n with the stores' two-valued semantics. rel
// evaluates relationship parts, which need a store; with rel nil they never
// match (check HasRel first).
func (f *Filter) Match(n *Node, rel func(*RelFilter) bool) bool {
	if f == nil {
		return true
	}
	switch {
	case f.And != nil:
		for i := range f.And {
			if !f.And[i].Match(n, rel) {
				return false
			}
		}
		return true
	case f.Or != nil:
		for i := range f.Or {
			if f.Or[i].Match(n, rel) {
				return true
			}
		}
		return false
	case f.Not != nil:
		return !f.Not.Match(n, rel)
	case f.Rel != nil:
		return rel != nil && rel(f.Rel)
	}
	return evalPredicate(n.Field(f.Field), f.Op, f.Value)
}

// MatchEdge evaluates an edge filter (RelFilter.Edge) on a relationship's
// properties, with the same two-valued semantics as Match.
func (f *Filter) MatchEdge(r *Relationship) bool {
	if f == nil {
		return true
	}
	return f.Match(&Node{Props: r.Props}, nil)
}

// HasRel reports whether f has a relationship part anywhere, which only a
// store can evaluate.
func (f *Filter) HasRel() bool {
	if f == nil {
		return false
	}
	if f.Rel != nil {
		return true
	}
	for _, list := range [][]Filter{f.And, f.Or} {
		for i := range list {
			if list[i].HasRel() {
				return true
			}
		}
	}
	return f.Not.HasRel()
}

// IDsOf returns the ids a filter limits nodes to, if it does: an id eq or
// id in predicate, alone or as a conjunct of a top-level AND. Stores use it
// to seek nodes by id instead of testing every node.
func IDsOf(f *Filter) ([]string, bool) {
	if f == nil {
		return nil, false
	}
	if f.Field == "id" {
		switch v := f.Value.(type) {
		case string:
			if f.Op == OpEq {
				return []string{v}, true
			}
		case []string:
			if f.Op == OpIn {
				return v, true
			}
		}
		return nil, false
	}
	for i := range f.And {
		if ids, ok := IDsOf(&f.And[i]); ok {
			return ids, true
		}
	}
	return nil, false
}
