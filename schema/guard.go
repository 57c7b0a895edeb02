package schema

import (
	"fmt"
	"strings"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/language/ast"
	"github.com/graphql-go/graphql/language/visitor"
)

// The checks here run before graphql-go sees a document, cheapest first,
// and stop at the first failure. graphql-go v0.8.1 validates with all rules
// in one pass, so a rule's error stops nothing: OverlappingFieldsCanBeMerged
// recurses through fragment spreads without a guard (a two-fragment cycle
// overflows the stack, which kills the process: Go cannot recover from
// that), compares fields pairwise (4,000 copies of one field: 5.9 s) and
// re-expands fragments for every spread (22 fragments each spreading the
// previous one twice: 5 s). Counting first makes all of that impossible:
// after these checks the document is small enough that validating it costs
// milliseconds.

// guard checks a parsed document before graphql-go validates it: variable
// definitions, fragment cycles, selections after expanding fragments,
// fields repeated in a selection set, aliases, introspection when it is
// off, then with the schema each operation's depth and literal arguments.
func guard(s *graphql.Schema, doc *ast.Document, lim Limits, introspection bool) *publicError {
	g := &guardian{fragments: map[string]*ast.FragmentDefinition{}, state: map[string]int{}, size: map[string]int{}, top: map[string]topCounts{}, cap: lim.MaxSelections + 1}
	var frags []*ast.FragmentDefinition
	var ops []*ast.OperationDefinition
	for _, d := range doc.Definitions {
		switch x := d.(type) {
		case *ast.FragmentDefinition:
			if x.Name != nil {
				// The last definition of a name wins, as in graphql-go's
				// ValidationContext.Fragment (duplicates fail validation).
				g.fragments[x.Name.Value] = x
				frags = append(frags, x)
			}
		case *ast.OperationDefinition:
			ops = append(ops, x)
		}
	}
	for _, op := range ops {
		for _, vd := range op.VariableDefinitions {
			// graphql-go's parser lets "($a:)" through, and its validation
			// then dereferences the missing type.
			if vd.Type == nil || vd.Variable == nil || vd.Variable.Name == nil {
				return userErr(CodeParseFailed, "Syntax Error: a variable definition has no type")
			}
		}
	}
	for _, f := range frags {
		if err := g.cycle(f.Name.Value, nil); err != nil {
			return err
		}
	}
	// What the operations expand to, and what the fragments no operation
	// uses expand to (and a fragment's earlier definitions under the same
	// name): graphql-go validates those too.
	total := 0
	used := map[string]bool{}
	var use func(ss *ast.SelectionSet)
	use = func(ss *ast.SelectionSet) {
		eachSpread(ss, func(name string) bool {
			if f := g.fragments[name]; f != nil && !used[name] {
				used[name] = true
				use(f.SelectionSet)
			}
			return true
		})
	}
	for _, op := range ops {
		total = g.add(total, g.selections(op.SelectionSet))
		use(op.SelectionSet)
	}
	for _, f := range frags {
		if !used[f.Name.Value] || g.fragments[f.Name.Value] != f {
			total = g.add(total, g.selections(f.SelectionSet))
		}
	}
	if total > lim.MaxSelections {
		return userErr(CodeSelectionLimit, "the query has more than %d selections (fields, fragment spreads and inline fragments, counted after expanding fragments, so a fragment spread twice counts twice); ask for less, or split the query", lim.MaxSelections)
	}
	if name, n := g.mostRepeated(doc); n > lim.MaxRepeats {
		return userErr(CodeSelectionLimit, "%s is selected %d times in one selection set (counting inline fragments and fragment spreads); the limit is %d",
			name, n, lim.MaxRepeats)
	}
	if n := countAliases(doc); n > lim.MaxAliases {
		return userErr(CodeAliasLimit, "the query uses %d aliases; the limit is %d", n, lim.MaxAliases)
	}
	if !introspection && mentionsIntrospection(doc) {
		return userErr(CodeIntrospection, "introspection is disabled on this server")
	}
	an := newAnalyzer(s, doc, nil, lim)
	for _, op := range ops {
		r := an.operation(op)
		if r.depth > lim.MaxDepth {
			return userErr(CodeDepthLimit, "%s is %d levels deep; the limit is %d (edges, node, nodes and pageInfo of connections do not count)",
				opLabel(op), r.depth, lim.MaxDepth)
		}
		if len(r.argErrs) > 0 {
			return r.argErrs[0]
		}
	}
	return nil
}

