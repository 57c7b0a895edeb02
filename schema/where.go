package schema

import (
	"encoding/base64"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/graphql-go/graphql"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/queries"
)

// stringOps are StringFilter's fields and the graph operators they map to.
var stringOps = []struct {
	name string
	op   graph.Op
	desc string
}{
	{"eq", graph.OpEq, "Equal (case-sensitive, as in Cypher)."},
	{"in", graph.OpIn, "Equal to one of these."},
	{"contains", graph.OpContains, "Contains this text."},
	{"startsWith", graph.OpStartsWith, ""},
	{"endsWith", graph.OpEndsWith, ""},
	{"gt", graph.OpGt, "Greater than, comparing strings (dates YYYY-MM-DD compare as dates)."},
	{"gte", graph.OpGte, ""},
	{"lt", graph.OpLt, ""},
	{"lte", graph.OpLte, ""},
}

var quantifiers = []struct {
	name string
	q    graph.Quantifier
	desc string
}{
	{"some", graph.Some, "At least one related node matches."},
	{"none", graph.None, "No related node matches."},
	{"all", graph.All, "Every related node matches (true when there are none)."},
	{"single", graph.Single, "Exactly one related node matches (a node related through several relationships counts once)."},
}

// inputs builds the filter and sort input types. A label's Where has its
// fields, a StringFilter per filterable property, a relationship filter per
// relationship field of queries.Relations, and AND/OR/NOT; the
// relationship filters refer to other labels' Where types, hence thunks.
func (b *builder) inputs() {
	sf := graphql.InputObjectConfigFieldMap{}
	for _, o := range stringOps {
		t := graphql.Input(graphql.String)
		if o.op == graph.OpIn {
			t = graphql.NewList(graphql.NewNonNull(graphql.String))
		}
		sf[o.name] = &graphql.InputObjectFieldConfig{Type: t, Description: o.desc}
	}
	b.stringFilter = graphql.NewInputObject(graphql.InputObjectConfig{Name: "StringFilter",
		Description: "Predicates on a text field; several combine with AND. On a list (aliases) a predicate holds when it holds for any element.", Fields: sf})
	b.idFilter = graphql.NewInputObject(graphql.InputObjectConfig{Name: "IDFilter", Fields: graphql.InputObjectConfigFieldMap{
		"eq": {Type: graphql.ID}, "in": {Type: graphql.NewList(graphql.NewNonNull(graphql.ID))}}})

	for _, l := range graph.Labels {
		l := l
		b.where[l] = graphql.NewInputObject(graphql.InputObjectConfig{Name: string(l) + "Where",
			Description: fmt.Sprintf("Filter on %s nodes; keys combine with AND.", l),
			Fields: graphql.InputObjectConfigFieldMapThunk(func() graphql.InputObjectConfigFieldMap {
				fs := b.baseWhereFields(b.where[l])
				for _, p := range labelProps[l] {
					if p.filter {
						fs[p.name] = &graphql.InputObjectFieldConfig{Type: b.stringFilter, Description: p.desc}
					}
				}
				if l == graph.Document {
					fs["city"] = &graphql.InputObjectFieldConfig{Type: b.idFilter, Description: "The page's city id."}
				}
				for _, rel := range queries.Relations[l] {
					t := b.entityRelF
					if o := otherLabel(rel); o != "" {
						t = b.relFilters[o]
					}
					fs[rel.Field] = &graphql.InputObjectFieldConfig{Type: t, Description: rel.Description}
				}
				for _, rel := range connectionRels(l) {
					desc := fmt.Sprintf("Filter on the %s relationships of %s, each with the node at its other end (node).", rel.Type, rel.Field)
					if len(graph.RelProps[rel.Type]) > 0 {
						desc = fmt.Sprintf("Filter on the %s relationships of %s: edge filters a relationship's own properties, node the node at its other end.", rel.Type, rel.Field)
					}
					fs[rel.Field+"Connection"] = &graphql.InputObjectFieldConfig{Type: b.connFilter(rel), Description: desc}
				}
				return fs
			})})
		b.relFilters[l] = graphql.NewInputObject(graphql.InputObjectConfig{Name: string(l) + "RelationFilter",
			Description: fmt.Sprintf("Filter on the %s nodes related through a relationship field.", l),
			Fields: graphql.InputObjectConfigFieldMapThunk(func() graphql.InputObjectConfigFieldMap {
				fs := graphql.InputObjectConfigFieldMap{}
				for _, q := range quantifiers {
					fs[q.name] = &graphql.InputObjectFieldConfig{Type: b.where[l], Description: q.desc}
				}
				return fs
			})})
		sortFields := graphql.InputObjectConfigFieldMap{
			"id": {Type: b.sortDir}, "name": {Type: b.sortDir},
		}
		for _, p := range labelProps[l] {
			if p.sortable {
				sortFields[p.name] = &graphql.InputObjectFieldConfig{Type: b.sortDir, Description: p.desc}
			}
		}
		b.sorts[l] = graphql.NewInputObject(graphql.InputObjectConfig{Name: string(l) + "Sort",
			Description: "One sort key: set exactly one field.", Fields: sortFields})
	}
	b.entityWhere = graphql.NewInputObject(graphql.InputObjectConfig{Name: "EntityWhere",
		Description: "Filter on nodes of several labels (fields every label has); keys combine with AND.",
		Fields: graphql.InputObjectConfigFieldMapThunk(func() graphql.InputObjectConfigFieldMap {
			return b.baseWhereFields(b.entityWhere)
		})})
	b.entityRelF = graphql.NewInputObject(graphql.InputObjectConfig{Name: "EntityRelationFilter",
		Fields: graphql.InputObjectConfigFieldMapThunk(func() graphql.InputObjectConfigFieldMap {
			fs := graphql.InputObjectConfigFieldMap{}
			for _, q := range quantifiers {
				fs[q.name] = &graphql.InputObjectFieldConfig{Type: b.entityWhere, Description: q.desc}
			}
			return fs
		})})
	b.entitySort = graphql.NewInputObject(graphql.InputObjectConfig{Name: "EntitySort", Description: "One sort key: set exactly one field.",
		Fields: graphql.InputObjectConfigFieldMap{"id": {Type: b.sortDir}, "name": {Type: b.sortDir}}})
}

