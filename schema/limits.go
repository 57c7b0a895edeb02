package schema

import (
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/language/ast"
)

// Defaults the cost model assumes for lists whose size no argument gives
// (positions, evidence of a search hit, crossReference groups...).
const (
	listGuess          = 10
	defaultFirst       = 20
	defaultSearchFirst = 10
)

// analysis is what the limits look at in one operation.
type analysis struct {
	depth       int // deepest object field, connection plumbing not counted
	complexity  int // estimated objects resolved
	storeFields int // fields that are not introspection: 0 means no store work
	filterTerms int // terms of every where argument, as often as they run
	argErrs     []*publicError
}

// analyzer walks an operation's selection sets with the schema's types,
// following fragments (each once per path; guard has rejected cycles
// before, and the walker guards against them anyway). Without variables
// (before validation) it checks the literal arguments; with them (each
// request) every argument.
type analyzer struct {
	schema    *graphql.Schema
	fragments map[string]*ast.FragmentDefinition
	reqVars   map[string]interface{}
	vars      map[string]interface{} // reqVars and the operation's defaults
	lim       Limits
	res       analysis
}

func newAnalyzer(s *graphql.Schema, doc *ast.Document, vars map[string]interface{}, lim Limits) *analyzer {
	a := &analyzer{schema: s, fragments: map[string]*ast.FragmentDefinition{}, reqVars: vars, lim: lim}
	for _, d := range doc.Definitions {
		if f, ok := d.(*ast.FragmentDefinition); ok && f.Name != nil {
			a.fragments[f.Name.Value] = f
		}
	}
	return a
}

func (a *analyzer) operation(op *ast.OperationDefinition) analysis {
	a.res = analysis{}
	// A variable the request leaves out takes its default, which is as
	// much an argument as a literal.
	a.vars = map[string]interface{}{}
	for _, vd := range op.VariableDefinitions {
		if vd.Variable == nil || vd.Variable.Name == nil {
			continue
		}
		name := vd.Variable.Name.Value
		if v, ok := a.reqVars[name]; ok {
			a.vars[name] = v
		} else if vd.DefaultValue != nil {
			a.vars[name] = a.value(vd.DefaultValue)
		}
	}
	var root *graphql.Object
	switch op.Operation {
	case ast.OperationTypeMutation:
		root = a.schema.MutationType()
	case ast.OperationTypeSubscription:
		root = a.schema.SubscriptionType()
	default:
		root = a.schema.QueryType()
	}
	if root == nil {
		return a.res
	}
	a.res.complexity = a.selections(op.SelectionSet, root, 0, 0, map[string]bool{})
	if a.res.filterTerms > a.lim.MaxFilterTerms {
		a.res.argErrs = append(a.res.argErrs, userErr(CodeArgumentLimit,
			"the where filters of the request have %d terms (fields, operators, AND/OR/NOT branches and list values, as often as they run); the limit is %d",
			a.res.filterTerms, a.lim.MaxFilterTerms))
	}
	a.res.argErrs = dedupe(a.res.argErrs)
	return a.res
}

// dedupe drops repeated errors: a fragment spread twice is checked twice.
func dedupe(errs []*publicError) []*publicError {
	seen := map[string]bool{}
	out := errs[:0]
	for _, e := range errs {
		if !seen[e.msg] {
			seen[e.msg] = true
			out = append(out, e)
		}
	}
	return out
}

func isConnection(t graphql.Type) bool {
	return t != nil && strings.HasSuffix(t.Name(), "Connection")
}

func isEdge(t graphql.Type) bool { return t != nil && strings.HasSuffix(t.Name(), "Edge") }

// selections returns the cost of a selection set on parent at depth.
// connFirst is the page size when parent is a connection.
func (a *analyzer) selections(ss *ast.SelectionSet, parent graphql.Type, depth, connFirst int, visiting map[string]bool) int {
	if ss == nil {
		return 0
	}
	cost := 0
	for _, sel := range ss.Selections {
		switch s := sel.(type) {
		case *ast.Field:
			cost += a.field(s, parent, depth, connFirst, visiting)
		case *ast.InlineFragment:
			t := parent
			if s.TypeCondition != nil && s.TypeCondition.Name != nil {
				if nt := a.schema.Type(s.TypeCondition.Name.Value); nt != nil {
					t = nt
				}
			}
			cost += a.selections(s.SelectionSet, t, depth, connFirst, visiting)
		case *ast.FragmentSpread:
			if s.Name == nil {
				continue
			}
			name := s.Name.Value
			f := a.fragments[name]
			if f == nil || visiting[name] {
				continue
			}
			visiting[name] = true
			t := parent
			if f.TypeCondition != nil && f.TypeCondition.Name != nil {
				if nt := a.schema.Type(f.TypeCondition.Name.Value); nt != nil {
					t = nt
				}
			}
			cost += a.selections(f.SelectionSet, t, depth, connFirst, visiting)
			delete(visiting, name)
		}
	}
	return cost
}