// guardian walks fragments: cycle detection, then sizes, memoised per
// fragment so a fan-out of spreads costs its definitions, not its
// expansion. Sizes saturate at cap.
type guardian struct {
	fragments map[string]*ast.FragmentDefinition
	state     map[string]int // 1 visiting, 2 done
	size      map[string]int
	top       map[string]topCounts
	cap       int
}

// cycle reports a fragment that spreads itself, directly or not; path is
// the chain of spreads that led to name.
func (g *guardian) cycle(name string, path []string) *publicError {
	switch g.state[name] {
	case 1:
		i := 0
		for path[i] != name {
			i++
		}
		return userErr(CodeValidationFailed, "fragment %s spreads itself (%s → %s); fragments must not form cycles",
			name, strings.Join(path[i:], " → "), name)
	case 2:
		return nil
	}
	f := g.fragments[name]
	if f == nil {
		return nil // KnownFragmentNames reports it
	}
	g.state[name] = 1
	path = append(path, name)
	var err *publicError
	eachSpread(f.SelectionSet, func(s string) bool {
		err = g.cycle(s, path)
		return err == nil
	})
	g.state[name] = 2
	return err
}

// eachSpread calls fn with the fragment names spread in ss, inline
// fragments and sub-selections included, until fn returns false.
func eachSpread(ss *ast.SelectionSet, fn func(string) bool) bool {
	if ss == nil {
		return true
	}
	for _, sel := range ss.Selections {
		switch x := sel.(type) {
		case *ast.Field:
			if !eachSpread(x.SelectionSet, fn) {
				return false
			}
		case *ast.InlineFragment:
			if !eachSpread(x.SelectionSet, fn) {
				return false
			}
		case *ast.FragmentSpread:
			if x.Name != nil && !fn(x.Name.Value) {
				return false
			}
		}
	}
	return true
}

func (g *guardian) add(a, b int) int { return min(a+b, g.cap) }

// selections counts ss's selections, spreads expanded (cycles are ruled
// out by then).
func (g *guardian) selections(ss *ast.SelectionSet) int {
	if ss == nil {
		return 0
	}
	n := 0
	for _, sel := range ss.Selections {
		n = g.add(n, 1)
		switch x := sel.(type) {
		case *ast.Field:
			n = g.add(n, g.selections(x.SelectionSet))
		case *ast.InlineFragment:
			n = g.add(n, g.selections(x.SelectionSet))
		case *ast.FragmentSpread:
			if x.Name != nil {
				n = g.add(n, g.fragment(x.Name.Value))
			}
		}
		if n >= g.cap {
			return n
		}
	}
	return n
}

func (g *guardian) fragment(name string) int {
	if n, ok := g.size[name]; ok {
		return n
	}
	f := g.fragments[name]
	if f == nil {
		return 0
	}
	g.size[name] = g.cap // a cycle would saturate; cycle() has ruled them out
	n := g.selections(f.SelectionSet)
	g.size[name] = n
	return n
}