// connQuantifiers describe the quantifiers of a connection filter, which
// count relationships (each with its far node) rather than nodes.
var connQuantifiers = map[graph.Quantifier]string{
	graph.Some:   "At least one relationship matches, edge and node.",
	graph.None:   "No relationship matches.",
	graph.All:    "Every relationship matches (true when there are none).",
	graph.Single: "Exactly one related node has a matching relationship (two matching titles in one body are one).",
}

// connectionRels are the relationship fields of a label that have a
// connection filter (proposalsConnection, positionsConnection): every
// relationship field, and Official.positions, whose HOLDS_POSITION
// relationships carry the titles.
func connectionRels(l graph.Label) []queries.Rel {
	rels := append([]queries.Rel(nil), queries.Relations[l]...)
	if l == graph.Official {
		rels = append(rels, queries.PositionsRel)
	}
	return rels
}

// connectionOf resolves a where key naming a connection filter.
func connectionOf(l graph.Label, key string) (queries.Rel, bool) {
	field, ok := strings.CutSuffix(key, "Connection")
	if !ok || l == "" {
		return queries.Rel{}, false
	}
	for _, rel := range connectionRels(l) {
		if rel.Field == field {
			return rel, true
		}
	}
	return queries.Rel{}, false
}

// camel turns HOLDS_POSITION into HoldsPosition, for type names.
func camel(t graph.RelType) string {
	var sb strings.Builder
	for _, w := range strings.Split(strings.ToLower(string(t)), "_") {
		if w != "" {
			sb.WriteString(strings.ToUpper(w[:1]) + w[1:])
		}
	}
	return sb.String()
}