func fieldsOf(t graphql.Type) graphql.FieldDefinitionMap {
	switch x := t.(type) {
	case *graphql.Object:
		return x.Fields()
	case *graphql.Interface:
		return x.Fields()
	}
	return nil
}

func named(t graphql.Type) graphql.Type {
	for {
		switch x := t.(type) {
		case *graphql.NonNull:
			t = x.OfType
		case *graphql.List:
			t = x.OfType
		default:
			return t
		}
	}
}

func isList(t graphql.Type) bool {
	if nn, ok := t.(*graphql.NonNull); ok {
		t = nn.OfType
	}
	_, ok := t.(*graphql.List)
	return ok
}

func (a *analyzer) field(f *ast.Field, parent graphql.Type, depth, connFirst int, visiting map[string]bool) int {
	if f.Name == nil {
		return 0
	}
	name := f.Name.Value
	if strings.HasPrefix(name, "__") {
		// __typename is free; __schema and __type are answered from the
		// schema without store work, and GraphiQL's introspection query
		// nests TypeRef nine levels deep, so they are exempt.
		return 0
	}
	a.res.storeFields++
	def := fieldsOf(parent)[name]
	if def == nil {
		return 0 // FieldsOnCorrectType reports it
	}
	ret := named(def.Type)
	plumbing := isConnection(parent) && (name == "edges" || name == "nodes" || name == "pageInfo") || isEdge(parent) && name == "node"
	d := depth
	if !plumbing {
		d++
	}
	if d > a.res.depth {
		a.res.depth = d
	}
	mult, childFirst := 1, 0
	args := a.args(f, def)
	switch {
	case isConnection(parent) && (name == "edges" || name == "nodes"):
		mult = connFirst
	case isConnection(ret):
		// A page from the end costs what one from the start does.
		childFirst = a.intArg(args, "first", a.intArg(args, "last", defaultFirst))
	case isList(def.Type):
		mult = listGuess
		for _, k := range []string{"first", "limit", "k"} {
			if _, ok := args[k]; ok {
				mult = a.intArg(args, k, listGuess)
				break
			}
		}
		if ids, ok := args["ids"].([]interface{}); ok {
			mult = len(ids)
		}
	case name == "neighborhood":
		mult = a.intArg(args, "limit", 100)
	case name == "facts":
		mult = a.intArg(args, "first", defaultFirst)
	}
	a.checkArgLimits(name, args)
	if mult < 1 {
		mult = 1
	}
	if f.SelectionSet == nil {
		// Scalars come with their object: the cost is in objects resolved
		// (as GitHub counts nodes), so asking for more fields of a node is
		// free while asking for more nodes is not.
		return 0
	}
	return mult * (1 + a.selections(f.SelectionSet, ret, d, childFirst, visiting))
}

// args resolves a field's arguments: literals, variables, then defaults.
func (a *analyzer) args(f *ast.Field, def *graphql.FieldDefinition) map[string]interface{} {
	out := map[string]interface{}{}
	for _, arg := range def.Args {
		if arg.DefaultValue != nil {
			out[arg.PrivateName] = arg.DefaultValue
		}
	}
	for _, arg := range f.Arguments {
		if arg.Name == nil {
			continue
		}
		if v := a.value(arg.Value); v != nil {
			out[arg.Name.Value] = v
		}
	}
	return out
}

func (a *analyzer) value(v ast.Value) interface{} {
	switch x := v.(type) {
	case *ast.IntValue:
		n, err := strconv.Atoi(x.Value)
		if err != nil {
			return nil
		}
		return n
	case *ast.Variable:
		if x.Name == nil {
			return nil
		}
		return a.vars[x.Name.Value]
	case *ast.ListValue:
		out := make([]interface{}, 0, len(x.Values))
		for _, e := range x.Values {
			out = append(out, a.value(e))
		}
		return out
	case *ast.StringValue:
		return x.Value
	case *ast.EnumValue:
		return x.Value
	case *ast.BooleanValue:
		return x.Value
	case *ast.FloatValue:
		f, err := strconv.ParseFloat(x.Value, 64)
		if err != nil {
			return nil
		}
		return f
	case *ast.ObjectValue:
		out := make(map[string]interface{}, len(x.Fields))
		for _, f := range x.Fields {
			if f.Name != nil {
				out[f.Name.Value] = a.value(f.Value)
			}
		}
		return out
	}
	return nil
}