// mostRepeated finds the response name selected most often in one
// selection set, the fields of its inline fragments and fragment spreads
// merged in as graphql-go's overlap rule merges them (it compares each
// pair). Ties go to the first set and name in document order.
func (g *guardian) mostRepeated(doc *ast.Document) (string, int) {
	best, most := "", 0
	var walk func(ss *ast.SelectionSet)
	walk = func(ss *ast.SelectionSet) {
		if ss == nil {
			return
		}
		counts, order := map[string]int{}, []string{}
		g.topFields(ss, counts, &order)
		for _, name := range order {
			if counts[name] > most {
				best, most = name, counts[name]
			}
		}
		for _, sel := range ss.Selections {
			switch x := sel.(type) {
			case *ast.Field:
				walk(x.SelectionSet)
			case *ast.InlineFragment:
				walk(x.SelectionSet)
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
	return best, most
}

// topFields counts the response names ss selects at its own level.
// Fragments are counted once each and their counts reused.
func (g *guardian) topFields(ss *ast.SelectionSet, counts map[string]int, order *[]string) {
	add := func(name string, n int) {
		if _, ok := counts[name]; !ok {
			*order = append(*order, name)
		}
		counts[name] = min(counts[name]+n, g.cap)
	}
	for _, sel := range ss.Selections {
		switch x := sel.(type) {
		case *ast.Field:
			name := ""
			if x.Alias != nil && x.Alias.Value != "" {
				name = x.Alias.Value
			} else if x.Name != nil {
				name = x.Name.Value
			}
			add(name, 1)
		case *ast.InlineFragment:
			if x.SelectionSet != nil {
				g.topFields(x.SelectionSet, counts, order)
			}
		case *ast.FragmentSpread:
			if x.Name == nil {
				continue
			}
			ft := g.fragmentTop(x.Name.Value)
			for _, name := range ft.order {
				add(name, ft.counts[name])
			}
		}
	}
}

type topCounts struct {
	counts map[string]int
	order  []string
}

func (g *guardian) fragmentTop(name string) topCounts {
	if t, ok := g.top[name]; ok {
		return t
	}
	t := topCounts{counts: map[string]int{}}
	g.top[name] = t // cycle() has ruled cycles out; this ends one anyway
	if f := g.fragments[name]; f != nil && f.SelectionSet != nil {
		g.topFields(f.SelectionSet, t.counts, &t.order)
	}
	g.top[name] = t
	return t
}

// countAliases counts aliased fields written in the document.
func countAliases(doc *ast.Document) int {
	n := 0
	eachField(doc, func(f *ast.Field) {
		if f.Alias != nil && f.Alias.Value != "" {
			n++
		}
	})
	return n
}

func mentionsIntrospection(doc *ast.Document) bool {
	found := false
	eachField(doc, func(f *ast.Field) {
		if f.Name != nil && (f.Name.Value == "__schema" || f.Name.Value == "__type") {
			found = true
		}
	})
	return found
}

// eachField calls fn for every field written in the document, once each.
func eachField(doc *ast.Document, fn func(*ast.Field)) {
	var walk func(ss *ast.SelectionSet)
	walk = func(ss *ast.SelectionSet) {
		if ss == nil {
			return
		}
		for _, sel := range ss.Selections {
			switch s := sel.(type) {
			case *ast.Field:
				fn(s)
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
}

func opLabel(op *ast.OperationDefinition) string {
	if op.Name != nil && op.Name.Value != "" {
		return fmt.Sprintf("operation %s", op.Name.Value)
	}
	return "the operation"
}

// firstErrorOnly makes a validation rule do nothing once any rule has
// reported an error. graphql-go's error messages are not free: an unknown
// field compares its name with every field of the type (60 unknown fields
// of 1,000 characters took 0.5–1 s), an unknown type with every type, and
// the overlap rule does its pairwise work whatever was found before. The
// first error is the one graphql-go would have reported first.
func firstErrorOnly(rule graphql.ValidationRuleFn) graphql.ValidationRuleFn {
	return func(vc *graphql.ValidationContext) *graphql.ValidationRuleInstance {
		inst := rule(vc)
		if inst == nil || inst.VisitorOpts == nil {
			return inst
		}
		wrap := func(f visitor.VisitFunc) visitor.VisitFunc {
			if f == nil {
				return nil
			}
			return func(p visitor.VisitFuncParams) (string, interface{}) {
				if len(vc.Errors()) > 0 {
					return visitor.ActionNoChange, nil
				}
				return f(p)
			}
		}
		o := inst.VisitorOpts
		w := &visitor.VisitorOptions{Enter: wrap(o.Enter), Leave: wrap(o.Leave)}
		if o.KindFuncMap != nil {
			w.KindFuncMap = map[string]visitor.NamedVisitFuncs{}
			for k, fs := range o.KindFuncMap {
				w.KindFuncMap[k] = visitor.NamedVisitFuncs{Kind: wrap(fs.Kind), Enter: wrap(fs.Enter), Leave: wrap(fs.Leave)}
			}
		}
		for _, m := range []struct{ from, to *map[string]visitor.VisitFunc }{{&o.EnterKindMap, &w.EnterKindMap}, {&o.LeaveKindMap, &w.LeaveKindMap}} {
			if *m.from != nil {
				*m.to = map[string]visitor.VisitFunc{}
				for k, f := range *m.from {
					(*m.to)[k] = wrap(f)
				}
			}
		}
		return &graphql.ValidationRuleInstance{VisitorOpts: w}
	}
}