// connFilter returns the input type of a connection filter. Fields that
// reach the same labels through the same type share one
// (OrganizationHoldsPositionConnectionFilter for Official.organizationsConnection;
// EntityHoldsPositionConnectionFilter for positionsConnection, whose
// nodes are bodies and places).
func (b *builder) connFilter(rel queries.Rel) *graphql.InputObject {
	other := otherLabel(rel)
	prefix := "Entity"
	node := b.entityWhere
	if other != "" {
		prefix, node = string(other), b.where[other]
	}
	name := prefix + camel(rel.Type) + "Connection"
	if f := b.connFilters[name]; f != nil {
		return f
	}
	wf := graphql.InputObjectConfigFieldMap{"node": {Type: node, Description: "The node at the relationship's other end."}}
	if e := b.edgeWhere(rel.Type); e != nil {
		wf["edge"] = &graphql.InputObjectFieldConfig{Type: e, Description: "The relationship's own properties."}
	}
	where := graphql.NewInputObject(graphql.InputObjectConfig{Name: name + "Where",
		Description: fmt.Sprintf("One %s relationship and its far node; node and edge combine with AND.", rel.Type), Fields: wf})
	qf := graphql.InputObjectConfigFieldMap{}
	for _, q := range quantifiers {
		qf[q.name] = &graphql.InputObjectFieldConfig{Type: where, Description: connQuantifiers[q.q]}
	}
	f := graphql.NewInputObject(graphql.InputObjectConfig{Name: name + "Filter",
		Description: fmt.Sprintf("Filter on %s relationships with their far nodes, as the Neo4j GraphQL Library's connection filters.", rel.Type), Fields: qf})
	b.connFilters[name] = f
	return f
}

// edgeWhere is the filter on a relationship type's own properties
// (graph.RelProps), nil for types that have none.
func (b *builder) edgeWhere(t graph.RelType) *graphql.InputObject {
	if len(graph.RelProps[t]) == 0 {
		return nil
	}
	if e := b.edgeWheres[t]; e != nil {
		return e
	}
	var e *graphql.InputObject
	e = graphql.NewInputObject(graphql.InputObjectConfig{Name: camel(t) + "EdgeWhere",
		Description: fmt.Sprintf("Filter on a %s relationship's properties; keys combine with AND.", t),
		Fields: graphql.InputObjectConfigFieldMapThunk(func() graphql.InputObjectConfigFieldMap {
			fs := graphql.InputObjectConfigFieldMap{
				"AND": {Type: graphql.NewList(graphql.NewNonNull(e)), Description: "All of these."},
				"OR":  {Type: graphql.NewList(graphql.NewNonNull(e)), Description: "Any of these."},
				"NOT": {Type: e, Description: "Not this."},
			}
			for _, p := range graph.RelProps[t] {
				fs[p] = &graphql.InputObjectFieldConfig{Type: b.stringFilter, Description: relPropDescriptions[t][p]}
			}
			return fs
		})})
	b.edgeWheres[t] = e
	return e
}

var relPropDescriptions = map[graph.RelType]map[string]string{
	graph.HoldsPosition: {graph.PropTitle: "The title held (代理市长, 总经理, 市人大代表)."},
}

func (b *builder) baseWhereFields(self *graphql.InputObject) graphql.InputObjectConfigFieldMap {
	return graphql.InputObjectConfigFieldMap{
		"id":      {Type: b.idFilter},
		"name":    {Type: b.stringFilter, Description: "The canonical name."},
		"aliases": {Type: b.stringFilter, Description: "Any alias."},
		"AND":     {Type: graphql.NewList(graphql.NewNonNull(self)), Description: "All of these."},
		"OR":      {Type: graphql.NewList(graphql.NewNonNull(self)), Description: "Any of these."},
		"NOT":     {Type: self, Description: "Not this."},
	}
}