// intArg reads an integer argument (JSON variables arrive as float64).
func (a *analyzer) intArg(args map[string]interface{}, k string, def int) int {
	switch v := args[k].(type) {
	case int:
		return v
	case float64:
		return int(v)
	case int64:
		return int(v)
	}
	return def
}

// checkArgLimits rejects page sizes and traversal bounds above the limits
// before anything runs, so a request is refused whole rather than half
// answered.
func (a *analyzer) checkArgLimits(field string, args map[string]interface{}) {
	check := func(arg string, lo, hi int) {
		if _, ok := args[arg]; !ok {
			return
		}
		if n := a.intArg(args, arg, lo); n < lo || n > hi {
			a.res.argErrs = append(a.res.argErrs, userErr(CodeArgumentLimit, "%s(%s: %d): %s must be between %d and %d", field, arg, n, arg, lo, hi))
		}
	}
	check("first", 0, a.lim.MaxFirst)
	check("last", 0, a.lim.MaxFirst)
	switch field {
	case "neighborhood":
		check("limit", 1, a.lim.MaxGraphNodes)
		check("depth", 0, a.lim.MaxHops)
	case "shortestPath", "paths":
		check("maxDepth", 1, a.lim.MaxHops)
		check("k", 1, a.lim.MaxPaths)
	}
	if ids, ok := args["ids"].([]interface{}); ok && len(ids) > a.lim.MaxFirst {
		a.res.argErrs = append(a.res.argErrs, userErr(CodeArgumentLimit, "%s: %d ids asked for, at most %d", field, len(ids), a.lim.MaxFirst))
	}
	for _, arg := range sortedKeys(args) {
		sz := measure(args[arg])
		switch {
		case field == "ingestDocument" && arg == "text":
			// A report's text is bounded by the request body only.
		case sz.longest > a.lim.MaxStringBytes:
			a.res.argErrs = append(a.res.argErrs, userErr(CodeArgumentLimit, "%s(%s): a string of %d bytes; the limit is %d",
				field, arg, sz.longest, a.lim.MaxStringBytes))
		case sz.list > a.lim.MaxListItems && arg != "ids":
			a.res.argErrs = append(a.res.argErrs, userErr(CodeArgumentLimit, "%s(%s): a list of %d values; the limit is %d",
				field, arg, sz.list, a.lim.MaxListItems))
		case isSearchText(field, arg):
			if q, _ := args[arg].(string); utf8.RuneCountInString(q) > a.lim.MaxSearchRunes {
				a.res.argErrs = append(a.res.argErrs, userErr(CodeArgumentLimit, "%s: the search text has %d characters; the limit is %d",
					field, utf8.RuneCountInString(q), a.lim.MaxSearchRunes))
			}
		}
		if arg == "where" {
			a.res.filterTerms += sz.terms
		}
	}
}

// isSearchText says whether a field's argument is text to search for:
// the Neo4j store sends it to Lucene, memstore scans with it.
func isSearchText(field, arg string) bool {
	return field == "search" && arg == "query" || field == "crossReference" && arg == "topic"
}

// sizes describes an argument value: its longest string (in bytes), its
// longest list and its terms (every input field set and list value, at
// any depth: what a where filter costs a store).
type sizes struct{ longest, list, terms int }

func measure(v interface{}) sizes {
	var out sizes
	var walk func(v interface{}, depth int)
	walk = func(v interface{}, depth int) {
		if depth > 64 {
			return // guard bounds literal nesting; JSON variables nest no deeper than the decoder allows
		}
		switch x := v.(type) {
		case string:
			out.longest = max(out.longest, len(x))
		case []interface{}:
			out.list = max(out.list, len(x))
			out.terms += len(x)
			for _, e := range x {
				walk(e, depth+1)
			}
		case map[string]interface{}:
			for _, e := range x {
				if e != nil {
					out.terms++
					walk(e, depth+1)
				}
			}
		}
	}
	walk(v, 0)
	return out
}

func sortedKeys(m map[string]interface{}) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
