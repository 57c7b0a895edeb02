package schema

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/gqlerrors"
	"github.com/graphql-go/graphql/language/ast"
	"github.com/graphql-go/graphql/language/kinds"
	"github.com/graphql-go/graphql/language/visitor"
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
	depth      int // deepest object field, connection plumbing not counted
	complexity int // estimated objects resolved
	argErrs    []*publicError
}

// analyzer walks an operation's selection sets with the schema's types,
// following fragments (each once per path: NoFragmentCycles rejects cycles,
// and the walker guards against them anyway, since rules run in parallel).
type analyzer struct {
	schema    *graphql.Schema
	fragments map[string]*ast.FragmentDefinition
	vars      map[string]interface{}
	lim       Limits
	checkArgs bool
	res       analysis
}

func newAnalyzer(s *graphql.Schema, doc *ast.Document, vars map[string]interface{}, lim Limits, checkArgs bool) *analyzer {
	a := &analyzer{schema: s, fragments: map[string]*ast.FragmentDefinition{}, vars: vars, lim: lim, checkArgs: checkArgs}
	for _, d := range doc.Definitions {
		if f, ok := d.(*ast.FragmentDefinition); ok && f.Name != nil {
			a.fragments[f.Name.Value] = f
		}
	}
	return a
}

func (a *analyzer) operation(op *ast.OperationDefinition) analysis {
	a.res = analysis{}
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
	return a.res
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
		childFirst = a.intArg(args, "first", defaultFirst)
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
	}
	if a.checkArgs {
		a.checkArgLimits(name, args)
	}
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
}

// countAliases counts aliased fields written in the document.
func countAliases(doc *ast.Document) int {
	n := 0
	var walk func(ss *ast.SelectionSet)
	walk = func(ss *ast.SelectionSet) {
		if ss == nil {
			return
		}
		for _, sel := range ss.Selections {
			switch s := sel.(type) {
			case *ast.Field:
				if s.Alias != nil && s.Alias.Value != "" {
					n++
				}
				walk(s.SelectionSet)
			case *ast.InlineFragment:
				walk(s.SelectionSet)
			}
		}
	}
	for _, d := range doc.Definitions {
		switch x := d.(type) {
		case *ast.OperationDefinition:
			walk(x.SelectionSet)
		case *ast.FragmentDefinition:
			walk(x.SelectionSet)
		}
	}
	return n
}

// limitsRule is the validation rule for what does not depend on variables:
// depth, aliases and (when off) introspection. It runs after the specified
// rules, on the whole document, and only when they found nothing, so it can
// trust fragments and field names.
func limitsRule(lim Limits, introspection bool) graphql.ValidationRuleFn {
	return func(vc *graphql.ValidationContext) *graphql.ValidationRuleInstance {
		report := func(pe *publicError, node ast.Node) {
			var nodes []ast.Node
			if node != nil {
				nodes = []ast.Node{node}
			}
			vc.ReportError(gqlerrors.NewError(pe.msg, nodes, "", nil, []int{}, pe))
		}
		return &graphql.ValidationRuleInstance{VisitorOpts: &visitor.VisitorOptions{
			KindFuncMap: map[string]visitor.NamedVisitFuncs{
				kinds.Field: {Kind: func(p visitor.VisitFuncParams) (string, interface{}) {
					if f, ok := p.Node.(*ast.Field); ok && !introspection && f.Name != nil &&
						(f.Name.Value == "__schema" || f.Name.Value == "__type") {
						report(userErr(CodeIntrospection, "introspection is disabled on this server"), f)
					}
					return visitor.ActionNoChange, nil
				}},
				kinds.Document: {Leave: func(p visitor.VisitFuncParams) (string, interface{}) {
					doc, ok := p.Node.(*ast.Document)
					if !ok || len(vc.Errors()) > 0 {
						return visitor.ActionNoChange, nil
					}
					if n := countAliases(doc); n > lim.MaxAliases {
						report(userErr(CodeAliasLimit, "the query uses %d aliases; the limit is %d", n, lim.MaxAliases), nil)
					}
					an := newAnalyzer(vc.Schema(), doc, nil, lim, false)
					for _, d := range doc.Definitions {
						op, ok := d.(*ast.OperationDefinition)
						if !ok {
							continue
						}
						if r := an.operation(op); r.depth > lim.MaxDepth {
							report(userErr(CodeDepthLimit, "%s is %d levels deep; the limit is %d (edges, node, nodes and pageInfo of connections do not count)",
								opLabel(op), r.depth, lim.MaxDepth), op)
						}
					}
					return visitor.ActionNoChange, nil
				}},
			},
		}}
	}
}

func opLabel(op *ast.OperationDefinition) string {
	if op.Name != nil && op.Name.Value != "" {
		return fmt.Sprintf("operation %s", op.Name.Value)
	}
	return "the operation"
}