// compileWhere turns a where argument into a graph.Filter; label "" is
// EntityWhere. Keys are taken in sorted order so the same input always
// compiles to the same filter (and the same batch key in the loader).
func compileWhere(label graph.Label, m map[string]interface{}) (*graph.Filter, error) {
	self := func(sub map[string]interface{}) (*graph.Filter, error) { return compileWhere(label, sub) }
	parts, err := compileBool(m, self, orTrue, func(k string, v interface{}) ([]graph.Filter, error) {
		if rel, ok := connectionOf(label, k); ok {
			return compileConn(rel, v)
		}
		if rel, ok := queries.RelationOf(label, k); ok {
			return compileRel(rel, v)
		}
		return compileField(k, v)
	})
	if err != nil {
		return nil, err
	}
	var out *graph.Filter
	switch len(parts) {
	case 0:
		return nil, nil
	case 1:
		out = &parts[0]
	default:
		out = &graph.Filter{And: parts}
	}
	if err := out.Validate(); err != nil {
		return nil, userErr(CodeBadUserInput, "where: %v", strings.TrimPrefix(err.Error(), graph.ErrInvalid.Error()+": "))
	}
	return out, nil
}

// compileBool compiles a where object's keys in sorted order: AND, OR and
// NOT through self (each part made explicit by always when it constrains
// nothing), every other key through leaf. Node and edge filters share it.
func compileBool(m map[string]interface{}, self func(map[string]interface{}) (*graph.Filter, error),
	always func(*graph.Filter) graph.Filter, leaf func(string, interface{}) ([]graph.Filter, error)) ([]graph.Filter, error) {
	var parts []graph.Filter
	for _, k := range sortedKeys(m) {
		v := m[k]
		if v == nil {
			continue // an explicit null constrains nothing
		}
		switch k {
		case "AND", "OR":
			list, _ := v.([]interface{})
			var fs []graph.Filter
			for _, x := range list {
				sub, _ := x.(map[string]interface{})
				f, err := self(sub)
				if err != nil {
					return nil, err
				}
				fs = append(fs, always(f))
			}
			if len(fs) == 0 {
				continue
			}
			if k == "AND" {
				parts = append(parts, graph.Filter{And: fs})
			} else {
				parts = append(parts, graph.Filter{Or: fs})
			}
		case "NOT":
			sub, _ := v.(map[string]interface{})
			f, err := self(sub)
			if err != nil {
				return nil, err
			}
			nf := always(f)
			parts = append(parts, graph.Filter{Not: &nf})
		default:
			fs, err := leaf(k, v)
			if err != nil {
				return nil, err
			}
			parts = append(parts, fs...)
		}
	}
	return parts, nil
}

// orTrue makes nil (no constraint) explicit inside AND/OR/NOT, where a
// filter must have exactly one part: "id is not missing" is always true.
func orTrue(f *graph.Filter) graph.Filter {
	if f != nil {
		return *f
	}
	return graph.Filter{Not: &graph.Filter{Field: "id", Op: graph.OpIn, Value: []string{}}}
}

func compileField(field string, v interface{}) ([]graph.Filter, error) {
	m, _ := v.(map[string]interface{})
	var out []graph.Filter
	for _, o := range stringOps {
		x, ok := m[o.name]
		if !ok || x == nil {
			continue
		}
		if o.op == graph.OpIn {
			list, _ := x.([]interface{})
			ss := make([]string, 0, len(list))
			for _, e := range list {
				s, _ := e.(string)
				ss = append(ss, s)
			}
			out = append(out, graph.Filter{Field: field, Op: graph.OpIn, Value: ss})
			continue
		}
		s, _ := x.(string)
		out = append(out, graph.Filter{Field: field, Op: o.op, Value: s})
	}
	return out, nil
}

func compileRel(rel queries.Rel, v interface{}) ([]graph.Filter, error) {
	m, _ := v.(map[string]interface{})
	var out []graph.Filter
	for _, q := range quantifiers {
		x, ok := m[q.name]
		if !ok || x == nil {
			continue
		}
		sub, _ := x.(map[string]interface{})
		f, err := compileWhere(otherLabel(rel), sub)
		if err != nil {
			return nil, err
		}
		out = append(out, graph.Filter{Rel: &graph.RelFilter{Type: rel.Type, Direction: rel.Dir, Quantifier: q.q, Labels: rel.Labels, Where: f}})
	}
	if len(out) == 0 {
		return nil, userErr(CodeBadUserInput, "where.%s needs one of some, none, all or single", rel.Field)
	}
	return out, nil
}

