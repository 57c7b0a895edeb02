package neo4jstore

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/policygraph/policygraph/graph"
)

// compiler turns a validated graph.Filter into a Cypher boolean expression
// with parameters. Every expression it produces is true or false, never
// null: each comparison is wrapped in coalesce(..., false), so NOT over a
// missing property is true, as graph.Filter.Match (memstore) has it.
//
// Values always travel as parameters; so do property names, read with
// n[$name]. What is written into the text is fixed syntax, the reserved
// fields id, name and aliases, generated variable names, and relationship
// types taken from graph.RelTypes (relTypeToken), because a pattern's type
// cannot be a parameter without losing the typed expansion.
type compiler struct {
	params  map[string]any
	nparams int
	vars    int
}

func newCompiler(params map[string]any) *compiler {
	if params == nil {
		params = map[string]any{}
	}
	return &compiler{params: params}
}

// param binds v to a fresh parameter and returns its reference. Filter
// parameters are named f0, f1, ...; callers name theirs otherwise.
func (c *compiler) param(v any) string {
	name := "f" + strconv.Itoa(c.nparams)
	c.nparams++
	c.params[name] = v
	return "$" + name
}

// variable returns a fresh variable name with the given prefix.
func (c *compiler) variable(prefix string) string {
	c.vars++
	return prefix + strconv.Itoa(c.vars)
}

// where compiles f for the node bound to node; nil compiles to true.
func (c *compiler) where(f *graph.Filter, node string) (string, error) {
	if f == nil {
		return "true", nil
	}
	switch {
	case f.And != nil:
		return c.junction(f.And, node, " AND ", "true")
	case f.Or != nil:
		return c.junction(f.Or, node, " OR ", "false")
	case f.Not != nil:
		inner, err := c.where(f.Not, node)
		if err != nil {
			return "", err
		}
		return "NOT (" + inner + ")", nil
	case f.Rel != nil:
		return c.rel(f.Rel, node)
	}
	return c.predicate(f, node)
}

// junction compiles AND/OR lists; an empty list is its identity, as on
// memstore (all of nothing holds, any of nothing does not).
func (c *compiler) junction(list []graph.Filter, node, op, empty string) (string, error) {
	if len(list) == 0 {
		return empty, nil
	}
	parts := make([]string, len(list))
	for i := range list {
		p, err := c.where(&list[i], node)
		if err != nil {
			return "", err
		}
		parts[i] = "(" + p + ")"
	}
	return strings.Join(parts, op), nil
}

// predicate compiles a field comparison. On a list value it holds when it
// holds for some element; a property's kind is not known in advance, so
// its value is wrapped in a list when it is not one already.
func (c *compiler) predicate(f *graph.Filter, node string) (string, error) {
	var op string
	switch f.Op {
	case graph.OpEq:
		op = "="
	case graph.OpGt:
		op = ">"
	case graph.OpGte:
		op = ">="
	case graph.OpLt:
		op = "<"
	case graph.OpLte:
		op = "<="
	case graph.OpContains:
		op = "CONTAINS"
	case graph.OpStartsWith:
		op = "STARTS WITH"
	case graph.OpEndsWith:
		op = "ENDS WITH"
	case graph.OpIn:
		op = "IN"
	default:
		return "", invalidf("unknown operator %q", f.Op)
	}
	want := c.param(f.Value)
	test := func(v string) string { return "coalesce(" + v + " " + op + " " + want + ", false)" }
	x := c.variable("x")
	switch f.Field {
	case "id", "name":
		return test(node + "." + f.Field), nil
	case "aliases":
		return "any(" + x + " IN coalesce(" + node + ".aliases, []) WHERE " + test(x) + ")", nil
	}
	if !isToken(f.Field) {
		// Filter.Validate has already refused it; this keeps the compiler
		// safe on its own.
		return "", invalidf("bad field name %q", f.Field)
	}
	v := node + "[" + c.param(f.Field) + "]"
	return "any(" + x + " IN CASE WHEN " + v + " IS :: LIST<ANY> NOT NULL THEN " + v + " ELSE [" + v + "] END WHERE " + test(x) + ")", nil
}

// rel compiles a relationship filter to an EXISTS subquery ("single" to a
// COUNT subquery of the distinct related nodes). "all" holds when no
// related node (of the allowed labels) fails Where.
func (c *compiler) rel(rf *graph.RelFilter, node string) (string, error) {
	typ, ok := relTypeToken(rf.Type)
	if !ok {
		return "", invalidf("unknown relationship type %q", rf.Type)
	}
	m := c.variable("m")
	// The relationship is bound only when an edge filter reads it.
	r := ""
	if rf.Edge != nil {
		r = c.variable("r")
	}
	var pattern string
	switch rf.Direction {
	case graph.Out:
		pattern = fmt.Sprintf("(%s)-[%s:%s]->(%s)", node, r, typ, m)
	case graph.In:
		pattern = fmt.Sprintf("(%s)<-[%s:%s]-(%s)", node, r, typ, m)
	case graph.Both:
		pattern = fmt.Sprintf("(%s)-[%s:%s]-(%s)", node, r, typ, m)
	default:
		return "", invalidf("unknown direction %q", rf.Direction)
	}
	var conds []string
	if len(rf.Labels) > 0 {
		labels := make([]string, len(rf.Labels))
		for i, l := range rf.Labels {
			labels[i] = string(l)
		}
		conds = append(conds, "any(l IN labels("+m+") WHERE l IN "+c.param(labels)+")")
	}
	inner, err := c.where(rf.Where, m)
	if err != nil {
		return "", err
	}
	if rf.Edge != nil {
		// Edge fields are RelProps keys (Filter.Validate), read as r[$f]
		// like any property; the relationship's evidence keys, which
		// share its property map here, are never among them.
		edge, err := c.where(rf.Edge, r)
		if err != nil {
			return "", err
		}
		if inner == "true" {
			inner = edge
		} else {
			inner = "(" + inner + ") AND (" + edge + ")"
		}
	}
	switch rf.Quantifier {
	case graph.Some, graph.None, graph.Single:
		if inner != "true" {
			conds = append(conds, inner)
		}
	case graph.All:
		conds = append(conds, "NOT ("+inner+")")
	default:
		return "", invalidf("unknown quantifier %q", rf.Quantifier)
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	if rf.Quantifier == graph.Single {
		// Distinct nodes, as the embedded store counts them: a node
		// related through two relationships is one.
		return "COUNT { MATCH " + pattern + where + " RETURN DISTINCT " + m + " } = 1", nil
	}
	sub := "EXISTS { MATCH " + pattern + where + " }"
	if rf.Quantifier == graph.Some {
		return sub, nil
	}
	return "NOT " + sub, nil
}

// sortExpr returns the ORDER BY expression for a sort field. Cypher's
// ORDER BY ranks kinds as graph.CompareValues does (lists, strings,
// booleans, numbers, then missing values last ascending and first
// descending).
func (c *compiler) sortExpr(field, node string) (string, error) {
	switch field {
	case "id", "name", "aliases":
		return node + "." + field, nil
	}
	if !isToken(field) {
		return "", invalidf("bad sort field %q", field)
	}
	return node + "[" + c.param(field) + "]", nil
}
