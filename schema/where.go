package schema

import (
	"encoding/base64"
	"fmt"
	"sort"
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
	var parts []graph.Filter
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
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
				f, err := compileWhere(label, sub)
				if err != nil {
					return nil, err
				}
				fs = append(fs, orTrue(f))
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
			f, err := compileWhere(label, sub)
			if err != nil {
				return nil, err
			}
			nf := orTrue(f)
			parts = append(parts, graph.Filter{Not: &nf})
		default:
			if rel, ok := queries.RelationOf(label, k); ok {
				fs, err := compileRel(rel, v)
				if err != nil {
					return nil, err
				}
				parts = append(parts, fs...)
				continue
			}
			fs, err := compileField(k, v)
			if err != nil {
				return nil, err
			}
			parts = append(parts, fs...)
		}
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
const cursorPrefix = "cursor:"

func encodeCursor(offset int) string {
	return base64.StdEncoding.EncodeToString([]byte(cursorPrefix + strconv.Itoa(offset)))
}

func decodeCursor(arg, s string) (int, error) {
	raw, err := base64.StdEncoding.DecodeString(s)
	if err == nil && strings.HasPrefix(string(raw), cursorPrefix) {
		if n, err := strconv.Atoi(strings.TrimPrefix(string(raw), cursorPrefix)); err == nil && n >= 0 {
			return n, nil
		}
	}
	return 0, userErr(CodeBadUserInput, "%s: %q is not a cursor of this API", arg, s)
}