// compileConn compiles a connection filter: per quantifier, a
// relationship filter with the node part as Where and the edge part as
// Edge.
func compileConn(rel queries.Rel, v interface{}) ([]graph.Filter, error) {
	m, _ := v.(map[string]interface{})
	var out []graph.Filter
	for _, q := range quantifiers {
		x, ok := m[q.name]
		if !ok || x == nil {
			continue
		}
		sub, _ := x.(map[string]interface{})
		nm, _ := sub["node"].(map[string]interface{})
		node, err := compileWhere(otherLabel(rel), nm)
		if err != nil {
			return nil, err
		}
		em, _ := sub["edge"].(map[string]interface{})
		edge, err := compileEdge(rel.Type, em)
		if err != nil {
			return nil, err
		}
		out = append(out, graph.Filter{Rel: &graph.RelFilter{Type: rel.Type, Direction: rel.Dir, Quantifier: q.q, Labels: rel.Labels, Where: node, Edge: edge}})
	}
	if len(out) == 0 {
		return nil, userErr(CodeBadUserInput, "where.%sConnection needs one of some, none, all or single", rel.Field)
	}
	return out, nil
}

// compileEdge compiles an edge filter (XEdgeWhere) on t's properties; the
// schema offers only graph.RelProps keys, and Filter.Validate checks them
// again when the whole where is compiled.
func compileEdge(t graph.RelType, m map[string]interface{}) (*graph.Filter, error) {
	self := func(sub map[string]interface{}) (*graph.Filter, error) { return compileEdge(t, sub) }
	parts, err := compileBool(m, self, edgeOrTrue, compileField)
	if err != nil {
		return nil, err
	}
	switch len(parts) {
	case 0:
		return nil, nil
	case 1:
		return &parts[0], nil
	}
	return &graph.Filter{And: parts}, nil
}

// edgeOrTrue is orTrue for edge filters, which have no id to test: an
// empty AND, which both stores read as true.
func edgeOrTrue(f *graph.Filter) graph.Filter {
	if f != nil {
		return *f
	}
	return graph.Filter{And: []graph.Filter{}}
}

// compileSort reads [XSort!]: each element names exactly one field,
// because input object fields arrive as an unordered map.
func compileSort(v interface{}) ([]graph.SortKey, error) {
	list, _ := v.([]interface{})
	var out []graph.SortKey
	for i, x := range list {
		m, _ := x.(map[string]interface{})
		var set []string
		for k, d := range m {
			if d != nil {
				set = append(set, k)
			}
		}
		if len(set) != 1 {
			return nil, userErr(CodeBadUserInput, "sort[%d] must set exactly one field, has %d (use one element per key: sort: [{date: DESC}, {name: ASC}])", i, len(set))
		}
		out = append(out, graph.SortKey{Field: set[0], Desc: m[set[0]] == "DESC"})
	}
	return out, nil
}

// Cursors are opaque to clients; inside they are offsets, which both stores
// page by (FindNodes Offset) and which nested connections slice by.
const (
	cursorPrefix = "cursor:"
	maxCursor    = math.MaxInt32
)

func encodeCursor(offset int) string {
	return base64.StdEncoding.EncodeToString([]byte(cursorPrefix + strconv.Itoa(offset)))
}

func decodeCursor(arg, s string) (int, error) {
	raw, err := base64.StdEncoding.DecodeString(s)
	if err == nil && strings.HasPrefix(string(raw), cursorPrefix) {
		// No list this API pages has 2^31 items; a larger offset is forged,
		// and Neo4j fails on SKIP and LIMIT that sum past its long.
		if n, err := strconv.Atoi(strings.TrimPrefix(string(raw), cursorPrefix)); err == nil && n >= 0 && n <= maxCursor {
			return n, nil
		}
	}
	return 0, userErr(CodeBadUserInput, "%s: %q is not a cursor of this API", arg, s)
}
